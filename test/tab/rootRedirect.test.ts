import assert from 'node:assert/strict';
import http from 'node:http';
import { startBot, type BotUnderTest } from '../support/botUnderTest';

/** One GET over a socket of its own, redirects not followed: status, headers and the body's bytes. */
function get(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

describe('tab: the bot address itself', () => {
  let bot: BotUnderTest;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot?.stop();
  });

  it('redirects GET / to the tab page with an empty body, not a JSON null', async () => {
    const res = await get(`${bot.url}/`);
    assert.equal(res.status, 302);
    assert.equal(res.headers.location, '/tab');
    assert.equal(res.body.length, 0, `body: ${res.body.toString()}`);
    assert.equal(res.headers['content-length'], '0');
    assert.equal(res.headers['content-type'], undefined, 'no body, so no content type');

    const page = await get(new URL(res.headers.location!, bot.url).toString());
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
  });
});
