/**
 * apcupsd's Network Information Server (NIS, TCP 3551) as NUT's
 * apcupsd-ups reads it, and the item → NUT variable table (our own form of
 * the facts in NUT 2.8.0's drivers/apcupsd-ups.h).
 *
 * Wire: every message is a 2-byte big-endian length and that many bytes.
 * The client sends `status`; the server answers one message per line
 * (`ITEM     : value\n`) and ends with a zero-length message.
 *
 * @module
 */

/** The request a client sends. */
export const STATUS_REQUEST: Uint8Array = frame("status");

/** Records longer than this are a protocol error (NUT's 1024-byte buffer). */
export const MAX_RECORD = 1023;

/** A message with its 2-byte length. */
export function frame(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(2 + body.length);
  new DataView(out.buffer).setUint16(0, body.length);
  out.set(body, 2);
  return out;
}

/** How a row turns the apcupsd value into the NUT value. */
export type Kind =
  | "status"
  | "date" // first word
  | "time" // second word
  | "fw1" // before " /"
  | "fw2" // after "/ "
  | "string" // cut to `len` chars
  | "number"; // atof × scale, printf-formatted with `digits`

/** One table row. */
export interface Row {
  /** apcupsd item; undefined = a constant written on every item. */
  item?: string;
  name: string;
  kind: Kind;
  /** string: max length; number: multiplier. */
  len: number;
  /** number: decimals; constant rows: the value. */
  digits?: number;
  value?: string;
  /** Kept between polls (NUT's DU_FLAG_INIT); others are deleted before each poll. */
  keep?: boolean;
}

const s = (item: string, name: string, len: number): Row => ({
  item,
  name,
  kind: "string",
  len,
});
const n = (item: string, name: string, digits: number, len = 1): Row => ({
  item,
  name,
  kind: "number",
  len,
  digits,
});

/** The table, in NUT's order (an item may feed two rows). */
export const ROWS: readonly Row[] = Object.freeze([
  { name: "ups.mfr", kind: "string", len: 32, value: "APC", keep: true },
  { ...s("MODEL", "ups.model", 32), keep: true },
  { item: "STATUS", name: "ups.status", kind: "status", len: 32, keep: true },
  s("SERIALNO", "ups.serial", 32),
  n("LOADPCT", "ups.load", 1),
  { item: "DATE", name: "ups.time", kind: "time", len: 16 },
  { item: "DATE", name: "ups.date", kind: "date", len: 16 },
  s("MANDATE", "ups.mfr.date", 16),
  { item: "FIRMWARE", name: "ups.firmware", kind: "fw1", len: 16 },
  { item: "FIRMWARE", name: "ups.firmware.aux", kind: "fw2", len: 16 },
  n("ITEMP", "ups.temperature", 1),
  s("UPSNAME", "ups.id", 16),
  n("DWAKE", "ups.delay.start", 0),
  n("DSHUTD", "ups.delay.shutdown", 0),
  n("STESTI", "ups.test.interval", 0),
  s("SELFTEST", "ups.test.result", 16),
  n("LINEV", "input.voltage", 1),
  n("MAXLINEV", "input.voltage.maximum", 1),
  n("MINLINEV", "input.voltage.minimum", 1),
  n("NOMINV", "input.voltage.nominal", 0),
  n("NOMOUTV", "output.voltage.nominal", 0),
  s("LASTXFER", "input.transfer.reason", 32),
  n("LOTRANS", "input.transfer.low", 1),
  n("HITRANS", "input.transfer.high", 1),
  s("SENSE", "input.sensitivity", 1),
  n("LINEFREQ", "input.frequency", 1),
  n("OUTPUTV", "output.voltage", 1),
  n("LINEFREQ", "output.frequency", 1),
  n("BCHARGE", "battery.charge", 1),
  n("MBATTCHG", "battery.charge.low", 0),
  { item: "BATTDATE", name: "battery.date", kind: "date", len: 16 },
  n("BATTV", "battery.voltage", 1),
  n("NOMBATTV", "battery.voltage.nominal", 1),
  // apcupsd gives minutes
  n("TIMELEFT", "battery.runtime", 1, 60),
  n("MINTIMEL", "battery.runtime.low", 0, 60),
  n("RETPCT", "battery.charge.restart", 1),
  { ...n("NOMPOWER", "ups.realpower.nominal", 1), keep: true },
  n("LOAD_W", "ups.realpower", 1),
  n("LOADAPNT", "power.percent", 1),
  n("OUTCURNT", "output.current", 2),
  n("LOAD_VA", "ups.power", 1),
  { ...n("NOMAPNT", "ups.power.nominal", 0), keep: true },
]);

/** apcupsd STATUS words → NUT status tokens. */
const STATUS_WORDS: Readonly<Record<string, string>> = {
  CAL: "CAL",
  TRIM: "TRIM",
  BOOST: "BOOST",
  ONLINE: "OL",
  ONBATT: "OB",
  OVERLOAD: "OVER",
  LOWBATT: "LB",
  REPLACEBATT: "RB",
  NOBATT: "BYPASS",
};

/** The NUT status tokens of an apcupsd STATUS value. */
export function statusTokens(data: string): string[] {
  if (data === "COMMLOST" || data === "NETWORK ERROR" || data === "ERROR") {
    return ["OFF"];
  }
  if (data === "SELFTEST") return ["OB"];
  const out: string[] = [];
  for (const w of data.split(" ")) {
    const t = STATUS_WORDS[w];
    if (t) out.push(t);
  }
  return out;
}

/** C atof: the leading number, else 0. */
export function atof(text: string): number {
  const m = /^[ \t\n\v\f\r]*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(text);
  return m ? Number(m[0]) : 0;
}

/** printf "%1.<digits>f" (round half to even on the binary value, as glibc). */
export function fixed(x: number, digits: number): string {
  const scaled = Math.abs(x) * 10 ** digits;
  const frac = scaled - Math.floor(scaled);
  if (frac === 0.5 && Number.isSafeInteger(scaled * 2)) {
    // an exact tie: glibc rounds to even where toFixed rounds up
    const even = Math.floor(scaled) % 2 === 0
      ? Math.floor(scaled)
      : Math.ceil(scaled);
    return (x < 0 ? "-" : "") + (even / 10 ** digits).toFixed(digits);
  }
  return x.toFixed(digits);
}

/**
 * One NIS line split as NUT does: the item is the first run of chars
 * other than space, tab, ':', CR, LF; the value is the rest up to CR/LF
 * with leading spaces, tabs and ':' dropped (trailing spaces stay).
 */
export function splitLine(
  line: string,
): { item: string; data: string } | undefined {
  const m = /^[ \t:\r\n]*([^ \t:\r\n]+)[ \t:\r\n]?([^\r\n]*)/.exec(line);
  if (!m) return undefined;
  const rest = m[2]!;
  // a value empty up to the line end is an error in NUT (strtok finds none)
  if (rest === "") return undefined;
  return { item: m[1]!, data: rest.replace(/^[ \t:]+/, "") };
}

/** The value a row publishes for an item's data, or undefined for none. */
export function rowValue(row: Row, data: string): string | undefined {
  switch (row.kind) {
    case "date": {
      const sp = data.indexOf(" ");
      return sp < 0 ? data : data.slice(0, sp);
    }
    case "time": {
      const sp = data.indexOf(" ");
      if (sp < 0) return undefined;
      const rest = data.slice(sp + 1);
      const sp2 = rest.indexOf(" ");
      return sp2 < 0 ? rest : rest.slice(0, sp2);
    }
    case "fw1": {
      const slash = data.indexOf("/");
      if (slash < 0) return data;
      let p = slash;
      while (p > 0 && data[p - 1] === " ") p--;
      return data[p] === " " ? data.slice(0, p) : data;
    }
    case "fw2": {
      const slash = data.indexOf("/");
      if (slash < 0) return undefined;
      let p = slash;
      while (p < data.length && data[p + 1] === " ") p++;
      return p + 1 < data.length ? data.slice(p + 1) : undefined;
    }
    case "string":
      return data.length > row.len ? data.slice(0, row.len) : data;
    case "number":
      return fixed(atof(data) * row.len, row.digits ?? 0);
    case "status":
      return statusTokens(data).join(" ");
  }
}
