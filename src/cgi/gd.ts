/**
 * The few libgd (2.3.3) palette-image operations upsimage.cgi draws with,
 * pixel for pixel: colour allocation (no de-duplication), a transparent
 * index, filled rectangles, horizontal/vertical lines and 7x13 bold text
 * across and upwards.
 *
 * @module
 */
import { FONT_H, FONT_W, glyphPixel } from "./font_7x13b.ts";

/** A palette image: one colour index per pixel. */
export class PaletteImage {
  readonly width: number;
  readonly height: number;
  /** Row-major colour indexes (0 where nothing was drawn, as gdImageCreate). */
  readonly pixels: Uint8Array;
  /** Allocated colours as 0xRRGGBB, in allocation order. */
  readonly colors: number[] = [];
  /** The transparent colour index, or -1. */
  transparent = -1;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.pixels = new Uint8Array(width * height);
  }

  /** gdImageColorAllocate: always a new index (up to 256). */
  allocate(rgb: number): number {
    if (this.colors.length >= 256) return -1;
    this.colors.push(rgb & 0xffffff);
    return this.colors.length - 1;
  }

  /** gdImageSetPixel: silently clipped. */
  setPixel(x: number, y: number, color: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.pixels[y * this.width + x] = color;
  }

  /** gdImageFilledRectangle: corners inclusive, clipped to the image. */
  filledRectangle(
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    color: number,
  ): void {
    if (x1 === x2 && y1 === y2) return this.setPixel(x1, y1, color);
    const [ax, bx] = x1 > x2 ? [x2, x1] : [x1, x2];
    const [ay, by] = y1 > y2 ? [y2, y1] : [y1, y2];
    const xs = Math.max(ax, 0), xe = Math.min(bx, this.width - 1);
    const ys = Math.max(ay, 0), ye = Math.min(by, this.height - 1);
    for (let y = ys; y <= ye; y++) {
      for (let x = xs; x <= xe; x++) this.setPixel(x, y, color);
    }
  }

  /**
   * gdImageLine for the horizontal and vertical lines upsimage draws
   * (a slanted line is not needed and not supported).
   */
  line(x1: number, y1: number, x2: number, y2: number, color: number): void {
    if (y1 === y2) {
      if (y1 < 0 || y1 >= this.height) return;
      const xs = Math.max(Math.min(x1, x2), 0);
      const xe = Math.min(Math.max(x1, x2), this.width - 1);
      for (let x = xs; x <= xe; x++) this.setPixel(x, y1, color);
    } else if (x1 === x2) {
      if (x1 < 0 || x1 >= this.width) return;
      const ys = Math.max(Math.min(y1, y2), 0);
      const ye = Math.min(Math.max(y1, y2), this.height - 1);
      for (let y = ys; y <= ye; y++) this.setPixel(x1, y, color);
    } else {
      throw new RangeError("only horizontal and vertical lines");
    }
  }

  /** gdImageString with the 7x13 bold font; `text` holds byte values. */
  string(x: number, y: number, text: Uint8Array, color: number): void {
    for (const code of text) {
      for (let cy = 0; cy < FONT_H; cy++) {
        for (let cx = 0; cx < FONT_W; cx++) {
          if (glyphPixel(code, cx, cy)) this.setPixel(x + cx, y + cy, color);
        }
      }
      x += FONT_W;
    }
  }

  /** gdImageStringUp: the text rotated a quarter turn anticlockwise. */
  stringUp(x: number, y: number, text: Uint8Array, color: number): void {
    for (const code of text) {
      // glyph column cx goes to row y - cx, glyph row cy to column x + cy
      for (let cx = 0; cx < FONT_W; cx++) {
        for (let cy = 0; cy < FONT_H; cy++) {
          if (glyphPixel(code, cx, cy)) this.setPixel(x + cy, y - cx, color);
        }
      }
      y -= FONT_W;
    }
  }
}
