import assert from 'node:assert/strict';
import { chatWithBot } from '../support/botUnderTest';
import { actionTitles, cardText, invokeCard, lastSentCard, type Card } from '../support/cards';

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
