/**
 * What NUT's `upscode2` makes of UPScode II answers. `UPDS` (status and
 * meters), `UPDV` (nominal values) and `UPBS` (battery strings) answer with
 * name/value line pairs; each table says what a name means: a NUT
 * variable ("%.2f", optionally scaled), a text, a status bit ("11" set,
 * "00" clear), an alarm (logged only), a code looked up in a sub-list, or
 * a number the driver keeps. The row marked `final` ends the answer.
 *
 * @module
 */

/** Status bits. */
export const ST = Object.freeze({
  online: 1 << 0,
  onbatt: 1 << 1,
  lobatt: 1 << 2,
  replace: 1 << 3,
  boost: 1 << 4,
  trim: 1 << 5,
  overload: 1 << 6,
  calibration: 1 << 7,
  off: 1 << 8,
  bypass: 1 << 9,
});

/** Numbers the driver keeps from answers. */
export type Keep =
  | "battRuntime"
  | "battCharge"
  | "battCurrent"
  | "battVolt"
  | "battCapNom"
  | "battDischCurrMax"
  | "battRuntimeMax"
  | "battVoltHigh"
  | "battVoltLow"
  | "battVoltNom"
  | "maxOutCurrent"
  | "nomOutCurrent";

/** One row. */
export type Row =
  | { code: string; kind: "ignore" | "alarm" }
  | { code: string; kind: "value"; nut: string; scale?: "kilo" | "outpwr" }
  | { code: string; kind: "string"; nut: string }
  | { code: string; kind: "status"; bit: number }
  | { code: string; kind: "list"; list: readonly Row[] }
  | { code: string; kind: "keep"; nut?: string; keep: Keep };

/** A table row plus whether it ends the answer. */
export type TRow = Row & { final?: boolean };

const ign = (code: string): TRow => ({ code, kind: "ignore" });
const alarm = (code: string): TRow => ({ code, kind: "alarm" });
const bit = (code: string, b: number): TRow => ({
  code,
  kind: "status",
  bit: b,
});
const val = (code: string, nut: string, scale?: "kilo" | "outpwr"): TRow => ({
  code,
  kind: "value",
  nut,
  ...(scale ? { scale } : {}),
});
const keep = (code: string, k: Keep, nut?: string): TRow => ({
  code,
  kind: "keep",
  keep: k,
  ...(nut ? { nut } : {}),
});

/** STAT/STMF codes: three change the status, the rest are alarms. */
export const ATT: readonly TRow[] = [
  ign("00"),
  ..."AC BA BC BD BF".split(" ").map(alarm),
  bit("BL", ST.lobatt),
  ..."BO BP BR BT BX BY CE CM CT DO DU EP FF FH FL FT GF HT IB IF IM IO IP IT IU IV LR NF"
    .split(" ").map(alarm),
  bit("OD", ST.off),
  alarm("OF"),
  bit("OL", ST.overload),
  ..."OR OV OW PB PE RE RF RM RT SM ST TT UD UO US UU VE".split(" ").map(alarm),
];

/** STLR codes. */
export const STLR: readonly TRow[] = [
  ign("NO"),
  bit("SD", ST.trim),
  bit("SU", ST.boost),
  bit("DU", ST.boost),
];

/** STEA/STEM codes (all ignored). */
export const ENV: readonly TRow[] = "HH HL TH TL 01 02 03 04 05 06 07 08 09"
  .split(" ").map(ign);

const phases = (prefix: string, name: (n: number) => string) =>
  [1, 2, 3].map((n) => val(`${prefix}${n}`, name(n)));

/** UPDS answers. */
export const SIMPLE: readonly TRow[] = [
  { code: "STAT", kind: "list", list: ATT },
  bit("STBO", ST.onbatt),
  bit("STBL", ST.lobatt),
  ign("STBM"),
  bit("STBP", ST.bypass),
  { code: "STEA", kind: "list", list: ENV },
  { code: "STEM", kind: "list", list: ENV },
  { code: "STLR", kind: "list", list: STLR },
  { code: "STMF", kind: "list", list: ATT },
  ign("STOK"),
  bit("STUF", ST.onbatt),
  keep("BTIME", "battRuntime"),
  val("METE1", "ambient.temperature"),
  val("MERH1", "ambient.humidity"),
  val("MIFFF", "input.frequency"),
  ...phases("MIIL", (n) => n === 1 ? "input.current" : `input.L${n}.current`),
  ...phases(
    "MIPL",
    (n) => n === 1 ? "input.realpower" : `input.L${n}.realpower`,
  ),
  ...phases("MISL", (n) => n === 1 ? "input.power" : `input.L${n}.power`),
  ...phases("MIUL", (n) => n === 1 ? "input.voltage" : `input.L${n}-N.voltage`),
  val("MIU12", "input.L1-L2.voltage"),
  val("MIU23", "input.L2-L3.voltage"),
  val("MIU31", "input.L3-L1.voltage"),
  keep("MBCH1", "battCharge"),
  keep("MBIII", "battCurrent", "battery.current"),
  ign("MBINE"),
  ign("MBIPO"),
  ign("MBUNE"),
  ign("MBUPO"),
  keep("MBUUU", "battVolt", "battery.voltage"),
  ign("MLUNE"),
  ign("MLUPO"),
  ign("MLUUU"),
  { ...val("MOFFF", "output.frequency"), final: true },
  ...phases(
    "MOIL",
    (n) => n === 1 ? "output.current" : `output.L${n}.current`,
  ),
  ...phases(
    "MOIP",
    (n) => n === 1 ? "output.current.peak" : `output.L${n}.current.peak`,
  ),
  ...[1, 2, 3].map((n) =>
    val(
      `MOPL${n}`,
      n === 1 ? "output.realpower" : `output.L${n}.realpower`,
      "kilo",
    )
  ),
  ...phases("MOSL", (n) => n === 1 ? "output.power" : `output.L${n}.power`),
  ...phases(
    "MOUL",
    (n) => n === 1 ? "output.voltage" : `output.L${n}-N.voltage`,
  ),
  val("MOU12", "output.L1-L2.voltage"),
  val("MOU23", "output.L2-L3.voltage"),
  val("MOU31", "output.L3-L1.voltage"),
  ...phases("MPUL", (n) => `input.bypass.L${n}-N.voltage`),
  val("MUTE1", "ups.temperature"),
];

/** UPDV answers. */
export const NOMINAL: readonly TRow[] = [
  val("NIUHH", "input.voltage.maximum"),
  val("NIULL", "input.voltage.minimum"),
  val("NIUNN", "input.voltage.nominal"),
  val("NIIHH", "input.current.maximum"),
  val("NIILL", "input.current.minimum"),
  val("NIINN", "input.current.nominal"),
  val("NIPHH", "input.realpower.maximum"),
  val("NIPNN", "input.realpower.nominal"),
  val("NISHH", "input.power.maximum"),
  val("NISNN", "input.power.nominal"),
  keep("NBAHN", "battCapNom", "battery.capacity.nominal"),
  ign("NBIHH"),
  keep("NBILL", "battDischCurrMax"),
  val("NBINN", "battery.current.nominal"),
  keep("NBTHH", "battRuntimeMax"),
  keep("NBUHH", "battVoltHigh", "battery.voltage.maximum"),
  keep("NBULL", "battVoltLow", "battery.voltage.minimum"),
  keep("NBUNN", "battVoltNom", "battery.voltage.nominal"),
  val("NOFHH", "output.frequency.maximum"),
  { ...val("NOFLL", "output.frequency.minimum"), final: true },
  keep("NOIHH", "maxOutCurrent", "output.current.maximum"),
  keep("NOINN", "nomOutCurrent", "output.current.nominal"),
  val("NOPNN", "output.realpower.nominal", "outpwr"),
  val("NOSNN", "ups.power.nominal", "outpwr"),
  val("NOUHH", "output.voltage.maximum"),
  val("NOULL", "output.voltage.minimum"),
  val("NOUNN", "output.voltage.nominal"),
  val("NUTEH", "ups.temperature.maximum"),
];

/** UPBS answers: eight battery strings (NUT's odd name for string 2 kept). */
export const BATTERY: readonly TRow[] = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((
  n,
) => [
  val(
    `MBTE${n}`,
    n === 2 ? "battery.2.temperature.2" : `battery.${n}.temperature`,
  ),
  ign(`MBIN${n}`),
  {
    code: `BDAT${n}`,
    kind: "string" as const,
    nut: `battery.${n}.date`,
    ...(n === 8 ? { final: true } : {}),
  },
]);

/** Instant commands: UPScode command, then a fixed parameter (if any). */
export const COMMANDS: ReadonlyArray<readonly [string, string, string?]> = [
  ["shutdown.return", "UPPF", "IJHLDMGCIU"],
  ["shutdown.stayoff", "UPPD", "LGGNLMDPGV"],
  ["shutdown.stop", "UPPU"],
  ["shutdown.reboot", "UPPC", "IJHLDMGCIU"],
  ["test.panel.start", "UPIS"],
  ["test.battery.start", "UPBT", "1"],
];

/** Writable variables: NUT name, set command, expected answer. */
export const VARIABLES: ReadonlyArray<readonly [string, string, string]> = [
  ["ups.delay.reboot", "UPCD", "ACCD"],
  ["ups.delay.shutdown", "UPSD", "ACSD"],
];
