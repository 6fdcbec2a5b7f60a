/**
 * The Microlink descriptor: a token stream (starting at byte 12 of the
 * blob, the pages laid end to end) that names every value the unit keeps
 * and, in walking order, where its bytes are (from the data pointer on).
 * Tokens, as NUT's parser reads them:
 * - 0xF8 id: a top-level block `id:`; 0xFE id: a child block `path.id.`;
 *   0xFD id n: a collection, the same block read n times as `path.id[i].`;
 * - 0xF4: a nested block with the same path; 0xF6 / 0xFF end a block;
 *   0xF7 does nothing; 0xF5 marks the next usage as skipped;
 * - 0x01..0xDF: a usage (default 2 bytes), then options: 0xFC n sets its
 *   size, 0xFB / 0xF9 skip `size` bytes of the descriptor, 0xFA skips twice
 *   that.
 * Anything else (0x00, 0xE0..0xF3, stray options) makes the descriptor
 * invalid. Pure.
 *
 * @module
 */

/** One value the descriptor names. */
export interface Usage {
  /** e.g. `2:4.9.40`, `2:4.3D[0].B6` */
  path: string;
  /** Offset of its bytes in the blob. */
  offset: number;
  size: number;
  /** Marked by 0xF5: not published. */
  skipped: boolean;
}

const OP_RECURSE = 0xf4;
const OP_SKIP_NEXT = 0xf5;
const OP_EXIT = 0xf6;
const OP_NOOP = 0xf7;
const OP_ENTER = 0xf8;
const OP_SKIP_ALT = 0xf9;
const OP_DOUBLE_SKIP = 0xfa;
const OP_SKIP = 0xfb;
const OP_SIZE = 0xfc;
const OP_COLLECTION = 0xfd;
const OP_CHILD = 0xfe;
const OP_END = 0xff;
const USAGE_MAX = 0xdf;
/** NUT keeps at most this many usages. */
const MAX_USAGES = 1024;

const hex = (n: number) => n.toString(16).toUpperCase();

/** Walks the descriptor; null when it is malformed (NUT then has no descriptor). */
export function parseDescriptor(
  blob: Uint8Array,
  start: number,
  dataOffset: number,
): Usage[] | null {
  const usages: Usage[] = [];
  let data = dataOffset;
  const len = blob.length;

  // Each returns the position after the block, or 0 on error (as NUT).
  const usage = (pos: number, path: string, id: number, skipped: boolean) => {
    const last = path.at(-1);
    const full = path + (path && last !== ":" && last !== "." ? "." : "") +
      hex(id);
    let size = 2;
    while (pos < len) {
      const t = blob[pos]!;
      if (t === OP_SIZE) {
        if (pos + 1 >= len) return 0;
        size = blob[pos + 1]!;
        pos += 2;
      } else if (t === OP_SKIP || t === OP_SKIP_ALT) {
        if (pos + 1 + size > len) return 0;
        pos += 1 + size;
      } else if (t === OP_DOUBLE_SKIP) {
        if (pos + 1 + 2 * size > len) return 0;
        pos += 1 + 2 * size;
      } else break;
    }
    if (usages.length < MAX_USAGES) {
      usages.push({ path: full, offset: data, size, skipped });
    }
    data += size;
    return pos;
  };

  const block = (pos: number, path: string): number => {
    let skipNext = false;
    while (pos < len) {
      const t = blob[pos++]!;
      switch (t) {
        case OP_RECURSE:
          pos = block(pos, path);
          if (!pos) return 0;
          break;
        case OP_SKIP_NEXT:
          skipNext = true;
          break;
        case OP_EXIT:
        case OP_END:
          return pos;
        case OP_NOOP:
          break;
        case OP_ENTER:
        case OP_CHILD: {
          if (pos >= len) return 0;
          const id = blob[pos++]!;
          const child = t === OP_ENTER ? `${hex(id)}:` : `${path}${hex(id)}.`;
          pos = block(pos, child);
          if (!pos) return 0;
          break;
        }
        case OP_COLLECTION: {
          if (pos + 1 >= len) return 0;
          const id = blob[pos++]!, count = blob[pos++]!;
          const body = pos;
          let end = 0;
          for (let i = 0; i < count; i++) {
            end = block(body, `${path}${hex(id)}[${i}].`);
            if (!end) return 0;
          }
          pos = end; // NUT: an empty collection ends here (0 = error)
          if (!pos) return 0;
          break;
        }
        default:
          if (t === 0 || t > USAGE_MAX) return 0;
          pos = usage(pos, path, t, skipNext);
          if (!pos) return 0;
          skipNext = false;
      }
    }
    return pos;
  };

  try {
    return block(start, "") ? usages : null;
  } catch (e) {
    // thousands of nested blocks overflow the stack: no descriptor then
    // (NUT's C stack takes them); no real unit nests that deep
    if (e instanceof RangeError) return null;
    throw e;
  }
}

/** `index` when `path` fits `template` (`#` = a decimal index), else undefined. */
export function matchTemplate(
  template: string,
  path: string,
): number | undefined {
  const slot = template.indexOf("#");
  if (slot < 0) return template === path ? 0 : undefined;
  const prefix = template.slice(0, slot), suffix = template.slice(slot + 1);
  if (!path.startsWith(prefix)) return undefined;
  const m = /^\d+/.exec(path.slice(prefix.length));
  if (!m || path.slice(prefix.length + m[0].length) !== suffix) {
    return undefined;
  }
  return Number(m[0]);
}

/** A template with its `#` replaced by `index`. */
export function fillTemplate(template: string, index: number): string {
  return template.replace("#", String(index));
}
