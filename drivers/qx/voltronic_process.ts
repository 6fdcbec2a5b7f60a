/**
 * Preprocess functions of the Voltronic (QGS/QPI) protocol
 * (nutdrv_qx_voltronic.c): protocol number, status bits, working mode,
 * capabilities (QFLAG), outlets, ECO/bypass limits, setvar and command
 * building, and the rw-value filters that depend on protocol and ratings.
 *
 * @module
 */
import type { QxEngine } from "./engine.ts";
import {
  type LiveItem,
  onlyChars,
  type Preprocess,
  QX,
  sprintf,
  strtod,
  strtol,
} from "./item.ts";
import { faultText, warningText } from "./voltronic_text.ts";

/** Per-engine state NUT keeps in file-scope statics. */
interface VoltronicState {
  caps: Record<string, string | undefined>;
  maxBypassVolt: number;
  minBypassVolt: number;
  maxBypassFreq: number;
  minBypassFreq: number;
  batteryNumber: number;
  outputPhaseAngle: number;
  workRangeType: number;
}

const STATES = new WeakMap<QxEngine, VoltronicState>();

function vs(e: QxEngine): VoltronicState {
  let s = STATES.get(e);
  if (!s) {
    s = {
      caps: {},
      maxBypassVolt: 0,
      minBypassVolt: 0,
      maxBypassFreq: 0,
      minBypassFreq: 0,
      batteryNumber: 0,
      outputPhaseAngle: 0,
      workRangeType: 0,
    };
    STATES.set(e, s);
  }
  return s;
}

/** Protocol number from ups.firmware.aux ("P01" → 1). */
export function protocolOf(e: QxEngine): number {
  return strtol((e.get("ups.firmware.aux") ?? "").slice(1));
}

function unskip(e: QxEngine, name: string, flag = 0): boolean {
  const it = e.find(name, flag);
  if (!it) return false;
  it.flags &= ~QX.SKIP;
  return true;
}

const numeric = (v: string) => onlyChars(v, "0123456789 .");

// --- rw-value filters (info_rw_t preprocess) ---

const G5 = [2, 3, 10, 13, 14];
const G6 = [...G5, 99];
const ALL8 = [1, 2, 3, 9, 10, 13, 14, 99];
type VoltRule = ["lo" | "hi" | "any", number[]];

/** "lo": ivn < 200; "hi": ivn >= 200; several rules are ORed. */
const BYPASS_VOLT_MAX: Record<number, VoltRule[]> = {
  60: [["any", [9]]],
  115: [["lo", G6]],
  120: [["lo", [1]]],
  132: [["lo", [99]]],
  138: [["lo", G5]],
  140: [["any", [9]], ["lo", [1]]],
  230: [["hi", [1]]],
  231: [["hi", G6]],
  261: [["hi", [99]]],
  264: [["hi", [1]]],
  276: [["hi", G5]],
};
const BYPASS_VOLT_MIN: Record<number, VoltRule[]> = {
  50: [["lo", [99]]],
  55: [["lo", G5]],
  60: [["any", [9]]],
  85: [["lo", [1, 99]]],
  104: [["lo", G5]],
  110: [["hi", G5]],
  115: [["lo", [1]]],
  140: [["any", [9]]],
  149: [["hi", [99]]],
  170: [["hi", [1]]],
  209: [["hi", G6]],
  220: [["hi", [1]]],
};

function voltFilter(table: Record<number, VoltRule[]>) {
  return (e: QxEngine, value: string): boolean => {
    const ivnText = e.get("input.voltage.nominal");
    if (ivnText === undefined) return false;
    const ivn = strtol(ivnText), p = protocolOf(e);
    return (table[strtol(value)] ?? []).some(([cond, protos]) =>
      (cond === "any" || (cond === "lo" ? ivn < 200 : ivn >= 200)) &&
      protos.includes(p)
    );
  };
}

/** Frequency rules: [nominal output frequency, protocols]. */
type FreqRule = [50 | 60, number[]];
const P19 = [1, 9];
const BYPASS_FREQ_MAX: Record<number, FreqRule> = {
  51: [50, ALL8],
  54: [50, G6],
  60: [50, P19],
  61: [60, ALL8],
  64: [60, G6],
  70: [60, P19],
};
const BYPASS_FREQ_MIN: Record<number, FreqRule> = {
  40: [50, P19],
  46: [50, G6],
  49: [50, ALL8],
  50: [60, P19],
  56: [60, G6],
  59: [60, ALL8],
};
const ECO_FREQ_MIN: Record<number, FreqRule> = {
  40: [50, P19],
  46: [50, G6],
  47: [50, P19],
  48: [50, G6],
  50: [60, P19],
  56: [60, G6],
  57: [60, P19],
  58: [60, G6],
};
const ECO_FREQ_MAX: Record<number, FreqRule> = {
  52: [50, G6],
  53: [50, P19],
  54: [50, G6],
  60: [50, P19],
  62: [60, G6],
  63: [60, P19],
  64: [60, G6],
  70: [60, P19],
};

function freqFilter(table: Record<number, FreqRule>) {
  return (e: QxEngine, value: string): boolean => {
    const ofnText = e.get("output.frequency.nominal");
    if (ofnText === undefined) return false;
    const rule = table[strtol(value)];
    return !!rule && strtod(ofnText) === rule[0] &&
      rule[1].includes(protocolOf(e));
  };
}

/** Filters of the rw lists, by list. */
export const FILTERS = {
  battLow: (e: QxEngine, value: string): boolean => {
    if (value === "20") return true;
    const ovn = e.get("output.voltage.nominal"),
      ocn = e.get("output.current.nominal");
    if (ovn === undefined || ocn === undefined) return false;
    const small = strtol(ovn) * strtol(ocn) < 1000;
    return strtol(value) === (small ? 24 : 28);
  },
  bypassVoltMax: voltFilter(BYPASS_VOLT_MAX),
  bypassVoltMin: voltFilter(BYPASS_VOLT_MIN),
  bypassFreqMax: freqFilter(BYPASS_FREQ_MAX),
  bypassFreqMin: freqFilter(BYPASS_FREQ_MIN),
  ecoFreqMin: freqFilter(ECO_FREQ_MIN),
  ecoFreqMax: freqFilter(ECO_FREQ_MAX),
};

// --- claim / protocol ---

/** voltronic_claim: QGS (input.voltage) and QPI. */
export async function voltronicClaim(e: QxEngine): Promise<boolean> {
  const iv = e.find("input.voltage");
  if (!iv || !(await e.process(iv)) || e.infovalSet(iv) !== 1) return false;
  const pi = e.find("ups.firmware.aux");
  if (!pi || !(await e.process(pi)) || e.infovalSet(pi) !== 1) {
    e.ctx.state.del("input.voltage");
    return false;
  }
  return true;
}

const SUPPORTED = [0, 1, 2, 3, 8, 9, 10, 13, 14, 31, 99];

/** voltronic_protocol: "PInn" → "Pnn", unskipping what the protocol has. */
export const voltronicProtocol: Preprocess = (e, item) => {
  const v = item.value;
  if (v.slice(0, 2).toUpperCase() !== "PI") return null;
  if (!onlyChars(v.slice(2), "0123489")) {
    e.ctx.log.error(`Protocol [${v}] is not supported by this driver`);
    return null;
  }
  const p = strtol(v.slice(2));
  if (!SUPPORTED.includes(p)) {
    e.ctx.log.error(
      `Protocol [PI${sprintf("%02d", p)}] is not supported by this driver`,
    );
    return null;
  }
  massiveUnskip(e, p);
  return sprintf("P%02d", p);
};

/** voltronic_massive_unskip: multi-phase rows, P31 and bypass limits. */
function massiveUnskip(e: QxEngine, p: number): void {
  const is = (i: LiveItem, n: string) => i.name.toLowerCase() === n;
  for (const i of e.items) {
    if (!i.command) continue;
    const setvar = !!(i.flags & QX.SETVAR);
    const n = i.name.toLowerCase();
    const hit = (p === 9 &&
      ((n === "output.bypass.l1-n.voltage" && i.answerLen === 19) ||
        (n === "output.bypass.l2-n.voltage" && i.answerLen === 19))) ||
      (p === 10 && (n === "output.l3-n.voltage" ||
        (n === "output.l2-l3.voltage" && i.from === 25) ||
        (n === "output.l1-l3.voltage" && i.from === 31) ||
        (/^output\.bypass\.l[123]-n\.voltage$/.test(n) &&
          i.answerLen === 37) ||
        /^output\.bypass\.l\d-l\d\.voltage$/.test(n) ||
        n === "output.l3.current" || n === "output.l3.power.percent")) ||
      ((p === 9 || p === 10) && [
        "output.l1-n.voltage",
        "output.l2-n.voltage",
        "output.l1-l2.voltage",
        "output.l1.current",
        "output.l2.current",
        "output.l1.power.percent",
        "output.l2.power.percent",
      ].includes(n)) ||
      ((p === 3 || p === 9 || p === 10) && [
        "input.l1-n.voltage",
        "input.l2-n.voltage",
        "input.l1-l2.voltage",
        "input.l1.current",
        "input.l2.current",
      ].includes(n)) ||
      ((p === 3 || p === 10) && (n === "input.l3-n.voltage" ||
        (n === "input.l2-l3.voltage" && i.from === 25) ||
        (n === "input.l1-l3.voltage" && i.from === 31) ||
        n === "input.l3.current")) ||
      (p === 31 && (is(i, "battery.type") ||
        (is(i, "work_range_type") &&
          (!setvar || e.getval(i.name) !== undefined)))) ||
      (p !== 0 && p !== 8 && p !== 31 && !setvar &&
        /^(max|min)_bypass_(volt|freq)$/.test(n)) ||
      (n === "reset_to_default" && e.testvar("reset_to_default")) ||
      (n === "unknown.7" && e.testvar("testing"));
    if (hit) i.flags &= ~QX.SKIP;
  }
}

// --- status ---

/** voltronic_status: the 12-bit flag field of QGS. */
export const voltronicStatus: Preprocess = (e, item) => {
  const v = item.value;
  if (!onlyChars(v, "01")) return null;
  const on = v[0] === "1";
  switch (item.from) {
    case 63: {
      const t = strtol(v);
      if (t === 0) return "offline";
      if (t === 1) return "line-interactive";
      if (t === 10) return "online";
      return null;
    }
    case 65:
      return on ? "!OL" : "OL";
    case 66:
      return on ? "LB" : "!LB";
    case 67: {
      if (!on) return "";
      const vi = strtod(e.get("input.voltage")),
        vo = strtod(e.get("output.voltage"));
      if (vo < 0.5 * vi) return null;
      if (vo < 0.95 * vi) return "TRIM";
      if (vo < 1.05 * vi) {
        const p = protocolOf(e);
        const alarm = item.name.toLowerCase() === "ups.alarm";
        if (p === 0 || p === 8) return alarm ? "UPS is in AVR Mode." : "";
        return alarm ? "" : "BYPASS";
      }
      if (vo < 1.5 * vi) return "BOOST";
      return null;
    }
    case 68:
      // NUT 2.8.0 compares the char with the number 1, so this never fires
      return "";
    case 70:
      return on ? "CAL" : "!CAL";
    case 71:
      return on ? "FSD" : "!FSD";
    case 72: {
      if (vs(e).caps.alarm_control) {
        const b = e.get("ups.beeper.status");
        if (b === undefined || b.toLowerCase() !== "disabled") {
          return v[0] === "0" ? "enabled" : "muted";
        }
        return "";
      }
      return v[0] === "0" ? "enabled" : "disabled";
    }
  }
  return null;
};

const MODES: Record<string, [string | null, string | null]> = {
  P: [null, "UPS is going ON"],
  S: ["OFF", null],
  Y: ["BYPASS", null],
  L: ["OL", null],
  B: ["!OL", null],
  T: ["CAL", null],
  F: [null, "Fault reported by UPS."],
  E: [null, "UPS is in ECO Mode."],
  C: [null, "UPS is in Converter Mode."],
  D: ["FSD", "UPS is shutting down!"],
};

/** voltronic_mode: QMOD's one-letter working mode. */
export const voltronicMode: Preprocess = (_e, item) => {
  const m = MODES[item.value[0] ?? ""];
  if (!m) return null;
  const [status, alarm] = m;
  const name = item.name.toLowerCase();
  if (alarm && name === "ups.alarm") return alarm;
  if (status && name === "ups.status") return status;
  return "";
};

/** voltronic_fault: QFS. */
export const voltronicFault: Preprocess = (e, item) => {
  e.ctx.log.info("Checking for faults..");
  if (item.value.toLowerCase() === "ok") {
    e.ctx.log.info("No fault found");
    item.flags |= QX.SKIP;
    return sprintf(item.dfl ?? "%s", "No fault found");
  }
  const { text, over } = faultText(item.value, protocolOf(e));
  if (over) e.updateStatus("OVER");
  e.ctx.log.info(`Fault found: ${text}`);
  item.flags |= QX.SKIP;
  return sprintf(item.dfl ?? "%s", text);
};

/** voltronic_warning: QWS's 64 warning bits. */
export const voltronicWarning: Preprocess = (e, item) => {
  const v = item.value;
  if (!onlyChars(v, "01")) return null;
  if (onlyChars(v, "0")) return "";
  const r = warningText(v, (m) => e.ctx.log.info(`Warning from UPS: ${m}`));
  if (r === null) return null;
  for (const s of r.status) e.updateStatus(s);
  return `UPS warnings: ${r.text}`;
};

// --- values ---

function numberWith(
  f: (e: QxEngine, item: LiveItem, n: number) => number,
): Preprocess {
  return (e, item) => {
    if (!numeric(item.value)) return null;
    return sprintf(item.dfl ?? "%s", f(e, item, strtod(item.value)));
  };
}

/** Minutes to seconds. */
export const voltronicBattRuntime = numberWith((_e, _i, n) => n * 60);
/** QMD's "80" → 0.8. */
export const voltronicOutputPowerfactor = numberWith((_e, _i, n) => n * 0.01);

/** voltronic_serial_numb: all-zero serials are not significant. */
export const voltronicSerialNumb: Preprocess = (e, item) => {
  if (onlyChars(item.value, "0")) {
    e.ctx.log.info(
      `${item.name}: UPS reported a non-significant serial [${item.value}]`,
    );
    return null;
  }
  return sprintf(item.dfl ?? "%s", item.value);
};

/** voltronic_batt_numb: batteries per pack (NONUT). */
export const voltronicBattNumb: Preprocess = (e, item) => {
  if (!numeric(item.value)) return null;
  vs(e).batteryNumber = strtol(item.value);
  const out = sprintf(item.dfl ?? "%d", vs(e).batteryNumber);
  if (e.getval(item.name) === undefined) return out;
  return unskip(e, "battery_number", QX.SETVAR) ? out : null;
};

/** voltronic_bypass: QBYV/QBYF limits (NONUT). */
export const voltronicBypass: Preprocess = (e, item) => {
  if (!numeric(item.value)) return null;
  const s = vs(e);
  let val: number;
  switch (item.name.toLowerCase()) {
    case "max_bypass_volt":
      val = s.maxBypassVolt = strtol(item.value);
      break;
    case "min_bypass_volt":
      val = s.minBypassVolt = strtol(item.value);
      break;
    case "max_bypass_freq":
      val = s.maxBypassFreq = strtod(item.value);
      break;
    case "min_bypass_freq":
      val = s.minBypassFreq = strtod(item.value);
      break;
    default:
      return null;
  }
  const out = sprintf(item.dfl ?? "%s", val);
  if (e.getval(item.name) === undefined) return out;
  return unskip(e, item.name, QX.SETVAR) ? out : null;
};

/** voltronic_eco_volt: QHE, with ranges around the nominal output voltage. */
export const voltronicEcoVolt: Preprocess = (e, item) => {
  if (!numeric(item.value)) return null;
  const out = sprintf(item.dfl ?? "%s", strtod(item.value));
  const ovnText = e.get("output.voltage.nominal");
  if (ovnText === undefined) return out;
  const ovn = strtol(ovnText);
  if (ovn < 0) return out;
  const p = protocolOf(e);
  let d: [number, number];
  if (p === 1 || p === 9) d = ovn >= 200 ? [24, 7] : [12, 3];
  else if (G6.includes(p)) d = ovn >= 200 ? [24, 11] : [12, 5];
  else return out;
  const name = item.name.toLowerCase();
  if (name === "input.transfer.high") {
    item.rwValues = [String(ovn + d[1]), String(ovn + d[0])];
  } else if (name === "input.transfer.low") {
    item.rwValues = [String(ovn - d[0]), String(ovn - d[1])];
  }
  // the setvar row shares the same runtime-filled list in NUT
  const set = e.find(item.name, QX.SETVAR);
  if (set && item.rwValues) set.rwValues = item.rwValues;
  if (
    !unskip(e, `${item.name}.min`, QX.SEMI_STATIC) ||
    !unskip(e, `${item.name}.max`, QX.SEMI_STATIC) ||
    !unskip(e, item.name, QX.SETVAR)
  ) return null;
  return out;
};

/** voltronic_eco_volt_range: input.transfer.{low,high}.{min,max}. */
export const voltronicEcoVoltRange: Preprocess = (e, item) => {
  const m = /^(input\.transfer\.(?:low|high))\.(min|max)$/i.exec(item.name);
  if (!m) return null;
  const from = e.find(m[1]!, QX.SEMI_STATIC);
  const v = from?.rwValues?.[m[2]!.toLowerCase() === "min" ? 0 : 1];
  return v ? v : null;
};

/** voltronic_eco_freq: QFRE. */
export const voltronicEcoFreq: Preprocess = (e, item) => {
  if (!numeric(item.value)) return null;
  const out = sprintf(item.dfl ?? "%s", strtod(item.value));
  return unskip(e, item.name, QX.SETVAR) ? out : null;
};

/** voltronic_outlet: QSKn. */
export const voltronicOutlet: Preprocess = (e, item) => {
  const c = item.value[0];
  if (c !== "0" && c !== "1") return null;
  const n = item.name[7];
  let out: string;
  if (item.name.includes("switchable")) out = "yes";
  else if (item.name.includes("status")) out = c === "1" ? "on" : "off";
  else return null;
  if (
    !unskip(e, `outlet.${n}.delay.shutdown`, QX.SEMI_STATIC) ||
    !unskip(e, `outlet.${n}.load.on`, QX.CMD) ||
    !unskip(e, `outlet.${n}.load.off`, QX.CMD)
  ) return null;
  return sprintf(item.dfl ?? "%s", out);
};

/** voltronic_outlet_delay: QSKTn minutes → seconds. */
export const voltronicOutletDelay: Preprocess = (e, item) => {
  if (!numeric(item.value)) return null;
  const out = sprintf(item.dfl ?? "%s", strtod(item.value) * 60);
  return unskip(e, `outlet.${item.name[7]}.delay.shutdown`, QX.SETVAR)
    ? out
    : null;
};

/** voltronic_outlet_delay_set: seconds → PSKnmmm (minutes). */
export const voltronicOutletDelaySet: Preprocess = (_e, item, value) =>
  sprintf(item.command!, Math.trunc(strtol(value) / 60));

function enumIndex(item: LiveItem, ok: (v: string) => boolean): string | null {
  const v = item.value;
  if (v[0] !== "0" || v.length < 2 || !ok(v[1]!)) return null;
  return item.rwValues?.[strtol(v)] ?? null;
}

/** voltronic_p31b: QBT battery type. */
export const voltronicP31b: Preprocess = (_e, item) => {
  const v = enumIndex(item, (c) => "012".includes(c));
  return v === null ? null : sprintf(item.dfl ?? "%s", v);
};

/** voltronic_p31g: QGR grid working range (NONUT). */
export const voltronicP31g: Preprocess = (e, item) => {
  const v = enumIndex(item, (c) => "01".includes(c));
  if (v === null) return null;
  vs(e).workRangeType = strtol(item.value);
  return sprintf(item.dfl ?? "%s", v);
};

/** voltronic_phase: QPD angles (NONUT). */
export const voltronicPhase: Preprocess = (e, item) => {
  if (!numeric(item.value)) return null;
  const angle = strtol(item.value);
  if (item.name.toLowerCase() === "output_phase_angle") {
    vs(e).outputPhaseAngle = angle;
    if (e.getval(item.name) !== undefined) {
      if (!unskip(e, item.name, QX.SETVAR)) return null;
    }
  }
  if (angle < 0) return null;
  return sprintf(item.dfl ?? "%d", angle);
};

/** voltronic_parallel: QPAR. */
export const voltronicParallel: Preprocess = (_e, item) => {
  if (!onlyChars(item.value, "0123456789")) return null;
  const n = strtol(item.value);
  const type = n === 1 ? "master" : n === 2 || n === 3 ? "slave" : null;
  if (!type) return null;
  return `This UPS is *${type}* in a system of UPSes in parallel`;
};

// --- QFLAG capabilities ---

/** Capability letter of each QFLAG row, and whether NUT remembers it. */
const CAP_LETTER: Record<string, string> = {
  bypass_alarm: "p",
  battery_alarm: "b",
  bypass_when_off: "o",
  alarm_control: "a",
  converter_mode: "v",
  eco_mode: "e",
  battery_open_status_check: "d",
  bypass_forbidding: "f",
  site_fault_detection: "l",
  advanced_eco_mode: "n",
  constant_phase_angle: "q",
  limited_runtime_on_battery: "w",
  "ups.start.auto": "r",
  "battery.protection": "s",
  "battery.energysave": "g",
  "ups.start.battery": "c",
  "outlet.0.switchable": "j",
};

/** Splits QFLAG's "EabcDxyz" as NUT's strtok does (a leading D swallows). */
function splitCaps(value: string): [string, string] | null {
  const rest = value.slice(1);
  const parts = rest.split("D").filter((p) => p !== "");
  if (parts.length === 0) return null;
  const first = rest.replace(/^D+/, "");
  const i = first.indexOf("D");
  if (i < 0) return [first, ""];
  return [first.slice(0, i), first.slice(i + 1)];
}

/** voltronic_capability: one QFLAG option. */
export const voltronicCapability: Preprocess = (e, item) => {
  const split = splitCaps(item.value);
  if (!split) return null;
  const [enabled, disabled] = split;
  const name = item.name.toLowerCase();
  const letter = CAP_LETTER[name];
  if (!letter) return null;
  const nonut = !!(item.flags & QX.NONUT);
  const on = nonut ? "enabled" : "yes", off = nonut ? "disabled" : "no";
  let val: string | undefined;
  const s = vs(e);
  if (name === "alarm_control") {
    if (!item.value.includes("a")) return null;
    if (enabled.includes("a")) {
      val = "enabled";
      const b = e.get("ups.beeper.status");
      if (b === undefined || b !== "muted") {
        e.ctx.state.set("ups.beeper.status", "enabled");
      }
    } else if (disabled.includes("a")) {
      val = "disabled";
      e.ctx.state.set("ups.beeper.status", "disabled");
    }
    if (val) s.caps[name] = val;
    if (!unskip(e, "beeper.enable", QX.CMD)) return null;
    if (!unskip(e, "beeper.disable", QX.CMD)) return null;
  } else if (name === "eco_mode") {
    if (!item.value.includes("e")) return null;
    if (enabled.includes("e")) val = "enabled";
    else if (disabled.includes("e")) val = "disabled";
    if (val) s.caps[name] = val;
    for (const [n, f] of [["bypass.start", QX.CMD], ["bypass.stop", QX.CMD]]) {
      if (!unskip(e, n as string, f as number)) return null;
    }
    for (
      const n of [
        "input.transfer.high",
        "input.transfer.low",
        "input.frequency.high",
        "input.frequency.low",
      ]
    ) if (!unskip(e, n, QX.SEMI_STATIC)) return null;
  } else {
    if (enabled.includes(letter)) val = on;
    else if (disabled.includes(letter)) val = off;
    if (nonut && val) s.caps[name] = val;
    if (name === "outlet.0.switchable" && val === on) {
      for (let n = 1; n <= 4; n++) {
        if (!unskip(e, `outlet.${n}.switchable`)) return null;
        if (!unskip(e, `outlet.${n}.status`)) return null;
      }
    }
  }
  if (!val) return null;
  const out = sprintf(item.dfl ?? "%s", val);
  if (nonut && e.getval(item.name) === undefined) return out;
  return unskip(e, item.name, QX.SETVAR) ? out : null;
};

/** voltronic_capability_set: yes/no → PEx/PDx. */
export const voltronicCapabilitySet: Preprocess = (e, item, value) => {
  const v = value.toLowerCase();
  if (v === "yes") return sprintf(item.command!, "E");
  if (v === "no") return sprintf(item.command!, "D");
  e.ctx.log.error(
    `${item.name}: given value [${value}] is not acceptable. Enter either 'yes' or 'no'.`,
  );
  return null;
};

/** voltronic_capability_set_nonut: enabled/disabled from ups.conf. */
export const voltronicCapabilitySetNonut: Preprocess = (e, item, value) => {
  const match = vs(e).caps[item.name.toLowerCase()];
  if (!match) return null;
  if (value.toLowerCase() === match.toLowerCase()) {
    e.ctx.log.info(`${item.name} is already ${match}`);
    return null;
  }
  const v = value.toLowerCase();
  if (v === "disabled") return sprintf(item.command!, "D");
  if (v === "enabled") return sprintf(item.command!, "E");
  e.ctx.log.error(
    `${item.name}: [${value}] is not within acceptable values [enabled/disabled]`,
  );
  return null;
};

/** voltronic_capability_reset: PF, only in standby. */
export const voltronicCapabilityReset: Preprocess = (e, item) => {
  if (!e.testvar("reset_to_default")) return null;
  if (!e.has("OFF")) {
    e.ctx.log.error(
      `${item.name}: UPS capability options can be reset only when the UPS is in Standby Mode (i.e. ups.status = 'OFF').`,
    );
    return null;
  }
  return item.command!;
};

// --- setvar / instcmd ---

const ALREADY: Record<string, [keyof VoltronicState, string]> = {
  max_bypass_freq: ["maxBypassFreq", "%.1f"],
  min_bypass_freq: ["minBypassFreq", "%.1f"],
  max_bypass_volt: ["maxBypassVolt", "%.0f"],
  min_bypass_volt: ["minBypassVolt", "%.0f"],
  battery_number: ["batteryNumber", "%.0f"],
};

/** voltronic_process_setvar. */
export const voltronicProcessSetvar: Preprocess = (e, item, value) => {
  if (!value) return null;
  const val = strtod(value);
  const name = item.name.toLowerCase();
  if (name === "ups.delay.start") {
    return sprintf("%.0f", val - (Math.trunc(val) % 60));
  }
  if (name === "ups.delay.shutdown") {
    const t = Math.trunc(val);
    return sprintf("%.0f", val - (val < 60 ? t % 6 : t % 60));
  }
  const a = ALREADY[name];
  if (a && vs(e)[a[0]] === val) {
    e.ctx.log.info(`${item.name} is already set to ${sprintf(a[1], val)}`);
    return null;
  }
  return sprintf(item.command!, val);
};

function enumSet(
  extra?: (e: QxEngine, item: LiveItem, i: number) => boolean,
): Preprocess {
  return (e, item, value) => {
    const list = (item.rwValues ?? []).filter((v) => v !== "");
    const i = list.findIndex((v) => v.toLowerCase() === value.toLowerCase());
    if (i < 0) {
      e.ctx.log.error(`${item.name}: value [${value}] out of range`);
      return null;
    }
    if (extra && !extra(e, item, i)) return null;
    return voltronicProcessSetvar(e, item, String(i));
  };
}

/** voltronic_p31b_set. */
export const voltronicP31bSet = enumSet();
/** voltronic_p31g_set. */
export const voltronicP31gSet = enumSet((e, item, i) => {
  if (i !== vs(e).workRangeType) return true;
  e.ctx.log.info(`${item.name} is already set to ${item.rwValues![i]}`);
  return false;
});
/** voltronic_phase_set (sends the enum index, as NUT 2.8.0 does). */
export const voltronicPhaseSet = enumSet((e, item, i) => {
  if (strtol(item.rwValues![i]) !== vs(e).outputPhaseAngle) return true;
  e.ctx.log.info(`${item.name} is already set to ${item.rwValues![i]}`);
  return false;
});

function minutesText(seconds: number): string {
  return seconds < 60
    ? `.${Math.trunc(seconds / 6)}`
    : sprintf("%02d", Math.trunc(seconds / 60));
}

/** voltronic_process_command: S…, S…R0000, T…, BZON/BZOFF. */
export const voltronicProcessCommand: Preprocess = (e, item, value) => {
  const name = item.name.toLowerCase();
  let buf: string;
  if (name === "shutdown.return") {
    const off = strtol(e.get("ups.delay.shutdown")),
      on = Math.trunc(strtol(e.get("ups.delay.start")) / 60);
    buf = minutesText(off) + (on === 0 ? "" : `R${sprintf("%04d", on)}`);
  } else if (name === "shutdown.stayoff") {
    buf = minutesText(strtol(e.get("ups.delay.shutdown")));
  } else if (name === "test.battery.start") {
    if (!onlyChars(value, "0123456789")) {
      e.ctx.log.error(`${item.name}: non numerical value [${value}]`);
      return null;
    }
    const delay = value.length > 0 ? strtol(value) : 600;
    if (delay < 12 || delay > 5940) {
      e.ctx.log.error(
        `${item.name}: battery test time '${delay}' out of range [12..5940] seconds`,
      );
      return null;
    }
    buf = minutesText(delay);
  } else if (name === "beeper.toggle") {
    const b = e.get("ups.beeper.status");
    if (vs(e).caps.alarm_control) {
      if (b === "enabled") buf = "OFF";
      else if (b === "muted") buf = "ON";
      else {
        e.ctx.log.info("The beeper is already disabled");
        return null;
      }
    } else buf = b === "enabled" ? "OFF" : b === "disabled" ? "ON" : "";
  } else return null;
  return sprintf(item.command!, buf);
};
