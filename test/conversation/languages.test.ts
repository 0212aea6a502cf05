import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEMO_SEED_FILE } from '../../bot/config';
import { SERVICE_NAMES } from '../../bot/wording/services';
import { chatWithBot, DEMO, type Chat } from '../support/botUnderTest';
import { actionTitles, cardFacts, cardText, invokeCard, lastSentCard, type Card } from '../support/cards';
import { englishLeft } from '../support/englishLeft';
import { TeamsUser } from '../support/teamsUser';

/**
 * The person's Teams language (the activity's `locale`) picks the language of the welcome and help cards, through
 * the whole bot: install, a button, and commands typed in that language or in English.
 */
describe("conversation: welcome and help in the person's language", () => {
  const chat = chatWithBot({ unchanged: true });

  async function typed(text: string): Promise<Card> {
    assert.equal((await chat.owner.say(text)).status, 200);
    return lastSentCard(chat.channel, chat.owner.conversationId);
  }

  it('de-DE: the welcome card on install, Help, and "hilfe" typed, all in German', async () => {
    chat.owner.locale = 'de-DE';
    assert.equal((await chat.owner.install()).status, 200);
    const welcome = lastSentCard(chat.channel, chat.owner.conversationId);
    assert.match(cardText(welcome), /Hallo Ada Owner! Ich führe für Ihre Organisation ein eigenes Verzeichnis/);
    assert.match(cardText(welcome), /Dieses Verzeichnis ändert nichts bei Microsoft/);
    assert.deepEqual(actionTitles(welcome), [
      'Partner hinzufügen',
      'Partner ändern',
      'Partner entfernen',
      'Status',
      'Hilfe',
    ]);

    const pressed = invokeCard(await chat.owner.press('help', {}));
    assert.match(cardText(pressed), /^Was ich für Sie tun kann\n/);
    assert.match(cardText(pressed), /Zuständig in Ihrer Organisation: Ada Owner\./);
    assert.doesNotMatch(cardText(pressed), /What I can do|Who may use it/);

    const help = await typed('hilfe');
    assert.equal(JSON.stringify(help), JSON.stringify(pressed));
    assert.match(String(help.fallbackText), /^Ich führe .* Befehle: Partner hinzufügen/);
  });

  it('ja-JP: the welcome card, Help, and ヘルプ typed, all in Japanese', async () => {
    chat.owner.locale = 'ja-JP';
    const welcome = await typed('こんにちは');
    assert.match(
      cardText(welcome),
      /^Partner of Record\nContoso Ltd\nAda Owner さん、こんにちは。組織独自の記録として/,
    );
    assert.deepEqual(actionTitles(welcome), [
      'パートナーを追加',
      'パートナーを変更',
      'パートナーを削除',
      '状態',
      'ヘルプ',
    ]);

    const pressed = invokeCard(await chat.owner.press('help', {}));
    assert.match(cardText(pressed), /^できること\n/);
    const help = await typed('ヘルプ');
    assert.equal(JSON.stringify(help), JSON.stringify(pressed));
    assert.match(cardText(help), /あなたの組織では Ada Owner が該当します。/);
  });

  it('answers a language it does not speak, or a locale it cannot read, in English; English words work anywhere', async () => {
    for (const locale of ['pt-BR', 'en_US', '<script>', '']) {
      chat.owner.locale = locale;
      assert.match(cardText(await typed('help')), /^What I can do\n/, locale);
    }
    chat.owner.locale = 'en-US';
    assert.match(cardText(await typed('hilfe')), /^What I can do\n/, 'German words, an English person');
    chat.owner.locale = 'fr-FR';
    assert.match(cardText(await typed('help')), /^Ce que je peux faire\n/, 'English words, a French person');
  });
});

/**
 * Every name, id and address the demo seed holds, and the services' names: data the directory gives, the same in
 * every language.
 */
function seedStrings(): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(JSON.parse(readFileSync(DEMO_SEED_FILE, 'utf8')));
  return [...out.filter((s) => s.length >= 3), ...Object.values(SERVICE_NAMES)];
}

/** Berlin is GMT+1 in winter, GMT+2 in summer: the audit entry's minute at that offset, in German words. */
function assertBerlinTime(when: string, at: string): void {
  const [, day, month, hhmm, offset] = /^(\d{1,2})\. (\S+) \d{4}, (\d\d:\d\d) GMT\+([12])$/.exec(when) ?? [];
  assert.ok(day && month, `"${when}" is a German date and time in Berlin`);
  const local = new Date(Date.parse(at) + Number(offset) * 3_600_000);
  assert.equal(hhmm, local.toISOString().slice(11, 16), `${when} is ${at}`);
  assert.equal(Number(day), local.getUTCDate());
  assert.equal(
    month.replace(/\.$/, ''),
    new Intl.DateTimeFormat('de', { month: 'short', timeZone: 'UTC' }).format(local),
  );
}

/** The action of a card that sends `verb` (titles are in the person's language). */
function actionFor(card: Card, verb: string): { verb: string; data: Record<string, any> } {
  const action = (card.actions ?? []).find((a: any) => a.verb === verb);
  assert.ok(action, `no action with verb ${verb}`);
  return { verb: action.verb, data: action.data ?? {} };
}

/**
 * The one-subscription attach flow (the attach command typed, the picker, the Partner ID form, Check ID, Submit),
 * then the status card, then a member typing the attach command: each card as the person saw it.
 */
async function attachFlow(chat: Chat, words: { attach: string; status: string }): Promise<Record<string, Card>> {
  const { owner } = chat;
  assert.equal((await owner.say(words.attach)).status, 200);
  const picker = lastSentCard(chat.channel, owner.conversationId);
  const next = actionFor(picker, 'choose');
  const form = invokeCard(await owner.press('choose', { ...next.data, subscriptionId: DEMO.subscriptions.crm }));
  const check = actionFor(form, 'check');
  const confirm = invokeCard(await owner.press('check', { ...check.data, partnerId: DEMO.partners.wingtip }));
  const done = invokeCard(await owner.press('submit', actionFor(confirm, 'submit').data));
  assert.equal((await owner.say(words.status)).status, 200);
  const status = lastSentCard(chat.channel, owner.conversationId);
  const member = new TeamsUser(chat.bot.url, chat.channel.url, DEMO.contoso, DEMO.users.member, 'Mel Member');
  member.locale = owner.locale;
  if (owner.localTimezone) member.localTimezone = owner.localTimezone;
  assert.equal((await member.say(words.attach)).status, 200);
  const refusal = lastSentCard(chat.channel, member.conversationId);
  return { picker, form, confirm, done, status, refusal };
}

/**
 * The attach flow, the status card and the refusal to a member, in German and Japanese: no sentence of the English
 * cards is left, and times are in the person's time zone.
 */
describe("conversation: the attach flow, status and a refusal in the person's language", () => {
  const english = chatWithBot();
  const chat = chatWithBot();
  const data = seedStrings();
  /** Names Microsoft's German, Spanish and Japanese keep. */
  const keep = ['Partner of Record', 'Partner ID', 'Azure portal'];

  async function inLanguage(locale: string, zone: string, words: { attach: string; status: string }) {
    const englishCards = await attachFlow(english, { attach: 'add partner', status: 'status' });
    chat.owner.locale = locale;
    chat.owner.localTimezone = zone;
    const cards = await attachFlow(chat, words);
    for (const [name, card] of Object.entries(cards)) {
      assert.deepEqual(englishLeft(englishCards[name]!, card, { keep, data }), [], `${locale} ${name} still says`);
    }
    const [entry] = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm, 1);
    return { cards, at: entry!.at };
  }

  it('de-DE: from the picker to the done card, status and a refusal, all in German, times in Berlin', async () => {
    const { cards, at } = await inLanguage('de-DE', 'Europe/Berlin', {
      attach: 'Partner hinzufügen',
      status: 'Status',
    });
    assert.match(cardText(cards.picker!), /^Partner of Record hinzufügen\nWelches Abonnement\?/);
    assert.match(cardText(cards.form!), /Aktueller Partner: Keiner/);
    assert.deepEqual(actionTitles(cards.confirm!), ['Absenden', 'ID ändern', 'Abbrechen']);
    assert.match(cardText(cards.confirm!), /Bei Microsoft ändert sich dadurch nichts\./);
    assert.match(cardText(cards.done!), /^Partner of Record hinzugefügt\nWingtip Partners ist jetzt Partner of Record/);
    const when = cardFacts(cards.done!).find((f) => f.title === 'Wann')!.value;
    assertBerlinTime(when, at);
    assert.match(
      cardText(cards.status!),
      new RegExp(`Hinzugefügt von Ada Owner am ${when.replace(/[.+]/g, '\\$&')}\\.`),
    );
    assert.match(cardText(cards.refusal!), /^Das kann nur der Besitzer\n/);
    assert.deepEqual(cardFacts(cards.refusal!)[0], { title: 'Ihre Rolle', value: 'Benutzer' });
    assert.deepEqual(actionTitles(cards.refusal!), ['Status', 'Hilfe']);
  });

  it('ja-JP: from the picker to the done card, status and a refusal, all in Japanese, times in Tokyo', async () => {
    const { cards, at } = await inLanguage('ja-JP', 'Asia/Tokyo', { attach: 'パートナーを追加', status: '状態' });
    assert.match(cardText(cards.picker!), /^パートナー オブ レコードを追加\nどのサブスクリプションですか\?/);
    assert.deepEqual(actionTitles(cards.confirm!), ['送信', 'ID を変更', 'キャンセル']);
    assert.match(cardText(cards.done!), /Microsoft 側では何も変更されていません。/);
    const when = cardFacts(cards.done!).find((f) => f.title === '日時')!.value;
    const local = new Date(Date.parse(at) + 9 * 3_600_000).toISOString();
    assert.ok(when.includes(local.slice(11, 16)) && when.endsWith('GMT+9'), `${when} is ${at} in Tokyo`);
    assert.ok(cardText(cards.status!).includes(`${when} に Ada Owner が追加。`), cardText(cards.status!));
    assert.match(cardText(cards.refusal!), /^この操作は所有者だけが行えます\n/);
    assert.deepEqual(actionTitles(cards.refusal!), ['状態', 'ヘルプ']);
    assert.match(String(cards.refusal!.fallbackText), /^この操作は所有者だけが行えます。パートナー/);
  });
});

/** The button in a card's body (an ActionSet) that sends `verb`. */
function bodyActionFor(card: Card, verb: string): { verb: string; data: Record<string, any> } {
  const actions = (card.body ?? []).flatMap((e: any) => (e.type === 'ActionSet' ? e.actions : []));
  const action = actions.find((a: any) => a.verb === verb);
  assert.ok(action, `no button with verb ${verb} in the card's body`);
  return { verb: action.verb, data: action.data ?? {} };
}

/** Removing Office 365's partner (Fabrikam): the remove command typed, the picker, the confirmation, the done card. */
async function removeFlow(chat: Chat, remove: string): Promise<Record<string, Card>> {
  const { owner } = chat;
  assert.equal((await owner.say(remove)).status, 200);
  const picker = lastSentCard(chat.channel, owner.conversationId);
  const next = actionFor(picker, 'choose');
  const confirm = invokeCard(await owner.press('choose', { ...next.data, subscriptionId: DEMO.subscriptions.o365 }));
  const done = invokeCard(await owner.press('remove', actionFor(confirm, 'remove').data));
  return { picker, confirm, done };
}

/**
 * One partner (Wingtip) attached to three subscriptions: "Several at once" from the attach picker, the ticks, the
 * one Partner ID form, its confirmation, the done card; and the change picker's "all subscriptions of a partner".
 */
async function severalFlow(chat: Chat, words: { attach: string; change: string }): Promise<Record<string, Card>> {
  const { owner } = chat;
  const { crm, ax7, intune } = DEMO.subscriptions;
  assert.equal((await owner.say(words.attach)).status, 200);
  const several = bodyActionFor(lastSentCard(chat.channel, owner.conversationId), 'pickSeveral');
  const picker = invokeCard(await owner.press(several.verb, several.data));
  const next = actionFor(picker, 'chooseSeveral');
  const form = invokeCard(
    await owner.press(next.verb, { ...next.data, subscriptionIds: [crm, ax7, intune].join(',') }),
  );
  const check = actionFor(form, 'checkSeveral');
  const confirm = invokeCard(await owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }));
  const done = invokeCard(await owner.press('submitSeveral', actionFor(confirm, 'submitSeveral').data));
  assert.equal((await owner.say(words.change)).status, 200);
  const all = bodyActionFor(lastSentCard(chat.channel, owner.conversationId), 'pickMove');
  const move = invokeCard(await owner.press(all.verb, all.data));
  return { picker, form, confirm, done, move };
}

/**
 * Removing a partner and attaching one partner to several subscriptions, in German and Japanese: no sentence of the
 * English cards is left, times are in the person's zone, and a done card refreshed stays in that language.
 */
describe("conversation: removing a partner and several at once in the person's language", () => {
  const english = chatWithBot();
  const chat = chatWithBot();
  const data = seedStrings();
  const keep = ['Partner of Record', 'Partner ID', '(Partner ID', 'Azure portal'];

  function assertNoEnglishLeft(locale: string, englishCards: Record<string, Card>, cards: Record<string, Card>) {
    for (const [name, card] of Object.entries(cards)) {
      assert.deepEqual(englishLeft(englishCards[name]!, card, { keep, data }), [], `${locale} ${name} still says`);
    }
  }

  async function lastChangeAt(subscriptionId: string): Promise<string> {
    const [entry] = await chat.bot.app.ports.store.history(DEMO.contoso, subscriptionId, 1);
    return entry!.at;
  }

  it('de-DE: removes a partner, confirmation and done card in German, the time in Berlin', async () => {
    const englishCards = await removeFlow(english, 'remove partner');
    chat.owner.locale = 'de-DE';
    chat.owner.localTimezone = 'Europe/Berlin';
    const cards = await removeFlow(chat, 'Partner entfernen');
    assertNoEnglishLeft('de-DE', englishCards, cards);
    assert.match(cardText(cards.confirm!), /^Partner of Record entfernen\?\n/);
    assert.deepEqual(cardFacts(cards.confirm!), [
      { title: 'Abonnement', value: 'Office 365 / Microsoft 365: Office 365 E3' },
      { title: 'Aktueller Partner', value: 'Fabrikam Cloud Services (1234567)' },
    ]);
    assert.deepEqual(actionTitles(cards.confirm!), ['Entfernen', 'Abbrechen']);
    assert.match(String(cards.confirm!.fallbackText), /^Fabrikam Cloud Services als Partner of Record für Office 365/);
    assert.match(
      cardText(cards.done!),
      /^Partner of Record entfernt\nOffice 365 E3 hat jetzt keinen Partner of Record\./,
    );
    assert.deepEqual(actionTitles(cards.done!), ['Status', 'Weiteres entfernen', 'Microsoft 365 Admin Center']);
    assertBerlinTime(
      cardFacts(cards.done!).find((f) => f.title === 'Wann')!.value,
      await lastChangeAt(DEMO.subscriptions.o365),
    );
    assert.deepEqual(invokeCard(await chat.owner.refresh(cards.done!)), cards.done, 'refreshed: the same German card');
  });

  it('de-DE: attaches one partner to three subscriptions, from the picker to the done card, in German', async () => {
    const englishCards = await severalFlow(english, { attach: 'add partner', change: 'change partner' });
    chat.owner.locale = 'de-DE';
    chat.owner.localTimezone = 'Europe/Berlin';
    const cards = await severalFlow(chat, { attach: 'Partner hinzufügen', change: 'Partner ändern' });
    assertNoEnglishLeft('de-DE', englishCards, cards);
    assert.match(cardText(cards.picker!), /^Partner of Record für mehrere Abonnements hinzufügen\nWählen Sie/);
    assert.match(cardText(cards.picker!), /Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement/);
    assert.deepEqual(actionTitles(cards.picker!), ['Weiter', 'Abbrechen']);
    assert.match(cardText(cards.form!), /^Partner of Record hinzufügen\nFür diese 3 Abonnements:\n/);
    assert.match(cardText(cards.form!), /Microsoft Intune: Microsoft Intune Plan 1 \(derzeit: Keiner\)/);
    assert.deepEqual(actionTitles(cards.form!), ['ID prüfen', 'Abbrechen']);
    assert.match(
      cardText(cards.confirm!),
      /^Ist das der richtige Partner\?\nDie Partner-ID 2345678 ist registriert für:/,
    );
    assert.match(cardText(cards.confirm!), /Gilt für diese 3 Abonnements:\nAktueller Partner of Record: Keiner\n/);
    assert.deepEqual(actionTitles(cards.confirm!), ['Absenden', 'Abbrechen']);
    const done = cardText(cards.done!);
    assert.match(
      done,
      /^Partner of Record für 3 Abonnements hinzugefügt\nWingtip Partners ist jetzt Partner of Record für diese 3 Abonnements\./,
    );
    assert.match(done, /\nBisheriger Partner of Record: Keiner\n/);
    assert.match(done, /\nDynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement\. Referenz [0-9a-f-]{36}\n/);
    const [, when] = /\nVon Ada Owner am (.+)\.\n/.exec(done) ?? [];
    assert.ok(when, done);
    assertBerlinTime(when, await lastChangeAt(DEMO.subscriptions.crm));
    assert.deepEqual(actionTitles(cards.done!), ['Status', 'Microsoft 365 Admin Center']);
    assert.deepEqual(invokeCard(await chat.owner.refresh(cards.done!)), cards.done, 'refreshed: the same German card');
    assert.match(cardText(cards.move!), /^Abonnements auf einen anderen Partner übertragen\n/);
    assert.ok(cardText(cards.move!).includes('Alle Abonnements von Wingtip Partners (3)'), cardText(cards.move!));
  });

  it('ja-JP: attaches one partner to three subscriptions in Japanese, the time in Tokyo', async () => {
    const englishCards = await severalFlow(english, { attach: 'add partner', change: 'change partner' });
    chat.owner.locale = 'ja-JP';
    chat.owner.localTimezone = 'Asia/Tokyo';
    const cards = await severalFlow(chat, { attach: 'パートナーを追加', change: 'パートナーを変更' });
    assertNoEnglishLeft('ja-JP', englishCards, cards);
    assert.match(cardText(cards.picker!), /^複数のサブスクリプションにパートナー オブ レコードを追加\n/);
    assert.match(cardText(cards.form!), /対象: これら 3 件のサブスクリプション\n/);
    assert.deepEqual(actionTitles(cards.confirm!), ['送信', 'キャンセル']);
    const done = cardText(cards.done!);
    assert.match(done, /^3 件のサブスクリプションにパートナー オブ レコードを追加しました\n/);
    const at = await lastChangeAt(DEMO.subscriptions.crm);
    const local = new Date(Date.parse(at) + 9 * 3_600_000).toISOString();
    const [, when] = /\n(.+) に Ada Owner が実行しました。\n/.exec(done) ?? [];
    assert.ok(when?.includes(local.slice(11, 16)) && when.endsWith('GMT+9'), `${when} is ${at} in Tokyo`);
  });
});
