/**
 * Ablerex 0.01 (nutdrv_qx_ablerex.c): Megatec Q1/F/I plus the binary `Q5`
 * (output frequency and current, error code, battery voltages), `At`
 * (runtime) and `TR` (test result) queries; battery voltage and charge
 * from its own curves; bypass/buck/boost, RB and OFF set straight into the
 * status buffer. Claimed as megatec is, so only `protocol=ablerex` (or a
 * unit megatec and zinto refuse) selects it.
 *
 * @module
 */
import type { QxEngine } from "./engine.ts";
import {
  blazerClaim,
  blazerInitups,
  processStatusBits,
  row,
} from "./blazer_common.ts";
import {
  fixedC,
  type LiveItem,
  type Preprocess,
  QX,
  type QxItem,
  type QxSubdriver,
  sprintf,
  strtod,
} from "./item.ts";
import { commandRows, vendorRows } from "./megatec.ts";

/** Q5_Vbc / ablerexQ5Vb: NUT keeps them static; here per engine. */
const Q5 = new WeakMap<QxEngine, { vb: number; vbc: number }>();

function q5(e: QxEngine): { vb: number; vbc: number } {
  let v = Q5.get(e);
  if (!v) Q5.set(e, v = { vb: -1, vbc: -1 });
  return v;
}

/** (unsigned char)answer[i], 0 past the end (NUT's zeroed buffer). */
function byte(item: LiveItem, i: number): number {
  return i < item.answer.length ? item.answer.charCodeAt(i) & 0xff : 0;
}

function word(item: LiveItem, i: number): number {
  return byte(item, i) * 256 + byte(item, i + 1);
}

/** ablerex_Q5: publishes frequency, error code and current; value = frequency. */
const ablerexQ5: Preprocess = (e, item) => {
  const fout = word(item, 1);
  const st = q5(e);
  st.vb = word(item, 7);
  st.vbc = word(item, 9);
  const err = word(item, 13);
  const cur = word(item, 15);
  e.ctx.state.set("output.frequency", fixedC(0.1 * fout, 1));
  e.ctx.state.set("ups.alarm", String(err));
  e.ctx.state.set("output.current", fixedC(0.1 * cur, 1));
  return fixedC(fout * 0.1, 1);
};

/** ablerex_battery: battery.voltage scaled to the nominal voltage. */
const ablerexBattery: Preprocess = (e, item) => {
  const battV = strtod(item.value);
  const nomText = e.get("battery.voltage.nominal");
  if (nomText === undefined) return fixedC(battV, 2);
  const nom = strtod(nomText);
  const vb = q5(e).vb;
  const act = vb > 0
    ? vb * nom / 1200
    : battV > 3.0
    ? battV
    : battV * 6 * nom / 12;
  return fixedC(act, 2);
};

const ONLINE_P = [
  2.22,
  2.21,
  2.20,
  2.19,
  2.18,
  2.17,
  2.16,
  2.15,
  2.14,
  2.13,
  2.12,
  2.11,
  2.10,
  2.09,
  2.08,
  2.07,
  2.06,
  2.05,
  2.04,
  2.03,
  2.02,
  2.01,
  2.00,
  1.99,
  1.98,
  1.97,
  1.96,
  1.95,
  1.94,
  1.93,
  1.92,
  1.91,
  1.90,
  1.89,
  1.88,
  1.87,
  1.86,
  1.85,
  1.84,
  1.83,
  1.82,
  1.81,
  1.80,
  1.79,
  1.78,
  1.77,
  1.76,
  1.75,
  1.74,
  1.73,
  1.72,
  1.71,
  1.70,
  1.69,
  1.68,
  1.67,
];
const ONLINE_C = [
  100,
  90,
  88,
  87,
  85,
  83,
  82,
  80,
  78,
  77,
  75,
  73,
  72,
  70,
  68,
  65,
  65,
  62,
  62,
  58,
  58,
  55,
  55,
  53,
  52,
  50,
  48,
  47,
  45,
  43,
  42,
  40,
  38,
  37,
  35,
  33,
  32,
  30,
  28,
  27,
  25,
  23,
  22,
  20,
  18,
  17,
  15,
  13,
  12,
  10,
  8,
  7,
  5,
  3,
  2,
  0,
  -1,
];
const OFFLINE_P = [
  13.5,
  13.3,
  13.2,
  13.1,
  13,
  12.9,
  12.8,
  12.7,
  12.6,
  12.5,
  12.4,
  12.3,
  12.2,
  12.1,
  12,
  11.9,
  11.8,
  11.7,
  11.6,
  11.5,
  11.4,
  11.3,
  11.2,
  11.1,
  11,
  10.9,
  10.8,
  10.7,
  10.6,
  10.5,
  10.4,
  10.3,
  10.2,
  10.1,
  10,
];
const OFFLINE_C = [
  100,
  90,
  88,
  86,
  83,
  80,
  77,
  74,
  72,
  69,
  66,
  63,
  61,
  58,
  55,
  52,
  49,
  47,
  44,
  41,
  38,
  36,
  33,
  30,
  27,
  24,
  22,
  19,
  16,
  13,
  11,
  8,
  5,
  2,
  0,
  -1,
];

/** ablerex_battery_charge: per-cell (< 3 V) or 12 V-block curve. */
export function ablerexCharge(battIn: number): number {
  const [p, c] = battIn < 3.0 ? [ONLINE_P, ONLINE_C] : [OFFLINE_P, OFFLINE_C];
  for (let i = 0; c[i]! > 0; i++) {
    if (battIn >= p[i]!) return c[i]!;
  }
  return 0;
}

/** ablerex_batterycharge. */
const ablerexBatteryCharge: Preprocess = (e, item) => {
  let battV = strtod(item.value);
  const nomText = e.get("battery.voltage.nominal");
  if (nomText === undefined) return "100";
  const nom = strtod(nomText);
  if (battV > 3.0) battV = battV / (nom / 12);
  return String(ablerexCharge(battV));
};

/** ablerex_initbattery: battery.voltage.low (from 1) / .high (from 2). */
const ablerexInitBattery: Preprocess = (e, item) => {
  const nom = strtod(e.get("battery.voltage.nominal"));
  const vbc = q5(e).vbc;
  const low = vbc > 0 ? vbc * nom / 1200 : 960 * nom / 1200;
  const high = 1365 * nom / 1200;
  if (item.from === 1) return fixedC(low, 2);
  if (item.from === 2) return fixedC(high, 2);
  return null;
};

/** ablerex_At: runtime from four binary bytes. */
const ablerexAt: Preprocess = (_e, item) => {
  const raw = byte(item, 1) * 65536 * 256 + byte(item, 2) * 65536 +
    byte(item, 3) * 256 + byte(item, 4);
  // C int arithmetic
  return sprintf("%d", raw | 0);
};

/** ablerex_TR: four characters of the answer (up to a NUL). */
const ablerexTR: Preprocess = (_e, item) =>
  item.answer.slice(1, 5).split("\0")[0]!;

/** ablerex_process_status_bits: offsets 40..42 and 41. */
const ablerexStatusBits: Preprocess = (e, item) => {
  const v = item.value;
  switch (item.from) {
    case 40:
      if (v[0] === "1") {
        if (v[2] === "1") {
          // standby type: compare output with input
          const vi = strtod(e.get("input.voltage"));
          const vo = strtod(e.get("output.voltage"));
          if (vo < 0.5 * vi) return null;
          if (vo < 0.95 * vi) e.statusSet("TRIM");
          else if (vo < 1.05 * vi) e.statusSet("BYPASS");
          else if (vo < 1.5 * vi) e.statusSet("BOOST");
          else return null;
        } else e.statusSet("BYPASS");
      }
      return "";
    case 41:
      if (v[0] === "1") e.statusSet("RB");
      if (strtod(e.get("output.voltage")) < 50.0) e.statusSet("OFF");
      return "";
  }
  return null;
};

function items(): QxItem[] {
  const s = { command: "Q1\r", answerLen: 47, leading: "(" };
  const f = { command: "F\r", answerLen: 22, leading: "#" };
  const bits = (from: number, to = from) => ({ ...s, from, to });
  const status = (from: number, to = from, pre = processStatusBits) =>
    row({
      name: "ups.status",
      ...bits(from, to),
      flags: QX.QUICK_POLL,
      preprocess: pre,
    });
  return [
    /*
     * > [Q1\r]
     * < [(226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r]
     */
    row({ name: "input.voltage", ...s, from: 1, to: 5, dfl: "%.1f" }),
    row({ name: "input.voltage.fault", ...s, from: 7, to: 11, dfl: "%.1f" }),
    row({ name: "output.voltage", ...s, from: 13, to: 17, dfl: "%.1f" }),
    row({ name: "ups.load", ...s, from: 19, to: 21, dfl: "%.0f" }),
    row({ name: "input.frequency", ...s, from: 23, to: 26, dfl: "%.1f" }),
    row({
      name: "battery.voltage",
      ...s,
      from: 28,
      to: 31,
      dfl: "%.2f",
      preprocess: ablerexBattery,
    }),
    row({
      name: "battery.charge",
      ...s,
      from: 28,
      to: 31,
      dfl: "%.2f",
      preprocess: ablerexBatteryCharge,
    }),
    row({ name: "ups.temperature", ...s, from: 33, to: 36, dfl: "%.1f" }),
    status(38), // Utility Fail (Immediate)
    status(39), // Battery Low
    status(40, 42, ablerexStatusBits), // Bypass/Boost or Buck Active
    status(41, 41, ablerexStatusBits), // UPS Failed
    row({ name: "ups.alarm", ...bits(41), preprocess: processStatusBits }),
    row({
      name: "ups.type",
      ...bits(42),
      dfl: "%s",
      flags: QX.STATIC,
      preprocess: processStatusBits,
    }),
    status(43), // Test in Progress
    status(44), // Shutdown Active
    row({
      name: "ups.beeper.status",
      ...bits(45),
      dfl: "%s",
      preprocess: processStatusBits,
    }),
    /*
     * > [F\r]
     * < [#220.0 000 024.0 50.0\r]
     */
    ...([
      ["output.voltage.nominal", 1, 5],
      ["output.current.nominal", 7, 9],
      ["battery.voltage.nominal", 11, 15],
      ["output.frequency.nominal", 17, 20],
    ] as const).map(([name, from, to]) =>
      row({ name, ...f, from, to, dfl: "%.1f", flags: QX.QUICK_POLL })
    ),
    row({
      name: "battery.voltage.low",
      ...f,
      from: 1,
      to: 2,
      dfl: "%.2f",
      flags: QX.QUICK_POLL,
      preprocess: ablerexInitBattery,
    }),
    row({
      name: "battery.voltage.high",
      ...f,
      from: 2,
      to: 3,
      dfl: "%.2f",
      flags: QX.QUICK_POLL,
      preprocess: ablerexInitBattery,
    }),
    row({
      name: "output.frequency",
      command: "Q5\r",
      answerLen: 22,
      leading: "(",
      from: 1,
      to: 18,
      dfl: "%.1f",
      preprocess: ablerexQ5,
    }),
    row({
      name: "battery.runtime",
      command: "At\r",
      leading: "(",
      dfl: "%d",
      preprocess: ablerexAt,
    }),
    row({
      name: "ups.test.result",
      command: "TR\r",
      leading: "#",
      dfl: "%s",
      preprocess: ablerexTR,
    }),
    ...vendorRows("I\r"),
    // as megatec's, but load.off is S.2
    ...commandRows().map((r) =>
      r.name === "load.off" ? { ...r, command: "S.2\r" } : r
    ),
  ];
}

/** Ablerex 0.01. */
export const ABLEREX: QxSubdriver = {
  name: "Ablerex 0.01",
  claim: blazerClaim,
  items: items(),
  initups: blazerInitups,
  accepted: "ACK",
};
