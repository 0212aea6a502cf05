import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type restify from 'restify';
import { readJsonBody } from '../../bot/server/jsonBody';

const request = (text: string) =>
  Object.assign(Readable.from([Buffer.from(text, 'utf8')]), {
    headers: { 'content-type': 'application/json' },
  }) as unknown as restify.Request;

describe('server: reading a JSON body', () => {
  it('keeps prototype keys out, whether written plainly or with escapes', async () => {
    for (const text of [
      '{"a":{"__proto__":{"polluted":true},"b":1}}',
      '{"a":{"\\u005f_proto__":{"polluted":true},"b":1}}',
      '{"a":{"constructor":{"prototype":{"polluted":true}},"b":1}}',
      '{"a":{"\\u0063onstructor":{"polluted":true},"b":1}}',
    ]) {
      const body = (await readJsonBody(request(text))) as { a: Record<string, unknown> };
      assert.deepEqual(Object.keys(body.a), ['b'], text);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }
  });

  it('reads an ordinary body as JSON.parse does, escapes in values included', async () => {
    const text = JSON.stringify({
      type: 'message',
      text: 'Grüße \u2028 "quoted" \\u0041',
      value: { page: 2, list: [1, null, true] },
    });
    assert.deepEqual(await readJsonBody(request(text)), JSON.parse(text));
  });
});
