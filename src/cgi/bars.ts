/**
 * The drawing half of upsimage.cgi (NUT 2.8.0's clients/upsimage.c): the
 * URL-tunable sizes and colours, the scale with its green/red zones, the
 * bar and its label, and the error image, on a libgd-like palette image.
 *
 * @module
 */
import { atoi, fixed } from "./cfmt.ts";
import { PaletteImage } from "./gd.ts";
import { FONT_H, FONT_W } from "./font_7x13b.ts";

/** [name, default, min, max] of the URL-tunable settings (upsimagearg.h). */
export const ARGS: readonly [string, number, number, number][] = [
  ["width", 100, 50, 200],
  ["height", 350, 100, 500],
  ["scale_height", 300, 100, 500],
  ["back_col", 0x000000, 0, 0xffffff],
  ["scale_num_col", 0xffff00, 0, 0xffffff],
  ["summary_col", 0xffff00, 0, 0xffffff],
  ["ok_zone_maj_col", 0x00ff00, 0, 0xffffff],
  ["ok_zone_min_col", 0x007800, 0, 0xffffff],
  ["neutral_zone_maj_col", 0xffffff, 0, 0xffffff],
  ["neutral_zone_min_col", 0x646464, 0, 0xffffff],
  ["warn_zone_maj_col", 0xff0000, 0, 0xffffff],
  ["warn_zone_min_col", 0x960000, 0, 0xffffff],
  ["bar_col", 0x00ff00, 0, 0xffffff],
  ["tempmin", 0, -100, 150],
  ["tempmax", 40, -100, 150],
  ["nom_in_freq", 50, 0, 100],
  ["nom_out_freq", 50, 0, 100],
];

/** How a variable is drawn (NUT's draw_* functions). */
export type Draw =
  | "utility"
  | "battpct"
  | "battvolt"
  | "general"
  | "load"
  | "temperature"
  | "humidity";

/** A finished image (NUT's drawimage() exits the program). */
export class Drawn {
  constructor(readonly im: PaletteImage) {}
}

/** C's (int) of a double on x86-64: out of range and NaN give INT_MIN. */
function toInt(x: number): number {
  if (!Number.isFinite(x) || x >= 2 ** 31 || x < -(2 ** 31)) return -(2 ** 31);
  return Math.trunc(x);
}

/** C integer division (truncating). */
function idiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** The text as Latin-1 bytes, as gdImageString takes a char array. */
function bytes(text: string): Uint8Array {
  const utf8 = new TextEncoder().encode(text);
  // labels hold only ASCII and \xb0; messages keep their UTF-8 bytes
  if ([...text].every((c) => c.charCodeAt(0) < 256)) {
    return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
  }
  return utf8;
}

/** The tunables of one request and the drawing functions. */
export class Painter {
  readonly args = new Map<string, number>(ARGS.map((a) => [a[0], a[1]]));

  get(name: string): number {
    return this.args.get(name) ?? -1;
  }

  /** parsearg(): clamps each tunable to its range. */
  set(name: string, value: string): void {
    const row = ARGS.find((a) => a[0] === name);
    if (!row) return;
    let v: number;
    if (value.startsWith("0x")) {
      // (long long)strtoul(): 64-bit unsigned (saturating), then signed
      const m = /^\s*([+-]?)([0-9a-fA-F]*)/.exec(value.slice(2))!;
      const max = (1n << 64n) - 1n;
      let n = m[2] ? BigInt(`0x${m[2]}`) : 0n;
      if (n > max) n = max;
      if (m[1] === "-") n = (-n) & max;
      v = Number(BigInt.asIntN(64, n));
    } else v = atoi(value);
    this.args.set(name, Math.min(Math.max(v, row[2]), row[3]));
  }

  noimage(msg: string): never {
    const w = this.get("width"), h = this.get("height");
    const im = new PaletteImage(w, h);
    const back = im.allocate(this.get("back_col"));
    const summary = im.allocate(this.get("summary_col"));
    im.filledRectangle(0, 0, w, h, back);
    im.transparent = back;
    const text = bytes(msg.slice(0, 511));
    if (w > h) {
      im.string(
        idiv(w - text.length * FONT_W, 2),
        idiv(h - FONT_H, 2),
        text,
        summary,
      );
    } else {
      im.stringUp(
        idiv(w - FONT_H, 2),
        idiv(h + text.length * FONT_W, 2),
        text,
        summary,
      );
    }
    throw new Drawn(im);
  }

  drawbar(
    lo: number,
    hi: number,
    step: number,
    step5: number,
    step10: number,
    zones: [number, number, number, number, number, number],
    value: number,
    unit: string,
  ): never {
    const w = this.get("width"), h = this.get("height");
    const sh = this.get("scale_height");
    const im = new PaletteImage(w, h);
    const c = (n: string) => im.allocate(this.get(n));
    const back = c("back_col"), num = c("scale_num_col");
    const okMaj = c("ok_zone_maj_col"), okMin = c("ok_zone_min_col");
    const neuMaj = c("neutral_zone_maj_col"),
      neuMin = c("neutral_zone_min_col");
    const warnMaj = c("warn_zone_maj_col"), warnMin = c("warn_zone_min_col");
    im.filledRectangle(0, 0, w, h, back);
    im.transparent = back;
    const [redlo1, redhi1, redlo2, redhi2, grnlo, grnhi] = zones;
    const range = hi - lo;
    for (let level = hi; level >= lo; level -= step) {
      let maj = neuMaj, min = neuMin;
      if (
        (redlo1 <= level && level <= redhi1) ||
        (redlo2 <= level && level <= redhi2)
      ) {
        maj = warnMaj;
        min = warnMin;
      } else if (grnlo <= level && level <= grnhi) {
        maj = okMaj;
        min = okMin;
      }
      const y = idiv(sh * (hi - level), range);
      if (level % step10 === 0) im.line(0, y, w, y, maj);
      else if (level % step5 === 0) im.line(5, y, w - 5, y, min);
      else im.line(10, y, w - 10, y, min);
    }
    for (let level = hi; level >= lo; level -= step) {
      if (level % step10 !== 0) continue;
      const y = idiv(sh * (hi - level), range);
      const label = String(level);
      im.string(w - label.length * FONT_W, y, bytes(label), num);
    }
    const bar = c("bar_col"), summary = c("summary_col");
    let barY = toInt((1.0 - (value - lo) / (hi - lo)) * sh);
    if (barY < 0) barY = 0;
    if (barY > sh) barY = sh;
    im.filledRectangle(25, barY, w - 25, sh, bar);
    const text = bytes(`${fixed(value, 1)} ${unit}`);
    im.string(idiv(w - text.length * FONT_W, 2), h - FONT_H, text, summary);
    throw new Drawn(im);
  }

  general(
    v: number,
    min: number,
    nom: number,
    max: number,
    dev: number,
    unit: string,
  ): never {
    let gray = false;
    if (dev < 0) {
      dev = -dev;
      gray = true;
    }
    if (nom === -1 && (min === -1 || max === -1)) {
      this.noimage("Can't determine range");
    }
    if (nom !== -1) {
      if (min === -1) min = nom - 3 * dev;
      if (max === -1) max = nom + 3 * dev;
    } else nom = idiv(min + max, 2);
    const [s1, s5, s10] = max - min <= 50
      ? [1, 5, 10]
      : max - min <= 100
      ? [2, 10, 20]
      : [5, 20, 40];
    const lo = idiv(min - dev, s10) * s10;
    const hi = idiv(max + dev + idiv(s10, 2), s10) * s10;
    if (!gray) {
      this.drawbar(
        lo,
        hi,
        s1,
        s5,
        s10,
        [max, hi, lo, min, nom - dev, nom + dev],
        v,
        unit,
      );
    }
    this.drawbar(lo, hi, s1, s5, s10, [0, min, max, hi, nom, max], v, unit);
  }

  draw(
    kind: Draw,
    v: number,
    min: number,
    nom: number,
    max: number,
    dev: number,
    unit: string,
  ): never {
    switch (kind) {
      case "utility": {
        if (min === -1) min = v < 200 ? 90 : v < 300 ? 200 : 340;
        if (nom === -1) nom = v < 200 ? 110 : v < 300 ? 225 : 400;
        if (max === -1) max = nom + (nom - min);
        return this.general(v, min, nom, max, toInt(nom * 0.1), unit);
      }
      case "battpct":
        return this.drawbar(
          0,
          100,
          2,
          10,
          20,
          [0, min < 0 ? 50 : min, -1, -1, 80, 100],
          v,
          unit,
        );
      case "battvolt": {
        if (nom === -1) {
          nom = v < 9
            ? 6
            : v < 18
            ? 12
            : v < 30
            ? 24
            : v < 60
            ? 48
            : v < 120
            ? 96
            : v < 230
            ? 192
            : 384;
        }
        if (min === -1) min = toInt(idiv(nom, 2) * 1.6 + 1);
        if (max === -1) max = toInt(idiv(nom, 2) * 2.3 + 1);
        if (nom < min || nom > max) nom = -1;
        let d = toInt(-nom * 0.05);
        if (d === 0) d = -1;
        return this.general(v, min, nom, max, d, unit);
      }
      case "general":
        return this.general(v, min, nom, max, dev, unit);
      case "load":
        return this.drawbar(
          0,
          125,
          5,
          5,
          25,
          [100, 125, -1, -1, 0, 50],
          v,
          unit,
        );
      case "temperature": {
        const hi = this.get("tempmax"), lo = this.get("tempmin");
        return this.drawbar(
          lo,
          hi,
          1,
          5,
          10,
          [lo, min, max, hi, -1, -1],
          v,
          unit,
        );
      }
      case "humidity":
        return this.drawbar(
          0,
          100,
          2,
          10,
          20,
          [0, min, max, 100, -1, -1],
          v,
          unit,
        );
    }
  }
}
