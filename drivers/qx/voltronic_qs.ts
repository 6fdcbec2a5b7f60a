/**
 * Voltronic-QS (text QS + M) and Voltronic-QS-Hex (binary QS, decoded to
 * hex text) protocols of nutdrv_qx (nutdrv_qx_voltronic-qs.c,
 * nutdrv_qx_voltronic-qs-hex.c).
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
} from "./item.ts";

/** ups.delay.start / ups.delay.shutdown ranges of both QS protocols. */
const R_ONDELAY_QS = ["60", "599940"];
const R_OFFDELAY_QS = ["12", "540"];

/** M's answer: "V" for Voltronic-QS. */
const voltronicQsProtocol: Preprocess = (_e, item) =>
  item.value.toLowerCase() === "v" ? sprintf(item.dfl!, item.value) : null;

/** Both claims: M (protocol), then QS (input.voltage). */
async function qsClaim(e: QxEngine): Promise<boolean> {
  const m = e.find("ups.firmware.aux");
  if (!m || !(await e.process(m)) || e.infovalSet(m) !== 1) return false;
  const iv = e.find("input.voltage");
  if (!iv || !(await e.process(iv)) || e.infovalSet(iv) !== 1) {
    e.ctx.state.del("ups.firmware.aux");
    return false;
  }
  return true;
}

const QS_ROWS: readonly QxItem[] = [
  /* Query UPS for protocol
   * > [M\r]
   * < [V\r]
   *    01
   *    0
   */
  row({
    name: "ups.firmware.aux",
    command: "M\r",
    answerLen: 2,
    dfl: "PM-%s",
    flags: QX.STATIC,
    preprocess: voltronicQsProtocol,
  }),
  /* Query UPS for status
   * > [QS\r]
   * < [(226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r]
   *    01234567890123456789012345678901234567890123456
   *    0         1         2         3         4
   */
  row({
    name: "input.voltage",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
  }),
  row({
    name: "input.voltage.fault",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 7,
    to: 11,
    dfl: "%.1f",
  }),
  row({
    name: "output.voltage",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 13,
    to: 17,
    dfl: "%.1f",
  }),
  row({
    name: "ups.load",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 19,
    to: 21,
    dfl: "%.0f",
  }),
  row({
    name: "output.frequency",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 23,
    to: 26,
    dfl: "%.1f",
  }),
  row({
    name: "battery.voltage",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 28,
    to: 31,
    dfl: "%.2f",
  }),
  row({
    name: "ups.temperature",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 33,
    to: 36,
    dfl: "%.1f",
  }),
  /* Status bits */
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 38,
    to: 38,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Utility Fail (Immediate)
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 39,
    to: 39,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Battery Low
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 40,
    to: 40,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Bypass/Boost or Buck Active
  row({
    name: "ups.alarm",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 41,
    to: 41,
    preprocess: processStatusBits,
  }), // UPS Failed
  row({
    name: "ups.type",
    command: "QS\r",
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
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 43,
    to: 43,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Test in Progress
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 44,
    to: 44,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Shutdown Active
  row({
    name: "ups.beeper.status",
    command: "QS\r",
    answerLen: 47,
    leading: "(",
    from: 45,
    to: 45,
    dfl: "%s",
    preprocess: processStatusBits,
  }), // Beeper status
  /* Query UPS for ratings
   * > [F\r]
   * < [#220.0 003 12.00 50.0\r]
   *    0123456789012345678901
   *    0         1         2
   */
  row({
    name: "output.voltage.nominal",
    command: "F\r",
    answerLen: 22,
    leading: "#",
    from: 1,
    to: 5,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  row({
    name: "output.current.nominal",
    command: "F\r",
    answerLen: 22,
    leading: "#",
    from: 7,
    to: 9,
    dfl: "%.1f",
    flags: QX.STATIC,
  }),
  row({
    name: "battery.voltage.nominal",
    command: "F\r",
    answerLen: 22,
    leading: "#",
    from: 11,
    to: 15,
    dfl: "%.1f",
    flags: QX.STATIC,
  }),
  row({
    name: "output.frequency.nominal",
    command: "F\r",
    answerLen: 22,
    leading: "#",
    from: 17,
    to: 20,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  /* Instant commands */
  row({ name: "beeper.toggle", command: "Q\r", from: 1, to: 3, flags: QX.CMD }),
  row({
    name: "load.off",
    command: "S00R0000\r",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({ name: "load.on", command: "C\r", from: 1, to: 3, flags: QX.CMD }),
  row({
    name: "shutdown.return",
    command: "S%s\r",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({
    name: "shutdown.stayoff",
    command: "S%sR0000\r",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({ name: "shutdown.stop", command: "C\r", from: 1, to: 3, flags: QX.CMD }),
  row({
    name: "test.battery.start.quick",
    command: "T\r",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  /* Server-side settable vars */
  row({
    name: "ups.delay.start",
    rw: true,
    rwValues: R_ONDELAY_QS,
    dfl: DEFAULT_ONDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
  row({
    name: "ups.delay.shutdown",
    rw: true,
    rwValues: R_OFFDELAY_QS,
    dfl: DEFAULT_OFFDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
];

/** Voltronic-QS 0.07. */
export const VOLTRONIC_QS: QxSubdriver = {
  name: "Voltronic-QS 0.07",
  claim: qsClaim,
  items: QS_ROWS,
  initups: blazerInitupsLight,
};

// --- Voltronic-QS-Hex ---

/** Bits of a byte as a decimal-looking string of 8 digits (char_to_binary). */
function bits8(b: number): string {
  return b.toString(2).padStart(8, "0");
}

/**
 * Turns the binary QS answer into "#6C01 35 6C01 35 03 519A 1312D0 E6 1E
 * 00001001[ 00000010]\r": bytes as hex, status tokens (10th/11th) as bits,
 * 0x28-escapes undone. Null when the shape is wrong.
 */
function preprocessQsAnswer(
  _e: QxEngine,
  _item: LiveItem,
  answer: string,
): string | null {
  if (answer.length === 0) return answer;
  if (answer[0] !== "#") return null;
  const ESCAPED: Record<number, number> = {
    0: 0x0d,
    1: 0x11,
    2: 0x13,
    3: 0x0a,
    4: 0x20,
  };
  let refined = "#";
  let token = 1;
  const len = answer.length;
  const put = (b: number) => {
    refined += token !== 10 && token !== 11
      ? b.toString(16).padStart(2, "0")
      : bits8(b);
  };
  for (let i = 1; i < len; i++) {
    const c = answer.charCodeAt(i);
    if (c === 0x20) {
      refined += " ";
      token++;
      continue;
    }
    if (c === 0x28) {
      const esc = ESCAPED[answer.charCodeAt(i + 1)];
      if (esc === undefined) {
        put(c);
        continue;
      }
      refined += esc.toString(16).padStart(2, "0");
      i++;
      continue;
    }
    if (c === 0x0d) break;
    put(c);
  }
  if (
    token < 10 || token > 11 || (token === 10 && refined.length !== 46) ||
    (token === 11 && refined.length !== 55)
  ) return null;
  return refined + "\r";
}

/** C strtol(s, &end, 16) then strtol(end, NULL, 16). */
function twoHex(v: string): [number, number] {
  const m = /^\s*([0-9a-f]*)\s*([0-9a-f]*)/i.exec(v)!;
  return [Number.parseInt(m[1] || "0", 16), Number.parseInt(m[2] || "0", 16)];
}

const isHex = (v: string, space = true) =>
  onlyChars(v, "0123456789ABCDEFabcdef" + (space ? " " : ""));

const qsHexProtocol: Preprocess = (e, item) => {
  const v = item.value.toLowerCase();
  if (v !== "p" && v !== "t") return null;
  const out = sprintf(item.dfl!, item.value);
  if (v === "p") return out;
  for (
    const [name, flag] of [
      ["test.battery.start.quick", QX.CMD],
      ["output.frequency.nominal", 0],
      ["battery.voltage.nominal", 0],
      ["output.voltage.nominal", 0],
    ] as const
  ) {
    const it = e.find(name, flag);
    if (!it) return null;
    it.flags &= ~QX.SKIP;
  }
  return out;
};

const qsHexInputOutputVoltage: Preprocess = (_e, item) => {
  if (!isHex(item.value)) return null;
  const [a, b] = twoHex(item.value);
  return sprintf(item.dfl!, Math.trunc(a * b / 51) / 256);
};

const qsHexLoad: Preprocess = (_e, item) => {
  if (!isHex(item.value, false)) return null;
  return sprintf(item.dfl!, Number.parseInt(item.value || "0", 16));
};

const qsHexFrequency: Preprocess = (_e, item) => {
  if (!isHex(item.value)) return null;
  const [a, b] = twoHex(item.value);
  return sprintf(item.dfl!, Math.min(b / a, 99.9));
};

const qsHexBatteryVoltage: Preprocess = (_e, item) => {
  if (!isHex(item.value)) return null;
  const [a, b] = twoHex(item.value);
  return sprintf(item.dfl!, a * b / 510);
};

const NOMINAL_VOLTAGE: Record<number, number> = {
  0: 110,
  1: 120,
  10: 220,
  11: 230,
  100: 240,
};

const qsHexProcessRatingsBits: Preprocess = (_e, item) => {
  if (!onlyChars(item.value, "01")) return null;
  const val = Number.parseInt(item.value || "0", 10);
  let ret: number | undefined;
  if (item.from === 47) ret = val === 0 ? 50 : 60;
  else if (item.from === 48) {
    ret = val === 0 ? 12 : val === 1 ? 24 : val === 10 ? 36 : 48;
  } else if (item.from === 52) ret = NOMINAL_VOLTAGE[val];
  return ret === undefined ? null : sprintf(item.dfl!, ret);
};

const QS_HEX_ROWS: readonly QxItem[] = [
  /* Query UPS for protocol
   * > [M\r]
   * < [P\r]
   *    01
   *    0
   */
  row({
    name: "ups.firmware.aux",
    command: "M\r",
    answerLen: 2,
    dfl: "PM-%s",
    flags: QX.STATIC,
    preprocess: qsHexProtocol,
  }),
  /* Query UPS for status
   * > [QS\r]
   * < [#6C01 35 6C01 35 03 519A 1312D0 E6 1E 00001001\r]   ('P' protocol, after being preprocessed)
   * < [#6901 6C 6802 6C 00 5FD7 12C000 E4 1E 00001001 00000010\r] ('T' protocol, after being preprocessed)
   *    01234567890123456789012345678901234567890123456789012345
   *    0         1         2         3         4         5
   */
  row({
    name: "input.voltage",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 1,
    to: 7,
    dfl: "%.1f",
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexInputOutputVoltage,
  }),
  row({
    name: "output.voltage",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 9,
    to: 15,
    dfl: "%.1f",
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexInputOutputVoltage,
  }),
  row({
    name: "ups.load",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 17,
    to: 18,
    dfl: "%d",
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexLoad,
  }),
  row({
    name: "output.frequency",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 20,
    to: 30,
    dfl: "%.1f",
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexFrequency,
  }),
  row({
    name: "battery.voltage",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 32,
    to: 36,
    dfl: "%.2f",
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexBatteryVoltage,
  }),
  /* Status bits */
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 38,
    to: 38,
    flags: QX.QUICK_POLL,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // Utility Fail (Immediate)
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 39,
    to: 39,
    flags: QX.QUICK_POLL,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // Battery Low
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 40,
    to: 40,
    flags: QX.QUICK_POLL,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // Bypass/Boost or Buck Active
  row({
    name: "ups.alarm",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 41,
    to: 41,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // UPS Failed
  row({
    name: "ups.type",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 42,
    to: 42,
    dfl: "%s",
    flags: QX.STATIC,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // UPS Type
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 43,
    to: 43,
    flags: QX.QUICK_POLL,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // Test in Progress
  row({
    name: "ups.status",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 44,
    to: 44,
    flags: QX.QUICK_POLL,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // Shutdown Active
  row({
    name: "ups.beeper.status",
    command: "QS\r",
    answerLen: 47,
    leading: "#",
    from: 45,
    to: 45,
    dfl: "%s",
    preprocessAnswer: preprocessQsAnswer,
    preprocess: processStatusBits,
  }), // Beeper status
  /* Ratings bits */
  row({
    name: "output.frequency.nominal",
    command: "QS\r",
    answerLen: 56,
    leading: "#",
    from: 47,
    to: 47,
    dfl: "%.1f",
    flags: QX.SKIP,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexProcessRatingsBits,
  }),
  row({
    name: "battery.voltage.nominal",
    command: "QS\r",
    answerLen: 56,
    leading: "#",
    from: 48,
    to: 49,
    dfl: "%.1f",
    flags: QX.SKIP,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexProcessRatingsBits,
  }),
  row({
    name: "output.voltage.nominal",
    command: "QS\r",
    answerLen: 56,
    leading: "#",
    from: 52,
    to: 54,
    dfl: "%.1f",
    flags: QX.SKIP,
    preprocessAnswer: preprocessQsAnswer,
    preprocess: qsHexProcessRatingsBits,
  }),
  /* Instant commands */
  row({ name: "beeper.toggle", command: "Q\r", flags: QX.CMD }),
  row({ name: "load.off", command: "S00R0000\r", flags: QX.CMD }),
  row({ name: "load.on", command: "C\r", flags: QX.CMD }),
  row({
    name: "shutdown.return",
    command: "S%s\r",
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({
    name: "shutdown.stayoff",
    command: "S%sR0000\r",
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({ name: "shutdown.stop", command: "C\r", flags: QX.CMD }),
  row({
    name: "test.battery.start.quick",
    command: "T\r",
    flags: QX.CMD | QX.SKIP,
  }),
  /* Server-side settable vars */
  row({
    name: "ups.delay.start",
    rw: true,
    rwValues: R_ONDELAY_QS,
    dfl: DEFAULT_ONDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
  row({
    name: "ups.delay.shutdown",
    rw: true,
    rwValues: R_OFFDELAY_QS,
    dfl: DEFAULT_OFFDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
];

/** Voltronic-QS-Hex 0.10. */
export const VOLTRONIC_QS_HEX: QxSubdriver = {
  name: "Voltronic-QS-Hex 0.10",
  claim: qsClaim,
  items: QS_HEX_ROWS,
  initups: blazerInitupsLight,
  rejected: "N\r",
};
