import { z } from 'zod';

/**
 * A checker for the Adaptive Cards this bot sends to Teams, stricter than the Adaptive Cards schema where
 * the bot's own rules are stricter (Universal Actions only, a fallback text on every card, no template
 * left unbound). It returns every problem found, each prefixed with where it is, so a failing test says
 * exactly what to fix; an empty list means the card is valid.
 *
 * Teams renders at most 6 top-level actions comfortably (more are folded into a "..." overflow menu on
 * narrow screens), but it accepts more, so the number of actions is deliberately not a problem here.
 */

/** Card schema versions below this are refused: Universal Actions need 1.4, and Teams documents 1.5. */
export const MIN_CARD_VERSION = '1.5';

/** The element types of Adaptive Cards 1.5. */
export const ELEMENT_TYPES = [
  'TextBlock',
  'RichTextBlock',
  'Image',
  'ImageSet',
  'Media',
  'Container',
  'ColumnSet',
  'Column',
  'FactSet',
  'ActionSet',
  'Table',
  'Input.Text',
  'Input.Number',
  'Input.Date',
  'Input.Time',
  'Input.Toggle',
  'Input.ChoiceSet',
] as const;
type ElementType = (typeof ELEMENT_TYPES)[number];

/** The actions this bot may use. Action.Submit is left out on purpose: Universal Actions only. */
export const ACTION_TYPES = ['Action.Execute', 'Action.OpenUrl', 'Action.ShowCard', 'Action.ToggleVisibility'] as const;
type ActionType = (typeof ACTION_TYPES)[number];

export const TEXT_COLORS = ['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention'] as const;
export const CONTAINER_STYLES = ['default', 'emphasis', 'good', 'attention', 'warning', 'accent'] as const;
export const ACTION_STYLES = ['default', 'positive', 'destructive'] as const;

/** Elements whose `style` is a container style (other elements use `style` for unrelated things). */
const STYLED_CONTAINERS = new Set(['Container', 'Column', 'ColumnSet', 'Table', 'TableCell']);

const NonEmptyString = z.string().trim().min(1, 'must be a non-empty string');

const HttpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, 'must be an absolute http or https URL');

function atLeastMinVersion(version: string): boolean {
  const parse = (v: string) => /^(\d+)\.(\d+)$/.exec(v)?.slice(1).map(Number);
  const have = parse(version);
  const need = parse(MIN_CARD_VERSION)!;
  if (!have) return false;
  return have[0]! > need[0]! || (have[0] === need[0] && have[1]! >= need[1]!);
}

const RootSchema = z.looseObject({
  type: z.literal('AdaptiveCard'),
  version: z
    .string()
    .refine(
      atLeastMinVersion,
      `must be "${MIN_CARD_VERSION}" or newer (Universal Actions need 1.4+, Teams documents 1.5)`,
    ),
  body: z.array(z.unknown()).min(1, 'must be a non-empty array'),
  fallbackText: NonEmptyString,
  actions: z.array(z.unknown()).optional(),
});

/** The card inside an Action.ShowCard: a card, but no version or fallback of its own. */
const NestedCardSchema = z.looseObject({
  type: z.literal('AdaptiveCard'),
  body: z.array(z.unknown()).optional(),
  actions: z.array(z.unknown()).optional(),
});

const StringPair = z.looseObject({ title: z.string(), value: z.string() });

/** Checks beyond the type, for the elements that have something worth checking. */
const ELEMENT_SCHEMAS: Partial<Record<ElementType, z.ZodType>> = {
  TextBlock: z.looseObject({ text: z.string() }),
  RichTextBlock: z.looseObject({ inlines: z.array(z.unknown()) }),
  Image: z.looseObject({ url: NonEmptyString }),
  ImageSet: z.looseObject({ images: z.array(z.unknown()) }),
  Container: z.looseObject({ items: z.array(z.unknown()) }),
  ColumnSet: z.looseObject({ columns: z.array(z.unknown()).optional() }),
  Column: z.looseObject({ items: z.array(z.unknown()).optional() }),
  FactSet: z.looseObject({ facts: z.array(StringPair).min(1, 'must list at least one fact') }),
  ActionSet: z.looseObject({ actions: z.array(z.unknown()) }),
  Table: z.looseObject({ rows: z.array(z.unknown()).optional() }),
  'Input.ChoiceSet': z.looseObject({ choices: z.array(StringPair).min(1, 'must offer at least one choice') }),
};

const ACTION_SCHEMAS: Record<ActionType, z.ZodType> = {
  'Action.Execute': z.looseObject({ title: NonEmptyString, verb: NonEmptyString }),
  'Action.OpenUrl': z.looseObject({ title: NonEmptyString, url: HttpUrl }),
  'Action.ShowCard': z.looseObject({ title: NonEmptyString, card: NestedCardSchema }),
  'Action.ToggleVisibility': z.looseObject({
    title: NonEmptyString,
    targetElements: z.array(z.union([NonEmptyString, z.looseObject({ elementId: NonEmptyString })])).min(1),
  }),
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const includes = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** `body[2].facts[0].title`: the way a person would point at the spot in the JSON. */
function at(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || '(root)';
}

class Walk {
  readonly problems: string[] = [];
  /** Every id seen so far, with where it was first seen. */
  private readonly ids = new Map<string, string>();
  private readonly toggleTargets: { id: string; where: string }[] = [];

  report(where: string, message: string): void {
    this.problems.push(`${where || '(root)'}: ${message}`);
  }

  schema(where: string, schema: z.ZodType, value: unknown): void {
    const result = schema.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) this.report(at(where, issue.path), issue.message);
  }

  elements(list: unknown, where: string, allowed: readonly string[] = ELEMENT_TYPES): void {
    if (!Array.isArray(list)) return;
    for (const [i, item] of list.entries()) this.element(item, `${where}[${i}]`, allowed);
  }

  actions(list: unknown, where: string): void {
    if (!Array.isArray(list)) return;
    for (const [i, item] of list.entries()) this.action(item, `${where}[${i}]`);
  }

  private id(node: Json, where: string, required: boolean): void {
    if (!('id' in node)) {
      if (required) this.report(`${where}.id`, 'an input needs a non-empty id');
      return;
    }
    if (typeof node.id !== 'string' || node.id.trim() === '') {
      this.report(`${where}.id`, 'must be a non-empty string');
      return;
    }
    const first = this.ids.get(node.id);
    if (first !== undefined) this.report(`${where}.id`, `duplicate id "${node.id}" (first used at ${first})`);
    else this.ids.set(node.id, where);
  }

  private element(node: unknown, where: string, allowed: readonly string[]): void {
    if (!isObject(node)) {
      this.report(where, 'an element must be an object');
      return;
    }
    const type = node.type;
    if (!includes(allowed, type)) {
      const hint =
        typeof type === 'string' && type.startsWith('Action.') ? ' (an action cannot stand among elements)' : '';
      this.report(`${where}.type`, `"${String(type)}" is not one of ${allowed.join(', ')}${hint}`);
      return;
    }
    const schema = ELEMENT_SCHEMAS[type as ElementType];
    if (schema) this.schema(where, schema, node);
    this.id(node, where, type.startsWith('Input.'));

    if ('color' in node && !includes(TEXT_COLORS, node.color)) {
      this.report(`${where}.color`, `"${String(node.color)}" is not one of ${TEXT_COLORS.join(', ')}`);
    }
    if (STYLED_CONTAINERS.has(type) && 'style' in node && !includes(CONTAINER_STYLES, node.style)) {
      this.report(`${where}.style`, `"${String(node.style)}" is not one of ${CONTAINER_STYLES.join(', ')}`);
    }

    switch (type) {
      case 'Container':
      case 'Column':
      case 'TableCell':
        this.elements(node.items, `${where}.items`);
        break;
      case 'ColumnSet':
        this.elements(node.columns, `${where}.columns`, ['Column']);
        break;
      case 'ImageSet':
        this.elements(node.images, `${where}.images`, ['Image']);
        break;
      case 'ActionSet':
        this.actions(node.actions, `${where}.actions`);
        break;
      case 'Table':
        if (Array.isArray(node.rows)) {
          node.rows.forEach((row, r) => {
            this.element(row, `${where}.rows[${r}]`, ['TableRow']);
            if (isObject(row)) this.elements(row.cells, `${where}.rows[${r}].cells`, ['TableCell']);
          });
        }
        break;
      case 'RichTextBlock':
        if (Array.isArray(node.inlines)) {
          for (const [i, inline] of node.inlines.entries()) {
            if (typeof inline === 'string') continue;
            const w = `${where}.inlines[${i}]`;
            if (!isObject(inline) || inline.type !== 'TextRun') {
              this.report(w, 'an inline must be a string or a TextRun');
              continue;
            }
            if (typeof inline.text !== 'string') this.report(`${w}.text`, 'a TextRun needs its text as a string');
            if ('color' in inline && !includes(TEXT_COLORS, inline.color)) {
              this.report(`${w}.color`, `"${String(inline.color)}" is not one of ${TEXT_COLORS.join(', ')}`);
            }
            if (inline.selectAction !== undefined) this.action(inline.selectAction, `${w}.selectAction`);
          }
        }
        break;
    }
    if (node.selectAction !== undefined) this.action(node.selectAction, `${where}.selectAction`);
    if (isObject(node.fallback)) this.element(node.fallback, `${where}.fallback`, ELEMENT_TYPES);
  }

  action(node: unknown, where: string): void {
    if (!isObject(node)) {
      this.report(where, 'an action must be an object');
      return;
    }
    const type = node.type;
    if (type === 'Action.Submit') {
      this.report(`${where}.type`, 'Action.Submit is not allowed: this bot uses Universal Actions (Action.Execute)');
      return;
    }
    if (!includes(ACTION_TYPES, type)) {
      this.report(`${where}.type`, `"${String(type)}" is not one of ${ACTION_TYPES.join(', ')}`);
      return;
    }
    this.schema(where, ACTION_SCHEMAS[type], node);
    if ('id' in node) this.id(node, where, false);
    if ('style' in node && !includes(ACTION_STYLES, node.style)) {
      this.report(`${where}.style`, `"${String(node.style)}" is not one of ${ACTION_STYLES.join(', ')}`);
    }
    if (type === 'Action.ShowCard' && isObject(node.card)) {
      this.elements(node.card.body, `${where}.card.body`);
      this.actions(node.card.actions, `${where}.card.actions`);
    }
    if (type === 'Action.ToggleVisibility' && Array.isArray(node.targetElements)) {
      node.targetElements.forEach((target, i) => {
        const id = typeof target === 'string' ? target : isObject(target) ? target.elementId : undefined;
        if (typeof id === 'string') this.toggleTargets.push({ id, where: `${where}.targetElements[${i}]` });
      });
    }
    if (isObject(node.fallback)) this.action(node.fallback, `${where}.fallback`);
  }

  /** Run once the whole card has been walked, when every id is known. */
  finish(): void {
    for (const target of this.toggleTargets) {
      if (!this.ids.has(target.id)) this.report(target.where, `no element has the id "${target.id}"`);
    }
  }

  /** What adaptivecards-templating leaves behind when data is missing: `${...}` text and `$when`/`$data` keys. */
  leftovers(node: unknown, where: string): void {
    if (typeof node === 'string') {
      if (node.includes('${'))
        this.report(where, `unbound template expression in ${JSON.stringify(node.slice(0, 80))}`);
      return;
    }
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) this.leftovers(item, `${where}[${i}]`);
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const w = where ? `${where}.${key}` : key;
      if (key === '$when' || key === '$data') this.report(w, 'template key left over (the card was not bound)');
      this.leftovers(value, w);
    }
  }
}

/** Every problem found in the card, each as "where: what"; an empty list means the card is valid. */
export function validateAdaptiveCard(card: unknown): string[] {
  const walk = new Walk();
  walk.schema('', RootSchema, card);
  if (!isObject(card)) return walk.problems;
  walk.elements(card.body, 'body');
  walk.actions(card.actions, 'actions');
  if (card.selectAction !== undefined) walk.action(card.selectAction, 'selectAction');
  if (isObject(card.refresh) && card.refresh.action !== undefined) {
    const action = card.refresh.action;
    if (!isObject(action) || action.type !== 'Action.Execute')
      walk.report('refresh.action', 'must be an Action.Execute');
    else walk.action(action, 'refresh.action');
  }
  walk.finish();
  walk.leftovers(card, '');
  return walk.problems;
}

/** The size Teams counts against its ~28 KB message limit: the card's JSON in UTF-8. */
export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}
