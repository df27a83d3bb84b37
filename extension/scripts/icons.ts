/**
 * Draws the toolbar icon (a brand-red rounded square with a dot and two rings: the blast
 * radius) at every size the manifest names, into extension/public/icon/<size>.png.
 * The PNGs are committed; run again only to change the drawing:
 *   npx tsx extension/scripts/icons.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { deflateSync } from "node:zlib";

const SIZES = [16, 32, 48, 128];
const BRAND = [225, 61, 22]; // brand-600, as in the dashboard
const SUPERSAMPLE = 4;

/** Coverage of the shape at a point, in a 0..1 square: 0 outside, 1 inside. */
function shape(x: number, y: number): { alpha: number; white: boolean } {
  const r = 0.22; // corner radius of the square
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  const inSquare = Math.hypot(x - cx, y - cy) <= r;
  if (!inSquare) return { alpha: 0, white: false };
  const d = Math.hypot(x - 0.5, y - 0.5);
  const white = d <= 0.09 || (d >= 0.2 && d <= 0.26) || (d >= 0.34 && d <= 0.39);
  return { alpha: 1, white };
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png(size: number): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x++) {
      let alpha = 0;
      let white = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const s = shape(
            (x + (sx + 0.5) / SUPERSAMPLE) / size,
            (y + (sy + 0.5) / SUPERSAMPLE) / size,
          );
          alpha += s.alpha;
          if (s.white) white += 1;
        }
      }
      const n = SUPERSAMPLE * SUPERSAMPLE;
      const w = alpha ? white / alpha : 0;
      const o = 1 + x * 4;
      for (let i = 0; i < 3; i++) row[o + i] = Math.round(BRAND[i] * (1 - w) + 255 * w);
      row[o + 3] = Math.round((alpha / n) * 255);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const dir = path.join(import.meta.dirname, "..", "public", "icon");
mkdirSync(dir, { recursive: true });
for (const size of SIZES) writeFileSync(path.join(dir, `${size}.png`), png(size));
console.log(`Wrote ${SIZES.map((s) => `icon/${s}.png`).join(", ")} to ${dir}`);
