import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** Draws the app's Teams icons (run once; the PNGs are committed): a play button over caption lines. */

type Rgba = [number, number, number, number];

function canvas(size: number, fill: (x: number, y: number) => Rgba): PNG {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = fill(x + 0.5, y + 0.5);
      const i = (y * size + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = a;
    }
  }
  return png;
}

// Point-in-triangle for the play symbol, in unit coordinates.
function inPlay(u: number, v: number, cx: number, cy: number, h: number): boolean {
  const left = cx - h * 0.4;
  const right = cx + h * 0.5;
  if (u < left || u > right) return false;
  const half = (h / 2) * ((right - u) / (right - left));
  return Math.abs(v - cy) <= half;
}

const inBar = (u: number, v: number, x0: number, x1: number, y: number, t: number) => u >= x0 && u <= x1 && Math.abs(v - y) <= t / 2;

const color = canvas(192, (x, y) => {
  const u = x / 192;
  const v = y / 192;
  const white: Rgba = [255, 255, 255, 255];
  if (inPlay(u, v, 0.47, 0.38, 0.36)) return white;
  if (inBar(u, v, 0.2, 0.8, 0.72, 0.06) || inBar(u, v, 0.3, 0.7, 0.83, 0.06)) return white;
  return [31, 78, 121, 255];
});

const outline = canvas(32, (x, y) => {
  const u = x / 32;
  const v = y / 32;
  const on = inPlay(u, v, 0.47, 0.36, 0.5) || inBar(u, v, 0.12, 0.88, 0.8, 0.09);
  return on ? [255, 255, 255, 255] : [0, 0, 0, 0];
});

const dir = path.resolve(__dirname, '../manifest');
fs.writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(color));
fs.writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(outline));
console.log('icons written to', dir);
