import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { longFunctionsIn } from '../../scripts/functionLengths';

/** A function of `lines` lines (its first and last included), with a nested arrow function inside. */
function source(name: string, lines: number): string {
  const body = Array.from({ length: lines - 4 }, (_, i) => `  const v${i} = ${i};`);
  return [`export function ${name}(): void {`, '  const inner = () => {', '  };', ...body, '}'].join('\n');
}

describe('function-length check', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'function-lengths-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a function one line over the limit, with its file, line and length, and not one at the limit', () => {
    const file = path.join(dir, 'sample.ts');
    writeFileSync(file, `${source('atLimit', 80)}\n\n${source('overLimit', 81)}\n`);
    const found = longFunctionsIn(file, 80);
    assert.deepEqual(
      found.map(({ name, line, lines }) => ({ name, line, lines })),
      [{ name: 'overLimit', line: 82, lines: 81 }],
    );
  });

  it('counts a method, an arrow function held in a variable and a class constructor', () => {
    const file = path.join(dir, 'kinds.js');
    const lines = (n: number) => Array.from({ length: n }, () => '    x++;').join('\n');
    writeFileSync(
      file,
      `class A {\n  constructor() {\n${lines(5)}\n  }\n  method() {\n${lines(5)}\n  }\n}\nconst arrow = () => {\n${lines(5)}\n};\n`,
    );
    assert.deepEqual(
      longFunctionsIn(file, 6).map((f) => f.name),
      ['constructor', 'method', 'arrow'],
    );
  });
});
