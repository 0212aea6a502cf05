import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from '../../bot/config';

/**
 * Every sentence a person reads is written once: in bot/wording/ when the chat and the tab both say it, else in
 * the one module (a verb's handler, a card template) that says it. This collects the sentences of every string
 * in bot/, the tab's page script and the card templates, and finds any written in two places. Log messages and
 * thrown errors are for operators, not people, and are left out.
 */

interface Place {
  file: string;
  line: number;
}

/** SQL is for the database: its statements repeat between the two stores by design. */
const SQL = /\b(SELECT|INSERT|CREATE|CONFLICT|WHERE|PRIMARY|INDEX|TABLE)\b/;

/**
 * Sentences of five words or more that start with a capital letter: short labels ("Status", "None") may
 * repeat, and a lower-case piece is the middle of a sentence whose words around it come from data.
 */
function sentencesOf(text: string): string[] {
  if (SQL.test(text)) return [];
  return text
    .split(/(?<=[.!?:])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /^[A-Z]/.test(s) && s.split(/\s+/).filter((w) => /[a-z]/i.test(w)).length >= 5);
}

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full, ext);
    return full.endsWith(ext) ? [full] : [];
  });
}

/** Log calls (`log.info(...)`, `this.log.warn(...)`) and `new Error(...)`: words for operators. */
function isForOperators(node: ts.Node): boolean {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (ts.isCallExpression(at) && ts.isPropertyAccessExpression(at.expression)) {
      const target = at.expression.expression.getText();
      if (/(^|\.)(log|logger|console)$/.test(target)) return true;
    }
    if (ts.isNewExpression(at) && /Error$/.test(at.expression.getText())) return true;
    if (ts.isFunctionLike(at)) return false;
  }
  return false;
}

function stringsOfScript(file: string, kind: ts.ScriptKind): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
  const out: { text: string; line: number }[] = [];
  const visit = (node: ts.Node) => {
    if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      !ts.isImportDeclaration(node.parent) &&
      !isForOperators(node)
    ) {
      out.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    } else if (ts.isTemplateExpression(node) && !isForOperators(node)) {
      // The literal parts; an interpolation ends a piece, which is then judged on its own.
      for (const part of [node.head, ...node.templateSpans.map((s) => s.literal)]) {
        out.push({ text: part.text, line: source.getLineAndCharacterOfPosition(part.getStart()).line + 1 });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function stringsOfCard(file: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') out.push({ text: node.replace(/\$\{[^}]*\}/g, '\n'), line: 0 });
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
  return out;
}

function collect(): Map<string, Place[]> {
  const sources = [
    ...filesUnder(path.join(REPO_ROOT, 'bot'), '.ts').map((f) => ({
      file: f,
      strings: stringsOfScript(f, ts.ScriptKind.TS),
    })),
    // The tab's page modules (its words come from the catalogs, but a sentence written there would count).
    ...filesUnder(path.join(REPO_ROOT, 'tab'), '.js').map((f) => ({
      file: f,
      strings: stringsOfScript(f, ts.ScriptKind.JS),
    })),
    ...readdirSync(path.join(REPO_ROOT, 'cards'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({
        file: path.join(REPO_ROOT, 'cards', f),
        strings: stringsOfCard(path.join(REPO_ROOT, 'cards', f)),
      })),
  ];
  const places = new Map<string, Place[]>();
  for (const { file, strings } of sources) {
    for (const { text, line } of strings) {
      for (const sentence of sentencesOf(text)) {
        const list = places.get(sentence) ?? [];
        list.push({ file: path.relative(REPO_ROOT, file), line });
        places.set(sentence, list);
      }
    }
  }
  return places;
}

describe('wording: every sentence a person reads is written once', () => {
  it('finds the sentences of the chat, the tab and the cards (the check can see them)', () => {
    const places = collect();
    assert.ok(places.size > 100, `only ${places.size} sentences found`);
    for (const known of ['Start again to act on the current state.', 'You can still look at the status.']) {
      assert.ok(places.has(known), `"${known}" not found`);
    }
  });

  it('has no sentence defined in two places', () => {
    const twice = [...collect()].filter(([, where]) => where.length > 1);
    assert.deepEqual(
      twice.map(([sentence, where]) => `"${sentence}" in ${where.map((p) => `${p.file}:${p.line}`).join(', ')}`),
      [],
    );
  });
});
