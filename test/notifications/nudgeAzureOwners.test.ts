import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import {
  createMicrosoftDirectories,
  type MicrosoftDirectories,
} from '../../bot/adapters/microsoft/microsoftDirectories';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { loadConfig } from '../../bot/config';
import { systemClock, type TeamsRecipient } from '../../bot/core';
import { NudgeSync, type NudgePayload } from '../../bot/notifications/nudgeSync';
import {
  armError,
  CONTOSO,
  CONTOSO_AZURE,
  FABRIKAM,
  requireOpenssl,
  seedAzureFixtures,
  seedFixtures,
  startMicrosoftCloud,
  type MicrosoftCloud,
  standInDirectorySettings,
  STAND_IN_APP,
} from '../support/microsoftCloud';

const { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } = STAND_IN_APP;
const PRODUCTION = CONTOSO_AZURE.subscriptions.production.subscriptionId;
const STAGING = CONTOSO_AZURE.subscriptions.staging.subscriptionId;
const CONTOSO_365 = [CONTOSO.subscriptions.officeE3, CONTOSO.subscriptions.m365E5];
const U = CONTOSO.users;
/** People with a chat: Contoso's direct and group Global Administrators, a Reader of Production, its Owner. */
const CHATS: TeamsRecipient[] = [
  { tenantId: CONTOSO.tenantId, aadObjectId: U.directOwner },
  { tenantId: CONTOSO.tenantId, aadObjectId: U.groupOwner },
  { tenantId: CONTOSO.tenantId, aadObjectId: U.eligibleOwner },
  { tenantId: CONTOSO.tenantId, aadObjectId: U.member },
  { tenantId: FABRIKAM.tenantId, aadObjectId: FABRIKAM.users.member },
];
const sorted = (ids: readonly string[]) => [...ids].sort();
const digestTo = (to: TeamsRecipient): NudgePayload => ({
  kind: 'nudgeDigest',
  to,
  conversationId: `chat-${to.aadObjectId}`,
});

/**
 * The nudge pass with Azure subscriptions: the production adapters (Graph, ARM) in this process against the
 * HTTPS stand-ins, a real SQLite store, and NudgeSync as bot/app.ts wires it for DIRECTORY=graph.
 */
describe('notifications: the nudge pass gives each person a digest of what they may change (ARM stand-in)', () => {
  let cloud: MicrosoftCloud;
  let directories: MicrosoftDirectories;
  let dataDir: string;
  let store: SqliteStore;
  let sync: NudgeSync;

  /** What each person's digests covered: the store's nudge rows, subscription ids by person. */
  const covered = (): Map<string, string[]> => {
    const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT aad_object_id AS person, subscription_id AS sub FROM nudges WHERE nudged_at IS NOT NULL')
        .all() as { person: string; sub: string }[];
      const byPerson = new Map<string, string[]>();
      for (const { person, sub } of rows) byPerson.set(person, sorted([...(byPerson.get(person) ?? []), sub]));
      return byPerson;
    } finally {
      db.close();
    }
  };
  /** The people ARM was asked about (role assignments `assignedTo(...)`), whatever the subscription. */
  const askedAbout = (): Set<string> =>
    new Set(
      cloud.arm.requests
        .map((r) => /assignedTo\('([^']+)'\)/.exec(r.query.$filter ?? '')?.[1])
        .filter((id): id is string => id !== undefined),
    );

  before(async function () {
    await requireOpenssl(this);
  });
  beforeEach(async () => {
    cloud = await startMicrosoftCloud({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, pageSize: 10 });
    seedFixtures(cloud);
    seedAzureFixtures(cloud);
    const config = loadConfig({
      ...standInDirectorySettings(cloud),
    });
    const log = pino({ level: 'silent' });
    directories = createMicrosoftDirectories(config, { listTenantIds: async () => [] }, log, { ca: cloud.caPem });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-nudge-azure-'));
    store = openSqliteStore({ dataDir });
    const now = new Date().toISOString();
    for (const to of CHATS) {
      const conversation = { id: `chat-${to.aadObjectId}`, conversationType: 'personal', tenantId: to.tenantId };
      await store.saveReference({
        ...to,
        conversationId: conversation.id,
        reference: {
          user: { id: `29:${to.aadObjectId}`, name: 'Someone', aadObjectId: to.aadObjectId },
          bot: { id: '28:bot-app-id', name: 'Partner of Record' },
          conversation,
          channelId: 'msteams',
          serviceUrl: 'http://127.0.0.1:9/',
        },
        updatedAt: now,
      });
    }
    sync = new NudgeSync({
      roles: directories.graph!,
      subscriptions: directories.subscriptions!,
      subscriptionOwners: directories.subscriptionOwners!,
      store,
      conversations: store,
      nudges: store,
      clock: systemClock,
      log,
      onQueued: () => {},
    });
  });
  afterEach(async () => {
    await sync.stop();
    directories.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await cloud.close();
  });

  it('queues one digest per person, each covering only what that person may change', async () => {
    assert.equal(await sync.runOnce(), 3);
    assert.deepEqual(
      covered(),
      new Map([
        [U.directOwner, sorted([...CONTOSO_365, STAGING])],
        [U.groupOwner, sorted(CONTOSO_365)],
        [U.member, [PRODUCTION]],
      ]),
    );
    assert.equal(await sync.runOnce(), 0, 'nothing new for anyone');
    // ARM is asked about people with a chat in a tenant with Azure subscriptions without a partner, and no one else.
    assert.deepEqual(sorted([...askedAbout()]), sorted([U.directOwner, U.groupOwner, U.eligibleOwner, U.member]));
  });

  it('a failing ARM answer leaves that person out of this pass only; the others get theirs', async () => {
    // Every question about Production fails this pass: only Lee Gu, its Owner, loses by it.
    cloud.arm.failNext(
      4,
      armError(400, 'BadRequest', 'stand-in failure', { pathPrefix: `/subscriptions/${PRODUCTION}/` }),
    );
    assert.equal(await sync.runOnce(), 2);
    assert.equal(covered().has(U.member), false);
    assert.deepEqual(covered().get(U.directOwner), sorted([...CONTOSO_365, STAGING]));
    assert.equal(await sync.runOnce(), 1, 'the next pass, with ARM answering, queues his');
    assert.deepEqual(covered().get(U.member), [PRODUCTION]);
  });

  it('a queued digest is still wanted, and offered again on re-install, only for someone it lists something', async () => {
    await sync.runOnce();
    const [adele, diego, johanna, lee] = CHATS as [TeamsRecipient, TeamsRecipient, TeamsRecipient, TeamsRecipient];
    for (const who of [adele, diego, lee]) assert.equal(await sync.stillWanted(digestTo(who)), true, who.aadObjectId);
    assert.equal(await sync.stillWanted(digestTo(johanna)), false, 'a Reader may change nothing');

    await store.dismissNudges(lee, [PRODUCTION], new Date().toISOString());
    assert.equal(await sync.stillWanted(digestTo(lee)), false, 'dismissed');

    await store.digestUndelivered(diego, new Date().toISOString());
    assert.equal(await sync.offerAgain(diego), 1);
    assert.equal(await sync.offerAgain(johanna), 0);
  });
});
