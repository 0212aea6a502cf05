/** `${{NAME}}`, the placeholder syntax Teams Toolkit uses, so the template reads the same as its samples. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export class TemplateError extends Error {}

/**
 * Replaces every `${{NAME}}` in a JSON template with values[NAME]. Placeholders sit inside JSON strings,
 * so each value is escaped as JSON string content: a stray quote in a value cannot change the document's
 * shape. Any placeholder without a value, or any `${{` left over (a misspelt one), is an error: a package
 * with an unfilled id or domain would upload and then fail in Teams.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  // Looked for in the template, not the result, so that a value is never mistaken for a placeholder.
  const stray = /\$\{\{[^\n]{0,40}/.exec(template.replace(PLACEHOLDER, ''));
  if (stray) throw new TemplateError(`malformed placeholder in the template: ${stray[0]}`);
  const missing = new Set<string>();
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    // Own keys only: `${{constructor}}` must not be filled from Object.prototype.
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value === undefined) {
      missing.add(whole);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0) throw new TemplateError(`placeholders without a value: ${[...missing].join(', ')}`);
  return filled;
}
