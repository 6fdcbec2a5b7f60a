/**
 * The shape of a Q* mapping row (NUT's item_t in nutdrv_qx.h) with named
 * fields, the QX_FLAG_* bits, and the small printf subset the tables use.
 *
 * @module
 */
import type { QxEngine } from "./engine.ts";

/** QX_FLAG_* (nutdrv_qx.h). */
export const QX = {
  STATIC: 1,
  SEMI_STATIC: 2,
  ABSENT: 4,
  CMD: 8,
  SETVAR: 16,
  TRIM: 32,
  ENUM: 64,
  RANGE: 128,
  NONUT: 256,
  SKIP: 512,
  QUICK_POLL: 1024,
} as const;

/** A preprocess hook: returns the NUT value, or null on failure (NUT's -1). */
export type Preprocess = (
  e: QxEngine,
  item: LiveItem,
  value: string,
) => string | null;

/** A table row with its per-run answer and value. */
export interface LiveItem extends QxItem {
  answer: string;
  value: string;
}

/** One row of a qx2nut table. */
export interface QxItem {
  /** NUT variable or command name (info_type). */
  name: string;
  /** ST_FLAG_RW. */
  rw?: boolean;
  /** ST_FLAG_STRING. */
  string?: boolean;
  /** info_rw: enum values, or range pairs [min, max, min, max...]. */
  rwValues?: readonly string[];
  /** Command sent to the UPS (with CR), `%s`/`%02d` filled by preprocess. */
  command?: string;
  /** Minimum answer length (0: any). */
  answerLen: number;
  /** Expected first character ("" for none). */
  leading: string;
  /** Answer byte offsets (to = 0: up to CR). */
  from: number;
  to: number;
  /** printf format of the value, or the default of a setvar (dfl). */
  dfl?: string;
  /** QX_FLAG_* bits. */
  flags: number;
  /** Rewrites the raw answer before the offsets apply; returns its new length or null. */
  preprocessAnswer?: (
    e: QxEngine,
    item: LiveItem,
    answer: string,
  ) => string | null;
  /** Value (or command) preprocess. */
  preprocess?: Preprocess;
  /** Rewrites the command before it is sent (NUT's preprocess_command); null fails. */
  preprocessCommand?: (
    e: QxEngine,
    item: LiveItem,
    cmd: string,
  ) => string | null;
  /**
   * Per-value filter of rwValues (the preprocess of NUT's info_rw_t): a
   * value is offered only when this returns true.
   */
  rwFilter?: (e: QxEngine, value: string) => boolean;
}

/** A Q* protocol (subdriver_t). */
export interface QxSubdriver {
  /** Name with version, e.g. "Megatec 0.06"; the protocol= name is the first word. */
  name: string;
  claim: (e: QxEngine) => Promise<boolean>;
  items: readonly QxItem[];
  /** Subdriver initups (skips rows on flags such as novendor). */
  initups?: (e: QxEngine) => void;
  /** Subdriver initinfo, at the end of upsdrv_initinfo. */
  initinfo?: (e: QxEngine) => void;
  /** Reply meaning "command accepted". */
  accepted?: string;
  /** Reply meaning "command rejected". */
  rejected?: string;
}

/** C's "%.Nf": like toFixed but exact halves go to even, as glibc does. */
export function fixedC(x: number, digits: number): string {
  const scaled = x * 10 ** digits;
  if (Number.isFinite(scaled) && Math.abs(scaled) < 2 ** 52) {
    const floor = Math.floor(scaled);
    if (scaled - floor === 0.5 && Number(x.toFixed(digits + 3)) === x) {
      const even = floor % 2 === 0 ? floor : floor + 1;
      return (even / 10 ** digits).toFixed(digits);
    }
  }
  const s = x.toFixed(digits);
  return s === "-0" || /^-0\.0*$/.test(s) ? s.slice(1) : s;
}

/** The printf subset of the tables: %s, %d, %0Nd, %N.Mf, with literal text around. */
export function sprintf(fmt: string, ...args: Array<string | number>): string {
  let i = 0;
  return fmt.replace(
    /%(-?0?\d*)(?:\.(\d+))?([sdf%])/g,
    (_m, width: string, prec, conv) => {
      if (conv === "%") return "%";
      const arg = args[i++] ?? "";
      let body: string;
      if (conv === "s") body = String(arg);
      else if (conv === "d") body = String(Math.trunc(Number(arg)));
      else body = fixedC(Number(arg), prec === undefined ? 6 : Number(prec));
      return pad(body, width, conv !== "s");
    },
  );
}

function pad(body: string, width: string, numeric: boolean): string {
  const left = width.startsWith("-");
  const spec = left ? width.slice(1) : width;
  const w = Number(spec || 0);
  if (body.length >= w) return body;
  if (left) return body.padEnd(w, " ");
  if (numeric && spec.startsWith("0")) {
    const neg = body.startsWith("-");
    const digits = neg ? body.slice(1) : body;
    return (neg ? "-" : "") + digits.padStart(neg ? w - 1 : w, "0");
  }
  return body.padStart(w, " ");
}

/** C strtod on a prefix: leading number or 0. */
export function strtod(text: string | undefined): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text ?? "");
  return m ? Number(m[0]) : 0;
}

/** C strtol base 10 on a prefix. */
export function strtol(text: string | undefined): number {
  const m = /^\s*[+-]?\d+/.exec(text ?? "");
  return m ? Number(m[0]) : 0;
}

/** True when every char of `s` is in `set` (strspn(s, set) == strlen(s)). */
export function onlyChars(s: string, set: string): boolean {
  for (const c of s) if (!set.includes(c)) return false;
  return true;
}
