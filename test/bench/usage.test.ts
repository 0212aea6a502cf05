import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../bot/config';

/** `npm run bench -- <args>` as a person types it, in a child process: exit code and both outputs. */
function bench(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['run', '--silent', 'bench', '--', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const NO_STACK = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

describe('bench: the command line', () => {
  for (const flag of ['--help', '-h']) {
    it(`prints the usage for ${flag} and exits 0, measuring nothing`, async () => {
      const run = await bench(flag);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^Usage: npm run bench -- \[--scenario attach\|scale\|soak\|status\]/);
      assert.match(run.stdout, /--owners N/);
      assert.doesNotMatch(run.stdout + run.stderr, NO_STACK);
      assert.doesNotMatch(run.stderr, /compiling/);
    });
  }

  const refused = [
    ['--bogus'],
    ['--scenario', 'nope'],
    ['--scenario', 'soak', '--minutes', 'x'],
    ['--scenario', 'scale', '--owners', '3'],
    ['--scenario', 'attach', '--only', 'turns'],
    ['--scenario', 'status', '--turns', '0'],
  ];
  for (const args of refused) {
    it(`refuses ${args.join(' ')} with a line and the usage, exit 2, no stack`, async () => {
      const run = await bench(...args);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, /^bench: .+\n\nUsage: npm run bench/);
      assert.doesNotMatch(run.stdout + run.stderr, NO_STACK);
      assert.doesNotMatch(run.stderr, /compiling/);
    });
  }
});
