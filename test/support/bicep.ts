/**
 * Just enough of a Bicep reader for the deployment tests: main.bicep and its modules are written by hand and cannot
 * be compiled here, so the tests read their declarations and app settings as text.
 */

export interface BicepDeclaration {
  keyword: string;
  name: string;
  /** From the keyword to the next declaration, comments removed. */
  body: string;
}

/** The declarations of a Bicep file, each from its keyword at the start of a line up to the next one. */
export function bicepDeclarations(text: string): BicepDeclaration[] {
  const withoutComments = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .map((line) => line.replace(/\s\/\/\s.*$/, ''))
    .join('\n');
  const starts = [...withoutComments.matchAll(/^(var|param|resource|module|output|func|type)\s+(\w+)/gm)];
  return starts.map((m, i) => ({
    keyword: m[1]!,
    name: m[2]!,
    body: withoutComments.slice(m.index, starts[i + 1]?.index ?? withoutComments.length),
  }));
}

/** The keys of an object's text with the expression each is given: a key starts a line, or follows `{`; it may be quoted. */
function objectEntries(text: string): [string, string][] {
  return [...text.matchAll(/(?:^\s+|\{\s*)'?([A-Za-z_][\w.-]*)'?\s*:\s*(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]);
}

/** App settings set by main.bicep: the keys of its `var appSettings...` objects, with the expression each is given. */
export function bicepAppSettings(text: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const declaration of bicepDeclarations(text)) {
    if (declaration.keyword !== 'var' || !declaration.name.startsWith('appSettings')) continue;
    for (const [key, value] of objectEntries(declaration.body)) settings.set(key, value);
  }
  return settings;
}
