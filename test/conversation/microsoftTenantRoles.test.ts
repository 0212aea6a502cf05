import assert from 'node:assert/strict';
import { cardText, findAction, invokeCard, lastSentCard, type Card } from '../support/cards';
import { CONTOSO, PARTNERS, requireOpenssl } from '../support/microsoftCloud';
import { CONTOSO_PEOPLE, startMicrosoftTenantBot, type MicrosoftTenantBot } from '../support/microsoftTenantBot';
import type { TeamsUser } from '../support/teamsUser';

async function reply(user: TeamsUser, text: string, t: MicrosoftTenantBot): Promise<Card> {
  const result = await user.say(text);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return lastSentCard(t.channel, user.conversationId);
}

/** Attach by card presses: choose, Check ID, Submit; the last card. */
async function attach(owner: TeamsUser, subscriptionId: string, partnerId: string): Promise<Card> {
  const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId }));
  const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  return invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
}

const PIM_SENTENCE = /activate the role in Privileged Identity Management, then try again/;
const UNSEEN_SENTENCE =
  /I could not check roles given through groups or Privileged Identity Management: your admin has not granted RoleAssignmentSchedule\.Read\.Directory, RoleEligibilitySchedule\.Read\.Directory and GroupMember\.Read\.All yet\./;

describe('conversation: owners through role-assignable groups and PIM (Graph stand-in, bot in a child process)', function () {
  this.timeout(30_000);
  let t: MicrosoftTenantBot;
  before(async function () {
    await requireOpenssl(this);
  });

  function useBot(prepare: (t: MicrosoftTenantBot) => void = () => {}): void {
    // biome-ignore lint/suspicious/noDuplicateTestHooks: each describe that calls useBot gets its own bot
    before(async () => {
      t = await startMicrosoftTenantBot();
      prepare(t);
    });
    after(async () => {
      await t?.stop();
    });
  }

  describe('Contoso, which granted every permission', () => {
    useBot();

    it('lets a Global Administrator through a role-assignable group attach a Microsoft 365 subscription', async () => {
      const diego = t.person(...CONTOSO_PEOPLE.groupOwner);
      const done = await attach(diego, CONTOSO.subscriptions.m365E5, PARTNERS.adatum.mpnId);
      assert.match(cardText(done), /Adatum Consulting is now the partner of record/);
      const history = await t.store.history(CONTOSO.tenantId, CONTOSO.subscriptions.m365E5);
      assert.deepEqual(
        history.map((h) => [h.kind, h.actorName]),
        [['attach', 'Diego Siciliani']],
      );
      assert.ok(
        t.cloud.graph.requestCount(
          `/v1.0/users/${CONTOSO.users.groupOwner}/transitiveMemberOf/microsoft.graph.group`,
        ) >= 1,
      );
    });

    it('lets a person whose PIM assignment is activated attach', async () => {
      const grady = t.person(...CONTOSO_PEOPLE.activatedOwner);
      const done = await attach(grady, CONTOSO.subscriptions.officeE3, PARTNERS.proseware.mpnId);
      assert.match(cardText(done), /Proseware, Inc\. is now the partner of record/);
    });

    it('refuses a person only eligible in PIM, saying to activate the role, and names owners through groups', async () => {
      const johanna = t.person(...CONTOSO_PEOPLE.eligibleOwner);
      const before = await t.store.history(CONTOSO.tenantId, CONTOSO.subscriptions.officeE3);
      const card = await reply(johanna, 'change partner', t);
      const text = cardText(card);
      assert.match(text, /Only the owner can do this/);
      assert.match(text, PIM_SENTENCE);
      assert.match(text, /Who can: Adele Vance, Diego Siciliani, Emily Braun and Grady Archie/);
      const forged = invokeCard(
        await johanna.press('submit', {
          mode: 'change',
          subscriptionId: CONTOSO.subscriptions.officeE3,
          version: 1,
          partnerId: PARTNERS.treyResearch.mpnId,
          actionId: '1c0d7b66-6e3a-4b64-8e1f-7d2c3b4a5e6f',
        }),
      );
      assert.match(cardText(forged), PIM_SENTENCE);
      assert.deepEqual(await t.store.history(CONTOSO.tenantId, CONTOSO.subscriptions.officeE3), before);
    });

    it('names a group member owner to a member with no role ("ask ...")', async () => {
      const lee = t.person(...CONTOSO_PEOPLE.member);
      const text = cardText(await reply(lee, 'add partner', t));
      assert.match(text, /Only the owner \(administrator\) role of your organization/);
      assert.doesNotMatch(text, PIM_SENTENCE);
      assert.match(text, /Who can: .*Diego Siciliani/);
      assert.match(text, /Who can: .*Emily Braun/, 'a member of a group nested in the owner group');
    });
  });

  describe('Contoso, before it granted the permissions for groups and PIM', () => {
    // Directory.Read.All reads roles and groups, but not PIM's schedules (their permission tables).
    useBot((bot) =>
      bot.cloud.graph.setPermissions(CONTOSO.tenantId, [
        'Organization.Read.All',
        'User.Read.All',
        'Directory.Read.All',
      ]),
    );

    it('still lets a direct owner attach, and tells a refused owner-through-a-group what it could not see', async () => {
      const adele = t.person(...CONTOSO_PEOPLE.directOwner);
      const done = await attach(adele, CONTOSO.subscriptions.m365E5, PARTNERS.wideWorld.mpnId);
      assert.match(cardText(done), /Wide World Importers IT is now the partner of record/);

      const diego = t.person(...CONTOSO_PEOPLE.groupOwner);
      const text = cardText(await reply(diego, 'add partner', t));
      assert.match(text, /Only the owner can do this/);
      assert.match(text, UNSEEN_SENTENCE);
      const grady = t.person(...CONTOSO_PEOPLE.activatedOwner);
      assert.match(cardText(await reply(grady, 'add partner', t)), UNSEEN_SENTENCE);
      const warnings = t.bot
        .output()
        .split('\n')
        .filter((l) => l.includes('roles through groups and Privileged Identity Management not read'));
      assert.equal(warnings.length, 1, 'logged once for the tenant');
      assert.match(warnings[0]!, new RegExp(CONTOSO.tenantId));
    });
  });
});
