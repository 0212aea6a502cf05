import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import type { Store } from '../../bot/adapters/storePorts';
import { startBotProcess, type BotProcess } from './botProcess';
import { tempDir } from './botUnderTest';
import { ChannelServer } from './channelServer';
import {
  CONTOSO,
  FABRIKAM,
  PARTNERS,
  seedFixtures,
  standInDirectorySettings,
  startMicrosoftCloud,
  type MicrosoftCloud,
} from './microsoftCloud';
import { dropSchema, freshSchema, openTestStore } from './postgres';
import { TeamsUser } from './teamsUser';

export const GRAPH_APP = {
  clientId: '5d2c7f1e-8a3b-4c6d-9e0f-1a2b3c4d5e6f',
  clientSecret: 'stand-in-graph-client-secret-4f7a',
};
export const BOT_DOMAIN = 'por-bot.example.net';

/** The contact the operator keeps for Adatum; the other partners have none. */
export const ADATUM_CONTACT = {
  partnerId: PARTNERS.adatum.mpnId,
  email: 'alliances@adatum.example',
  name: 'Pat Adatum',
};

export interface MicrosoftTenantBot {
  cloud: MicrosoftCloud;
  channel: ChannelServer;
  bot: BotProcess;
  dataDir: string;
  /**
   * The bot's store, opened beside the running bot: its SQLite file (WAL allows a second reader), or its schema
   * of the PostgreSQL database when started with `postgresUrl`.
   */
  store: Store;
  /** The store's PostgreSQL schema, when started with `postgresUrl`, for a test to read its rows. */
  schema?: string;
  /** A person of a tenant in a personal chat with the bot, as Teams shapes the activities. */
  person(tenantId: string, aadObjectId: string, name: string): TeamsUser;
  /** Every value that must never reach a log: the app secret, the refresh token, every token Entra issued. */
  secrets(): string[];
  stop(): Promise<void>;
}

/**
 * The bot as `npm start` runs it, in a child process, with DIRECTORY=graph and PARTNER_DIRECTORY=partnercenter,
 * pointed at HTTPS stand-ins for Entra ID, Graph and Partner Center whose throwaway CA the child trusts through
 * NODE_EXTRA_CA_CERTS (read at start, as in production). Logs at trace level, so a test can grep all of them.
 */
export async function startMicrosoftTenantBot(
  env: Record<string, string> = {},
  options: { postgresUrl?: string } = {},
): Promise<MicrosoftTenantBot> {
  const cloud = await startMicrosoftCloud({ ...GRAPH_APP, pageSize: 10 });
  seedFixtures(cloud);
  const channel = await new ChannelServer().start();
  const dataDir = tempDir('por-graph-');
  const contactsFile = path.join(dataDir, 'partner-contacts.json');
  writeFileSync(contactsFile, JSON.stringify({ contacts: [ADATUM_CONTACT] }));
  const { postgresUrl } = options;
  const schema = postgresUrl ? freshSchema() : undefined;
  const storeEnv: Record<string, string> =
    postgresUrl && schema ? { STORE: 'postgres', DATABASE_URL: postgresUrl, DATABASE_SCHEMA: schema } : {};
  const bot = await startBotProcess({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
    NODE_EXTRA_CA_CERTS: cloud.caPath,
    ...standInDirectorySettings(cloud, GRAPH_APP),
    BOT_DOMAIN,
    PARTNER_CONTACTS_FILE: contactsFile,
    UPSTREAM_BREAKER_HALF_OPEN_MS: '1000',
    // Nudges are not what these tests look at; one pass at start is enough.
    SYNC_INTERVAL_MINUTES: '600',
    ...storeEnv,
    ...env,
  });
  const store: Store = postgresUrl && schema ? await openTestStore(postgresUrl, schema) : openSqliteStore({ dataDir });
  return {
    cloud,
    channel,
    bot,
    dataDir,
    store,
    ...(schema ? { schema } : {}),
    person: (tenantId, aadObjectId, name) => new TeamsUser(bot.url, channel.url, tenantId, aadObjectId, name),
    secrets: () => [GRAPH_APP.clientSecret, ...cloud.entra.sensitiveValues()],
    async stop() {
      await store.close();
      await bot.stop();
      await channel.close();
      await cloud.close();
      if (postgresUrl && schema) await dropSchema(postgresUrl, schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const FABRIKAM_PEOPLE = {
  owner: [FABRIKAM.tenantId, FABRIKAM.users.globalAdmin, 'Megan Bowen'],
  billingAdmin: [FABRIKAM.tenantId, FABRIKAM.users.billingAdmin, 'Nestor Wilke'],
  intuneAdmin: [FABRIKAM.tenantId, FABRIKAM.users.intuneAdmin, 'Isaiah Langer'],
  guest: [FABRIKAM.tenantId, FABRIKAM.users.guestGlobalAdmin, 'Alex Wilber (Litware Partner Services)'],
  member: [FABRIKAM.tenantId, FABRIKAM.users.member, 'Lidia Holloway'],
} as const;

export const CONTOSO_PEOPLE = {
  directOwner: [CONTOSO.tenantId, CONTOSO.users.directOwner, 'Adele Vance'],
  groupOwner: [CONTOSO.tenantId, CONTOSO.users.groupOwner, 'Diego Siciliani'],
  nestedGroupOwner: [CONTOSO.tenantId, CONTOSO.users.nestedGroupOwner, 'Emily Braun'],
  activatedOwner: [CONTOSO.tenantId, CONTOSO.users.activatedOwner, 'Grady Archie'],
  eligibleOwner: [CONTOSO.tenantId, CONTOSO.users.eligibleOwner, 'Johanna Lorenz'],
  member: [CONTOSO.tenantId, CONTOSO.users.member, 'Lee Gu'],
} as const;
