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

  describe('Contoso: the pickers offer what each person may change', () => {
    useBot();

    /** The choices of a one-subscription picker, or the card's text when it is no picker. */
    async function offered(person: TeamsUser, command: string): Promise<string> {
      const card = await reply(person, command);
      const choices = JSON.stringify(card).match(/"title":"(Azure|Office|Microsoft)[^"]*"/g);
      return choices ? choices.join(' ') : cardText(card);
    }

    it("a Global Administrator is offered the Microsoft 365 subscriptions and the Azure ones they own, not Azure's others", async () => {
      // Diego holds the role through a group and no Azure role; Adele holds it directly and owns Contoso Staging.
      const diego = await offered(t.person(...CONTOSO_PEOPLE.groupOwner), 'add partner');
      assert.match(diego, /Office 365 E3/);
      assert.match(diego, /Microsoft 365 E5/);
      assert.doesNotMatch(diego, /Azure/);
      const adele = await offered(t.person(...CONTOSO_PEOPLE.directOwner), 'add partner');
      assert.match(adele, /Azure: Contoso Staging/);
      assert.match(adele, /Office 365 E3/);
      assert.doesNotMatch(adele, /Contoso Production/);
    });

    it('the several-subscriptions picker offers each person what they may change, too', async () => {
      const ticks = async (person: TeamsUser) => {
        const card = invokeCard(await person.press('pickSeveral', { page: 0 }));
        const choices = JSON.stringify(card).match(/"title":"(Azure|Office|Microsoft)[^"]*"/g);
        return choices ? choices.join(' ') : cardText(card);
      };
      const diego = await ticks(t.person(...CONTOSO_PEOPLE.groupOwner));
      assert.match(diego, /Office 365 E3/);
      assert.doesNotMatch(diego, /Azure/);
      const adele = await ticks(t.person(...CONTOSO_PEOPLE.directOwner));
      assert.match(adele, /Azure: Contoso Staging/);
      assert.doesNotMatch(adele, /Contoso Production/);
      const lee = await ticks(t.person(...CONTOSO_PEOPLE.member));
      assert.match(lee, /Azure: Contoso Production/);
      assert.doesNotMatch(lee, /Contoso Staging|Office 365|Microsoft 365/);
    });

    it('an Azure Owner without a directory role is offered the Azure subscriptions they own, and only those', async () => {
      const lee = t.person(...CONTOSO_PEOPLE.member);
      const picker = await offered(lee, 'add partner');
      assert.match(picker, /Azure: Contoso Production/);
      // Staging: Lee owns only a resource group in it. The Microsoft 365 ones: the tenant's owner role decides.
      assert.doesNotMatch(picker, /Contoso Staging|Office 365|Microsoft 365/);
      assert.match(cardText(await attach(lee, PRODUCTION, PARTNERS.adatum.mpnId)), /is now the partner of record/);
      assert.match(await offered(lee, 'change partner'), /Azure: Contoso Production/);
    });

    it('says why when nothing is left to offer, and the status still lists every subscription', async () => {
      // Lee has attached the one subscription Lee owns; Production is the only one with a partner.
      const lee = t.person(...CONTOSO_PEOPLE.member);
      const diego = t.person(...CONTOSO_PEOPLE.groupOwner);
      for (const [person, command, which] of [
        [lee, 'add partner', /You may attach a partner of record to none of the subscriptions that have none\./],
        [diego, 'remove partner', /You may remove the partner of record of none of the subscriptions that have one\./],
      ] as const) {
        const text = cardText(await reply(person, command));
        assert.match(text, /None of these is yours to change/);
        assert.match(text, which);
        assert.match(text, /An Azure subscription's partner of record is attached, changed or removed by an Owner/);
      }
      // Moving "all of a partner": Production's partner is not Diego's to move.
      const move = cardText(invokeCard(await diego.press('pickMove', {})));
      assert.match(move, /You may change the partner of record of none of the subscriptions that have one\./);
      assert.match(cardText(invokeCard(await lee.press('pickMove', {}))), /All subscriptions of Adatum[^\n]*\(1\)/);
      const status = cardText(await reply(lee, 'status'));
      assert.match(status, /Subscriptions 1-4 of 4/);
      assert.match(status, /Office 365 E3/);
    });

    it("tells someone who may change nothing that an Azure subscription's Owners decide it, in status and welcome", async () => {
      // Johanna is only eligible for the owner role, and Reader on Contoso Production.
      const johanna = t.person(...CONTOSO_PEOPLE.eligibleOwner);
      for (const command of ['status', 'hi']) {
        const text = cardText(await reply(johanna, command));
        assert.match(text, /You can look, but not change\./, command);
        assert.match(
          text,
          /An Azure subscription's partner of record is attached, changed or removed by an Owner of that subscription/,
          command,
        );
      }
      // Asking to change anything: refused, with both rules.
      const refused = cardText(await reply(johanna, 'add partner'));
      assert.match(refused, /Only the owner can do this/);
      assert.match(refused, /An Azure subscription's partner of record is attached, changed or removed by an Owner/);
      // Someone the directory does not know is told both rules too.
      const stranger = t.person(CONTOSO.tenantId, '7e9d4c1b-2a3f-4b5c-8d6e-9f0a1b2c3d4e', 'Sam Stranger');
      const welcome = cardText(await reply(stranger, 'hi'));
      assert.match(welcome, /I could not find you in your organization's directory/);
      assert.match(welcome, /An Azure subscription's partner of record is attached, changed or removed by an Owner/);
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
