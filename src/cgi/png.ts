/**
 * PNG encoding of a palette image laid out as libgd 2.3.3's gdImagePng
 * writes it through libpng 1.6: transparent colours first in the palette
 * and the opaque ones after them in reverse order, the smallest bit depth
 * that holds the colours, PLTE, tRNS, pHYs (96 dpi), filter type None, a
 * zlib stream at the default level whose window libpng shrinks for small
 * images, IDAT chunks of at most 8192 bytes.
 *
 * @module
 */
import type { PaletteImage } from "./gd.ts";

/** zlib-compresses bytes at level 6 with a 32 KiB window (compress2). */
export type Deflate = (data: Uint8Array) => Uint8Array;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) {
    for (const b of p) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function u32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

function chunk(type: string, data: Uint8Array): Uint8Array[] {
  const t = new TextEncoder().encode(type);
  return [u32(data.length), t, data, u32(crc32([t, data]))];
}

/** The zlib window bits libpng picks for this much image data. */
export function pngWindowBits(dataSize: number): number {
  let bits = 15;
  if (dataSize <= 16384) {
    let half = 1 << (bits - 1);
    while (dataSize + 262 <= half) {
      half >>= 1;
      bits--;
    }
  }
  return bits;
}

/** Rewrites the 2-byte zlib header for another window size (level 6). */
function setWindowBits(z: Uint8Array, bits: number): Uint8Array {
  const out = z.slice();
  const cmf = ((bits - 8) << 4) | 8;
  let header = (cmf << 8) | (2 << 6);
  header += 31 - (header % 31);
  out[0] = header >> 8;
  out[1] = header & 255;
  return out;
}

/** The PNG file gdImagePng writes for `im`. */
export function encodePng(im: PaletteImage, deflate: Deflate): Uint8Array {
  const n = im.colors.length;
  const mapping = new Array<number>(n);
  // transparent index first, opaque ones from the top down (libgd's remap)
  const trans = im.transparent >= 0 && im.transparent < n ? 1 : 0;
  let j = 0, k = n - 1;
  for (let i = 0; i < n; i++) {
    mapping[i] = trans && i === im.transparent ? j++ : trans ? k-- : i;
  }
  const depth = n <= 2 ? 1 : n <= 4 ? 2 : n <= 16 ? 4 : 8;
  const palette = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = im.colors[i]!;
    palette.set([(c >> 16) & 255, (c >> 8) & 255, c & 255], mapping[i]! * 3);
  }
  const rowBytes = Math.ceil((im.width * depth) / 8);
  const raw = new Uint8Array((rowBytes + 1) * im.height);
  const perByte = 8 / depth;
  for (let y = 0; y < im.height; y++) {
    const base = y * (rowBytes + 1) + 1; // filter byte 0 before each row
    for (let x = 0; x < im.width; x++) {
      const v = mapping[im.pixels[y * im.width + x]!] ?? 0;
      const shift = 8 - depth * ((x % perByte) + 1);
      raw[base + Math.floor(x / perByte)]! |= v << shift;
    }
  }
  const bits = pngWindowBits(raw.length);
  const z = bits === 15 ? deflate(raw) : setWindowBits(deflate(raw), bits);
  const ihdr = new Uint8Array(13);
  ihdr.set(u32(im.width), 0);
  ihdr.set(u32(im.height), 4);
  ihdr.set([depth, 3, 0, 0, 0], 8);
  const dpm = Math.trunc(96 / 0.0254 + 0.5);
  const phys = new Uint8Array(9);
  phys.set(u32(dpm), 0);
  phys.set(u32(dpm), 4);
  phys[8] = 1;
  const parts: Uint8Array[] = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    ...chunk("IHDR", ihdr),
    ...chunk("PLTE", palette),
  ];
  if (trans) parts.push(...chunk("tRNS", new Uint8Array([0])));
  parts.push(...chunk("pHYs", phys));
  for (let at = 0; at < z.length; at += 8192) {
    parts.push(...chunk("IDAT", z.subarray(at, at + 8192)));
  }
  parts.push(...chunk("IEND", new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
