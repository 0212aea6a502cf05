import type { Logger } from 'pino';
import type restify from 'restify';
import { openSeedDirectories, SEED_CHECK_INTERVAL_MS } from './adapters/seed/seedDirectoryFile';
import { openSqliteStore, SQLITE_FILE_NAME } from './adapters/sqlite/sqliteStore';
import {
  commaList,
  DEMO_SEED_FILE,
  graphClientCredentials,
  isAnonymousMode,
  mailGoesToFolder,
  tabSsoAudiences,
  type AppConfig,
} from './config';
import { registerTabApi, type TabDirectorySource } from './tab/tabApi';
import { createDevAuthenticator, createSsoAuthenticator } from './tab/tabAuth';
import { registerTabPages } from './tab/tabPages';
import {
  PartnerOfRecordService,
  type ActionRateLimiter,
  type AssignmentStore,
  type Clock,
  type ConversationStore,
  type Mailer,
  type NudgeStore,
  type Outbox,
  type PartnerDirectory,
  type RoleDirectory,
  type SigningKeys,
  type StoreHealth,
  type SubscriptionDirectory,
  type SubscriptionOwners,
  type TeamsPacer,
  type WebhookSender,
  systemClock,
} from './core';
import path from 'node:path';
import { createFileMailer } from './adapters/mail/fileMailer';
import { InMemoryActionRateLimiter } from './adapters/rateLimit/inMemoryRateLimiter';
import { InMemoryTeamsPacer } from './adapters/rateLimit/teamsPacer';
import { NudgeSync } from './notifications/nudgeSync';
import { OutboxDispatcher } from './notifications/outboxDispatcher';
import { ConversationReferences } from './teams/conversationReferences';
import { ProactiveNotifier } from './teams/proactiveNotifier';
import { createTeamsChannel } from './channel';
import { createServer } from './server/createServer';
import type { HttpsClientOptions } from './adapters/microsoft/httpsClient';
import type { AdminConsent } from './onboarding/adminConsent';
import { CardRenderer } from './teams/cardRenderer';
import { Installation } from './teams/installation';
import { ConversationFlow } from './teams/conversationFlow';
import { OpenQuestions } from './teams/openQuestion';
import { OutboxDoorbell } from './notifications/outboxDoorbell';
import { PartnerBot } from './teams/partnerBot';
import { WebhookHealth } from './notifications/webhookHealth';
import { createWebhookSender } from './adapters/webhook/webhookSender';
import { AnswerLinks, answerLinkKey } from './partnerAnswer/answerLink';
import { registerAnswerPage } from './partnerAnswer/answerPage';
import { LinkRateLimiter } from './partnerAnswer/linkRateLimiter';
import { PartnerAnswers } from './partnerAnswer/partnerAnswers';

/*
 * Adapters that only some configurations use are required where the configuration chooses them, not imported at
 * the top: a bot on the embedded default does not load pg, cockatiel, the Microsoft directories' clients, the bot's
 * own token source or the SMTP transport, and starts that much sooner (botbuilder loads MSAL itself either way).
 */

export interface AppPorts {
  subscriptions: SubscriptionDirectory;
  roles: RoleDirectory;
  /** Azure subscriptions' own Owners (DIRECTORY=graph); absent, the tenant's owner rule applies to every one. */
  subscriptionOwners?: SubscriptionOwners;
  partners: PartnerDirectory;
  /**
   * The store, one object serving each of its ports (createApp names them apart), so that a test can stand in for
   * one of its methods and the whole app sees it.
   */
  store: AssignmentStore & ConversationStore & Outbox & NudgeStore;
  mailer: Mailer;
  clock: Clock;
  /**
   * The action rate limit and Teams' pacing: shared by every instance through PostgreSQL (STORE=postgres), in this
   * process's memory with SQLite (one instance). Left out, createApp counts in memory.
   */
  rateLimiter?: ActionRateLimiter;
  pacer?: TeamsPacer;
  /** Where link-signing keys are kept when there is no app secret (the store); left out, a key per process. */
  signingKeys?: SigningKeys;
  /** The seed file's directory, when DIRECTORY or PARTNER_DIRECTORY is `seed`: start-up checks it is not the demo's. */
  seed?: Pick<RoleDirectory, 'getTenant'>;
  /** Releases what the directories hold (connections to Microsoft). */
  close?: () => Promise<void>;
  /**
   * Resolves once the store can serve: PostgreSQL reached (retried with backoff for DATABASE_CONNECT_TIMEOUT_MS)
   * and migrated. Store calls wait for it anyway; start-up awaits it to exit when it fails.
   */
  ready?: () => Promise<void>;
}

export interface App {
  server: restify.Server;
  ports: AppPorts;
  dispatcher: OutboxDispatcher;
  /** The nudge pass (the store's record of nudges is the NudgeStore port). */
  nudgeSync: NudgeSync;
  /** Starts delivering the outbox and the periodic nudge pass (the server is started separately). */
  startBackgroundWork(): void;
  close(): Promise<void>;
}

/**
 * The ports as configured: state in SQLite under DATA_DIR, or in PostgreSQL (STORE=postgres); directories from the seed file (the embedded
 * default) or from Microsoft (DIRECTORY=graph, PARTNER_DIRECTORY=partnercenter). `http` lets tests trust the
 * certificate of their stand-ins for Microsoft's endpoints.
 */
export function createPorts(config: AppConfig, log: Logger, http: HttpsClientOptions = {}): AppPorts {
  const store = openStore(config, log);
  const directories = openDirectories(config, log, store.store, http);
  return {
    ...directories.ports,
    ...store,
    mailer: createMailer(config, log),
    clock: systemClock,
    close: directories.close,
  };
}

/** The store as configured, with the rate limiter and the Teams pacer that count where it keeps its state. */
function openStore(
  config: AppConfig,
  log: Logger,
): Pick<AppPorts, 'store' | 'signingKeys' | 'rateLimiter' | 'pacer' | 'ready'> {
  const limits = {
    perUser: config.RATE_LIMIT_PER_USER_PER_MINUTE,
    perTenant: config.RATE_LIMIT_PER_TENANT_PER_MINUTE,
    clock: systemClock,
  };
  if (config.STORE === 'postgres') {
    const store = openPostgres(config, log);
    return { store, signingKeys: store, ...postgresLimits(store, limits), ready: store.ready };
  }
  const store = openSqliteStore({ dataDir: config.DATA_DIR, journalMode: config.SQLITE_JOURNAL_MODE, log });
  return {
    store,
    signingKeys: store,
    rateLimiter: new InMemoryActionRateLimiter(limits),
    pacer: new InMemoryTeamsPacer(),
  };
}

/** The directories as configured: the seed file's, Microsoft's (Graph, Partner Center), or one of each. */
function openDirectories(
  config: AppConfig,
  log: Logger,
  installedIn: Pick<ConversationStore, 'listTenantIds'>,
  http: HttpsClientOptions,
): {
  ports: Pick<AppPorts, 'subscriptions' | 'roles' | 'partners' | 'seed' | 'subscriptionOwners'>;
  close: () => Promise<void>;
} {
  const seed =
    config.DIRECTORY === 'seed' || config.PARTNER_DIRECTORY === 'seed'
      ? openSeedDirectories({
          seedFile: config.SEED_FILE,
          dataDir: config.DATA_DIR,
          log,
          checkEveryMs: SEED_CHECK_INTERVAL_MS,
        })
      : null;
  const microsoft =
    config.DIRECTORY === 'graph' || config.PARTNER_DIRECTORY === 'partnercenter'
      ? (
          require('./adapters/microsoft/microsoftDirectories') as typeof import('./adapters/microsoft/microsoftDirectories')
        ).createMicrosoftDirectories(config, installedIn, log, http)
      : null;
  const directory = microsoft?.graph ?? seed;
  const subscriptionOwners = microsoft?.subscriptionOwners;
  const partners = microsoft?.partnerCenter ?? seed;
  // Unreachable: the seed is loaded whenever either setting is `seed`.
  if (!directory || !partners) throw new Error('no directory configured');
  return {
    ports: {
      subscriptions: microsoft?.subscriptions ?? directory,
      roles: directory,
      partners,
      ...(subscriptionOwners ? { subscriptionOwners } : {}),
      ...(seed ? { seed } : {}),
    },
    // Releases what the directories hold (connections to Microsoft).
    close: async () => {
      seed?.close();
      microsoft?.close();
    },
  };
}

/** Partner emails over SMTP (SMTP_URL), or else as .eml files in the mail drop. */
function createMailer(config: AppConfig, log: Logger): Mailer {
  return config.SMTP_URL
    ? (require('./adapters/mail/smtpMailer') as typeof import('./adapters/mail/smtpMailer')).createSmtpMailer(
        config.SMTP_URL,
        { requireTls: config.SMTP_REQUIRE_TLS, log },
      )
    : createFileMailer(mailDropDir(config));
}

/**
 * The shared store. Opening a pool is synchronous; connecting and migrating start at once and every store
 * call waits for them, so createPorts stays synchronous and main.ts awaits `ready` before it listens.
 */
function openPostgres(config: AppConfig, log: Logger) {
  // Unreachable: combinationProblems refuses STORE=postgres without DATABASE_URL.
  if (!config.DATABASE_URL) throw new Error('STORE=postgres needs DATABASE_URL');
  const { openPostgresStore } =
    require('./adapters/postgres/postgresStore') as typeof import('./adapters/postgres/postgresStore');
  return openPostgresStore({
    url: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    log,
  });
}

/** The rate limiter and the Teams pacer on the store's pool, so that every instance counts together. */
function postgresLimits(
  store: import('./adapters/postgres/postgresStore').PostgresStore,
  limits: import('./adapters/postgres/postgresRateLimiter').PostgresRateLimiterOptions,
): Pick<AppPorts, 'rateLimiter' | 'pacer'> {
  const { PostgresActionRateLimiter } =
    require('./adapters/postgres/postgresRateLimiter') as typeof import('./adapters/postgres/postgresRateLimiter');
  const { PostgresTeamsPacer } =
    require('./adapters/postgres/postgresTeamsPacer') as typeof import('./adapters/postgres/postgresTeamsPacer');
  return { rateLimiter: new PostgresActionRateLimiter(store.db, limits), pacer: new PostgresTeamsPacer(store.db) };
}

/** Where state is kept, for the start-up log line: a file, or a database without its password. */
export function describeStore(config: AppConfig): string {
  return config.STORE === 'postgres' && config.DATABASE_URL
    ? `${(require('./adapters/postgres/connection') as typeof import('./adapters/postgres/connection')).describeDatabase(config.DATABASE_URL)} (schema ${config.DATABASE_SCHEMA})`
    : path.join(config.DATA_DIR, SQLITE_FILE_NAME);
}

/** Where the embedded mail drop writes partner emails as .eml files. */
export function mailDropDir(config: AppConfig): string {
  return path.join(config.DATA_DIR, 'mail');
}

/** How long a "type the Partner ID" question stays open in a chat (another command closes it sooner). */
const PARTNER_ID_QUESTION_TTL_MS = 10 * 60 * 1000;

/**
 * How long a turn runs before the person sees typing: about what botbuilder's ShowTypingMiddleware waits (500 ms).
 * Most answers come sooner, and come without an indicator.
 */
export const TYPING_DELAY_MS = 400;

/** The store's ports under their names: each is the one store object, seen through its port. */
function storePortsOf(store: AppPorts['store']) {
  const assignments: AssignmentStore = store;
  const conversations: ConversationStore = store;
  const outbox: Outbox = store;
  const nudges: NudgeStore = store;
  return { assignments, conversations, outbox, nudges, health: () => store.health() };
}

/** Wires the layers together; tests call it with their own ports to stand in for slow or failing parts. */
export function createApp(config: AppConfig, log: Logger, ports: AppPorts = createPorts(config, log)): App {
  const { assignments, conversations, outbox, nudges, health } = storePortsOf(ports.store);
  const cards = new CardRenderer();
  const adminConsent =
    config.DIRECTORY === 'graph' && config.BOT_DOMAIN ? createAdminConsent(config, config.BOT_DOMAIN) : null;
  const outboxQueued = new OutboxDoorbell();
  const service = createService(config, ports, { assignments, outbox }, () => outboxQueued.ring());
  const webhooks = createWebhooks(config, outbox, ports.clock, log);
  const flow = createConversationFlow(config, {
    service,
    nudges,
    conversations,
    cards,
    adminConsent,
    clock: ports.clock,
  });
  const nudgeSync = new NudgeSync({
    roles: ports.roles,
    subscriptions: ports.subscriptions,
    ...(ports.subscriptionOwners ? { subscriptionOwners: ports.subscriptionOwners } : {}),
    store: assignments,
    conversations,
    nudges,
    clock: ports.clock,
    log,
    onQueued: () => outboxQueued.ring(),
  });
  const teams = createTeams(config, log, { conversations, flow, cards, nudgeSync });
  // Links in partner emails: to BOT_DOMAIN, or in local anonymous mode to the address this process listens on.
  let listening: restify.Server | undefined;
  const answerLinks = new AnswerLinks({
    key: answerLinkKey(graphClientCredentials(config).clientSecret, ports.signingKeys),
    baseUrl: () => publicBaseUrl(config, listening),
  });
  const dispatcher = createDispatcher(config, log, { ports, outbox, teams, nudgeSync, webhooks, answerLinks });
  outboxQueued.answerWith(() => dispatcher.kick());
  const partnerAnswers = new PartnerAnswers({
    store: assignments,
    subscriptions: ports.subscriptions,
    roles: ports.roles,
    partners: ports.partners,
    clock: ports.clock,
    webhookUrls: config.WEBHOOK_URLS,
    onOutboxWritten: () => outboxQueued.ring(),
  });
  const server = wireServer(config, log, {
    ports,
    service,
    teams,
    health,
    webhooks,
    answerLinks,
    partnerAnswers,
    adminConsent,
  });
  listening = server;
  return {
    server,
    ports,
    dispatcher,
    nudgeSync,
    startBackgroundWork() {
      dispatcher.start();
      nudgeSync.start(config.SYNC_INTERVAL_MINUTES);
    },
    async close() {
      server.close();
      await nudgeSync.stop();
      await dispatcher.stop();
      await webhooks.health?.settled();
      await ports.mailer.close();
      await ports.close?.();
      await ports.store.close();
      teams.channel.close();
    },
  };
}

/** The core's service, counting actions with the configured limiter (in memory when none is given). */
function createService(
  config: AppConfig,
  ports: AppPorts,
  { assignments, outbox }: { assignments: AssignmentStore; outbox: Outbox },
  onOutboxWritten: () => void,
): PartnerOfRecordService {
  const rateLimiter =
    ports.rateLimiter ??
    new InMemoryActionRateLimiter({
      perUser: config.RATE_LIMIT_PER_USER_PER_MINUTE,
      perTenant: config.RATE_LIMIT_PER_TENANT_PER_MINUTE,
      clock: ports.clock,
    });
  return new PartnerOfRecordService({
    subscriptions: ports.subscriptions,
    roles: ports.roles,
    ...(ports.subscriptionOwners ? { subscriptionOwners: ports.subscriptionOwners } : {}),
    partners: ports.partners,
    store: assignments,
    clock: ports.clock,
    deliveries: outbox,
    onOutboxWritten,
    rateLimiter,
    webhookUrls: config.WEBHOOK_URLS,
  });
}

interface Webhooks {
  health: WebhookHealth | null;
  sender: WebhookSender | null;
}

/** Change events to WEBHOOK_URLS: how the receivers fare, and the signed sender (with WEBHOOK_SECRET). */
function createWebhooks(config: AppConfig, outbox: Outbox, clock: Clock, log: Logger): Webhooks {
  return {
    health:
      config.WEBHOOK_URLS.length > 0 ? new WebhookHealth({ outbox, urls: config.WEBHOOK_URLS, clock, log }) : null,
    // Each POST has 10 s (less with a short lease, so it ends while the message is still leased).
    sender: config.WEBHOOK_SECRET
      ? createWebhookSender({
          secret: config.WEBHOOK_SECRET,
          clock,
          timeoutMs: Math.min(10_000, config.OUTBOX_LEASE_MS / 2),
        })
      : null,
  };
}

function createConversationFlow(
  config: AppConfig,
  deps: {
    service: PartnerOfRecordService;
    nudges: NudgeStore;
    conversations: ConversationStore;
    cards: CardRenderer;
    adminConsent: AdminConsent | null;
    clock: Clock;
  },
): ConversationFlow {
  const { adminConsent } = deps;
  const now = () => deps.clock.now();
  return new ConversationFlow({
    service: deps.service,
    nudges: deps.nudges,
    questions: new OpenQuestions(deps.conversations, PARTNER_ID_QUESTION_TTL_MS, now),
    cards: deps.cards,
    settings: {
      supportTechnicalUrl: config.SUPPORT_TECHNICAL_URL,
      supportBillingUrl: config.SUPPORT_BILLING_URL,
      pageSize: config.STATUS_PAGE_SIZE,
      mail: mailGoesToFolder(config) ? 'file' : 'sent',
      ...(adminConsent ? { grantAccessUrl: (tenantId: string) => adminConsent.urlFor(tenantId) } : {}),
      ...(config.DIRECTORY === 'graph' ? { azureAppId: graphClientCredentials(config).clientId } : {}),
    },
    now,
  });
}

type Teams = ReturnType<typeof createTeams>;

/** The bot in Teams: its chats' references, the bot itself, the channel and proactive messages. */
function createTeams(
  config: AppConfig,
  log: Logger,
  {
    conversations,
    flow,
    cards,
    nudgeSync,
  }: {
    conversations: ConversationStore;
    flow: ConversationFlow;
    cards: CardRenderer;
    nudgeSync: NudgeSync;
  },
) {
  const references = new ConversationReferences(conversations, log);
  const installation = new Installation({ references, conversations, nudges: nudgeSync, log });
  const bot = new PartnerBot(
    flow,
    references,
    log,
    { typingDelayMs: TYPING_DELAY_MS, typingRepeatMs: 3000 },
    installation,
  );
  const channel = createTeamsChannel(config, bot, log);
  const notifier = new ProactiveNotifier(channel.sender, references, cards, log, (to, reader) =>
    // The digest as the owner's own refresh would draw it: the flow's first page, read only, in their language.
    flow.draw(to, { verb: 'nudgeDigest', data: { page: 0 } }, reader),
  );
  return { channel, notifier };
}

/** The outbox's delivery loop: partner emails, Teams messages (paced) and change events. */
function createDispatcher(
  config: AppConfig,
  log: Logger,
  deps: {
    ports: AppPorts;
    outbox: Outbox;
    teams: Teams;
    nudgeSync: NudgeSync;
    webhooks: Webhooks;
    answerLinks: AnswerLinks;
  },
): OutboxDispatcher {
  const { ports, nudgeSync, webhooks, answerLinks } = deps;
  return new OutboxDispatcher({
    outbox: deps.outbox,
    mailer: ports.mailer,
    teams: deps.teams.notifier,
    pacer: ports.pacer ?? new InMemoryTeamsPacer(),
    clock: ports.clock,
    log,
    nudgeStillWanted: (nudge) => nudgeSync.stillWanted(nudge),
    nudgeUndelivered: (nudge) => nudgeSync.undelivered(nudge),
    ...(webhooks.sender
      ? { webhooks: { sender: webhooks.sender, urls: config.WEBHOOK_URLS, settled: () => webhooks.health?.refresh() } }
      : {}),
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
      answerLink: (change) => answerLinks.urlFor(change),
    },
  });
}

/** The HTTP server: the bot's endpoint and health, the tab and its API, and the partners' answer page. */
function wireServer(
  config: AppConfig,
  log: Logger,
  deps: {
    ports: AppPorts;
    service: PartnerOfRecordService;
    teams: Teams;
    health: () => Promise<StoreHealth>;
    webhooks: Webhooks;
    answerLinks: AnswerLinks;
    partnerAnswers: PartnerAnswers;
    adminConsent: AdminConsent | null;
  },
): restify.Server {
  const { ports, adminConsent } = deps;
  const webhookHealth = deps.webhooks.health;
  const server = createServer({
    channel: deps.teams.channel,
    storeHealth: deps.health,
    ...(webhookHealth ? { webhooks: () => webhookHealth.report() } : {}),
    log,
    anonymous: isAnonymousMode(config),
    limits: { maxConnections: config.MAX_CONNECTIONS, requestTimeoutMs: config.REQUEST_TIMEOUT_MS },
  });
  registerTabPages(server);
  registerAnswerPage(server, {
    links: deps.answerLinks,
    answers: deps.partnerAnswers,
    limiter: new LinkRateLimiter({
      perAddressPerMinute: 60,
      perLinkPerMinute: 20,
      now: () => ports.clock.now().getTime(),
    }),
    log,
  });
  if (adminConsent)
    (require('./onboarding/consentCallback') as typeof import('./onboarding/consentCallback')).registerConsentCallback(
      server,
      adminConsent,
      log,
    );
  registerTabApi(server, {
    service: deps.service,
    roles: ports.roles,
    log,
    directory: tabDirectorySource(config),
    mail: mailGoesToFolder(config) ? 'file' : 'sent',
    auth: isAnonymousMode(config)
      ? createDevAuthenticator()
      : createSsoAuthenticator({
          jwksUrl: config.TAB_SSO_JWKS_URL,
          issuers: commaList(config.TAB_SSO_ISSUERS),
          audiences: tabSsoAudiences(config),
        }),
  });
  return server;
}

/**
 * The bot's public address for links in emails: https://BOT_DOMAIN; without one (local mode), the address this
 * process listens on, a wildcard address read as this machine.
 */
export function publicBaseUrl(config: Pick<AppConfig, 'BOT_DOMAIN'>, server: restify.Server | undefined): string {
  if (config.BOT_DOMAIN) return `https://${config.BOT_DOMAIN}`;
  const address = server?.server.address();
  if (!address || typeof address === 'string') return 'http://127.0.0.1';
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

/** Where the people the tab's dev sign-in lists come from: the roles directory's source. */
function tabDirectorySource(config: AppConfig): TabDirectorySource {
  if (config.DIRECTORY === 'graph') return { kind: 'graph' };
  return {
    kind: 'seed',
    seedFile: path.basename(config.SEED_FILE),
    demo: path.resolve(config.SEED_FILE) === path.resolve(DEMO_SEED_FILE),
  };
}

/** Admin consent links for customer tenants, back to this bot's public host. */
function createAdminConsent(config: AppConfig, botDomain: string): AdminConsent {
  const { clientId, clientSecret } = graphClientCredentials(config);
  const { AdminConsent, consentStateKey } =
    require('./onboarding/adminConsent') as typeof import('./onboarding/adminConsent');
  return new AdminConsent({
    authorityHost: config.ENTRA_AUTHORITY_HOST,
    clientId,
    botDomain,
    stateKey: consentStateKey(clientSecret),
  });
}
