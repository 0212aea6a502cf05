import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Logger } from 'pino';
import type restify from 'restify';
import { createSeedDirectories } from './adapters/seed/seedDirectories';
import { loadSeedFile } from './adapters/seed/seedFile';
import { openSqliteStore } from './adapters/sqlite/sqliteStore';
import { commaList, isAnonymousMode, tabSsoAudiences, type AppConfig } from './config';
import { registerTabApi } from './tab/tabApi';
import { createDevAuthenticator, createSsoAuthenticator } from './tab/tabAuth';
import { registerTabPages } from './tab/tabPages';
import { PartnerOfRecordService } from './domain/partnerOfRecordService';
import path from 'node:path';
import { createFileMailer } from './adapters/mail/fileMailer';
import { createSmtpMailer } from './adapters/mail/smtpMailer';
import { NudgeSync } from './notifications/nudgeSync';
import { OutboxDispatcher } from './notifications/outboxDispatcher';
import { ConversationReferences } from './teams/conversationReferences';
import { ProactiveNotifier } from './teams/proactiveNotifier';
import type {
  AssignmentStore,
  Clock,
  ConversationStore,
  Mailer,
  NudgeStore,
  Outbox,
  PartnerDirectory,
  RoleDirectory,
  SubscriptionDirectory,
} from './ports';
import { systemClock } from './ports';
import { createServer } from './server/createServer';
import { CardRenderer } from './teams/cardRenderer';
import { ConversationFlow } from './teams/conversationFlow';
import { PartnerBot } from './teams/partnerBot';

export interface AppPorts {
  subscriptions: SubscriptionDirectory;
  roles: RoleDirectory;
  partners: PartnerDirectory;
  store: AssignmentStore & ConversationStore & Outbox & NudgeStore;
  mailer: Mailer;
  clock: Clock;
}

export interface App {
  server: restify.Server;
  ports: AppPorts;
  dispatcher: OutboxDispatcher;
  nudges: NudgeSync;
  /** Starts delivering the outbox and the periodic nudge pass (the server is started separately). */
  startBackgroundWork(): void;
  close(): Promise<void>;
}

/** The embedded default: directories from the seed file, state in SQLite under DATA_DIR. */
export function embeddedPorts(config: AppConfig): AppPorts {
  const directories = createSeedDirectories(loadSeedFile(config.SEED_FILE));
  return {
    subscriptions: directories,
    roles: directories,
    partners: directories,
    store: openSqliteStore({ dataDir: config.DATA_DIR }),
    mailer: config.SMTP_URL ? createSmtpMailer(config.SMTP_URL) : createFileMailer(mailDropDir(config)),
    clock: systemClock,
  };
}

/** Wires the layers together; tests call it with their own ports to stand in for slow or failing parts. */
export function mailDropDir(config: AppConfig): string {
  return path.join(config.DATA_DIR, 'mail');
}

export function createApp(config: AppConfig, log: Logger, ports: AppPorts = embeddedPorts(config)): App {
  const cards = new CardRenderer();
  // The dispatcher is created below, with the adapter it needs; a change only has to wake it.
  let dispatcher: OutboxDispatcher | undefined;
  const service = new PartnerOfRecordService({ ...ports, deliveries: ports.store, onOutboxWritten: () => dispatcher?.kick() });
  const flow = new ConversationFlow(
    service,
    ports.store,
    ports.store,
    cards,
    {
      supportTechnicalUrl: config.SUPPORT_TECHNICAL_URL,
      supportBillingUrl: config.SUPPORT_BILLING_URL,
      pageSize: config.STATUS_PAGE_SIZE,
      promptTtlMs: 30 * 60 * 1000,
    },
    () => ports.clock.now(),
  );
  const references = new ConversationReferences(ports.store, log);
  const bot = new PartnerBot(flow, references, log, { invokeTypingDelayMs: 400, typingRepeatMs: 3000 });

  const auth = new ConfigurationBotFrameworkAuthentication(
    config.botFrameworkSettings as ConfigurationBotFrameworkAuthenticationOptions,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, err) => {
    log.error({ err, activityType: context.activity.type }, 'unhandled turn error');
    if (context.activity.type === 'message') {
      await context.sendActivity('Something went wrong on my side. Please try again in a moment.').catch(() => undefined);
    }
  };

  const nudges = new NudgeSync({
    roles: ports.roles,
    subscriptions: ports.subscriptions,
    store: ports.store,
    conversations: ports.store,
    nudges: ports.store,
    clock: ports.clock,
    log,
    onQueued: () => dispatcher?.kick(),
  });
  dispatcher = new OutboxDispatcher({
    outbox: ports.store,
    mailer: ports.mailer,
    teams: new ProactiveNotifier(adapter, config.MicrosoftAppId, references, cards, log),
    clock: ports.clock,
    log,
    nudgeStillWanted: (nudge) => nudges.stillWanted(nudge),
    settings: {
      from: config.MAIL_FROM,
      replyTo: config.MAIL_REPLY_TO ?? null,
      supportLine: config.MAIL_SUPPORT_LINE,
      maxAttempts: config.OUTBOX_MAX_ATTEMPTS,
      retryBaseMs: config.OUTBOX_RETRY_BASE_MS,
      retryMaxMs: config.OUTBOX_RETRY_MAX_MS,
      pollMs: config.OUTBOX_POLL_MS,
      leaseMs: config.OUTBOX_LEASE_MS,
      batchSize: 20,
    },
  });

  const server = createServer({ adapter, bot, isHealthy: () => ports.store.isHealthy(), log });
  registerTabPages(server);
  registerTabApi(server, {
    service,
    roles: ports.roles,
    log,
    auth: isAnonymousMode(config)
      ? createDevAuthenticator()
      : createSsoAuthenticator({
          jwksUrl: config.TAB_SSO_JWKS_URL,
          issuers: commaList(config.TAB_SSO_ISSUERS),
          audiences: tabSsoAudiences(config),
        }),
  });
  return {
    server,
    ports,
    dispatcher,
    nudges,
    startBackgroundWork() {
      dispatcher!.start();
      nudges.start(config.SYNC_INTERVAL_MINUTES);
    },
    async close() {
      server.close();
      await nudges.stop();
      await dispatcher!.stop();
      await ports.mailer.close();
      await ports.store.close();
    },
  };
}
