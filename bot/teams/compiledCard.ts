import type * as AdaptiveExpressions from 'adaptive-expressions';
import type * as AdaptiveCardsTemplating from 'adaptivecards-templating';

/**
 * One card template, bound to data with adaptivecards-templating's rules but without its per-node bookkeeping.
 *
 * adaptivecards-templating walks the whole template on every expansion, evaluating each `${...}` with a fresh
 * memory and options object, and copies every part that never changes. Here the template is compiled once: parts
 * without expressions are expanded once by the library itself and kept (frozen, shared by every card rendered from
 * the template), and the expressions the cards use are evaluated directly: a field (`${name}`), text around fields
 * (`Hello ${name}`), and in `$when`: a boolean field, `!field`, `field == 'text'`, `field != 'text'`, `count(field) > n`.
 *
 * Only what is known to come out exactly as the library's is done here: a field present on the data with a string,
 * finite number or boolean value (or, bound whole or as `$data`, an array or plain object, which the card then holds
 * as the library's does: the caller's own). Anything else (a missing or null field, which the
 * library would write as `${name}`, another expression, another shape) makes the whole card rendered by the library,
 * so the output is always the library's, byte for byte (test/cards/renderParity.test.ts checks both ways agree).
 */

/**
 * The templating libraries, loaded by the first card compiled rather than at start-up: adaptive-expressions is
 * the largest module the bot loads after botbuilder, and a bot that has just started answers /healthz first.
 */
let AEL: typeof AdaptiveExpressions;
let ACData: typeof AdaptiveCardsTemplating;
function loadTemplating(): void {
  AEL ??= require('adaptive-expressions') as typeof AdaptiveExpressions;
  ACData ??= require('adaptivecards-templating') as typeof AdaptiveCardsTemplating;
}

/** Thrown while binding when the data leaves the path known to match the library; caught in `render`. */
class NotCompiled {}
const NOT_COMPILED = new NotCompiled();

/** adaptivecards-templating's reserved fields: never copied into the card. */
const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

type Scope = unknown;
type Evaluate = (scope: Scope) => unknown;

type Part =
  | { kind: 'static'; value: unknown }
  | { kind: 'value'; evaluate: Evaluate }
  | { kind: 'array'; items: Part[] }
  | { kind: 'object'; entries: [string, Part][]; when?: Evaluate; data?: Evaluate };

function field(scope: Scope, name: string): unknown {
  if (typeof scope !== 'object' || scope === null || Array.isArray(scope) || !Object.hasOwn(scope, name))
    throw NOT_COMPILED;
  return (scope as Record<string, unknown>)[name];
}

function scalar(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
    return value;
  throw NOT_COMPILED;
}

/** A field bound whole (`"data": "${data}"`): the library puts the data's own array or object into the card. */
function scalarOrObject(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) return value;
    throw NOT_COMPILED;
  }
  return scalar(value);
}

/** `${name}`: an accessor of one plain name (not `$root`, `$index`, `a.b`). */
function nameOf(expression: AdaptiveExpressions.Expression): string | undefined {
  if (expression.type !== AEL.ExpressionType.Accessor || expression.children.length !== 1) return undefined;
  const name = expression.children[0];
  if (
    !(name instanceof AEL.Constant) ||
    typeof name.value !== 'string' ||
    name.value === '' ||
    name.value.startsWith('$')
  )
    return undefined;
  return name.value;
}

function constantOf(expression: AdaptiveExpressions.Expression | undefined): unknown {
  return expression instanceof AEL.Constant ? expression.value : undefined;
}

/** A value: a field, or text and fields joined (the library's own concatenation of an interpolated string). */
function compileValue(expression: AdaptiveExpressions.Expression): Evaluate | undefined {
  const name = nameOf(expression);
  if (name !== undefined) return (scope) => scalarOrObject(field(scope, name));
  if (expression.type !== AEL.ExpressionType.Concat) return undefined;
  const pieces: (string | { name: string })[] = [];
  for (const child of expression.children) {
    const text = constantOf(child);
    const childName = nameOf(child);
    if (typeof text === 'string') pieces.push(text);
    else if (childName !== undefined) pieces.push({ name: childName });
    else return undefined;
  }
  return (scope) => {
    let text = '';
    for (const piece of pieces) text += typeof piece === 'string' ? piece : String(scalar(field(scope, piece.name)));
    return text;
  };
}

/** `$data`: a field holding an array (one copy of the element per item) or an object. */
function compileData(expression: AdaptiveExpressions.Expression): Evaluate | undefined {
  const name = nameOf(expression);
  if (name === undefined) return undefined;
  return (scope) => {
    const value = field(scope, name);
    if (typeof value !== 'object' || value === null) throw NOT_COMPILED;
    if (Array.isArray(value) && value.some((item) => item === undefined)) throw NOT_COMPILED;
    return value;
  };
}

/** `$when`: true keeps the element; the library keeps it only for the boolean true. */
function compileWhen(expression: AdaptiveExpressions.Expression): Evaluate | undefined {
  const name = nameOf(expression);
  if (name !== undefined) {
    return (scope) => {
      const value = field(scope, name);
      if (typeof value !== 'boolean') throw NOT_COMPILED;
      return value;
    };
  }
  const [left, right] = expression.children;
  const leftName = left ? nameOf(left) : undefined;
  if (expression.type === AEL.ExpressionType.Not && expression.children.length === 1 && leftName !== undefined) {
    return (scope) => {
      const value = field(scope, leftName);
      if (typeof value !== 'boolean') throw NOT_COMPILED;
      return !value;
    };
  }
  const constant = constantOf(right);
  const isComparison = expression.type === AEL.ExpressionType.Equal || expression.type === AEL.ExpressionType.NotEqual;
  if (isComparison && expression.children.length === 2 && leftName !== undefined && typeof constant === 'string') {
    const equal = expression.type === AEL.ExpressionType.Equal;
    return (scope) => {
      const value = field(scope, leftName);
      if (typeof value !== 'string') throw NOT_COMPILED;
      return (value === constant) === equal;
    };
  }
  if (
    expression.type === AEL.ExpressionType.GreaterThan &&
    expression.children.length === 2 &&
    left?.type === AEL.ExpressionType.Count &&
    left.children.length === 1 &&
    typeof constant === 'number'
  ) {
    const countedName = nameOf(left.children[0]!);
    if (countedName === undefined) return undefined;
    return (scope) => {
      const value = field(scope, countedName);
      if (!Array.isArray(value)) throw NOT_COMPILED;
      return value.length > constant;
    };
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** What the library makes of a part without expressions (it drops nulls from arrays, flattens nested arrays...). */
function expandedOnce(node: unknown): Part {
  return { kind: 'static', value: deepFreeze(new ACData.Template(node).expand({ $root: {} }) as unknown) };
}

/** Compiles a template node; undefined when it holds something only the library renders. */
function compile(node: unknown, skipKeys: ReadonlySet<string> = RESERVED): Part | undefined {
  if (typeof node === 'string') {
    const parsed = ACData.Template.parseInterpolatedString(node);
    if (typeof parsed === 'string') return { kind: 'static', value: parsed };
    const evaluate = compileValue(parsed);
    return evaluate && { kind: 'value', evaluate };
  }
  if (Array.isArray(node)) {
    const items: Part[] = [];
    for (const item of node) {
      const part = compile(item);
      if (!part) return undefined;
      items.push(part);
    }
    return items.every((part) => part.kind === 'static') ? expandedOnce(node) : { kind: 'array', items };
  }
  if (typeof node !== 'object' || node === null) return { kind: 'static', value: node };

  const source = node as Record<string, unknown>;
  const entries: [string, Part][] = [];
  for (const key of Object.keys(source)) {
    if (skipKeys.has(key)) continue;
    const part = compile(source[key]);
    if (!part) return undefined;
    entries.push([key, part]);
  }
  const hasWhen = source.$when !== undefined;
  const hasData = source.$data !== undefined;
  if (!hasWhen && !hasData && skipKeys === RESERVED && entries.every(([, part]) => part.kind === 'static'))
    return expandedOnce(node);

  const part: Part = { kind: 'object', entries };
  if (hasWhen) {
    const parsed = typeof source.$when === 'string' ? ACData.Template.parseInterpolatedString(source.$when) : undefined;
    const when = parsed instanceof AEL.Expression ? compileWhen(parsed) : undefined;
    if (!when) return undefined;
    part.when = when;
  }
  if (hasData) {
    const parsed = typeof source.$data === 'string' ? ACData.Template.parseInterpolatedString(source.$data) : undefined;
    const data = parsed instanceof AEL.Expression ? compileData(parsed) : undefined;
    if (!data) return undefined;
    part.data = data;
  }
  return part;
}

/** Binds a compiled part, as the library's internalExpand does. */
function bind(part: Part, scope: Scope): unknown {
  switch (part.kind) {
    case 'static':
      return part.value;
    case 'value':
      return part.evaluate(scope);
    case 'array': {
      const items: unknown[] = [];
      for (const item of part.items) {
        const value = bind(item, scope);
        if (value === null) continue;
        if (Array.isArray(value)) for (const v of value) items.push(v);
        else items.push(value);
      }
      return items;
    }
    case 'object': {
      const scopes: unknown[] = part.data ? toArray(part.data(scope)) : [scope];
      const results: Record<string, unknown>[] = [];
      for (const itemScope of scopes) {
        if (part.when && part.when(itemScope) !== true) continue;
        const result: Record<string, unknown> = {};
        for (const [key, child] of part.entries) {
          const value = bind(child, itemScope);
          if (value !== undefined) result[key] = value;
        }
        results.push(result);
      }
      return results.length === 0 ? null : results.length === 1 ? results[0] : results;
    }
  }
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** The card's own keys left out of what is sent: the schema URL helps editors, and every byte counts against Teams' limit. */
const LEFT_OUT_AT_TOP = new Set([...RESERVED, '$schema']);

export class CompiledCard {
  private readonly compiled: Part | undefined;
  private library: AdaptiveCardsTemplating.Template | undefined;
  /** How many renders the library did (data or template outside the compiled path); for tests. */
  libraryRenders = 0;

  constructor(private readonly source: object) {
    loadTemplating();
    this.compiled = compile(source, LEFT_OUT_AT_TOP);
    // The top object is made afresh for every card (callers may add to it); a template with nothing to bind would
    // have been kept whole, so it is left to the library.
    if (this.compiled?.kind !== 'object') this.compiled = undefined;
  }

  render(data: object): Record<string, unknown> {
    if (this.compiled) {
      try {
        return bind(this.compiled, data) as Record<string, unknown>;
      } catch (err) {
        if (err !== NOT_COMPILED) throw err;
      }
    }
    this.libraryRenders++;
    this.library ??= new ACData.Template(this.source);
    const card = this.library.expand({ $root: data }) as Record<string, unknown>;
    delete card.$schema;
    return card;
  }
}
