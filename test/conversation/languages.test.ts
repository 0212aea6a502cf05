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
    // Berlin is GMT+1 in winter, GMT+2 in summer: the audit entry's minute at that offset, in German words.
    const when = cardFacts(cards.done!).find((f) => f.title === 'Wann')!.value;
    const [, day, month, hhmm, offset] = /^(\d{1,2})\. (\S+) \d{4}, (\d\d:\d\d) GMT\+([12])$/.exec(when) ?? [];
    assert.ok(day && month, `"${when}" is a German date and time in Berlin`);
    const local = new Date(Date.parse(at) + Number(offset) * 3_600_000);
    assert.equal(hhmm, local.toISOString().slice(11, 16), `${when} is ${at}`);
    assert.equal(Number(day), local.getUTCDate());
    assert.equal(
      month.replace(/\.$/, ''),
      new Intl.DateTimeFormat('de', { month: 'short', timeZone: 'UTC' }).format(local),
    );
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
