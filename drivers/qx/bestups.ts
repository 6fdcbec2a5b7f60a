/**
 * BestUPS protocol of nutdrv_qx (nutdrv_qx_bestups.c): Best Power / Sola
 * Australia units answering Q1 plus ID (model/ratings), RT (runtime), BP?
 * (battery packs), SS? (pins shutdown mode) and M (voltage settings).
 *
 * @module
 */
import {
  blazerInitupsLight,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  processCommand,
  processSetvar,
  processStatusBits,
  row,
} from "./blazer_common.ts";
import type { QxEngine } from "./engine.ts";
import {
  type LiveItem,
  onlyChars,
  type Preprocess,
  QX,
  type QxItem,
  type QxSubdriver,
  sprintf,
  strtod,
  strtol,
} from "./item.ts";

const R_ONDELAY_B = ["60", "599940"];
const R_OFFDELAY_B = ["12", "5940"];
const R_BATT_PACKS_B = ["0", "5"];
const R_PINS = ["0", "6"];

/** Per-engine state NUT keeps in statics. */
const STATE = new WeakMap<QxEngine, { pins: number; inverted: boolean }>();
function st(e: QxEngine) {
  let s = STATE.get(e);
  if (!s) STATE.set(e, s = { pins: 0, inverted: false });
  return s;
}

function unskip(e: QxEngine, name: string, flag = 0, noflag = 0): boolean {
  const it = e.find(name, flag, noflag);
  if (!it) return false;
  it.flags &= ~QX.SKIP;
  return true;
}

/** bestups_claim: Q1 (input.voltage) and ID (device.model). */
async function bestupsClaim(e: QxEngine): Promise<boolean> {
  const iv = e.find("input.voltage");
  if (!iv || !(await e.process(iv)) || e.infovalSet(iv) !== 1) return false;
  const m = e.find("device.model");
  if (!m || !(await e.process(m)) || e.infovalSet(m) !== 1) {
    e.ctx.state.del("input.voltage");
    return false;
  }
  return true;
}

/** ID's answer with fixed columns: "FOR, 750,120,120,20.0, 27.6\r". */
function bestupsPreprocessIdAnswer(
  _e: QxEngine,
  _item: LiveItem,
  answer: string,
): string | null {
  const len = answer.length;
  if (len === 0) return answer;
  if (len < 25 || len > 27) return null;
  const tokens = answer.split(",").filter((t) => t !== "");
  let refined = "";
  tokens.forEach((t, i) => {
    if (i === 0) refined = t;
    else if (i === 1) refined += "," + t.padStart(4, " ");
    else if (i === 5) refined += "," + t.padStart(6, " ");
    else refined += "," + t;
  });
  if (tokens.length !== 6 || refined.length !== 28) return null;
  return refined;
}

const bestupsProcessSetvar: Preprocess = (e, item, value) => {
  if (!value) return null;
  const val = strtod(value);
  if (item.name.toLowerCase() === "pins_shutdown_mode" && val === st(e).pins) {
    e.ctx.log.info(`${item.name} is already set to ${sprintf("%.0f", val)}`);
    return null;
  }
  return sprintf(item.command!, val);
};

/** The bypass/boost/buck bit is ignored on battery, in test or shutdown. */
const bestupsProcessBbbStatusBit: Preprocess = (e, item, value) => {
  const c = item.value[0];
  if (!e.has("OL") || e.has("CAL") || e.has("FSD")) {
    if (c === "1") item.value = "0" + item.value.slice(1);
  } else if (st(e).inverted) {
    if (c === "1") item.value = "0" + item.value.slice(1);
    else if (c === "0") item.value = "1" + item.value.slice(1);
  }
  return processStatusBits(e, item, value);
};

const BEST_POWER = ["AX1", "FOR", "FTC", "PR2", "PRO"];
const SOLA = ["325", "520", "620"];

const bestupsManufacturer: Preprocess = (_e, item) =>
  sprintf(
    item.dfl!,
    BEST_POWER.includes(item.value)
      ? "Best Power"
      : SOLA.includes(item.value)
      ? "Sola Australia"
      : "Unknown",
  );

const MODELS: Record<string, string> = {
  AX1: "Axxium Rackmount",
  FOR: "Fortress",
  FTC: "Fortress Telecom",
  PR2: "Patriot Pro II",
  PRO: "Patriot Pro",
};

const bestupsModel: Preprocess = (e, item) => {
  const v = item.value;
  let out: string;
  if (MODELS[v]) {
    out = sprintf(item.dfl!, MODELS[v]!);
    if (v === "PR2" || v === "PRO") st(e).inverted = true;
  } else if (["320", "325", "520", "525", "620"].includes(v)) {
    out = `Sola ${v}`;
  } else {
    // NUT passes "Unknown (%s)" as the argument of a "%s" format
    out = sprintf(item.dfl!, "Unknown (%s)");
    e.ctx.log.info(`Unknown model detected - please report this ID: '${v}'`);
  }
  if (v !== "PRO" && v !== "320" && !unskip(e, "battery.runtime")) return null;
  if (
    (v === "AX1" || v === "620") &&
    !unskip(e, "battery.packs", 0, QX.SETVAR)
  ) return null;
  return out;
};

const bestupsBattRuntime: Preprocess = (_e, item) => {
  if (!onlyChars(item.value, "0123456789 .")) return null;
  return sprintf(item.dfl!, strtod(item.value) * 60);
};

const bestupsBattPacks: Preprocess = (e, item) => {
  if (!onlyChars(item.value, "0123456789 ")) return null;
  const out = sprintf(item.dfl!, strtol(item.value));
  return unskip(e, "battery.packs", QX.SETVAR) ? out : null;
};

const bestupsGetPinsShutdownMode: Preprocess = (e, item) => {
  if (!onlyChars(item.value, "0123456789")) return null;
  st(e).pins = strtol(item.value);
  const out = sprintf(item.dfl!, st(e).pins);
  if ((item.flags & QX.NONUT) && e.getval(item.name) === undefined) return out;
  return unskip(e, item.name, QX.SETVAR) ? out : null;
};

/** M index → [low, boost, nominal, buck, high]; U models 0-9, E models 10-19. */
const VOLTAGE_SETTINGS: ReadonlyArray<readonly number[]> = [
  [96, 109, 120, 130, 146],
  [96, 109, 120, 138, 156],
  [90, 104, 120, 130, 146],
  [90, 104, 120, 138, 156],
  [90, 104, 110, 120, 130],
  [90, 104, 110, 130, 146],
  [90, 96, 110, 120, 130],
  [90, 96, 110, 130, 146],
  [96, 109, 128, 146, 156],
  [90, 104, 128, 146, 156],
  [200, 222, 240, 250, 284],
  [200, 222, 240, 264, 290],
  [188, 210, 240, 250, 284],
  [188, 210, 240, 264, 290],
  [188, 210, 230, 244, 270],
  [188, 210, 230, 250, 284],
  [180, 200, 230, 244, 270],
  [180, 200, 230, 250, 284],
  [165, 188, 208, 222, 244],
  [165, 188, 208, 244, 270],
];

const COLUMN: Record<string, number> = {
  "input.transfer.low": 0,
  "input.transfer.boost.low": 0,
  "input.transfer.boost.high": 1,
  "input.voltage.nominal": 2,
  "output.voltage.nominal": 2,
  "input.transfer.trim.low": 3,
  "input.transfer.trim.high": 4,
  "input.transfer.high": 4,
};

const bestupsVoltageSettings: Preprocess = (e, item) => {
  if (!onlyChars(item.value, "0123456789")) return null;
  let index = strtol(item.value);
  if (index < 0 || index > 9) return null;
  const nominal = e.get("input.voltage.nominal") ??
    e.get("output.voltage.nominal");
  if (nominal === undefined) return null;
  if (strtol(nominal) > 160) index += 10;
  const col = COLUMN[item.name.toLowerCase()];
  if (col === undefined) return null;
  return sprintf(item.dfl!, VOLTAGE_SETTINGS[index]![col]!);
};

const BESTUPS_ROWS: readonly QxItem[] = [
  /* Query UPS for status
   * > [Q1\r]
   * < [(226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r]
   *    01234567890123456789012345678901234567890123456
   *    0         1         2         3         4
   */
  row({
    name: "input.voltage",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
  }),
  row({
    name: "input.voltage.fault",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 7,
    to: 11,
    dfl: "%.1f",
  }),
  row({
    name: "output.voltage",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 13,
    to: 17,
    dfl: "%.1f",
  }),
  row({
    name: "ups.load",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 19,
    to: 21,
    dfl: "%.0f",
  }),
  row({
    name: "input.frequency",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 23,
    to: 26,
    dfl: "%.1f",
  }),
  row({
    name: "battery.voltage",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 28,
    to: 31,
    dfl: "%.2f",
  }),
  row({
    name: "ups.temperature",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 33,
    to: 36,
    dfl: "%.1f",
  }),
  /* Status bits */
  row({
    name: "ups.status",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 38,
    to: 38,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Utility Fail (Immediate)
  row({
    name: "ups.status",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 39,
    to: 39,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Battery Low
  row({
    name: "ups.alarm",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 41,
    to: 41,
    preprocess: processStatusBits,
  }), // UPS Failed
  row({
    name: "ups.type",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 42,
    to: 42,
    dfl: "%s",
    flags: QX.STATIC,
    preprocess: processStatusBits,
  }), // UPS Type
  row({
    name: "ups.status",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 43,
    to: 43,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Test in Progress
  row({
    name: "ups.status",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 44,
    to: 44,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Shutdown Active
  row({
    name: "ups.status",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 40,
    to: 40,
    flags: QX.QUICK_POLL,
    preprocess: bestupsProcessBbbStatusBit,
  }), // Bypass/Boost or Buck Active - keep this one at the end as it needs the processed data from the previous items
  /* Query UPS for ratings and model infos
   * > [ID\r]
   * < [FOR,750,120,120,20.0,27.6\r] case #1: length = 26
   * < [FOR,1500,120,120,20.0,27.6\r] case #2: length = 27
   * < [FOR,3000,120,120,20.0,100.6\r] case #3: length = 28
   * < [FOR, 750,120,120,20.0, 27.6\r] after being preprocessed: length = 28
   *    0123456789012345678901234567
   *    0         1         2
   */
  row({
    name: "device.mfr",
    command: "ID\r",
    answerLen: 28,
    to: 2,
    dfl: "%s",
    flags: QX.STATIC,
    preprocessAnswer: bestupsPreprocessIdAnswer,
    preprocess: bestupsManufacturer,
  }),
  row({
    name: "device.model",
    command: "ID\r",
    answerLen: 28,
    to: 2,
    dfl: "%s",
    flags: QX.STATIC,
    preprocessAnswer: bestupsPreprocessIdAnswer,
    preprocess: bestupsModel,
  }),
  row({
    name: "ups.power.nominal",
    command: "ID\r",
    answerLen: 28,
    from: 4,
    to: 7,
    dfl: "%.0f",
    flags: QX.STATIC,
    preprocessAnswer: bestupsPreprocessIdAnswer,
  }),
  row({
    name: "input.voltage.nominal",
    command: "ID\r",
    answerLen: 28,
    from: 9,
    to: 11,
    dfl: "%.0f",
    flags: QX.STATIC,
    preprocessAnswer: bestupsPreprocessIdAnswer,
  }),
  row({
    name: "output.voltage.nominal",
    command: "ID\r",
    answerLen: 28,
    from: 13,
    to: 15,
    dfl: "%.0f",
    flags: QX.STATIC,
    preprocessAnswer: bestupsPreprocessIdAnswer,
  }),
  row({
    name: "battery.voltage.low",
    command: "ID\r",
    answerLen: 28,
    from: 17,
    to: 20,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC,
    preprocessAnswer: bestupsPreprocessIdAnswer,
  }),
  row({
    name: "battery.voltage.high",
    command: "ID\r",
    answerLen: 28,
    from: 22,
    to: 26,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC,
    preprocessAnswer: bestupsPreprocessIdAnswer,
  }),
  /* Query UPS for battery runtime (not available on the Patriot Pro/Sola 320 model series)
   * > [RT\r]
   * < [025\r]
   *    0123
   *    0
   */
  row({
    name: "battery.runtime",
    command: "RT\r",
    answerLen: 4,
    to: 2,
    dfl: "%.0f",
    flags: QX.SKIP,
    preprocess: bestupsBattRuntime,
  }),
  /* Query UPS for number of battery packs (available only on the Axxium/Sola 620 model series)
   * > [BP?\r]
   * < [02\r]
   *    012
   *    0
   */
  row({
    name: "battery.packs",
    rw: true,
    rwValues: R_BATT_PACKS_B,
    command: "BP?\r",
    answerLen: 3,
    to: 1,
    dfl: "%d",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: bestupsBattPacks,
  }),
  /* Set number of battery packs to n (integer, 0-5) (available only on the Axxium/Sola 620 model series)
   * > [BPn\r]
   * < []
   */
  row({
    name: "battery.packs",
    rwValues: R_BATT_PACKS_B,
    command: "BP%.0f\r",
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: bestupsProcessSetvar,
  }),
  /* Query UPS for shutdown mode functionality of Pin 1 and Pin 7 on the UPS DB9 communication port (Per Best Power's EPS-0059)
   * > [SS?\r]
   * < [0\r]
   *    01
   *    0
   */
  row({
    name: "pins_shutdown_mode",
    rw: true,
    rwValues: R_PINS,
    command: "SS?\r",
    answerLen: 2,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.NONUT,
    preprocess: bestupsGetPinsShutdownMode,
  }),
  /* Set shutdown mode functionality of Pin 1 and Pin 7 on the UPS DB9 communication port (Per Best Power's EPS-0059) to n (integer, 0-6)
   * > [SSn\r]
   * < []
   */
  row({
    name: "pins_shutdown_mode",
    rwValues: R_PINS,
    command: "SS%.0f\r",
    flags: QX.SETVAR | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: bestupsProcessSetvar,
  }),
  /* Query UPS for voltage settings
   * > [M\r]
   * < [0\r]
   *    01
   *    0
   */
  row({
    name: "input.transfer.low",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  row({
    name: "input.transfer.boost.low",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  row({
    name: "input.transfer.boost.high",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  row({
    name: "input.voltage.nominal",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  row({
    name: "output.voltage.nominal",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  row({
    name: "input.transfer.trim.low",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  row({
    name: "input.transfer.trim.high",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  row({
    name: "input.transfer.high",
    command: "M\r",
    answerLen: 2,
    dfl: "%d",
    preprocess: bestupsVoltageSettings,
  }),
  /* Instant commands */
  row({
    name: "shutdown.return",
    command: "S%s\r",
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({
    name: "shutdown.stayoff",
    command: "S%s\r",
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({ name: "shutdown.stop", command: "C\r", flags: QX.CMD }),
  row({ name: "load.on", command: "C\r", flags: QX.CMD }),
  row({ name: "load.off", command: "S00R0000\r", flags: QX.CMD }),
  row({
    name: "test.battery.start",
    command: "T%02d\r",
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({ name: "test.battery.start.deep", command: "TL\r", flags: QX.CMD }),
  row({ name: "test.battery.start.quick", command: "T\r", flags: QX.CMD }),
  row({ name: "test.battery.stop", command: "CT\r", flags: QX.CMD }),
  /* Server-side settable vars */
  row({
    name: "ups.delay.start",
    rw: true,
    rwValues: R_ONDELAY_B,
    dfl: DEFAULT_ONDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
  row({
    name: "ups.delay.shutdown",
    rw: true,
    rwValues: R_OFFDELAY_B,
    dfl: DEFAULT_OFFDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
];

/** BestUPS 0.06. */
export const BESTUPS: QxSubdriver = {
  name: "BestUPS 0.06",
  claim: bestupsClaim,
  items: BESTUPS_ROWS,
  initups: blazerInitupsLight,
};
