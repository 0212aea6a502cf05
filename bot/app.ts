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
import type { AppConfig } from './config';
import { PartnerOfRecordService } from './domain/partnerOfRecordService';
import type {
  AssignmentStore,
  Clock,
  ConversationStore,
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
  store: AssignmentStore & ConversationStore;
  clock: Clock;
}

export interface App {
  server: restify.Server;
  ports: AppPorts;
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
    clock: systemClock,
  };
}

/** Wires the layers together; tests call it with their own ports to stand in for slow or failing parts. */
export function createApp(config: AppConfig, log: Logger, ports: AppPorts = embeddedPorts(config)): App {
  const service = new PartnerOfRecordService(ports);
  const flow = new ConversationFlow(
    service,
    ports.store,
    new CardRenderer(),
    {
      supportTechnicalUrl: config.SUPPORT_TECHNICAL_URL,
      supportBillingUrl: config.SUPPORT_BILLING_URL,
      pageSize: config.STATUS_PAGE_SIZE,
      promptTtlMs: 30 * 60 * 1000,
    },
    () => ports.clock.now(),
  );
  const bot = new PartnerBot(flow, ports.store, log, { invokeTypingDelayMs: 400, typingRepeatMs: 3000 });

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

  const server = createServer({ adapter, bot, isHealthy: () => ports.store.isHealthy(), log });
  return {
    server,
    ports,
    async close() {
      server.close();
      await ports.store.close();
    },
  };
}
