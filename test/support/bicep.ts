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

/** One app setting as one `var appSettings...` gives it, with the branch it is in when the variable is `cond ? {...} : {...}`. */
export interface BicepAppSetting {
  name: string;
  value: string;
  variable: string;
  /** Unset: given whatever the parameters. Else given only when `condition` evaluates to `holds`. */
  when?: { condition: string; holds: boolean };
}

/**
 * Every app setting main.bicep gives, once per place: the `var appSettings...` variables may be an object, or
 * `condition ? { ... } : { ... }`. Any other shape throws, so that a setting cannot hide from the checks.
 */
export function bicepAppSettingEntries(text: string): BicepAppSetting[] {
  const entries: BicepAppSetting[] = [];
  for (const { keyword, name, body } of bicepDeclarations(text)) {
    if (keyword !== 'var' || !name.startsWith('appSettings')) continue;
    const expression = body.replace(/^var\s+\w+\s*=/, '').trim();
    const add = (object: string, when?: BicepAppSetting['when']) => {
      for (const [key, value] of objectEntries(`{${object}}`))
        entries.push({ name: key, value, variable: name, ...(when ? { when } : {}) });
    };
    const plain = /^\{([\s\S]*)\}$/.exec(expression);
    const conditional = /^([^{}]+?)\s*\?\s*\{([^{}]*)\}\s*:\s*\{([^{}]*)\}$/.exec(expression);
    if (plain) add(plain[1]!);
    else if (conditional) {
      add(conditional[2]!, { condition: conditional[1]!.trim(), holds: true });
      add(conditional[3]!, { condition: conditional[1]!.trim(), holds: false });
    } else throw new Error(`main.bicep: cannot read the app settings of var ${name}: ${expression}`);
  }
  return entries;
}

/** The expression a `var` is given, or undefined when there is no such variable. */
export function bicepVar(text: string, name: string): string | undefined {
  const declaration = bicepDeclarations(text).find((d) => d.keyword === 'var' && d.name === name);
  return declaration?.body.replace(/^var\s+\w+\s*=/, '').trim();
}

/** An expression with the variables it is made of, one after another, put in its place while it is a bare variable name. */
export function bicepResolve(text: string, expression: string): string {
  let current = expression.trim();
  for (let depth = 0; depth < 10 && /^\w+$/.test(current); depth++) {
    const value = bicepVar(text, current);
    if (value === undefined) break;
    current = value;
  }
  return current;
}
