import assert from 'node:assert/strict';
import { cardText, findAction, invokeCard, lastSentCard, type Card } from '../support/cards';
import {
  armError,
  graphError,
  CONTOSO,
  CONTOSO_AZURE,
  NORTHWIND,
  PARTNERS,
  requireOpenssl,
  seedAzureFixtures,
} from '../support/microsoftCloud';
import {
  CONTOSO_PEOPLE,
  FABRIKAM_PEOPLE,
  GRAPH_APP,
  startMicrosoftTenantBot,
  type MicrosoftTenantBot,
} from '../support/microsoftTenantBot';
import type { TeamsUser } from '../support/teamsUser';

const PRODUCTION = CONTOSO_AZURE.subscriptions.production.subscriptionId;

async function reply(user: TeamsUser, text: string): Promise<Card> {
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

const AZURE_REFUSAL =
  /Only an Owner of the Azure subscription Contoso Production \(its Owner role in Azure\) may attach/;
const NONE_VISIBLE = /No Azure subscription is visible to the app; if you have some, give it Reader on them/;
const AZURE_UNREADABLE = /I could not read your Azure subscriptions from Azure Resource Manager just now/;
const M365_UNREADABLE = /I could not read your Microsoft 365 subscriptions from Microsoft's directory just now/;

let t: MicrosoftTenantBot;

describe('conversation: Azure subscriptions from Azure Resource Manager (stand-ins, bot in a child process)', function () {
  this.timeout(30_000);
  before(async function () {
    await requireOpenssl(this);
  });

  function useBot(prepare: (bot: MicrosoftTenantBot) => void = () => {}): void {
    // biome-ignore lint/suspicious/noDuplicateTestHooks: each describe that calls useBot gets its own bot
    before(async () => {
      t = await startMicrosoftTenantBot();
      seedAzureFixtures(t.cloud);
      prepare(t);
    });
    after(async () => {
      await t?.stop();
    });
  }

  describe('Contoso, whose app holds Reader on its Azure subscriptions', () => {
    useBot();

    it("lists the Azure subscriptions beside Graph's, without the deleted one or one the app cannot see", async () => {
      const text = cardText(await reply(t.person(...CONTOSO_PEOPLE.directOwner), 'status'));
      assert.match(text, /Azure: Contoso Production/);
      assert.match(text, /Azure: Contoso Staging \(in grace period\)/);
      assert.match(text, /Office 365 E3/);
      assert.doesNotMatch(text, /Contoso Old|Contoso Research/);
      assert.doesNotMatch(text, NONE_VISIBLE);
      assert.match(text, /Subscriptions 1-4 of 4/);
    });

    it("help says an Azure subscription's Owners decide, not a Global Administrator by that", async () => {
      const text = cardText(await reply(t.person(...CONTOSO_PEOPLE.member), 'help'));
      assert.match(text, /an Owner of that subscription \(its Owner role in Azure, directly or through a group\)/);
      assert.match(text, /a Global Administrator is not one by that/);
    });

    it('lets an Azure Owner through a group, with no directory role, attach that subscription', async () => {
      const lee = t.person(...CONTOSO_PEOPLE.member);
      const picker = cardText(await reply(lee, 'add partner'));
      assert.match(picker, /Azure: Contoso Production/);
      const done = await attach(lee, PRODUCTION, PARTNERS.adatum.mpnId);
      assert.match(cardText(done), /Adatum Consulting is now the partner of record/);
      const history = await t.store.history(CONTOSO.tenantId, PRODUCTION);
      assert.deepEqual(
        history.map((h) => [h.kind, h.actorName, h.newPartnerId]),
        [['attach', 'Lee Gu', PARTNERS.adatum.mpnId]],
      );
    });

    it('refuses a Contributor and a Global Administrator, naming the Owners; nothing is written', async () => {
      const before = await t.store.history(CONTOSO.tenantId, PRODUCTION);
      for (const [tenantId, id, name] of [CONTOSO_PEOPLE.activatedOwner, CONTOSO_PEOPLE.directOwner]) {
        const person = t.person(tenantId, id, name);
        const card = invokeCard(await person.press('choose', { mode: 'change', subscriptionId: PRODUCTION }));
        const text = cardText(card);
        assert.match(text, /Only the subscription's Owners can do this/);
        assert.match(text, AZURE_REFUSAL);
        assert.match(text, /Who can: Lee Gu/);
        const forged = invokeCard(
          await person.press('submit', {
            mode: 'change',
            subscriptionId: PRODUCTION,
            version: 1,
            partnerId: PARTNERS.treyResearch.mpnId,
            actionId: '2d1e8c77-7f4b-4c75-9f20-8e3d4c5b6f70',
          }),
        );
        assert.match(cardText(forged), AZURE_REFUSAL);
      }
      assert.deepEqual(await t.store.history(CONTOSO.tenantId, PRODUCTION), before);
    });
  });

  describe('Fabrikam, whose app holds no Azure role', () => {
    useBot();

    it('says no Azure subscription is visible to the app and gives the Reader command', async () => {
      const text = cardText(await reply(t.person(...FABRIKAM_PEOPLE.owner), 'status'));
      assert.match(text, NONE_VISIBLE);
      assert.ok(
        text.includes(
          `az role assignment create --assignee ${GRAPH_APP.clientId} --role Reader ` +
            `--scope /providers/Microsoft.Management/managementGroups/${FABRIKAM_PEOPLE.owner[0]}`,
        ),
        text,
      );
      assert.match(text, /Office 365 E3/, "Graph's subscriptions are listed");
    });

    it('the Grant access card gives the one command that lets the app read the Azure subscriptions', async () => {
      const admin = t.person(NORTHWIND.tenantId, NORTHWIND.users.globalAdmin, 'Nancy Davolio');
      const text = cardText(await reply(admin, 'status'));
      assert.match(text, /has not connected Partner of Record yet/);
      assert.ok(
        text.includes(
          `az role assignment create --assignee ${GRAPH_APP.clientId} --role Reader ` +
            `--scope /providers/Microsoft.Management/managementGroups/${NORTHWIND.tenantId}`,
        ),
        text,
      );
      assert.match(text, /--scope \/subscriptions\/<subscription id>, one subscription at a time/);
    });
  });

  describe('Contoso while Azure Resource Manager cannot be read', () => {
    useBot((bot) => bot.cloud.arm.setDown(true));

    it('says so on an outage and on a 403, and still lists the Microsoft 365 subscriptions', async () => {
      const adele = t.person(...CONTOSO_PEOPLE.directOwner);
      let text = cardText(await reply(adele, 'status'));
      assert.match(text, AZURE_UNREADABLE);
      assert.match(text, /Office 365 E3/);
      assert.doesNotMatch(text, /Contoso Production/);
      assert.doesNotMatch(text, NONE_VISIBLE);

      t.cloud.arm.setDown(false);
      t.cloud.arm.failNext(
        1,
        armError(403, 'AuthorizationFailed', 'The client does not have authorization.', {
          pathPrefix: '/subscriptions',
        }),
      );
      text = cardText(await reply(adele, 'status'));
      assert.match(text, AZURE_UNREADABLE);

      // Failures are not kept: the next status lists the Azure subscriptions.
      text = cardText(await reply(adele, 'status'));
      assert.match(text, /Azure: Contoso Production/);
      assert.doesNotMatch(text, AZURE_UNREADABLE);
    });
  });

  describe('Contoso while Graph cannot list the Microsoft 365 subscriptions', () => {
    useBot();

    it('still lists the Azure subscriptions, says what it could not read, and lets an Azure Owner attach', async () => {
      const lee = t.person(...CONTOSO_PEOPLE.member);
      const unavailable = () =>
        graphError(503, 'serviceNotAvailable', 'Service unavailable.', { pathPrefix: '/v1.0/directory/subscriptions' });
      t.cloud.graph.failNext(50, unavailable());
      const text = cardText(await reply(lee, 'status'));
      assert.match(text, M365_UNREADABLE);
      assert.match(text, /Azure: Contoso Production/);
      assert.doesNotMatch(text, /Office 365 E3/);

      const done = await attach(lee, PRODUCTION, PARTNERS.adatum.mpnId);
      assert.match(cardText(done), /Adatum/);
      assert.equal((await t.store.history(CONTOSO.tenantId, PRODUCTION)).length, 1);
    });
  });
});
