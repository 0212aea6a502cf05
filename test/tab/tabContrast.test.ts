import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';

/**
 * "No partner of record" (`td.none`, in --warn) must stay readable on every row of the table, in each of the
 * tab's themes: WCAG AA asks 4.5:1 for text of its size (14px, semibold). Rows alternate --bg and --row.
 */
const CSS = readFileSync(path.join(REPO_ROOT, 'tab', 'tab.css'), 'utf8');
const AA_TEXT = 4.5;

/** The custom properties one rule of tab.css sets. */
function variables(selector: string): Map<string, string> {
  const start = CSS.indexOf(`${selector} {`);
  assert.ok(start >= 0, `tab.css has no rule for ${selector}`);
  const body = CSS.slice(start, CSS.indexOf('}', start));
  return new Map([...body.matchAll(/(--[a-z-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

function luminance(hex: string): number {
  const match = /^#([0-9a-f]{6})$/i.exec(hex);
  assert.ok(match, `${hex} is not a #rrggbb colour`);
  const n = parseInt(match[1]!, 16);
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(n >> 16) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('tab colours', () => {
  it('computes contrast ratios as WCAG does', () => {
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#777777', '#777777'), 1);
    assert.ok(Math.abs(contrastRatio('#767676', '#ffffff') - 4.54) < 0.01);
  });

  for (const [theme, selector] of [
    ['light (default)', ':root'],
    ['dark', 'body[data-theme="dark"]'],
  ] as const) {
    it(`keeps "No partner of record" readable on both row backgrounds in the ${theme} theme`, () => {
      // The dark theme overrides the light one's values; anything it leaves out is the light one's.
      const vars = new Map([...variables(':root'), ...variables(selector)]);
      const warn = vars.get('--warn')!;
      for (const background of ['--bg', '--row']) {
        const ratio = contrastRatio(warn, vars.get(background)!);
        assert.ok(
          ratio >= AA_TEXT,
          `--warn ${warn} on ${background} ${vars.get(background)}: ${ratio.toFixed(2)}:1, below ${AA_TEXT}:1`,
        );
      }
    });
  }

  it("uses the system's own text-on-background pair in the high-contrast theme", () => {
    // Canvas and CanvasText are the colours the person's high-contrast setting chooses, readable by definition
    // (Fluent UI's high-contrast theme gives status text the same pair).
    const vars = variables('body[data-theme="contrast"]');
    assert.equal(vars.get('--warn'), 'CanvasText');
    assert.equal(vars.get('--bg'), 'Canvas');
    assert.equal(vars.get('--row'), 'Canvas');
  });

  it('marks "No partner of record" by weight as well as colour, so it stands out where the colour is the text\'s', () => {
    assert.match(CSS, /td\.none\s*\{[^}]*color:\s*var\(--warn\)[^}]*font-weight:\s*(600|700|bold)/);
  });
});
