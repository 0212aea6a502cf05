// `npm run function-lengths`: every function of the product longer than its folder's limit, one line each, exit 1
// if any. A function's length is its lines from first to last, nested functions included, so a closure that holds a
// whole module counts as one long function.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..');

/** Where the product's code is and the most lines a function there may have (tests and bench excepted). */
export const LIMITS: ReadonlyArray<{ folder: string; maxLines: number }> = [
  { folder: 'bot', maxLines: 80 },
  { folder: 'scripts', maxLines: 120 },
  { folder: 'manifest/scripts', maxLines: 120 },
  { folder: 'tab', maxLines: 120 },
];

export interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
  maxLines: number;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => join(root, folder, file));
}

function functionName(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isAccessor(node)) && node.name) {
    return node.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText();
  }
  return '(anonymous)';
}

/** The functions of one file over `maxLines`. */
export function longFunctionsIn(file: string, maxLines: number): LongFunction[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > maxLines) {
        found.push({ file: relative(root, file), line: first + 1, name: functionName(node), lines, maxLines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every function of the product over its folder's limit; a file is judged by the most specific folder it is in. */
export function longFunctions(): LongFunction[] {
  const limitOf = new Map<string, number>();
  for (const { folder, maxLines } of LIMITS) {
    for (const file of sourceFiles(folder)) limitOf.set(file, maxLines);
  }
  return [...limitOf].flatMap(([file, maxLines]) => longFunctionsIn(file, maxLines));
}

if (require.main === module) {
  const found = longFunctions();
  for (const f of found) console.log(`${f.file}:${f.line} ${f.name}: ${f.lines} lines (at most ${f.maxLines})`);
  console.log(found.length === 0 ? 'No function over its limit.' : `${found.length} functions over their limit.`);
  process.exitCode = found.length === 0 ? 0 : 1;
}
