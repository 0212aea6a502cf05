import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DEMO, type BotUnderTest } from '../support/botUnderTest';
import { LocalIdentityProvider } from '../support/identityProvider';
import { callTabApi, SSO_AUDIENCE, startSsoBot } from '../support/ssoTab';
import { storeSnapshot } from '../support/storeSnapshot';

const AUDIENCE = SSO_AUDIENCE;
const call = callTabApi;

/**
 * The tab accepts only a person's Teams SSO token, one that grants the delegated scope access_as_user (the scope
 * aad.manifest.json exposes and pre-authorizes for Teams). A token for the right audience from the right issuer
 * that is app-only, or grants another scope, is refused like a forged one.
 */
describe('tab API: Teams SSO tokens must be delegated and grant access_as_user', () => {
  let idp: LocalIdentityProvider;
  let bot: BotUnderTest;
  const owner = { tid: DEMO.contoso, oid: DEMO.users.owner, aud: AUDIENCE };
  const attachPath = `/api/tab/subscriptions/${DEMO.subscriptions.crm}/attach`;
  const attachBody = () => ({ partnerId: DEMO.partners.wingtip, version: 0, requestId: randomUUID() });

  before(async () => {
    idp = await new LocalIdentityProvider().start();
  });
  after(() => idp.close());
  beforeEach(async () => {
    bot = await startSsoBot(idp);
  });
  afterEach(() => bot.stop());

  it('accepts the default Teams SSO token, and access_as_user among other scopes', async () => {
    for (const scp of [undefined, 'access_as_user', 'User.Read access_as_user openid']) {
      const me = await call(bot, 'GET', '/api/tab/me', await idp.token(owner, { scp }));
      assert.equal(me.status, 200, `scp ${scp}`);
      assert.equal(me.body.user.name, 'Ada Owner');
    }
    // A person's token may carry app roles assigned to them as well; the delegated scope is what counts.
    const withRoles = await call(bot, 'GET', '/api/tab/me', await idp.token(owner, { roles: ['Tab.Reader'] }));
    assert.equal(withRoles.status, 200);
  });

  it('refuses app-only tokens and tokens without access_as_user with 401, and changes nothing', async () => {
    const bad: [string, Parameters<LocalIdentityProvider['token']>[1], RegExp][] = [
      ['no scp', { scp: null }, /no delegated scope.*access_as_user/],
      ['an empty scp', { scp: '' }, /no delegated scope/],
      ['another scope', { scp: 'User.Read' }, /does not grant the access_as_user scope/],
      [
        'a scope that only contains the name',
        { scp: 'access_as_users notaccess_as_user' },
        /does not grant the access_as_user scope/,
      ],
      ['a scope in another case', { scp: 'Access_As_User' }, /does not grant the access_as_user scope/],
      ['app-only: roles and idtyp app', { scp: null, roles: ['User.Read.All'], idtyp: 'app' }, /app-only/],
      ['app-only: roles without scp, no idtyp claim', { scp: null, roles: ['User.Read.All'], idtyp: null }, /app-only/],
      ['idtyp app even with the scope', { idtyp: 'app' }, /app-only/],
    ];
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    for (const [what, overrides, message] of bad) {
      const token = await idp.token(owner, overrides);
      for (const res of [
        await call(bot, 'GET', '/api/tab/me', token),
        await call(bot, 'POST', attachPath, token, attachBody()),
      ]) {
        assert.equal(res.status, 401, what);
        assert.equal(res.body.error.code, 'unauthenticated', what);
        assert.match(res.body.error.message, message, what);
      }
    }
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before, 'a refused token changed the store');

    // The same request with the owner's proper token does change it: the refusals above were the token's doing.
    const ok = await call(bot, 'POST', attachPath, await idp.token(owner), attachBody());
    assert.equal(ok.status, 200);
    assert.notEqual(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
  });
});
