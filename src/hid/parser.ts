/**
 * HID report descriptor parser with NUT's (hidparser.c) semantics: every
 * Input/Output/Feature control with a usage becomes a field carrying its
 * usage path, report ID, bit offset (counted after the report ID byte),
 * size, logical/physical ranges, unit and unit exponent. Collections whose
 * type byte is 0x80 or more add an index node (`[n]` in paths), as MGE
 * devices mark repeated collections. Structural errors (truncated items,
 * controls outside any collection, unbalanced collections, reserved items)
 * are rejected with a HidParseError.
 *
 * @module
 */

/** Report kind, spelled as NUT prints it. */
export type ReportType = "Input" | "Output" | "Feature";

/** One HID control (NUT's HIDData_t). */
export interface HidField {
  /** Usage path: each node page << 16 | usage, or 0x00ff0000 | index. */
  readonly path: readonly number[];
  readonly type: ReportType;
  readonly reportId: number;
  /** Bit offset counted from the first byte after the report ID. */
  readonly offset: number;
  readonly size: number;
  readonly logMin: number;
  readonly logMax: number;
  /** True when LogMax was re-read as unsigned because it was below LogMin. */
  readonly assumedLogMax: boolean;
  readonly phyMin: number;
  readonly phyMax: number;
  readonly havePhyMin: boolean;
  readonly havePhyMax: boolean;
  readonly unit: number;
  readonly unitExp: number;
  /** Main item data byte (bit 0 = constant). */
  readonly attribute: number;
}

/** A parsed descriptor. */
export interface HidDescriptor {
  readonly fields: readonly HidField[];
  /** Bytes of each report ID after the ID byte (largest over types, as NUT). */
  readonly reportLengths: ReadonlyMap<number, number>;
  /** Descriptor length in bytes. */
  readonly length: number;
}

/** A descriptor that cannot be trusted. */
export class HidParseError extends Error {
  override name = "HidParseError";
}

/** Index-node marker used for `[n]` path elements. */
export const INDEX_NODE = 0x00ff0000;

const MAIN_TYPES: Record<number, ReportType> = {
  0x80: "Input",
  0x90: "Output",
  0xb0: "Feature",
};
const MAX_DEPTH = 32;
const DATA_SIZES = [0, 1, 2, 4] as const;

function signedOf(value: number, bytes: number): number {
  if (bytes === 1) return (value << 24) >> 24;
  if (bytes === 2) return (value << 16) >> 16;
  if (bytes === 4) return value | 0;
  return value;
}

interface GlobalState {
  page: number;
  reportId: number;
  size: number;
  count: number;
  logMin: number;
  logMax: number;
  assumedLogMax: boolean;
  phyMin: number;
  phyMax: number;
  havePhyMin: boolean;
  havePhyMax: boolean;
  unit: number;
  unitExp: number;
}

/** Parses a report descriptor; throws HidParseError on a corrupted one. */
export function parseReportDescriptor(bytes: Uint8Array): HidDescriptor {
  if (bytes.length === 0) throw new HidParseError("empty report descriptor");
  const g: GlobalState = {
    page: 0,
    reportId: 0,
    size: 0,
    count: 0,
    logMin: 0,
    logMax: 0,
    assumedLogMax: false,
    phyMin: 0,
    phyMax: 0,
    havePhyMin: false,
    havePhyMax: false,
    unit: 0,
    unitExp: 0,
  };
  let usages: number[] = [];
  const path: number[] = [];
  /** How many path nodes each open collection pushed (1, or 2 with an index). */
  const opened: number[] = [];
  const offsets = new Map<string, number>();
  const lengths = new Map<number, number>();
  const fields: HidField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const at = pos;
    const prefix = bytes[pos++]!;
    if (prefix === 0xfe) {
      // long item: size byte, tag byte, data (NUT skips these)
      if (pos + 2 > bytes.length) {
        throw new HidParseError(`truncated long item at byte ${at}`);
      }
      const n = bytes[pos]!;
      pos += 2 + n;
      if (pos > bytes.length) {
        throw new HidParseError(`truncated long item at byte ${at}`);
      }
      continue;
    }
    const nbytes = DATA_SIZES[prefix & 3]!;
    if (pos + nbytes > bytes.length) {
      throw new HidParseError(
        `truncated item 0x${
          hex2(prefix)
        } at byte ${at}: needs ${nbytes} data bytes`,
      );
    }
    let value = 0;
    for (let i = 0; i < nbytes; i++) value += bytes[pos + i]! * 2 ** (8 * i);
    pos += nbytes;
    const itemType = (prefix >> 2) & 3;
    const tag = prefix & 0xfc;
    if (itemType === 3) {
      throw new HidParseError(
        `reserved item 0x${hex2(prefix)} at byte ${at}`,
      );
    }
    if (itemType === 0) {
      // main items
      const kind = MAIN_TYPES[tag];
      if (kind) {
        if (opened.length === 0) {
          throw new HidParseError(
            `${kind} item at byte ${at} outside any collection`,
          );
        }
        const count = g.count;
        for (let i = 0; i < count; i++) {
          const usage = usages.length > 0 ? usages.shift()! : 0;
          const key = `${g.reportId}:${kind}`;
          const offset = offsets.get(key) ?? 0;
          offsets.set(key, offset + g.size);
          if (usage === 0) continue; // padding or continuation, as NUT
          fields.push({
            path: [...path, usage],
            type: kind,
            reportId: g.reportId,
            offset,
            size: g.size,
            logMin: g.logMin,
            logMax: g.logMax,
            assumedLogMax: g.assumedLogMax,
            phyMin: g.phyMin,
            phyMax: g.phyMax,
            havePhyMin: g.havePhyMin,
            havePhyMax: g.havePhyMax,
            unit: g.unit,
            unitExp: g.unitExp,
            attribute: value & 0xff,
          });
          const end = Math.ceil((offset + g.size) / 8);
          if (end > (lengths.get(g.reportId) ?? 0)) {
            lengths.set(g.reportId, end);
          }
        }
        usages = [];
      } else if (tag === 0xa0) {
        let pushed = 1;
        path.push(usages[0] ?? 0);
        if ((value & 0xff) >= 0x80) {
          path.push(INDEX_NODE | (value & 0x7f));
          pushed = 2;
        }
        opened.push(pushed);
        if (path.length > MAX_DEPTH) {
          throw new HidParseError(`collections nested too deep at byte ${at}`);
        }
        usages = [];
      } else if (tag === 0xc0) {
        const pushed = opened.pop();
        if (pushed === undefined) {
          throw new HidParseError(
            `End Collection at byte ${at} without an open collection`,
          );
        }
        path.length -= pushed;
        usages = [];
      } else {
        throw new HidParseError(
          `unknown main item 0x${hex2(prefix)} at byte ${at}`,
        );
      }
    } else if (itemType === 1) {
      switch (tag) {
        case 0x04:
          g.page = value & 0xffff;
          break;
        case 0x14:
          g.logMin = signedOf(value, nbytes);
          break;
        case 0x24: {
          const signed = signedOf(value, nbytes);
          // NUT's hack: a LogMax below LogMin was meant unsigned
          g.assumedLogMax = signed < g.logMin;
          g.logMax = g.assumedLogMax ? value : signed;
          break;
        }
        case 0x34:
          g.phyMin = signedOf(value, nbytes);
          g.havePhyMin = true;
          break;
        case 0x44:
          g.phyMax = signedOf(value, nbytes);
          g.havePhyMax = true;
          break;
        case 0x54: {
          let e = (value << 24) >> 24;
          if (e > 7) e = ((e | 0xf0) << 24) >> 24;
          g.unitExp = e;
          break;
        }
        case 0x64:
          g.unit = value;
          break;
        case 0x74:
          g.size = value;
          break;
        case 0x84:
          if (value === 0 || value > 0xff) {
            throw new HidParseError(`invalid Report ID ${value} at byte ${at}`);
          }
          g.reportId = value;
          break;
        case 0x94:
          g.count = value;
          break;
        case 0xa4:
        case 0xb4:
          break; // push/pop: ignored, as NUT
        default:
          throw new HidParseError(
            `unknown global item 0x${hex2(prefix)} at byte ${at}`,
          );
      }
    } else {
      // local items: only Usage matters to NUT
      if (tag === 0x08) {
        usages.push(nbytes === 4 ? value : g.page * 0x10000 + (value & 0xffff));
      } else if (tag > 0xa8) {
        throw new HidParseError(
          `unknown local item 0x${hex2(prefix)} at byte ${at}`,
        );
      }
    }
  }
  if (opened.length > 0) {
    throw new HidParseError(
      `report descriptor ends inside ${opened.length} open collection(s)`,
    );
  }
  if (fields.length === 0) throw new HidParseError("no HID objects found");
  return { fields, reportLengths: lengths, length: bytes.length };
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, "0");
}

/** Finds the field with exactly this path and type. */
export function findField(
  desc: HidDescriptor,
  path: readonly number[],
  type: ReportType,
): HidField | undefined {
  return desc.fields.find((f) =>
    f.type === type && f.path.length === path.length &&
    f.path.every((n, i) => n === path[i])
  );
}
