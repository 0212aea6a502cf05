import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { notAnswering } from '../../bot/wording/refusals';
import { DEMO, type BotUnderTest } from '../support/botUnderTest';
import { LocalIdentityProvider } from '../support/identityProvider';
import { freePort } from '../support/smtpTestServer';
import { callTabApi, SSO_AUDIENCE, startSsoBot } from '../support/ssoTab';

/** A keys endpoint that answers every request with this status and body. */
async function keysServer(status: number, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/keys`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The sign-in keys (JWKS) the tab checks Teams SSO tokens against may be out of reach: that is an outage of
 * Microsoft's sign-in service, answered 503 with the tab's outage message, never a 401 blaming the person's token.
 */
describe('tab API: the sign-in keys endpoint cannot be reached', () => {
  let idp: LocalIdentityProvider;
  const stops: (() => Promise<void>)[] = [];
  const ownerToken = () => idp.token({ tid: DEMO.contoso, oid: DEMO.users.owner, aud: SSO_AUDIENCE });
  const outage = notAnswering('entra');

  before(async () => {
    idp = await new LocalIdentityProvider().start();
  });
  after(() => idp.close());
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  async function botWithKeysAt(jwksUrl: string): Promise<BotUnderTest> {
    const bot = await startSsoBot(idp, { TAB_SSO_JWKS_URL: jwksUrl });
    stops.push(() => bot.stop());
    return bot;
  }

  async function assertOutage(bot: BotUnderTest, what: string) {
    for (const path of ['/api/tab/me', '/api/tab/history.csv']) {
      const res = await callTabApi(bot, 'GET', path, await ownerToken());
      assert.equal(res.status, 503, `${what}: ${path}`);
      assert.deepEqual(
        res.body.error,
        { code: 'upstreamUnavailable', message: outage.message, title: outage.title },
        `${what}: ${path}`,
      );
    }
  }

  it('answers 503 with the outage message when nothing listens at the keys address', async () => {
    await assertOutage(await botWithKeysAt(`http://127.0.0.1:${await freePort()}/keys`), 'connection refused');
  });

  for (const [what, status, body] of [
    ['answers 500', 500, '{"error":"internal"}'],
    ['answers 200 with text that is not JSON', 200, '<html>maintenance</html>'],
    ['answers 200 with no key set', 200, '{"keys":"none"}'],
  ] as const) {
    it(`answers 503 with the outage message when the keys endpoint ${what}`, async () => {
      const keys = await keysServer(status, body);
      stops.push(() => keys.close());
      await assertOutage(await botWithKeysAt(keys.url), what);
    });
  }

  it('still answers 401 to a token the reachable keys do not verify', async () => {
    const bot = await botWithKeysAt(idp.jwksUrl);
    const forged = `${(await ownerToken()).slice(0, -8)}AAAAAAAA`;
    const res = await callTabApi(bot, 'GET', '/api/tab/me', forged);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'unauthenticated');
  });
});
