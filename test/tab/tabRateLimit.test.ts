import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { callTabApi } from '../support/ssoTab';
import { storeSnapshot } from '../support/storeSnapshot';

describe('tab API: too many changes in a minute', () => {
  let bot: BotUnderTest;
  let token: string;
  beforeEach(async () => {
    bot = await startBot({ env: { RATE_LIMIT_PER_USER_PER_MINUTE: '3', RATE_LIMIT_PER_TENANT_PER_MINUTE: '100' } });
    const signIn = await callTabApi(bot, 'POST', '/api/tab/dev/sign-in', undefined, {
      tenantId: DEMO.contoso,
      aadObjectId: DEMO.users.owner,
    });
    token = signIn.body.token;
  });
  afterEach(() => bot.stop());

  const post = (path: string, body: unknown) =>
    fetch(`${bot.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers 429 with Retry-After and a JSON error beyond the limit, changes nothing, and still answers a repeated request', async () => {
    const crm = `/api/tab/subscriptions/${DEMO.subscriptions.crm}`;
    const check = await post(`${crm}/check`, { partnerId: DEMO.partners.wingtip, version: 0 });
    assert.equal(check.status, 200);
    const attach = { partnerId: DEMO.partners.wingtip, version: 0, requestId: randomUUID() };
    assert.equal((await post(`${crm}/attach`, attach)).status, 200);
    assert.equal(
      (await post(`${crm}/change`, { partnerId: DEMO.partners.litware, version: 1, requestId: randomUUID() })).status,
      200,
    );

    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    const refused = await post(`${crm}/remove`, { version: 2, requestId: randomUUID() });
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60,
      `Retry-After: ${refused.headers.get('retry-after')}`,
    );
    assert.match(refused.headers.get('content-type') ?? '', /application\/json/);
    const body = (await refused.json()) as any;
    assert.equal(body.error.code, 'slowDown');
    assert.equal(body.error.retryAfterSeconds, retryAfter);
    assert.match(body.error.message, /nothing was changed/i);
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);

    const checkAgain = await post(`${crm}/check`, { partnerId: DEMO.partners.wingtip, version: 2 });
    assert.equal(checkAgain.status, 429, 'Check ID asks Partner Center, so it is limited too');

    // The tab retrying the first attach with its request id gets its answer, not a refusal.
    const repeat = await post(`${crm}/attach`, attach);
    assert.equal(repeat.status, 200);
    assert.equal(((await repeat.json()) as any).repeated, true);

    // Reading is not limited.
    assert.equal((await callTabApi(bot, 'GET', '/api/tab/subscriptions', token)).status, 200);
  });
});
