/**
 * Masterguard 0.02 (nutdrv_qx_masterguard.c): Masterguard A and E series
 * with their own `WH` (identity and ratings), `Q3` (status), `GS`/`GBS`/
 * `GSN`/`DRC`/`FLT` (addressed with the unit's slave address), `MSO`/`PNV`
 * (output voltages) queries.
 *
 * NUT 2.8.0 renamed `series` and `output_voltages` to `experimental.*` in
 * the table but not in the claim's list of mandatory values, so its claim
 * never finds `series` and gives up before sending anything: in 2.8.0 this
 * protocol is never selected, probed or by `protocol=masterguard`. NUT
 * 2.8.1 fixed the list; MASTERGUARD ships that fix (a deliberate difference
 * from 2.8.0, see README). `masterguardWith()` takes another list (the
 * tests show 2.8.0's never claiming).
 *
 * @module
 */
import type { QxEngine } from "./engine.ts";
import { row } from "./blazer_common.ts";
import {
  fixedC,
  type LiveItem,
  type Preprocess,
  QX,
  type QxItem,
  type QxSubdriver,
  sprintf,
} from "./item.ts";

/** The subdriver's statics (masterguard_my_*), per engine. */
interface MgState {
  series: string;
  slaveaddr: string;
  nextSlaveaddr: number;
  power: number;
  numcells: number;
  /** masterguard_e_outvolts, filled in place so the enum row sees updates. */
  outvolts: string[];
}

const STATE = new WeakMap<QxEngine, MgState>();

function st(e: QxEngine): MgState {
  let s = STATE.get(e);
  if (!s) {
    STATE.set(
      e,
      s = {
        series: "?",
        slaveaddr: "??",
        nextSlaveaddr: 0,
        power: 0,
        numcells: 0,
        outvolts: [],
      },
    );
  }
  return s;
}

/** Full-string C strtol (`*p == '\0'` after it), or null. */
function wholeInt(text: string | undefined): number | null {
  return text !== undefined && /^\s*[+-]?\d+$/.test(text) ? Number(text) : null;
}

/** sscanf "%d" on a prefix, or null. */
function scanInt(text: string): number | null {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number(m[1]) : null;
}

/** sscanf "%d:%d:%d:%d" (TTTT:hh:mm:ss), or null. */
function scanThms(text: string): number[] | null {
  const m = /^\s*([+-]?\d+):\s*([+-]?\d+):\s*([+-]?\d+):\s*([+-]?\d+)/.exec(
    text,
  );
  return m ? m.slice(1, 5).map(Number) : null;
}

/** sscanf "%f" into a C float, or null. */
function scanFloat(text: string): number | null {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text);
  return m ? Math.fround(Number(m[0])) : null;
}

// --- value preprocessing ---

const slaveaddr: Preprocess = (e, item) => {
  if (item.value.length !== 2) {
    e.ctx.log.debug(2, "slaveaddr length not 2");
    return null;
  }
  st(e).slaveaddr = item.value;
  return item.value;
};

const series: Preprocess = (e, item) => {
  const c = item.value[0];
  if (c !== "A" && c !== "E") {
    e.ctx.log.debug(2, `unknown series ${item.value}`);
    return null;
  }
  st(e).series = c;
  return item.value.slice(0, 2);
};

/** Models of the T field: name, nominal power, battery packs (min, max; rack min, max). */
const MODELS: ReadonlyArray<
  [string, string, number, [number, number, number, number]]
> = [
  ["A  700", "A700", 700, [0, 0, 0, 0]],
  ["A 1000", "A1000", 1000, [0, 2, 0, 2]],
  ["A 2000", "A2000", 2000, [0, 2, 1, 5]],
  ["A 3000", "A3000", 3000, [0, 2, 1, 5]],
  ["E 60", "E60", 6000, [1, 1, 1, 1]],
  ["E100", "E100", 10000, [1, 1, 1, 1]],
  ["E200", "E200", 20000, [1, 1, 1, 1]],
];

function modelOf(e: QxEngine, value: string) {
  const m = MODELS.find(([prefix]) => value.startsWith(prefix));
  if (!m) e.ctx.log.debug(2, `unknown T ${value}`);
  return m;
}

/** Readable model name; sets battery.packs' range as the model allows. */
const model: Preprocess = (e, item) => {
  const m = modelOf(e, item.value);
  if (!m) return null;
  const rack = item.value.includes("-19");
  const [lo, hi, rlo, rhi] = m[3];
  const packs = e.find("battery.packs", QX.RANGE, QX.SETVAR);
  if (packs) {
    packs.rwValues = [String(rack ? rlo : lo), String(rack ? rhi : hi)];
  }
  return m[1] + (rack ? "-19" : "");
};

const power: Preprocess = (e, item) => {
  const m = modelOf(e, item.value);
  if (!m) return null;
  st(e).power = m[2];
  return String(m[2]);
};

/** mmm.ss to seconds. */
const mmmSs: Preprocess = (e, item) => {
  const m = /^\s*([+-]?\d+)\.\s*([+-]?\d+)/.exec(item.value);
  if (!m) {
    e.ctx.log.debug(2, `unparsable mmm.ss ${item.value}`);
    return null;
  }
  return String(60 * Number(m[1]) + Number(m[2]));
};

/** hhh (hours) to seconds. */
const hhh: Preprocess = (e, item) => {
  const h = scanInt(item.value);
  if (h === null) {
    e.ctx.log.debug(2, `unparsable hhh ${item.value}`);
    return null;
  }
  return String(3600 * h);
};

/** TTTT:hh:mm:ss to seconds. */
const tttt: Preprocess = (e, item) => {
  const v = scanThms(item.value);
  if (!v) {
    e.ctx.log.debug(2, `unparsable TTTT:hh:mm:ss ${item.value}`);
    return null;
  }
  return String(86400 * v[0]! + 3600 * v[1]! + 60 * v[2]! + v[3]!);
};

const numcells: Preprocess = (e, item) => {
  const v = scanInt(item.value);
  if (v === null) {
    e.ctx.log.debug(2, `unparsable vvv ${item.value}`);
    return null;
  }
  st(e).numcells = v;
  return String(v);
};

/** Cells × cell voltage, in C float arithmetic as NUT computes it. */
const battvolt: Preprocess = (e, item) => {
  const s = scanFloat(item.value);
  if (s === null) {
    e.ctx.log.debug(2, `unparsable ss.ss ${item.value}`);
    return null;
  }
  return fixedC(Math.fround(Math.fround(st(e).numcells) * s), 2);
};

const upsPower: Preprocess = (e, item) => {
  const q = scanInt(item.value);
  if (q === null) {
    e.ctx.log.debug(2, `unparsable qqq ${item.value}`);
    return null;
  }
  return fixedC(q / 100.0 * st(e).power + 0.5, 0);
};

function currentFraction(e: QxEngine, fraction: number): string {
  const volts = Number(
    /^\s*[+-]?(\d+\.?\d*|\.\d+)/.exec(e.get("output.voltage") ?? "")?.[0] ??
      0,
  );
  return fixedC(fraction * st(e).power / volts + 0.005, 2);
}

const outputCurrent: Preprocess = (e, item) => {
  const q = scanInt(item.value);
  if (q === null) {
    e.ctx.log.debug(2, `unparsable qqq ${item.value}`);
    return null;
  }
  return currentFraction(e, q / 100.0);
};

const outputCurrentNominal: Preprocess = (e) => currentFraction(e, 1.0);

/** Q3 status bits by position: the token set, and how a bit maps to it. */
const status: Preprocess = (e, item) => {
  const c = item.value[0];
  if (c !== "0" && c !== "1") {
    e.ctx.log.debug(2, `unknown flag value ${c}`);
    return null;
  }
  let neg = c === "0";
  let s: string;
  switch (item.from) {
    case 53: // B7 utility fail
      s = "OL";
      neg = !neg;
      break;
    case 54: // B6 battery low
      s = "LB";
      break;
    case 55: // B5 bypass/boost
      s = "BYPASS";
      break;
    case 56: // B4 UPS failed
      s = neg ? "" : "UPS Failed";
      neg = false;
      break;
    case 57: // B3 UPS type
      s = neg ? "online" : "offline";
      neg = false;
      break;
    case 58: // B2 test in progress
      s = "CAL";
      break;
    case 59: // B1 shutdown active
      s = "FSD";
      break;
    case 63: // T6
      s = neg ? "" : "problems in parallel operation mode";
      neg = false;
      break;
    case 65: // T4 battery end of life
      s = "RB";
      break;
    case 66: // T3
      s = neg ? "" : "no battery connected";
      neg = false;
      break;
    case 67: { // T210 test status
      neg = false;
      const r = TEST_RESULTS[item.value.slice(0, 3)];
      if (r === undefined) {
        e.ctx.log.debug(2, `unknown test result ${item.value}`);
        return null;
      }
      s = r;
      break;
    }
    default:
      e.ctx.log.debug(2, `unknown flag position ${item.from}`);
      return null;
  }
  return (neg ? "!" : "") + s;
};

const TEST_RESULTS: Record<string, string> = {
  "000": "no test in progress",
  "001": "in progress",
  "010": "OK",
  "011": "failed",
  "100": "not possible",
  "101": "aborted",
  "110": "autonomy time calibration in progress",
  "111": "unknown",
};

const beeperStatus: Preprocess = (e, item) => {
  const c = item.value[0];
  if (c === "0") return "disabled";
  if (c === "1") return "enabled";
  e.ctx.log.debug(2, `unknown beeper status ${c}`);
  return null;
};

/** The list of output voltages becomes output.voltage.nominal's enum. */
const outputVoltages: Preprocess = (e, item) => {
  const list = st(e).outvolts;
  list.length = 0;
  for (const w of item.value.split(" ")) if (w) list.push(w);
  return item.value;
};

const FAULTS: Record<string, (f: number) => string> = {
  "0": () => "none",
  "1": (f) => `bus fault (${fixedC(f, 0)}V)`,
  "2": (f) => `inverter fault (${fixedC(f, 0)}V)`,
  "3": (f) => `overheat fault (${fixedC(f, 0)}C)`,
  "4": (f) => `battery overvoltage fault (${fixedC(f, 2)}V)`,
  "5": (f) => `battery mode overload fault (${fixedC(f, 0)}%)`,
  "6": (f) => `bypass mode overload fault (${fixedC(f, 0)}%)`,
  "7": (f) => `inverter mode outpt short-circuit fault (${fixedC(f, 0)}V)`,
  "8": () => "fan lock fault",
  "9": (f) => `battery fault (${fixedC(f, 0)}V)`,
  A: () => "charger fault",
  B: () => "EPO activated",
  C: () => "parallel error",
  D: () => "MCU communication error",
};

/** "c ffff TTTT:hh:mm:ss": "<seconds>: <what>". */
const fault: Preprocess = (e, item) => {
  const m =
    /^(.)\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*([+-]?\d+):\s*([+-]?\d+):\s*([+-]?\d+):\s*([+-]?\d+)/s
      .exec(item.value);
  if (!m) {
    e.ctx.log.debug(1, `unparsable fault record ${item.value}`);
    return null;
  }
  const [t, h, mi, s] = m.slice(3, 7).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const what = FAULTS[m[1]!];
  if (!what) {
    e.ctx.log.debug(
      1,
      `${m[1] === "E" || m[1] === "F" ? "reserved" : "unknown"} fault id ${
        m[1]
      }`,
    );
    return null;
  }
  const seconds = 86400 * t + 3600 * h + 60 * mi + s;
  return `${seconds}: ${what(Math.fround(Number(m[2])))}`;
};

// --- commands ---

/** Puts the slave address in place of the `XX` of a `...,XX\r` command. */
function addSlaveaddr(
  e: QxEngine,
  _item: LiveItem,
  cmd: string,
): string | null {
  if (!cmd.endsWith(",XX\r")) {
    e.ctx.log.debug(1, `add slaveaddr: no ,XX\\r at end of command ${cmd}`);
    return null;
  }
  return cmd.slice(0, -3) + st(e).slaveaddr + "\r";
}

/** S<off>[R<on>]: off in minutes (`.n` tenths below a minute), on as given. */
function shutdown(e: QxEngine, stayoff: boolean): string | null {
  const off = wholeInt(e.get("ups.delay.shutdown"));
  let offstr: string;
  if (off === null || off < 0 || off > 99 * 60) {
    e.ctx.log.debug(2, `shutdown: illegal ups.delay.shutdown`);
    return null;
  } else if (off < 60) offstr = "." + Math.trunc(off / 6);
  else offstr = sprintf("%02d", Math.trunc(off / 60));
  if (stayoff) return `S${offstr}\r`;
  const on = wholeInt(e.get("ups.delay.start"));
  if (on === null || on < 0 || on > 9999 * 60) {
    e.ctx.log.debug(2, `shutdown: illegal ups.delay.start`);
    return null;
  }
  return sprintf("S%sR%04d\r", offstr, on);
}

const testBattery: Preprocess = (e, _item, value) => {
  if (value === "") {
    e.ctx.log.debug(2, "battery test: no duration");
    return null;
  }
  const d = wholeInt(value);
  if (d === 10) return "T\r";
  if (d === null || d < 60 || d > 99 * 60) {
    e.ctx.log.debug(2, `battery test: illegal duration ${value}`);
    return null;
  }
  return sprintf("T%02d\r", Math.trunc(d / 60));
};

/** Fills the row's command with the value read as its dfl says (d, f, s, thms). */
const setvar: Preprocess = (e, item, value) => {
  const dfl = item.dfl ?? "";
  const ill = () => {
    e.ctx.log.debug(2, `setvar: illegal ${dfl} value ${value}`);
    return null;
  };
  if (value === "" || dfl === "") return null;
  const cmd = item.command ?? "";
  if (dfl === "d") {
    const i = wholeInt(value);
    return i === null ? ill() : sprintf(cmd, i);
  }
  if (dfl === "f") {
    if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return ill();
    return sprintf(cmd, Number(value));
  }
  if (dfl === "s") return value.length >= 80 ? ill() : sprintf(cmd, value);
  if (dfl.startsWith("thms")) {
    // NUT parses the row's own value here, the new value only as seconds
    let v = scanThms(item.value);
    if (v) {
      const [t, h, m, s] = v as [number, number, number, number];
      if (t < 0 || t > 9999 || h < 0 || h > 23 || m < 0 || m > 59) {
        return ill();
      }
      if (s < 0 || s > 59) return ill();
    } else {
      let l = wholeInt(value);
      if (l === null) return ill();
      const s = l % 60;
      l = Math.trunc(l / 60);
      const m = l % 60;
      l = Math.trunc(l / 60);
      const h = l % 24;
      l = Math.trunc(l / 24);
      if (l > 9999) return ill();
      v = [l, h, m, s];
    }
    return sprintf(cmd, sprintf("%04d:%02d:%02d:%02d", ...v));
  }
  e.ctx.log.debug(2, `setvar: unknown dfl ${dfl}`);
  return null;
};

const setSlaveaddr: Preprocess = (e, item, value) => {
  const n = wholeInt(value);
  if (n === null) {
    e.ctx.log.debug(2, `set_slaveaddr: illegal value ${value}`);
    return null;
  }
  st(e).nextSlaveaddr = n;
  return setvar(e, item, value);
};

/** After SS (sent with the old address) the new address is used. */
function newSlaveaddr(e: QxEngine, _item: LiveItem, answer: string) {
  const n = st(e).nextSlaveaddr;
  if (n < 0 || n > 99) return null;
  st(e).slaveaddr = String(n).padStart(2, "0");
  return answer;
}

// --- the table ---

/** masterguard_r_*: ranges of the settable values. */
const R_SLAVEADDR = ["0", "99"] as const;
const R_OFFDELAY = ["0", "5940"] as const; // 99 minutes
const R_ONDELAY = ["0", "599940"] as const; // 9999 minutes

const WH = { command: "WH\r", answerLen: 113, leading: "(" } as const;
const Q3 = { command: "Q3\r", answerLen: 71, leading: "(" } as const;
const BIT = { ...Q3, flags: QX.QUICK_POLL, preprocess: status } as const;
const ADDR = { preprocessCommand: addSlaveaddr } as const;
const FLT = {
  ...ADDR,
  command: "FLT,XX\r",
  answerLen: 108,
  leading: "(",
  dfl: "%s",
  flags: QX.NONUT,
  preprocess: fault,
} as const;
const CMD = { flags: QX.CMD } as const;

/** masterguard_qx2nut. */
const ITEMS: readonly QxItem[] = [
  // static values
  row({
    name: "device.mfr",
    command: "",
    dfl: "Masterguard",
    flags: QX.STATIC | QX.ABSENT,
  }),
  row({
    name: "load.high",
    command: "",
    dfl: "140",
    flags: QX.STATIC | QX.ABSENT,
  }),
  row({
    name: "battery.type",
    command: "",
    dfl: "PbAc",
    flags: QX.STATIC | QX.ABSENT,
  }),

  /*
   * > [WH\r]
   * < [(XX VV.VV PP.PP TTTTTTTTTTTTTTTTTTTTTTTTTTTTTT B MMM FF.FF VVV SS.SS HHH.hh GGG.gg RRR mm nn MMM NNN FF.FF FF.FF\r]
   *    01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012
   *    0         1         2         3         4         5         6         7         8         9         0         1
   *    (00 10.06 03.09 A  700  + 0 Bat Pack-19        0 230 50.00 012 02.30 006.00 012.00 018 10 40 160 276 47.00 53.00
   */
  row({
    name: "ups.id",
    rw: true,
    rwValues: R_SLAVEADDR,
    ...WH,
    from: 1,
    to: 2,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE,
    preprocess: slaveaddr,
  }),
  row({
    name: "ups.firmware",
    ...WH,
    from: 4,
    to: 8,
    dfl: "%s",
    flags: QX.STATIC,
  }),
  row({
    name: "ups.firmware.aux",
    ...WH,
    from: 10,
    to: 14,
    dfl: "%s",
    flags: QX.STATIC,
  }),
  // several values come from the T (type) field
  row({
    name: "experimental.series",
    ...WH,
    from: 16,
    to: 16,
    dfl: "%s",
    flags: QX.STATIC | QX.NONUT,
    preprocess: series,
  }),
  row({
    name: "device.model",
    ...WH,
    from: 16,
    to: 45,
    dfl: "%s",
    flags: QX.STATIC,
    preprocess: model,
  }),
  row({
    name: "ups.power.nominal",
    ...WH,
    from: 16,
    to: 45,
    dfl: "%s",
    flags: QX.STATIC,
    preprocess: power,
  }),
  // B (battery packs, 47) is read with GS, where it is settable
  row({
    name: "input.voltage.nominal",
    ...WH,
    from: 49,
    to: 51,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  row({
    name: "input.frequency.nominal",
    ...WH,
    from: 53,
    to: 57,
    dfl: "%.2f",
    flags: QX.STATIC,
  }),
  row({
    name: "experimental.number_of_battery_cells",
    ...WH,
    from: 59,
    to: 61,
    dfl: "%.0f",
    flags: QX.STATIC | QX.NONUT,
    preprocess: numcells,
  }),
  row({
    name: "experimental.nominal_cell_voltage",
    ...WH,
    from: 63,
    to: 67,
    dfl: "%.2f",
    flags: QX.STATIC | QX.NONUT,
  }),
  row({
    name: "battery.voltage.nominal",
    ...WH,
    from: 63,
    to: 67,
    dfl: "%.2f",
    flags: QX.STATIC,
    preprocess: battvolt,
  }),
  row({
    name: "experimental.runtime_half",
    ...WH,
    from: 69,
    to: 74,
    dfl: "%.0f",
    flags: QX.STATIC | QX.NONUT,
    preprocess: mmmSs,
  }),
  row({
    name: "experimental.runtime_full",
    ...WH,
    from: 76,
    to: 81,
    dfl: "%.0f",
    flags: QX.STATIC | QX.NONUT,
    preprocess: mmmSs,
  }),
  row({
    name: "experimental.recharge_time",
    ...WH,
    from: 83,
    to: 85,
    dfl: "%.0f",
    flags: QX.STATIC | QX.NONUT,
    preprocess: hhh,
  }),
  ...([
    ["ambient.0.temperature.low", 87, 88, "%.0f"],
    ["ambient.0.temperature.high", 90, 91, "%.0f"],
    ["input.voltage.low.critical", 93, 95, "%.0f"],
    ["input.voltage.high.critical", 97, 99, "%.0f"],
    ["input.frequency.low", 101, 105, "%.2f"],
    ["input.frequency.high", 107, 111, "%.2f"],
  ] as const).map(([name, from, to, dfl]) =>
    row({ name, ...WH, from, to, dfl, flags: QX.STATIC })
  ),

  /*
   * > [Q3\r]
   *                                                         76543210 76543210
   * < [(XX MMM.M NNN.N PPP.P QQQ RR.R SS.SS TT.T ttt.tt CCC BBBBBBBB TTTTTTTT\r]
   *    01234567890123456789012345678901234567890123456789012345678901234567890
   *    0         1         2         3         4         5         6         7
   *    (00 225.9 225.9 229.3 043 50.0 02.27 23.4 017.03 100 00000000 00000000
   *    (01 226.9 226.9 226.9 039 50.0 02.30 21.8 000.00 000 01100000 00011000
   */
  row({ name: "input.voltage", ...Q3, from: 4, to: 8, dfl: "%.1f" }),
  row({
    name: "experimental.input_fault_voltage",
    ...Q3,
    from: 10,
    to: 14,
    dfl: "%.1f",
    flags: QX.NONUT,
  }),
  row({ name: "output.voltage", ...Q3, from: 16, to: 20, dfl: "%.1f" }),
  row({ name: "ups.load", ...Q3, from: 22, to: 24, dfl: "%.0f" }),
  row({
    name: "ups.power",
    ...Q3,
    from: 22,
    to: 24,
    dfl: "%.0f",
    preprocess: upsPower,
  }),
  row({
    name: "output.current",
    ...Q3,
    from: 22,
    to: 24,
    dfl: "%f",
    preprocess: outputCurrent,
  }),
  row({ name: "input.frequency", ...Q3, from: 26, to: 29, dfl: "%.1f" }),
  row({
    name: "battery.voltage",
    ...Q3,
    from: 31,
    to: 35,
    dfl: "%.1f",
    preprocess: battvolt,
  }),
  row({ name: "ups.temperature", ...Q3, from: 37, to: 40, dfl: "%.1f" }),
  row({ name: "ambient.0.temperature", ...Q3, from: 37, to: 40, dfl: "%.1f" }),
  row({
    name: "battery.runtime",
    ...Q3,
    from: 42,
    to: 47,
    dfl: "%.0f",
    preprocess: mmmSs,
  }),
  row({ name: "battery.charge", ...Q3, from: 49, to: 51, dfl: "%.0f" }),
  // status bits, first half (B)
  row({ name: "ups.status", ...BIT, from: 53, to: 53 }), // B7 utility fail
  row({ name: "ups.status", ...BIT, from: 54, to: 54 }), // B6 battery low
  row({ name: "ups.status", ...BIT, from: 55, to: 55 }), // B5 bypass/boost
  row({ name: "ups.alarm", ...BIT, from: 56, to: 56 }), // B4 UPS failed
  row({ name: "ups.type", ...BIT, from: 57, to: 57, flags: QX.STATIC }), // B3
  row({ name: "ups.status", ...BIT, from: 58, to: 58 }), // B2 test running
  row({ name: "ups.status", ...BIT, from: 59, to: 59 }), // B1 shutdown active
  // B0, T7 reserved; second half (T)
  row({ name: "ups.alarm", ...BIT, answerLen: 69, from: 63, to: 63 }), // T6 parallel problems
  // T5: part of a parallel set (unused)
  row({ name: "ups.status", ...BIT, from: 65, to: 65 }), // T4 battery end of life
  row({ name: "ups.alarm", ...BIT, from: 66, to: 66 }), // T3 battery connected
  row({ name: "ups.test.result", ...BIT, from: 67, to: 69 }), // T210 test status

  /*
   * > [GS,XX\r]
   * < [(XX,ii p a\r]
   *    01234567890
   *    0         1
   *    (00,00 0 1
   */
  // ups.id is read with WH
  row({
    name: "ups.id",
    ...ADDR,
    command: "SS%02d--,XX\r",
    dfl: "d",
    flags: QX.SETVAR | QX.RANGE,
    preprocessAnswer: newSlaveaddr,
    preprocess: setSlaveaddr,
  }),
  row({
    name: "battery.packs",
    rw: true,
    rwValues: ["0", "9"], // per model, see model()
    ...ADDR,
    command: "GS,XX\r",
    leading: "(",
    from: 7,
    to: 7,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE,
  }),
  row({
    name: "battery.packs",
    ...ADDR,
    command: "SS--%1d-,XX\r",
    dfl: "d",
    flags: QX.SETVAR | QX.RANGE,
    preprocess: setvar,
  }),
  row({
    name: "ups.beeper.status",
    ...ADDR,
    command: "GS,XX\r",
    answerLen: 11,
    leading: "(",
    from: 9,
    to: 9,
    flags: QX.SEMI_STATIC,
    preprocess: beeperStatus,
  }), // set with beeper.enable / beeper.disable

  /*
   * > [GBS,XX\r]
   * < [(XX,CCC hhhh HHHH AAAA BBBB DDDD EEE SS.SS\r]
   *    0123456789012345678901234567890123456789012
   *    0         1         2         3         4
   *    (00,100 0017 0000 0708 0712 0994 115 02.28
   *    (01,000 0000 0360 0708 0712 0994 076 02.30
   */
  row({
    name: "battery.charge",
    ...ADDR,
    command: "GBS,XX\r",
    answerLen: 43,
    leading: "(",
    from: 4,
    to: 6,
    dfl: "%.0f",
  }),

  /*
   * > [GSN,XX\r]
   * < [(XX,SSN=SSSSSSSSSSSnnnnn\r]
   *    0123456789012345678901234
   *    0         1         2
   *    (00,SSN=6A1212      2782
   */
  row({
    name: "device.part",
    ...ADDR,
    command: "GSN,XX\r",
    answerLen: 25,
    leading: "(",
    from: 8,
    to: 18,
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  }),
  row({
    name: "device.serial",
    ...ADDR,
    command: "GSN,XX\r",
    answerLen: 25,
    leading: "(",
    from: 20,
    to: 23,
    dfl: "%s",
    flags: QX.STATIC,
  }),

  /*
   * > [DRC,XX\r]
   * < [(XX,TTTT:hh:mm:ss\r]
   *    012345678901234567
   *    0         1
   *    (00,1869:19:06:37
   */
  // the running time since the last maintenance, not really the uptime
  row({
    name: "device.uptime",
    rw: true,
    ...ADDR,
    command: "DRC,XX\r",
    answerLen: 17,
    leading: "(",
    from: 4,
    to: 16,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC,
    preprocess: tttt,
  }),
  row({
    name: "device.uptime",
    ...ADDR,
    command: "SRC%s,XX\r",
    dfl: "thms",
    flags: QX.SETVAR,
    preprocess: setvar,
  }),

  /*
   * > [MSO\r]
   * < [(220 230 240\r]
   *    0123456789012
   *    0         1
   *    (220 230 240
   */
  row({
    name: "experimental.output_voltages",
    command: "MSO\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 0,
    dfl: "%s",
    flags: QX.STATIC | QX.NONUT,
    preprocess: outputVoltages,
  }),

  /*
   * > [PNV\r]
   * < [(PNV=nnn\r]
   *    012345678
   *    0
   *    (PNV=230
   */
  row({
    name: "output.voltage.nominal",
    rw: true, // enum set by the claim
    command: "PNV\r",
    answerLen: 8,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.ENUM,
  }),
  row({
    name: "output.voltage.nominal",
    command: "PNV=%03d\r",
    dfl: "d",
    flags: QX.SETVAR,
    preprocess: setvar,
  }),
  row({
    name: "output.current.nominal",
    command: "PNV\r",
    answerLen: 8,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC,
    preprocess: outputCurrentNominal,
  }),

  /*
   * > [FLT,XX\r]
   * < [(XX,A aaaa TTTT:hh:mm:ss B bbbb TTTT:hh:mm:ss C cccc TTTT:hh:mm:ss D dddd TTTT:hh:mm:ss E eeee TTTT:hh:mm:ss\r
   *    0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678
   *    0         1         2         3         4         5         6         7         8         9         0
   *    (00,7 0043 0000:16:48:06 0 0000 0000:00:00:00 0 0000 0000:00:00:00 0 0000 0000:00:00:00 0 0000 0000:00:00:00
   *    (01,9 0010 1780:14:57:19 7 0046 0000:21:14:41 0 0000 0000:00:00:00 0 0000 0000:00:00:00 0 0000 0000:00:00:00
   */
  row({ name: "experimental.fault_1", ...FLT, from: 4, to: 23 }),
  row({ name: "experimental.fault_2", ...FLT, from: 25, to: 44 }),
  row({ name: "experimental.fault_3", ...FLT, from: 46, to: 65 }),
  row({ name: "experimental.fault_4", ...FLT, from: 67, to: 86 }),
  row({ name: "experimental.fault_5", ...FLT, from: 88, to: 107 }),

  // instant commands (NUT leaves load.off / load.on out with #if 0)
  row({
    name: "shutdown.return",
    ...CMD,
    preprocess: (e) => shutdown(e, false),
  }),
  row({
    name: "shutdown.stayoff",
    ...CMD,
    preprocess: (e) => shutdown(e, true),
  }),
  row({ name: "shutdown.stop", command: "C\r", ...CMD }),
  row({ name: "test.battery.start", ...CMD, preprocess: testBattery }),
  row({ name: "test.battery.start.quick", command: "T\r", ...CMD }),
  row({ name: "test.battery.start.deep", command: "TUD\r", ...CMD }),
  row({ name: "test.battery.stop", command: "CT\r", ...CMD }),
  row({ name: "bypass.start", command: "FOFF\r", ...CMD }),
  row({ name: "bypass.stop", command: "FON\r", ...CMD }),
  row({ name: "beeper.enable", ...ADDR, command: "SS---1,XX\r", ...CMD }),
  row({ name: "beeper.disable", ...ADDR, command: "SS---0,XX\r", ...CMD }),

  // server-side settable values
  row({
    name: "ups.delay.shutdown",
    rw: true,
    rwValues: R_OFFDELAY,
    dfl: "30",
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
  }),
  row({
    name: "ups.delay.start",
    rw: true,
    rwValues: R_ONDELAY,
    dfl: "180",
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
  }),
];

/** Queries each series answers (masterguard_commands_a / _e). */
const COMMANDS: Record<string, readonly string[]> = {
  A: [
    "Q",
    "Q1",
    "Q3",
    "T",
    "TL",
    "S",
    "C",
    "CT",
    "WH",
    "M",
    "N",
    "O",
    "DECO",
    "DRC",
    "SRC",
    "FLT",
    "FCLR",
    "G",
    "SS",
    "GS",
    "MSO",
    "PNV",
    "FOFF",
    "FON",
    "TUD",
    "GBS",
    "SSN",
    "GSN",
  ],
  E: [
    "Q",
    "Q1",
    "Q3",
    "PSR",
    "T",
    "TL",
    "S",
    "C",
    "CT",
    "WH",
    "DRC",
    "SRC",
    "FLT",
    "FCLR",
    "SS",
    "GS",
    "MSO",
    "PNV",
    "FOFF",
    "FON",
    "TUD",
    "GBS",
    "SSN",
    "GSN",
    "BUS",
    "V",
    "INVDC",
    "BUSP",
    "BUSN",
  ],
};

/** NUT 2.8.0's mandatory values: two lost their rows' `experimental.` prefix. */
export const MANDATORY_2_8_0 = [
  "series",
  "device.model",
  "ups.power.nominal",
  "ups.id",
  "output_voltages",
] as const;

/** The same list as NUT 2.8.1 fixed it. */
export const MANDATORY_2_8_1 = [
  "experimental.series",
  "device.model",
  "ups.power.nominal",
  "ups.id",
  "experimental.output_voltages",
] as const;

/**
 * masterguard_claim: checks slave_address, reads the mandatory values
 * (preprocess only, nothing published), skips the rows whose query the
 * series lacks and gives output.voltage.nominal its enum.
 */
function claim(mandatory: readonly string[]) {
  return async (e: QxEngine): Promise<boolean> => {
    const log = e.ctx.log;
    const sa = e.getval("slave_address");
    let want = -1;
    if (sa !== undefined) {
      const n = wholeInt(sa);
      if (sa === "" || n === null || n < 0 || n > 99) {
        log.debug(2, `claim: ${sa ? "illegal" : "empty"} slave_address ${sa}`);
        return false;
      }
      want = n;
    }
    for (const name of mandatory) {
      const item = e.find(name, 0, QX.SETVAR);
      if (!item) {
        log.debug(2, `claim: cannot find ${name}`);
        return false;
      }
      if (!(await e.process(item))) {
        log.debug(2, `claim: cannot process ${name}`);
        return false;
      }
      if (!item.preprocess || item.preprocess(e, item, "") === null) {
        log.debug(2, `claim: failed to preprocess ${name}`);
        return false;
      }
    }
    const s = st(e);
    if (want >= 0 && want !== (scanInt(s.slaveaddr) ?? 0)) {
      log.debug(
        2,
        `claim: slave address mismatch: want ${
          sprintf("%02d", want)
        }, have ${s.slaveaddr}`,
      );
      return false;
    }
    const commands = COMMANDS[s.series];
    if (!commands) return false;
    for (const item of e.items) {
      if (!item.command) continue;
      const word = /^[A-Z]*/.exec(item.command)![0];
      if (!commands.includes(word)) item.flags |= QX.SKIP;
    }
    const nominal = e.find("output.voltage.nominal", QX.ENUM, QX.SETVAR);
    if (!nominal) return false;
    nominal.rwValues = s.outvolts;
    return true;
  };
}

/** Masterguard with the claim's mandatory list `mandatory`. */
export function masterguardWith(mandatory: readonly string[]): QxSubdriver {
  return { name: "Masterguard 0.02", claim: claim(mandatory), items: ITEMS };
}

/** Masterguard 0.02 with NUT 2.8.1's fixed claim (2.8.0's never claims). */
export const MASTERGUARD: QxSubdriver = masterguardWith(MANDATORY_2_8_1);
