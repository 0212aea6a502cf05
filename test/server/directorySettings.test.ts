import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, DIRECTORY_ROLE_IDS, graphClientCredentials, loadConfig, REPO_ROOT } from '../../bot/config';
import { loadPartnerContacts, PartnerContactsError } from '../../bot/adapters/partnerCenter/partnerContacts';
import { runBotToExit } from '../support/botProcess';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const PARTNER_TENANT = '22222222-3333-4444-5555-666666666666';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
}

describe("settings for Microsoft's directories", () => {
  it("defaults to the seed for both directories, Global Administrator as the owner, and Microsoft's public endpoints", () => {
    const config = loadConfig({});
    assert.equal(config.DIRECTORY, 'seed');
    assert.equal(config.PARTNER_DIRECTORY, 'seed');
    assert.deepEqual(config.OWNER_ROLES, [DIRECTORY_ROLE_IDS.GlobalAdministrator]);
    assert.equal(config.GRAPH_BASE_URL, 'https://graph.microsoft.com');
    assert.equal(config.ENTRA_AUTHORITY_HOST, 'https://login.microsoftonline.com');
    assert.equal(config.PARTNER_CENTER_BASE_URL, 'https://api.partnercenter.microsoft.com');
  });

  it('names each missing setting of a wrong combination', () => {
    const graph = problems({ DIRECTORY: 'graph' });
    for (const key of ['GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'BOT_DOMAIN'])
      assert.match(graph, new RegExp(`^  ${key}: `, 'm'));
    const partnerCenter = problems({
      PARTNER_DIRECTORY: 'partnercenter',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'secret',
    });
    assert.match(partnerCenter, /^ {2}PARTNER_CENTER_TENANT_ID: /m);
    assert.match(partnerCenter, /^ {2}PARTNER_CENTER_REFRESH_TOKEN: /m);
    assert.doesNotMatch(partnerCenter, /GRAPH_CLIENT_ID/, "the bot's own app id counts as the client id");
  });

  it("takes the bot's own app registration unless GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET are set apart", () => {
    const base = { DIRECTORY: 'graph', BOT_DOMAIN: 'bot.example.net' };
    const own = loadConfig({
      ...base,
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'bot-secret',
      MAIL_TRANSPORT: 'file',
    });
    assert.deepEqual(graphClientCredentials(own), { clientId: APP_ID, clientSecret: 'bot-secret' });
    // Set apart: Graph runs while /api/messages stays in local anonymous mode.
    const apart = loadConfig({ ...base, GRAPH_CLIENT_ID: APP_ID.toUpperCase(), GRAPH_CLIENT_SECRET: 'graph-secret' });
    assert.deepEqual(graphClientCredentials(apart), { clientId: APP_ID, clientSecret: 'graph-secret' });
    assert.equal(apart.MicrosoftAppId, '');
  });

  it('reads OWNER_ROLES by name or role template id, and refuses anything else', () => {
    assert.deepEqual(loadConfig({ OWNER_ROLES: 'Global Administrator, BillingAdministrator' }).OWNER_ROLES, [
      DIRECTORY_ROLE_IDS.GlobalAdministrator,
      DIRECTORY_ROLE_IDS.BillingAdministrator,
    ]);
    assert.deepEqual(loadConfig({ OWNER_ROLES: DIRECTORY_ROLE_IDS.BillingAdministrator.toUpperCase() }).OWNER_ROLES, [
      DIRECTORY_ROLE_IDS.BillingAdministrator,
    ]);
    assert.match(problems({ OWNER_ROLES: 'GlobalAdministrator,Owner' }), /OWNER_ROLES: "Owner" is not a role/);
    assert.match(problems({ OWNER_ROLES: ' , ' }), /OWNER_ROLES: name at least one role/);
  });

  it('takes only https endpoints', () => {
    assert.match(problems({ GRAPH_BASE_URL: 'http://graph.example' }), /GRAPH_BASE_URL/);
    assert.match(problems({ ENTRA_AUTHORITY_HOST: 'ftp://login.example' }), /ENTRA_AUTHORITY_HOST/);
    assert.equal(
      loadConfig({ PARTNER_CENTER_BASE_URL: 'https://pc.example/' }).PARTNER_CENTER_BASE_URL,
      'https://pc.example',
    );
  });

  it('stops start-up naming the setting, with no stack trace', async () => {
    const { code, output } = await runBotToExit({
      DIRECTORY: 'graph',
      MicrosoftAppId: '',
      GRAPH_CLIENT_ID: '',
      BOT_DOMAIN: '',
    });
    assert.equal(code, 1);
    assert.match(output, /GRAPH_CLIENT_ID: DIRECTORY=graph/);
    assert.doesNotMatch(output, /\n\s+at /);
  });
});

describe('partner contacts file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-contacts-'));
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('maps Partner IDs to contacts, and no file to no contacts', () => {
    const file = write(
      'ok.json',
      JSON.stringify({
        contacts: [
          { partnerId: '1234567', email: 'alliances@partner.example', name: 'Alex Doe' },
          { partnerId: '7654321', email: 'hello@other.example' },
        ],
      }),
    );
    const contacts = loadPartnerContacts(file);
    assert.deepEqual(contacts.get('1234567'), { email: 'alliances@partner.example', name: 'Alex Doe' });
    assert.deepEqual(contacts.get('7654321'), { email: 'hello@other.example' });
    assert.equal(loadPartnerContacts(undefined).size, 0);
  });

  it('loads deployment/partner-contacts.sample.json, the sample operators copy', () => {
    const contacts = loadPartnerContacts(path.join(REPO_ROOT, 'deployment', 'partner-contacts.sample.json'));
    assert.equal(contacts.size, 2);
    assert.deepEqual(contacts.get('1234567'), {
      email: 'alliances@contoso-partner.example',
      name: 'Alex Doe',
      language: 'de',
    });
    assert.deepEqual(contacts.get('7654321'), { email: 'cpor@fabrikam-services.example' });
  });

  it("keeps a contact's language as a BCP 47 tag, and none for a contact without one", () => {
    const file = write(
      'languages.json',
      JSON.stringify({
        contacts: [
          { partnerId: '1234567', email: 'a@partner.example', language: 'de' },
          { partnerId: '2345678', email: 'b@partner.example', language: ' ja-jp ' },
          { partnerId: '3456789', email: 'c@partner.example', language: 'pt-BR' },
          { partnerId: '4567890', email: 'd@partner.example' },
        ],
      }),
    );
    const contacts = loadPartnerContacts(file);
    assert.deepEqual(
      ['1234567', '2345678', '3456789', '4567890'].map((id) => contacts.get(id)?.language),
      ['de', 'ja-JP', 'pt-BR', undefined],
    );
    assert.ok(!('language' in contacts.get('4567890')!));
  });

  it("refuses a language that is no BCP 47 tag (a language's name, an underscore), naming the place", () => {
    for (const language of ['German', 'de_DE', '', 49]) {
      const content = JSON.stringify({ contacts: [{ partnerId: '1234567', email: 'a@b.example', language }] });
      assert.throws(
        () => loadPartnerContacts(write('bad-language.json', content)),
        (err: unknown) =>
          err instanceof PartnerContactsError &&
          /contacts\.0\.language/.test(err.message) &&
          (typeof language !== 'string' || /BCP 47 tag, for example en, de, fr, es or ja/.test(err.message)),
        String(language),
      );
    }
  });

  it('refuses a bad file naming the place: bad email, bad ID, a duplicate, unknown keys, not JSON, missing', () => {
    const cases: [string, RegExp][] = [
      [JSON.stringify({ contacts: [{ partnerId: '1234567', email: 'not-an-email' }] }), /contacts\.0\.email/],
      [JSON.stringify({ contacts: [{ partnerId: '12ab', email: 'a@b.example' }] }), /contacts\.0\.partnerId/],
      [
        JSON.stringify({
          contacts: [
            { partnerId: '1234567', email: 'a@b.example' },
            { partnerId: '1234567', email: 'c@d.example' },
          ],
        }),
        /twice/,
      ],
      [JSON.stringify({ contacts: [{ partnerID: '1234567', email: 'a@b.example' }] }), /contacts\.0/],
      ['{ nope', /not valid JSON/],
    ];
    cases.forEach(([content, message], i) => {
      assert.throws(
        () => loadPartnerContacts(write(`bad-${i}.json`, content)),
        (err: unknown) => err instanceof PartnerContactsError && message.test(err.message),
      );
    });
    assert.throws(() => loadPartnerContacts(path.join(dir, 'missing.json')), /cannot be read \(ENOENT\)/);
  });

  it('stops start-up when the file is bad', async () => {
    const file = write('bad-start.json', JSON.stringify({ contacts: [{ partnerId: 'x', email: 'a@b.example' }] }));
    const { code, output } = await runBotToExit({
      PARTNER_DIRECTORY: 'partnercenter',
      PARTNER_CONTACTS_FILE: file,
      GRAPH_CLIENT_ID: APP_ID,
      GRAPH_CLIENT_SECRET: 'secret',
      PARTNER_CENTER_TENANT_ID: PARTNER_TENANT,
      PARTNER_CENTER_REFRESH_TOKEN: 'r'.repeat(40),
    });
    assert.equal(code, 1);
    assert.match(output, /Partner contacts file .* is invalid: contacts\.0\.partnerId/);
  });
});
