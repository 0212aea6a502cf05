import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { chatWithBot, DEMO } from '../support/botUnderTest';
import { cardFacts, cardText, findAction, invokeCard, lastSentCard, type Card } from '../support/cards';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The instant an English zoned time such as `8 Dec 2026, 08:05 GMT+9` names, worked out by hand (not by Intl), with
 * the offset it says; undefined for text of any other shape.
 */
function instantOf(text: string): { ms: number; offsetHours: number } | undefined {
  const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}), (\d\d):(\d\d) GMT([+-]\d{1,2})$/.exec(text);
  if (!m) return undefined;
  const [, day, month, year, hour, minute, offset] = m;
  const offsetHours = Number(offset);
  const local = Date.UTC(Number(year), MONTHS.indexOf(month!), Number(day), Number(hour), Number(minute));
  return { ms: local - offsetHours * 3_600_000, offsetHours };
}

/** `2026-12-07 23:05 UTC`: the text every reader without a known zone gets, as before. */
const utcText = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const toMinute = (iso: string) => Date.parse(`${iso.slice(0, 16)}Z`);

/**
 * Times on the chat's cards in the person's time zone (the activity's `localTimezone`): the done card, the status
 * card's last change, a refreshed card and a stale notice; UTC, exactly as before, for a zone Intl does not know. The
 * CSV keeps ISO 8601 in UTC.
 */
describe("conversation: times in the person's time zone", () => {
  const chat = chatWithBot();

  /** Attaches Wingtip to a subscription through the cards; the done card and the audit entry's time. */
  async function attach(subscriptionId: string): Promise<{ done: Card; at: string }> {
    const enter = invokeCard(await chat.owner.press('choose', { mode: 'attach', subscriptionId }));
    const confirm = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    const done = invokeCard(await chat.owner.press('submit', findAction(confirm, 'Submit').data));
    assert.match(cardText(done), /Partner of record attached/);
    const [entry] = await chat.bot.app.ports.store.history(DEMO.contoso, subscriptionId, 1);
    return { done, at: entry!.at };
  }

  const when = (card: Card) => cardFacts(card).find((f) => f.title === 'When')!.value;

  /** The status card's last-change line for the CRM subscription. */
  async function statusLine(): Promise<string> {
    assert.equal((await chat.owner.say('status')).status, 200);
    const text = cardText(lastSentCard(chat.channel, chat.owner.conversationId));
    return /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)\nAttached by Ada Owner on (.*?)\./.exec(
      text,
    )![1]!;
  }

  /** The time shown is the audit entry's minute, in the zone's offset (`allowed`: the zone's offsets in a year). */
  function assertZoned(shown: string, at: string, allowed: number[]) {
    const instant = instantOf(shown);
    assert.ok(instant, `"${shown}" is a zoned time`);
    assert.ok(allowed.includes(instant.offsetHours), `${shown}: offset ${instant.offsetHours}`);
    assert.equal(instant.ms, toMinute(at), `${shown} is ${at}`);
  }

  for (const [zone, offsets] of [
    ['Asia/Tokyo', [9]],
    ['America/New_York', [-5, -4]],
  ] as const) {
    it(`${zone}: the done card, its refresh and the status card's last change are in that zone`, async () => {
      chat.owner.localTimezone = zone;
      const { done, at } = await attach(DEMO.subscriptions.crm);
      assertZoned(when(done), at, [...offsets]);
      assertZoned(await statusLine(), at, [...offsets]);
      // Teams refreshing the card when it comes into view sends the activity, and so the zone, again.
      const refreshed = invokeCard(await chat.owner.refresh(done));
      assert.equal(when(refreshed), when(done));
      // A card with no usable version gets the state now, whose last change is a fact in the zone too.
      const stale = invokeCard(
        await chat.owner.press('showChange', { subscriptionId: DEMO.subscriptions.crm, version: -1 }),
      );
      assertZoned(
        cardFacts(stale)
          .find((f) => f.title === 'Last change')!
          .value.replace(/^.* on /, ''),
        at,
        [...offsets],
      );
    });
  }

  it('the same change read from Tokyo and from New York: the same instant, each in their own zone', async () => {
    chat.owner.localTimezone = 'Asia/Tokyo';
    const { at } = await attach(DEMO.subscriptions.crm);
    const tokyo = await statusLine();
    chat.owner.localTimezone = 'America/New_York';
    const newYork = await statusLine();
    assert.notEqual(tokyo, newYork);
    assertZoned(tokyo, at, [9]);
    assertZoned(newYork, at, [-5, -4]);
  });

  it('Asia/Tokyo: the card that ends an action on several subscriptions, and its refresh, are in that zone', async () => {
    chat.owner.localTimezone = 'Asia/Tokyo';
    await chat.owner.say('add partner');
    const picker = lastSentCard(chat.channel, chat.owner.conversationId);
    const several = picker.body
      .flatMap((e: any) => (e.type === 'ActionSet' ? e.actions : []))
      .find((a: any) => a.title === 'Several at once');
    const tick = invokeCard(await chat.owner.press(several.verb, several.data ?? {}));
    const { crm, ax7 } = DEMO.subscriptions;
    const next = findAction(tick, 'Next');
    const enter = invokeCard(await chat.owner.press(next.verb, { ...next.data, subscriptionIds: `${crm},${ax7}` }));
    const check = findAction(enter, 'Check ID');
    const confirm = invokeCard(await chat.owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }));
    const done = invokeCard(await chat.owner.press('submitSeveral', findAction(confirm, 'Submit').data));
    const [entry] = await chat.bot.app.ports.store.history(DEMO.contoso, crm, 1);
    const by = (card: Card) => /By Ada Owner, (.*)\./.exec(cardText(card))![1]!;
    assertZoned(by(done), entry!.at, [9]);
    assert.equal(by(invokeCard(await chat.owner.refresh(done))), by(done));
  });

  it('no zone, an unknown one or an overlong one: UTC as before, and no error', async () => {
    const { done, at } = await attach(DEMO.subscriptions.crm);
    assert.equal(when(done), utcText(at));
    for (const zone of ['Mars/Olympus', 'x'.repeat(200), 'Asia/Tokyo; DROP', '']) {
      chat.owner.localTimezone = zone;
      assert.equal(await statusLine(), utcText(at), JSON.stringify(zone.slice(0, 20)));
      assert.equal(when(invokeCard(await chat.owner.refresh(done))), utcText(at));
    }
  });

  it('the history CSV stays ISO 8601 in UTC, whatever zone the chat is in', async () => {
    chat.owner.localTimezone = 'Asia/Tokyo';
    const { at } = await attach(DEMO.subscriptions.crm);
    const signIn = await fetch(`${chat.bot.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const res = await fetch(`${chat.bot.url}/api/tab/history.csv`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const [header, ...rows] = parse((await res.text()).replace(/^\uFEFF/, '')) as string[][];
    const row = rows.find((r) => r[header!.indexOf('Subscription ID')] === DEMO.subscriptions.crm)!;
    assert.equal(header![0], 'Time (UTC)');
    assert.equal(row[0], at);
    assert.match(row[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});
