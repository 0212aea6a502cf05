import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { actionTitles, cardText, digestCards, digestRows, findAction, invokeCard, type Card } from '../support/cards';
import { eventually } from '../support/eventually';
import {
  CONTOSO,
  CONTOSO_AZURE,
  fabrikamTenant,
  PARTNERS,
  requireOpenssl,
  seedAzureFixtures,
} from '../support/microsoftCloud';
import {
  CONTOSO_PEOPLE,
  FABRIKAM_PEOPLE,
  startMicrosoftTenantBot,
  type MicrosoftTenantBot,
} from '../support/microsoftTenantBot';
import { adminQuery, requirePostgres } from '../support/postgres';
import type { TeamsUser } from '../support/teamsUser';

const PRODUCTION = CONTOSO_AZURE.subscriptions.production.subscriptionId;
const STAGING = CONTOSO_AZURE.subscriptions.staging.subscriptionId;
const CONTOSO_365 = [CONTOSO.subscriptions.officeE3, CONTOSO.subscriptions.m365E5];

/** The fixture's free and viral SKUs (Graph lists them; they cost nothing, so no digest lists them). */
const FREE_SKUS = new Set(['FLOW_FREE', 'POWER_BI_STANDARD', 'TEAMS_EXPLORATORY']);
/** Fabrikam's paid subscriptions, from the fixture: not Deleted (Graph's list drops it), not a trial, not free. */
const FABRIKAM_PAID = fabrikamTenant()
  .subscriptions.filter((s) => s.status !== 'Deleted' && !s.isTrial && !FREE_SKUS.has(s.skuPartNumber))
  .map((s) => s.id);

const sorted = (ids: readonly string[]) => [...ids].sort();

/** What each person's digests covered, as the store records it: subscription ids by person, sorted. */
async function covered(t: MicrosoftTenantBot, postgresUrl: string | undefined): Promise<Map<string, string[]>> {
  const sql = 'SELECT aad_object_id AS person, subscription_id AS sub FROM nudges WHERE nudged_at IS NOT NULL';
  let rows: { person: string; sub: string }[];
  if (postgresUrl) {
    rows = await adminQuery(postgresUrl, sql.replace('FROM nudges', `FROM "${t.schema}".nudges`));
  } else {
    const db = new BetterSqlite3(path.join(t.dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      rows = db.prepare(sql).all() as typeof rows;
    } finally {
      db.close();
    }
  }
  const byPerson = new Map<string, string[]>();
  for (const { person, sub } of rows) byPerson.set(person, sorted([...(byPerson.get(person) ?? []), sub]));
  return byPerson;
}
const passesFinished = (t: MicrosoftTenantBot) => t.bot.output().split('"msg":"nudge pass finished"').length - 1;

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`conversation: digests per person in Microsoft tenants, with Azure (bot in a child process, ${store})`, function () {
    this.timeout(60_000);
    let t: MicrosoftTenantBot;
    let postgresUrl: string | undefined;
    const people = {} as Record<'megan' | 'alex' | 'lidia' | 'isaiah' | 'adele' | 'diego' | 'lee', TeamsUser>;
    const digests = (who: TeamsUser) => digestCards(t.channel, who.conversationId);

    before(async function () {
      await requireOpenssl(this);
      postgresUrl = store === 'postgres' ? requirePostgres(this) : undefined;
      // A pass every 1.2 s, so that several run while the test looks; the outbox is polled often.
      t = await startMicrosoftTenantBot(
        { SYNC_INTERVAL_MINUTES: '0.02', OUTBOX_POLL_MS: '50' },
        postgresUrl ? { postgresUrl } : {},
      );
      seedAzureFixtures(t.cloud);
      Object.assign(people, {
        megan: t.person(...FABRIKAM_PEOPLE.owner),
        alex: t.person(...FABRIKAM_PEOPLE.guest),
        lidia: t.person(...FABRIKAM_PEOPLE.member),
        isaiah: t.person(...FABRIKAM_PEOPLE.intuneAdmin),
        adele: t.person(...CONTOSO_PEOPLE.directOwner),
        diego: t.person(...CONTOSO_PEOPLE.groupOwner),
        lee: t.person(...CONTOSO_PEOPLE.member),
      });
      for (const person of Object.values(people)) assert.equal((await person.install()).status, 200);
      const owed = [people.megan, people.adele, people.diego, people.lee];
      await t.channel.waitFor(() => owed.every((p) => digests(p).length >= 1), 20_000);
      // Several more passes after every digest went out: none may send a second one.
      const seen = passesFinished(t);
      await eventually(() => assert.ok(passesFinished(t) >= seen + 3), 20_000);
    });
    after(async () => {
      await t?.stop();
    });

    it('Fabrikam: the Global Administrator gets one digest of the paid subscriptions, no one else any', async () => {
      assert.equal(FABRIKAM_PAID.length, 20, '24 listed: less three free SKUs and a trial');
      const megan = people.megan;
      assert.equal(digests(megan).length, 1, 'one digest after several passes');
      const card = digests(megan)[0]!;
      assert.deepEqual(sorted(digestRows(card)), sorted(FABRIKAM_PAID));
      assert.match(cardText(card), /^20 subscriptions have no partner of record in your organization's record\.$/m);
      assert.doesNotMatch(cardText(card), /Free|Exploratory|trial/);
      assert.ok(!actionTitles(card).includes('Next page'), '20 a page: one page');
      // The guest Global Administrator is a delegated admin (a partner's person): the customer's own owner acts.
      for (const other of [people.alex, people.lidia, people.isaiah])
        assert.equal(digests(other).length, 0, other.name);
    });

    it('Fabrikam: a person who may change none opens a digest: nothing there is theirs, not a refusal', async () => {
      for (const who of [people.lidia, people.alex]) {
        const text = cardText(invokeCard(await who.press('nudgeDigest', { page: 0 })));
        assert.match(text, /Nothing here for you to attach/, who.name);
        assert.doesNotMatch(text, /Only the owner can do this/, who.name);
      }
    });

    it("Contoso: each person's digest lists what they may change: Azure ones only to their Azure Owners", async () => {
      for (const who of [people.adele, people.diego, people.lee]) assert.equal(digests(who).length, 1, who.name);
      assert.deepEqual(digestRows(digests(people.lee)[0]!), [PRODUCTION], 'Lee Gu: Owner through a group');
      assert.deepEqual(
        sorted(digestRows(digests(people.adele)[0]!)),
        sorted([...CONTOSO_365, STAGING]),
        'Adele Vance: Global Administrator and Owner of Contoso Staging',
      );
      assert.deepEqual(
        sorted(digestRows(digests(people.diego)[0]!)),
        sorted(CONTOSO_365),
        'Diego Siciliani: Global Administrator through a group, no Azure Owner',
      );
    });

    it("records each person's digest as covering theirs only, so only a new one of theirs brings another", async () => {
      const expected = new Map([
        [people.megan.aadObjectId!, sorted(FABRIKAM_PAID)],
        [people.adele.aadObjectId!, sorted([...CONTOSO_365, STAGING])],
        [people.diego.aadObjectId!, sorted(CONTOSO_365)],
        [people.lee.aadObjectId!, [PRODUCTION]],
      ]);
      assert.deepEqual(await covered(t, postgresUrl), expected);
    });

    it('Contoso: the Azure Owner attaches from a digest row; the digest then has nothing left for him', async () => {
      const lee = people.lee;
      const card: Card = digests(lee)[0]!;
      const enter = invokeCard(await lee.press('choose', { mode: 'attach', subscriptionId: digestRows(card)[0] }));
      assert.match(cardText(enter), /Contoso Production/);
      const confirm = invokeCard(
        await lee.press('check', { ...findAction(enter, 'Check ID').data, partnerId: PARTNERS.adatum.mpnId }),
      );
      const done = invokeCard(await lee.press('submit', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Adatum Consulting is now the partner of record/);
      const history = await t.store.history(CONTOSO.tenantId, PRODUCTION);
      assert.deepEqual(
        history.map((h) => [h.kind, h.actorName, h.newPartnerId]),
        [['attach', 'Lee Gu', PARTNERS.adatum.mpnId]],
      );
      assert.match(cardText(invokeCard(await lee.refresh(card))), /Nothing left to attach here/);
      // Adele's digest is hers alone: it still lists Contoso Staging.
      const adele = invokeCard(await people.adele.refresh(digests(people.adele)[0]!));
      assert.ok(digestRows(adele).includes(STAGING));
    });
  });
}
