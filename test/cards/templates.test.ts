import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../bot/config';
import { PartnerIdSchema } from '../../bot/core';
import { CARD_NAMES, CARDS_DIR, CardRenderer, type CardDataMap, type CardName } from '../../bot/teams/cardRenderer';
import { localizedTemplate } from '../../bot/teams/localizedTemplate';
import { cardBytes, validateAdaptiveCard } from '../support/adaptiveCardValidator';
import { describeChange, emailSentence, listNames, partnerText } from '../../bot/wording/labels';
import { ABOUT_THE_RECORD } from '../../bot/wording/record';
import { actionTitles, cardText, findAction, textRuns } from '../support/cards';

const SAMPLES_DIR = path.join(CARDS_DIR, 'samples');
/** Teams refuses a message over about 28 KB (HTTP 413). */
const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
/** A TextBlock longer than this many words must wrap, or a phone cuts it off with an ellipsis. */
const MAX_WORDS_WITHOUT_WRAP = 3;
/** The longest name the seed file accepts for a tenant, subscription, partner or person. */
const LONGEST_NAME = 200;

type Json = Record<string, unknown>;

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));
/** A template as it is compiled: in English, its `$t(key)` messages put in (with their `${field}`s). */
const templateOf = (name: string): unknown => localizedTemplate(readJson(path.join(CARDS_DIR, `${name}.json`)), 'en');
const sampleFile = (name: string): string => path.join(SAMPLES_DIR, `${name}.json`);
const jsonNames = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();

/** Every object in a JSON tree, with where it is. */
function objectsIn(node: unknown, where = ''): { node: Json; where: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => objectsIn(item, `${where}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  const obj = node as Json;
  return [
    { node: obj, where: where || '(root)' },
    ...Object.entries(obj).flatMap(([k, v]) => objectsIn(v, where ? `${where}.${k}` : k)),
  ];
}

/** Every string in a JSON tree (keys excluded), with where it is. */
function stringsIn(node: unknown, where = ''): { text: string; where: string }[] {
  if (typeof node === 'string') return [{ text: node, where }];
  if (Array.isArray(node)) return node.flatMap((item, i) => stringsIn(item, `${where}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => stringsIn(v, where ? `${where}.${k}` : k));
}

/**
 * The data fields a template reads from its root: the identifiers in its `${...}` expressions, except
 * inside a `$data` repetition, where they name fields of each item instead.
 */
function rootFieldsOf(template: unknown): string[] {
  const fields = new Set<string>();
  const collect = (text: string): void => {
    for (const [, expression] of text.matchAll(/\$\{([^}]*)\}/g)) {
      const code = expression!.replace(/'[^']*'|"[^"]*"/g, '');
      // Not a member (a.b), not $root/$index, not a function being called.
      for (const [, id] of code.matchAll(/(?<![\w$.])([A-Za-z_]\w*)\b(?!\s*\()/g)) {
        if (!['true', 'false', 'null'].includes(id!)) fields.add(id!);
      }
    }
  };
  const walk = (node: unknown, inItem: boolean): void => {
    if (typeof node === 'string') {
      if (!inItem) collect(node);
      return;
    }
    if (Array.isArray(node)) {
      for (const n of node) walk(n, inItem);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const repeated = '$data' in node;
    // `$data` itself is read in the enclosing scope; the object's other keys, `$when` included, per item.
    for (const [key, value] of Object.entries(node)) walk(value, key === '$data' ? inItem : inItem || repeated);
  };
  walk(template, false);
  return [...fields].sort();
}

/** Extra data for the branches (`$when`) the samples do not take, typed so they follow CardDataMap. */
type Variant = { [N in CardName]: { name: N; label: string; data: CardDataMap[N]; actions: string[] } }[CardName];

const VARIANTS: Variant[] = [
  {
    name: 'welcome',
    label: 'for someone who may only look',
    data: {
      greeting: 'Hi Cora CoAdmin.',
      tenantName: 'Contoso Ltd',
      aboutRecord: ABOUT_THE_RECORD,
      mayChange: false,
      readOnlyReason: 'Co-admins cannot attach, change or remove a partner of record. Ask Ada Owner.',
    },
    actions: ['Status', 'Help'],
  },
  {
    name: 'status',
    label: 'on a middle page, read only, with a subscription that has no partner',
    data: {
      tenantName: 'Contoso Ltd',
      summary: 'Subscriptions 21-40 of 60 (page 2 of 3). 1 has no partner of record.',
      notesText: 'No Azure subscription is visible to the app; if you have some, give it Reader on them.',
      fallbackText: 'Partners of record for Contoso Ltd: subscriptions 21-40 of 60.',
      page: 1,
      items: [
        {
          service: 'Azure',
          name: 'Azure plan',
          partnerText: 'No partner of record',
          partnerColor: 'Attention',
          lastChangeText: '',
        },
        {
          service: 'Intune',
          name: 'Microsoft Intune Plan 1',
          partnerText: 'Partner of record: Litware Advisory (11223344)',
          partnerColor: 'Default',
          lastChangeText: 'Changed by Ada Owner on 2026-11-24 09:12 UTC',
        },
      ],
      hasPrev: true,
      prevPage: 0,
      hasNext: true,
      nextPage: 2,
      mayChange: false,
      readOnlyReason:
        'Only the owner (administrator) role may change a partner of record. You can look, but not change.',
    },
    actions: ['Previous page', 'Next page'],
  },
  {
    name: 'status',
    label: 'for a tenant with no subscriptions',
    data: {
      tenantName: 'Northwind Traders',
      summary: 'Your organization has no subscriptions I can see.',
      notesText: '',
      fallbackText: 'Partners of record for Northwind Traders: none.',
      page: 0,
      items: [],
      hasPrev: false,
      prevPage: 0,
      hasNext: false,
      nextPage: 1,
      mayChange: true,
      readOnlyReason: '',
    },
    actions: ['Add partner', 'Change', 'Remove'],
  },
  {
    name: 'pickSubscription',
    label: 'on a middle page',
    data: {
      mode: 'change',
      service: 'Intune',
      title: 'Change the partner of record',
      prompt: 'Which subscription? These have a partner of record now.',
      choices: [{ title: 'Office 365: Office 365 E3 (Fabrikam Cloud Services)', value: 'contoso-o365-e3' }],
      pageText: 'Showing 21-21 of 21.',
      hasPrev: true,
      prevPage: 0,
      hasNext: true,
      nextPage: 2,
    },
    actions: ['Next', 'Previous page', 'More subscriptions', 'Cancel'],
  },
  {
    name: 'enterPartnerId',
    label: 'with an error and the ID typed before',
    data: {
      mode: 'attach',
      title: 'Add a partner of record',
      service: 'CRM Online',
      subscriptionName: 'Dynamics 365 Customer Engagement',
      subscriptionId: 'contoso-crm-ce',
      version: 0,
      currentPartnerText: 'None',
      partnerIdValue: '9999999',
      errorText: 'No partner is registered with Partner ID 9999999. Check the ID with your partner and try again.',
    },
    actions: ['Check ID', 'Cancel'],
  },
  {
    name: 'done',
    label: 'after a change',
    data: {
      kind: 'change',
      title: 'Partner of record changed',
      message:
        'Tailspin Consulting is now the partner of record for Office 365 E3. Tailspin Consulting will be told by email.',
      service: 'Office 365 / Microsoft 365',
      azure: false,
      subscriptionName: 'Office 365 E3',
      subscriptionId: 'contoso-o365-e3',
      version: 2,
      partnerText: 'Tailspin Consulting (7654321)',
      previousPartnerText: 'Fabrikam Cloud Services (1234567)',
      actorName: 'Ada Owner',
      when: '2026-11-25 14:05 UTC',
    },
    actions: ['Status', 'Change another', 'Microsoft 365 admin center'],
  },
  {
    name: 'done',
    label: 'after a remove',
    data: {
      kind: 'remove',
      title: 'Partner of record removed',
      message: 'Office 365 E3 has no partner of record now. Fabrikam Cloud Services will be told by email.',
      service: 'Office 365 / Microsoft 365',
      azure: false,
      subscriptionName: 'Office 365 E3',
      subscriptionId: 'contoso-o365-e3',
      version: 2,
      partnerText: 'None',
      previousPartnerText: 'Fabrikam Cloud Services (1234567)',
      actorName: 'Ada Owner',
      when: '2026-11-25 14:05 UTC',
    },
    actions: ['Status', 'Remove another', 'Microsoft 365 admin center'],
  },
  {
    name: 'notice',
    label: 'with no facts, hint or actions',
    data: {
      title: 'Cancelled',
      message: 'Nothing was changed.',
      containerStyle: 'default',
      facts: [],
      hint: '',
      actions: [],
    },
    actions: [],
  },
  {
    name: 'notice',
    label: 'refusing a co-admin',
    data: {
      title: 'Only the owner can do this',
      message:
        'Co-admins cannot attach, change or remove a partner of record; only the owner (administrator) role can.',
      containerStyle: 'attention',
      facts: [
        { title: 'Your role', value: 'Co-admin' },
        { title: 'Who can', value: 'Ada Owner' },
      ],
      hint: 'You can still look at the status.',
      actions: [
        { title: 'Status', verb: 'status', data: { page: 0 } },
        { title: 'Help', verb: 'help', data: {} },
      ],
    },
    actions: ['Status', 'Help'],
  },
];

describe('card templates', () => {
  const renderer = new CardRenderer();
  // The samples are JSON, so their types are only as good as the checks below.
  const renderSample = (name: CardName) => renderer.render(name, readJson(sampleFile(name)) as never);

  it('has a template for every card name, and no template or sample without one', () => {
    assert.deepEqual(jsonNames(CARDS_DIR), [...CARD_NAMES].sort(), 'cards/*.json and CARD_NAMES differ');
    assert.deepEqual(jsonNames(SAMPLES_DIR), [...CARD_NAMES].sort(), 'cards/samples/*.json and CARD_NAMES differ');
  });

  for (const name of CARD_NAMES) {
    describe(name, () => {
      it('has a sample that provides exactly the fields the template binds', () => {
        assert.ok(fs.existsSync(sampleFile(name)), `missing sample ${sampleFile(name)}`);
        const sample = readJson(sampleFile(name));
        assert.ok(sample && typeof sample === 'object' && !Array.isArray(sample), 'a sample is a JSON object');
        assert.deepEqual(Object.keys(sample).sort(), rootFieldsOf(templateOf(name)));
      });

      it('renders its sample into a valid Adaptive Card', () => {
        const card = renderSample(name);
        assert.deepEqual(validateAdaptiveCard(card), [], `cards/${name}.json with its sample`);
        assert.equal(card.$schema, undefined, 'the renderer drops $schema, which only helps editors');
      });

      it('renders its sample well under the 28 KB Teams accepts', () => {
        const bytes = cardBytes(renderSample(name));
        assert.ok(bytes < TEAMS_MESSAGE_LIMIT_BYTES, `${name} renders to ${bytes} bytes`);
      });

      it('is narrow and dark friendly: no hex colours, no background image, long text wraps', () => {
        const template = templateOf(name);
        for (const { text, where } of stringsIn(template)) {
          assert.doesNotMatch(
            text,
            /(^|[^\w&])#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})\b/i,
            `hex colour at ${where}; use a named color`,
          );
        }
        for (const { node, where } of objectsIn(template)) {
          assert.ok(!('backgroundImage' in node), `backgroundImage at ${where}: unreadable in dark theme`);
          // Text from data can be any length, so it must wrap whatever the sample says.
          if (node.type === 'TextBlock' && typeof node.text === 'string' && node.text.includes('${')) {
            assert.equal(node.wrap, true, `TextBlock at ${where} shows data ("${node.text}") without wrap: true`);
          }
        }
        for (const { node, where } of objectsIn(renderSample(name))) {
          if (node.type !== 'TextBlock' || typeof node.text !== 'string') continue;
          if (node.text.trim().split(/\s+/).length > MAX_WORDS_WITHOUT_WRAP) {
            assert.equal(node.wrap, true, `TextBlock at ${where} ("${node.text}") has several words but no wrap: true`);
          }
        }
      });
    });
  }

  describe('branches the samples do not take', () => {
    for (const variant of VARIANTS) {
      it(`${variant.name} ${variant.label}`, () => {
        const card = renderer.render(variant.name, variant.data as never);
        assert.deepEqual(validateAdaptiveCard(card), []);
        assert.deepEqual(actionTitles(card), variant.actions);
        assert.ok(cardBytes(card) < TEAMS_MESSAGE_LIMIT_BYTES);
      });
    }

    it('welcome shows the reason instead of the commands to someone who may only look', () => {
      const text = cardText(
        renderer.render('welcome', VARIANTS.find((v) => v.name === 'welcome')!.data as CardDataMap['welcome']),
      );
      assert.match(text, /Co-admins cannot attach/);
      assert.doesNotMatch(text, /Pick what you want to do/);
    });

    it('enterPartnerId shows the error in the Attention colour and keeps the typed ID', () => {
      const data = VARIANTS.find((v) => v.name === 'enterPartnerId')!.data as CardDataMap['enterPartnerId'];
      const card = renderer.render('enterPartnerId', data);
      const error = objectsIn(card).find(({ node }) => node.text === data.errorText);
      assert.equal(error?.node.color, 'Attention');
      const input = objectsIn(card).find(({ node }) => node.id === 'partnerId');
      assert.equal(input?.node.value, '9999999');
    });

    it('done offers to do again what was just done, the status, and where Microsoft shows the subscription', () => {
      const sample = readJson(sampleFile('done')) as CardDataMap['done'];
      const again = { attach: 'Add another', change: 'Change another', remove: 'Remove another' } as const;
      for (const kind of ['attach', 'change', 'remove'] as const) {
        const card = renderer.render('done', { ...sample, kind });
        // The sample is an Azure subscription: the Azure portal is offered besides the Microsoft 365 admin center.
        assert.deepEqual(
          actionTitles(card),
          ['Status', again[kind], 'Microsoft 365 admin center', 'Azure portal'],
          `after ${kind}`,
        );
        assert.deepEqual(findAction(card, again[kind]), { verb: 'start', data: { mode: kind } }, `after ${kind}`);
        assert.deepEqual(findAction(card, 'Status'), { verb: 'status', data: { page: 0 } });
      }
    });
  });

  it('nudge names the subscription "Service: Name", as the other cards do', () => {
    const card = renderSample('nudge');
    assert.match(cardText(card), /^Power BI: Power BI Pro has no partner of record$/m);
    assert.equal(card.fallbackText, 'Power BI: Power BI Pro has no partner of record. Type add partner to attach one.');
  });

  /**
   * A subscription with no partner of record is shown in Attention. Warning is a pale yellow that is hard to
   * read on Teams' light theme; Teams keeps Attention (its red) readable in the light, dark and high-contrast
   * themes. The words say it too ("No partner of record"), so nobody depends on the colour alone.
   */
  it('status shows a subscription with no partner in a colour every Teams theme keeps readable', () => {
    const card = renderSample('status');
    const none = objectsIn(card).find(({ node }) => node.type === 'TextRun' && node.text === 'No partner of record');
    assert.equal(none?.node.color, 'Attention');
    for (const name of CARD_NAMES) {
      for (const [what, tree] of [
        [`cards/${name}.json`, templateOf(name)],
        [`${name} with its sample`, renderSample(name)],
      ] as const) {
        for (const { node, where } of objectsIn(tree))
          assert.notEqual(node.color, 'Warning', `${what} ${where}: Warning text is hard to read on white`);
      }
    }
  });

  it('keeps a full status page of the longest names under 28 KB at the default page size', () => {
    const pageSize = loadConfig({}).STATUS_PAGE_SIZE;
    const long = (c: string) => c.repeat(LONGEST_NAME);
    const card = renderer.render('status', {
      tenantName: long('t'),
      summary: 'Subscriptions 1-20 of 400 (page 1 of 20). 3 have no partner of record.',
      notesText: '',
      fallbackText: 'Partners of record: subscriptions 1-20 of 400.',
      page: 0,
      items: Array.from({ length: pageSize }, () => ({
        service: 'Enterprise Mobility Suite' as const,
        name: long('s'),
        partnerText: `Partner of record: ${long('p')} (1234567890)`,
        partnerColor: 'Default' as const,
        lastChangeText: `Changed by ${long('a')} on 2026-11-25 14:05 UTC`,
      })),
      hasPrev: true,
      prevPage: 0,
      hasNext: true,
      nextPage: 2,
      mayChange: true,
      readOnlyReason: '',
    });
    assert.deepEqual(validateAdaptiveCard(card), []);
    const bytes = cardBytes(card);
    assert.ok(bytes < TEAMS_MESSAGE_LIMIT_BYTES, `${pageSize} subscriptions render to ${bytes} bytes`);
  });
});

describe('the nudge digest', () => {
  const renderer = new CardRenderer();
  it('keeps a full page of the longest names and ids under 28 KB at the default page size', () => {
    const pageSize = loadConfig({}).STATUS_PAGE_SIZE;
    const long = (c: string) => c.repeat(LONGEST_NAME);
    const card = renderer.render('nudgeDigest', {
      summary: "400 subscriptions have no partner of record in your organization's record (1-20, page 1 of 20).",
      fallbackText: 'Subscriptions without a partner of record: 400.',
      page: 0,
      items: Array.from({ length: pageSize }, (_, i) => ({
        service: 'Enterprise Mobility Suite' as const,
        name: long('s'),
        subscriptionId: `${'i'.repeat(197)}${String(i).padStart(3, '0')}`, // the longest id a card may carry
      })),
      hasPrev: true,
      prevPage: 0,
      hasNext: true,
      nextPage: 2,
    });
    assert.deepEqual(validateAdaptiveCard(card), []);
    const bytes = cardBytes(card);
    assert.ok(bytes < TEAMS_MESSAGE_LIMIT_BYTES, `${pageSize} subscriptions render to ${bytes} bytes`);
  });
});

describe('names and other outside data are plain text', () => {
  // Teams reads a TextBlock or a FactSet value as markdown: this would become a link, an italic and, escaped to
  // stay literal, backslashes that Teams mobile prints as typed. A TextRun is never markdown: it shows it as it is.
  const NAME = 'Contoso <Holdings> [x](http://e) *y* wingtip.example';
  /** Fields that are no text a person reads: modes, styles, colours, ids, links, the fallback. */
  const NOT_TEXT = new Set([
    'mode',
    'kind',
    'containerStyle',
    'weight',
    'partnerColor',
    'subscriptionId',
    'partnerId',
    'actionId',
    // [subscription id, version] pairs an action on several subscriptions carries.
    'selection',
    // The picker's ticked ids, comma-joined as a ChoiceSet's value.
    'tickedHere',
    'tickedElsewhereValue',
    // The event ids the card of an action on several subscriptions refreshes by.
    'changeIds',
    'partnerIdValue',
    'grantUrl',
    'supportTechnicalUrl',
    'supportBillingUrl',
    'fallbackText',
  ]);
  /** Choice and button titles: Teams shows them as plain text already, outside the card's body text. */
  const NOT_BODY_TEXT = new Set(['choices', 'tickedElsewhere', 'actions']);

  /** The data with each shown text set to NAME and its field's name, so that each can be looked for. */
  function withNames(value: unknown, field: string): unknown {
    if (typeof value === 'string') return value === '' || NOT_TEXT.has(field) ? value : `${NAME} (${field})`;
    if (Array.isArray(value)) return value.map((item) => withNames(item, field));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, NOT_BODY_TEXT.has(k) ? v : withNames(v, k)]));
    }
    return value;
  }

  const renderer = new CardRenderer();

  for (const name of CARD_NAMES) {
    it(`${name} shows the names it is given as they are, in TextRuns`, () => {
      const data = withNames(readJson(sampleFile(name)), '');
      const card = renderer.render(name, data as never);
      assert.deepEqual(validateAdaptiveCard(card), []);
      const runs = textRuns(card);
      for (const { text } of stringsIn(data).filter(({ text }) => text.startsWith(NAME))) {
        assert.ok(
          runs.some((run) => run.includes(text)),
          `"${text}" is in no TextRun: ${JSON.stringify(runs)}`,
        );
      }
      for (const { node, where } of objectsIn(card.body)) {
        if (node.type === 'TextRun') continue;
        for (const [key, value] of Object.entries(node)) {
          assert.ok(
            !(typeof value === 'string' && value.includes('Holdings')),
            `body${where}.${key} shows data outside a TextRun: "${value}"`,
          );
        }
      }
      assert.doesNotMatch(cardText(card), /\\/, 'a backslash in what a person reads');
    });
  }

  it('no template binds data in a TextBlock or a FactSet, which Teams reads as markdown', () => {
    for (const name of CARD_NAMES) {
      for (const { node, where } of objectsIn(templateOf(name))) {
        if (node.type !== 'TextBlock' && node.type !== 'FactSet') continue;
        const { $when: _when, ...shown } = node;
        const bound = stringsIn(shown).filter(({ text }) => text.includes('${'));
        assert.deepEqual(
          bound,
          [],
          `cards/${name}.json ${where}: a ${node.type} binds data; show it in a RichTextBlock's TextRun`,
        );
      }
    }
  });

  it('the wording helpers leave names as they are, with no markdown escapes', () => {
    const partnerId = PartnerIdSchema.parse('1234567');
    const partner = { partnerId, name: NAME, email: '' };
    assert.equal(partnerText(partner), `${NAME} (1234567)`);
    assert.equal(listNames([NAME, 'Ada Owner']), `${NAME} and Ada Owner`);
    assert.ok(emailSentence(partner).startsWith(`${NAME} was not emailed`));
    const change = describeChange({
      id: 1,
      tenantId: 't',
      subscriptionId: 's',
      kind: 'attach',
      oldPartnerId: null,
      newPartnerId: partnerId,
      actorId: 'a',
      actorName: NAME,
      at: '2026-11-25T14:05:00Z',
      version: 1,
      eventId: '00000000-0000-4000-8000-000000000001',
    });
    assert.equal(change, `Attached by ${NAME} on 2026-11-25 14:05 UTC`);
  });
});

/** A small card that is valid, for the checks below to break one thing at a time. */
function validCard(): any {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: 'Enter a Partner ID.',
    body: [
      { type: 'TextBlock', text: 'Enter the Partner ID', wrap: true, color: 'Accent' },
      {
        type: 'Container',
        style: 'emphasis',
        items: [{ type: 'FactSet', facts: [{ title: 'Subscription', value: 'Azure plan' }] }],
      },
      { type: 'Input.Text', id: 'partnerId', label: 'Partner ID' },
      { type: 'Input.ChoiceSet', id: 'mode', choices: [{ title: 'Attach', value: 'attach' }] },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Contoso Ltd', weight: 'Bolder' }] },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Check ID', verb: 'check', data: { version: 0 } },
      { type: 'Action.OpenUrl', title: 'Support', url: 'https://admin.microsoft.com/#/support' },
    ],
  };
}

describe('the Adaptive Card validator', () => {
  it('accepts the valid card the other checks start from', () => {
    assert.deepEqual(validateAdaptiveCard(validCard()), []);
  });

  it('refuses what is not a card at all', () => {
    assert.match(validateAdaptiveCard('not a card').join('\n'), /^\(root\): /);
    assert.match(validateAdaptiveCard(null).join('\n'), /^\(root\): /);
  });

  const broken: { what: string; change: (card: any) => unknown; problem: RegExp }[] = [
    { what: 'a missing version', change: (c) => delete c.version, problem: /^version: / },
    {
      what: 'version 1.3, too old for Universal Actions',
      change: (c) => (c.version = '1.3'),
      problem: /^version: must be "1\.5" or newer/,
    },
    { what: 'another root type', change: (c) => (c.type = 'MessageCard'), problem: /^type: / },
    { what: 'an empty body', change: (c) => (c.body = []), problem: /^body: must be a non-empty array/ },
    { what: 'no fallbackText', change: (c) => delete c.fallbackText, problem: /^fallbackText: / },
    {
      what: 'a blank fallbackText',
      change: (c) => (c.fallbackText = '  '),
      problem: /^fallbackText: must be a non-empty string/,
    },
    {
      what: 'an unknown element type',
      change: (c) => (c.body[0].type = 'Heading'),
      problem: /^body\[0\]\.type: "Heading" is not one of/,
    },
    {
      what: 'an action among elements',
      change: (c) => (c.body[0].type = 'Action.Execute'),
      problem: /^body\[0\]\.type: .*cannot stand among elements/,
    },
    {
      what: 'Action.Submit',
      change: (c) => (c.actions[0].type = 'Action.Submit'),
      problem: /^actions\[0\]\.type: Action\.Submit is not allowed/,
    },
    {
      what: 'an action with no title',
      change: (c) => (c.actions[0].title = ''),
      problem: /^actions\[0\]\.title: must be a non-empty string/,
    },
    {
      what: 'an Action.Execute with no verb',
      change: (c) => delete c.actions[0].verb,
      problem: /^actions\[0\]\.verb: /,
    },
    {
      what: 'a relative OpenUrl',
      change: (c) => (c.actions[1].url = '/support'),
      problem: /^actions\[1\]\.url: must be an absolute http or https URL/,
    },
    {
      what: 'a javascript: OpenUrl',
      change: (c) => (c.actions[1].url = 'javascript:alert(1)'),
      problem: /^actions\[1\]\.url: /,
    },
    {
      what: 'an unbound ${x}',
      change: (c) => (c.body[0].text = 'Hi ${x}'),
      problem: /^body\[0\]\.text: unbound template expression in "Hi \$\{x\}"/,
    },
    {
      what: 'a $when left over',
      change: (c) => (c.body[0].$when = '${show}'),
      problem: /^body\[0\]\.\$when: template key left over/,
    },
    {
      what: 'a $data left over',
      change: (c) => (c.body[1].items[0].facts[0].$data = []),
      problem: /\.facts\[0\]\.\$data: template key left over/,
    },
    {
      what: 'duplicate input ids',
      change: (c) => (c.body[3].id = 'partnerId'),
      problem: /^body\[3\]\.id: duplicate id "partnerId" \(first used at body\[2\]\)/,
    },
    {
      what: 'an input without an id',
      change: (c) => delete c.body[2].id,
      problem: /^body\[2\]\.id: an input needs a non-empty id/,
    },
    {
      what: 'a bad color',
      change: (c) => (c.body[0].color = '#FF0000'),
      problem: /^body\[0\]\.color: "#FF0000" is not one of Default, Dark/,
    },
    {
      what: 'a bad container style',
      change: (c) => (c.body[1].style = 'danger'),
      problem: /^body\[1\]\.style: "danger" is not one of default, emphasis/,
    },
    {
      what: 'a fact whose value is not a string',
      change: (c) => (c.body[1].items[0].facts[0].value = 3),
      problem: /^body\[1\]\.items\[0\]\.facts\[0\]\.value: /,
    },
    {
      what: 'a TextRun without text',
      change: (c) => delete c.body[4].inlines[0].text,
      problem: /^body\[4\]\.inlines\[0\]\.text: a TextRun needs its text/,
    },
    {
      what: 'a TextRun in a bad color',
      change: (c) => (c.body[4].inlines[0].color = 'Red'),
      problem: /^body\[4\]\.inlines\[0\]\.color: "Red" is not one of/,
    },
    {
      what: 'a choice whose value is not a string',
      change: (c) => (c.body[3].choices[0].value = 1),
      problem: /^body\[3\]\.choices\[0\]\.value: /,
    },
    {
      what: 'a toggle aimed at no element',
      change: (c) => c.actions.push({ type: 'Action.ToggleVisibility', title: 'More', targetElements: ['details'] }),
      problem: /^actions\[2\]\.targetElements\[0\]: no element has the id "details"/,
    },
  ];

  for (const { what, change, problem } of broken) {
    it(`finds ${what}`, () => {
      const card = validCard();
      change(card);
      const problems = validateAdaptiveCard(card);
      assert.ok(
        problems.some((p) => problem.test(p)),
        `expected a problem matching ${problem}, got ${JSON.stringify(problems)}`,
      );
    });
  }

  it('checks cards nested in Action.ShowCard', () => {
    const card = validCard();
    card.actions.push({
      type: 'Action.ShowCard',
      title: 'Details',
      card: {
        type: 'AdaptiveCard',
        body: [{ type: 'Input.Text', id: 'partnerId' }],
        actions: [{ type: 'Action.Submit', title: 'Go' }],
      },
    });
    assert.deepEqual(validateAdaptiveCard(card), [
      'actions[2].card.body[0].id: duplicate id "partnerId" (first used at body[2])',
      'actions[2].card.actions[0].type: Action.Submit is not allowed: this bot uses Universal Actions (Action.Execute)',
    ]);
  });

  it('measures a card in UTF-8 bytes', () => {
    assert.equal(cardBytes({ t: 'é' }), '{"t":"é"}'.length + 1);
  });
});
