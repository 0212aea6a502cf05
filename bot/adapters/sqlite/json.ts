/**
 * JSON text for a JSON column. JSON.stringify throws on a BigInt or a cycle, which rolls back the
 * transaction it runs in; and it returns undefined for a function or undefined, which would otherwise be
 * stored as NULL without a word.
 */
export function toJson(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${what} must be JSON-serialisable`);
  return text;
}
