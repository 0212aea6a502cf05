/**
 * Draws the app's two icons and writes them next to the manifest template:
 *   color.png   192x192, a white rosette badge with a check mark on the accent colour;
 *   outline.png  32x32, the same badge as a white silhouette with the check cut out, on transparency.
 * The PNGs are committed; packaging uses them as they are. Run `npm run icons` after changing a shape.
 *
 * Shapes are plain "is this point inside" tests, sampled SAMPLES x SAMPLES times per pixel so that edges
 * come out anti-aliased without a drawing library.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** The manifest's accentColor (#475569): Teams shows the colour icon on it, so the background matches. */
export const ACCENT_RGB = [0x47, 0x55, 0x69] as const;
const WHITE = [255, 255, 255] as const;
const SAMPLES = 6;

type Inside = (x: number, y: number) => boolean;

/** A rosette: a circle of radius r whose edge waves `points` times by +-wave. Centred on (cx, cy). */
function rosette(cx: number, cy: number, r: number, wave: number, points: number): Inside {
  return (x, y) => {
    const dx = x - cx;
    const dy = y - cy;
    return Math.hypot(dx, dy) <= r + wave * Math.cos(points * Math.atan2(dy, dx));
  };
}

/** A stroke of width w through the points, with round joins and caps (the check mark). */
function stroke(points: readonly (readonly [number, number])[], w: number): Inside {
  return (x, y) => {
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1]!;
      const [bx, by] = points[i]!;
      const t = Math.max(
        0,
        Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
      );
      if (Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) <= w / 2) return true;
    }
    return false;
  };
}

/** Share of a pixel's samples for which `inside` holds, 0..1. */
function coverage(inside: Inside, px: number, py: number): number {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      if (inside(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

/** A check mark scaled to a badge of the given size, so both icons share one shape. */
function checkMark(size: number): [number, number][] {
  const s = size / 192;
  return [
    [66 * s, 99 * s],
    [86 * s, 119 * s],
    [127 * s, 76 * s],
  ];
}

export function drawColorIcon(): PNG {
  const size = 192;
  const png = new PNG({ width: size, height: size });
  const badge = rosette(96, 96, 60, 4, 12);
  const check = stroke(checkMark(size), 15);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // White where the badge is and the check is not; the accent colour everywhere else.
      const white = coverage((sx, sy) => badge(sx, sy) && !check(sx, sy), x, y);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(WHITE[c]! * white + ACCENT_RGB[c]! * (1 - white));
      png.data[i + 3] = 255;
    }
  }
  return png;
}

export function drawOutlineIcon(): PNG {
  const size = 32;
  const png = new PNG({ width: size, height: size });
  const badge = rosette(16, 16, 13, 1, 12);
  const check = stroke(checkMark(size), 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Teams requires white only: the shape lives in the alpha channel alone.
      const alpha = coverage((sx, sy) => badge(sx, sy) && !check(sx, sy), x, y);
      const i = (y * size + x) * 4;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * alpha);
    }
  }
  return png;
}

if (require.main === module) {
  const dir = path.resolve(__dirname, '..');
  for (const [name, png] of [
    ['color.png', drawColorIcon()],
    ['outline.png', drawOutlineIcon()],
  ] as const) {
    const file = path.join(dir, name);
    writeFileSync(file, PNG.sync.write(png));
    process.stdout.write(`${file}\n`);
  }
}
