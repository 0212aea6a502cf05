import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { consentStateKey } from '../../bot/onboarding/adminConsent';
import { rmSync } from 'node:fs';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import {
  AnswerLinks,
  answerLinkKey,
  ANSWER_LINK_KEY_PURPOSE,
  ANSWER_LINK_TTL_MS,
} from '../../bot/partnerAnswer/answerLink';
import { tempDir } from '../support/botUnderTest';
import { renderPartnerEmail } from '../../bot/notifications/partnerEmails';
import type { PartnerEmailPayload } from '../../bot/core';

const AT = '2026-12-01T10:00:00.000Z';
const tokenOf = (url: string) => new URL(url).searchParams.get('t')!;

describe('partner answer links', () => {
  let now = Date.parse(AT);
  const links = (secret = 'app-secret-1') =>
    new AnswerLinks({ key: answerLinkKey(secret), baseUrl: () => 'https://bot.contoso.example', now: () => now });
  const change = { eventId: randomUUID(), version: 3, at: AT };

  beforeEach(() => {
    now = Date.parse(AT);
  });

  it("names the change and its version, the same link every time, on the bot's own host", async () => {
    const url = await links().urlFor(change);
    assert.equal(url, await links().urlFor(change));
    assert.match(url, /^https:\/\/bot\.contoso\.example\/partner-answer\?t=[\w-]+\.[\w-]+$/);
    assert.deepEqual(await links().read(tokenOf(url)), {
      changeEventId: change.eventId,
      version: 3,
      expiresAt: Date.parse(AT) + ANSWER_LINK_TTL_MS,
    });
  });

  it('works for 30 days after the change, and not a moment longer', async () => {
    const token = tokenOf(await links().urlFor(change));
    now = Date.parse(AT) + ANSWER_LINK_TTL_MS;
    assert.ok(await links().read(token));
    now += 1;
    assert.equal(await links().read(token), null);
  });

  it('refuses a token signed with another secret, with the consent key, altered, or malformed', async () => {
    const token = tokenOf(await links().urlFor(change));
    assert.equal(await links('another-secret').read(token), null);
    const consentKey = consentStateKey('app-secret-1');
    const consentSigned = await new AnswerLinks({ key: consentKey, baseUrl: () => 'https://x.example' }).urlFor(change);
    assert.equal(await links().read(tokenOf(consentSigned)), null);
    assert.notDeepEqual(answerLinkKey('app-secret-1'), consentKey);
    const [payload, mac] = token.split('.') as [string, string];
    const bumped = Buffer.from(
      JSON.stringify({ e: change.eventId, v: 4, x: Date.parse(AT) + ANSWER_LINK_TTL_MS }),
    ).toString('base64url');
    for (const bad of [
      `${bumped}.${mac}`,
      `${payload}.${mac}x`,
      `${payload}`,
      `${payload}.${mac}.x`,
      '',
      'a'.repeat(600),
    ]) {
      assert.equal(await links().read(bad), null, bad);
    }
  });

  it('without a secret, signs with the key the store keeps: the same after a restart and on every instance', async () => {
    const dir = tempDir();
    try {
      const first = openSqliteStore({ dataDir: dir });
      const url = await new AnswerLinks({
        key: answerLinkKey('', first),
        baseUrl: () => 'http://127.0.0.1:3978',
        now: () => now,
      }).urlFor(change);
      first.close();
      // Another process on the same store (a restart, or a second instance) checks the link with the same key.
      const again = openSqliteStore({ dataDir: dir });
      try {
        const reader = new AnswerLinks({
          key: answerLinkKey('', again),
          baseUrl: () => 'http://127.0.0.1:3978',
          now: () => now,
        });
        assert.deepEqual((await reader.read(tokenOf(url)))?.changeEventId, change.eventId);
        assert.equal((await again.signingKey(ANSWER_LINK_KEY_PURPOSE)).length, 32);
        assert.notDeepEqual(await again.signingKey('another purpose'), await again.signingKey(ANSWER_LINK_KEY_PURPOSE));
      } finally {
        again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with neither a secret nor a store, signs with a key of this process only', () => {
    assert.notDeepEqual(answerLinkKey(''), answerLinkKey(''));
    assert.equal((answerLinkKey('') as Buffer).length, 32);
  });
});

describe("the new partner's email carries its link", () => {
  const payload = (template: PartnerEmailPayload['template']): PartnerEmailPayload => ({
    template,
    to: { name: 'Wingtip', email: 'por@wingtip.example' },
    partner: { partnerId: '2345678', name: 'Wingtip Partners' },
    customer: { tenantId: 't', name: 'Contoso <Ltd>' },
    subscription: { id: 's', service: 'Azure', name: 'Prod' },
    actor: { aadObjectId: 'a', name: 'Ada' },
    at: AT,
  });
  const url = 'https://bot.example/partner-answer?t=abc.def&x="1"';

  it('in the text and as an escaped link in the HTML, before the support line, for an added partner only', () => {
    const mail = renderPartnerEmail(payload('added'), { supportLine: 'Questions? Reply.', answerUrl: url });
    assert.match(
      mail.text,
      /Please tell Contoso <Ltd> whether this is right: confirm that you work with them .* https:\/\/bot\.example\/partner-answer\?t=abc\.def&x="1"\n\nQuestions\? Reply\./s,
    );
    assert.ok(mail.html.includes('<a href="https://bot.example/partner-answer?t=abc.def&amp;x=&quot;1&quot;">'));
    assert.ok(!mail.html.includes('Contoso <Ltd>'));
    for (const template of ['replaced', 'removed'] as const) {
      assert.doesNotMatch(
        renderPartnerEmail(payload(template), { supportLine: '', answerUrl: url }).text,
        /partner-answer/,
      );
    }
    assert.doesNotMatch(renderPartnerEmail(payload('added'), { supportLine: '' }).text, /partner-answer/);
  });
});
