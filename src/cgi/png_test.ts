import { deflateSync, inflateSync } from "node:zlib";
import { assertEquals } from "../../tests/assert.ts";
import { PaletteImage } from "./gd.ts";
import { encodePng, pngWindowBits } from "./png.ts";

const deflate = (d: Uint8Array) => new Uint8Array(deflateSync(d));

/** Reads back palette, transparency and per-pixel colours of a PNG. */
function readBack(png: Uint8Array) {
  const v = new DataView(png.buffer, png.byteOffset);
  const chunks = new Map<string, Uint8Array>();
  const idat: number[] = [];
  for (let at = 8; at < png.length;) {
    const len = v.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === "IDAT") idat.push(...data);
    else chunks.set(type, data);
    at += 12 + len;
  }
  const ihdr = new DataView(
    chunks.get("IHDR")!.buffer,
    chunks.get("IHDR")!.byteOffset,
  );
  const w = ihdr.getUint32(0), h = ihdr.getUint32(4), depth = ihdr.getUint8(8);
  const raw = new Uint8Array(inflateSync(new Uint8Array(idat)));
  const plte = chunks.get("PLTE")!;
  const trns = chunks.get("tRNS") ?? new Uint8Array(0);
  const stride = Math.ceil((w * depth) / 8) + 1;
  const rgba: string[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const byte = raw[y * stride + 1 + Math.floor((x * depth) / 8)]!;
      const idx = (byte >> (8 - depth - ((x * depth) % 8))) &
        ((1 << depth) - 1);
      const c = (plte[idx * 3]! << 16) | (plte[idx * 3 + 1]! << 8) |
        plte[idx * 3 + 2]!;
      rgba.push(`${c.toString(16)}/${trns[idx] ?? 255}`);
    }
  }
  return { w, h, depth, rgba };
}

Deno.test({
  name: "encodePng: every pixel reads back as its colour, transparency kept",
  permissions: "none",
  fn() {
    for (const [n, w, h] of [[2, 13, 5], [3, 9, 4], [10, 7, 3], [20, 5, 2]]) {
      const im = new PaletteImage(w!, h!);
      for (let i = 0; i < n!; i++) im.allocate(0x010203 * (i + 1));
      im.transparent = 0;
      for (let i = 0; i < w! * h!; i++) im.pixels[i] = (i * 7) % n!;
      const back = readBack(encodePng(im, deflate));
      assertEquals([back.w, back.h], [w, h]);
      assertEquals(back.depth, n! <= 2 ? 1 : n! <= 4 ? 2 : n! <= 16 ? 4 : 8);
      const want = Array.from(
        im.pixels,
        (p) => `${im.colors[p]!.toString(16)}/${p === 0 ? 0 : 255}`,
      );
      assertEquals(back.rgba, want);
    }
  },
});

Deno.test({
  name: "pngWindowBits: the smallest window above the data, 15 past 16 KiB",
  permissions: "none",
  fn() {
    for (const size of [800, 4900, 16384, 16385, 17850]) {
      const bits = pngWindowBits(size);
      const window = 1 << bits;
      if (size > 16384) assertEquals(bits, 15);
      else {
        // libpng: halve while the data (+262 lookahead) fits in half
        assertEquals(size + 262 <= window || bits === 15, true);
        assertEquals(size + 262 > window / 2, true);
      }
    }
  },
});
