/**
 * Mecer protocol of nutdrv_qx (nutdrv_qx_mecer.c): Megatec Q1 with
 * (ACK/(NAK replies to commands, and Voltronic P98 units recognised by QPI.
 *
 * @module
 */
import {
  blazerInitups,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  processCommand,
  processSetvar,
  processStatusBits,
  R_OFFDELAY,
  R_ONDELAY,
  row,
} from "./blazer_common.ts";
import type { QxEngine } from "./engine.ts";
import {
  onlyChars,
  type Preprocess,
  QX,
  type QxItem,
  type QxSubdriver,
  sprintf,
  strtol,
} from "./item.ts";

/** mecer_claim: Q1, then QPI answering PI98 or (NAK. */
async function mecerClaim(e: QxEngine): Promise<boolean> {
  const iv = e.find("input.voltage");
  if (!iv || !(await e.process(iv)) || e.infovalSet(iv) !== 1) return false;
  const pi = e.find("ups.firmware.aux");
  if (!pi) {
    e.ctx.state.del("input.voltage");
    return false;
  }
  if (!(await e.process(pi))) {
    if (!pi.answer || pi.answer.toLowerCase() !== "(nak\r") {
      e.ctx.state.del("input.voltage");
      return false;
    }
    pi.flags |= QX.SKIP;
  } else if (e.infovalSet(pi) !== 1) {
    e.ctx.state.del("input.voltage");
    return false;
  }
  return true;
}

const voltronicP98Protocol: Preprocess = (e, item) => {
  if (item.value.toLowerCase() !== "pi98") {
    e.ctx.log.error(`Protocol [${item.value}] is not supported by this driver`);
    return null;
  }
  return sprintf(item.dfl!, "Voltronic Power P98");
};

const mecerProcessTestBattery: Preprocess = (e, item, value) => {
  const p = e.get("ups.firmware.aux");
  const min = p && p.toLowerCase() === "voltronic power p98" ? 12 : 60;
  if (!onlyChars(value, "0123456789")) {
    e.ctx.log.error(`${item.name}: non numerical value [${value}]`);
    return null;
  }
  const t = value.length > 0 ? strtol(value) : 600;
  if (t < min || t > 5940) {
    e.ctx.log.error(
      `${item.name}: battery test time '${t}' out of range [${min}..5940] seconds`,
    );
    return null;
  }
  const buf = t < 60
    ? `.${Math.trunc(t / 6)}`
    : sprintf("%02d", Math.trunc(t / 60));
  return sprintf(item.command!, buf);
};

const MECER_ROWS: readonly QxItem[] = [
  /* Query UPS for protocol (Voltronic Power UPSes)
   * > [QPI\r]
   * < [(PI98\r]
   *    012345
   *    0
   */
  row({
    name: "ups.firmware.aux",
    command: "QPI\r",
    answerLen: 6,
    leading: "(",
    from: 1,
    to: 4,
    dfl: "%s",
    flags: QX.STATIC,
    preprocess: voltronicP98Protocol,
  }),
  /*
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
    name: "ups.status",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 40,
    to: 40,
    flags: QX.QUICK_POLL,
    preprocess: processStatusBits,
  }), // Bypass/Boost or Buck Active
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
    name: "ups.beeper.status",
    command: "Q1\r",
    answerLen: 47,
    leading: "(",
    from: 45,
    to: 45,
    dfl: "%s",
    preprocess: processStatusBits,
  }), // Beeper status
  /*
   * > [F\r]
   * < [#220.0 000 024.0 50.0\r]
   *    0123456789012345678901
   *    0         1         2
   */
  row({
    name: "input.voltage.nominal",
    command: "F\r",
    answerLen: 22,
    leading: "#",
    from: 1,
    to: 5,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  row({
    name: "input.current.nominal",
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
    name: "input.frequency.nominal",
    command: "F\r",
    answerLen: 22,
    leading: "#",
    from: 17,
    to: 20,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  /*
   * > [I\r]
   * < [#-------------   ------     VT12046Q  \r]
   *    012345678901234567890123456789012345678
   *    0         1         2         3
   */
  row({
    name: "device.mfr",
    command: "I\r",
    answerLen: 39,
    leading: "#",
    from: 1,
    to: 15,
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  }),
  row({
    name: "device.model",
    command: "I\r",
    answerLen: 39,
    leading: "#",
    from: 17,
    to: 26,
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  }),
  row({
    name: "ups.firmware",
    command: "I\r",
    answerLen: 39,
    leading: "#",
    from: 28,
    to: 37,
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  }),
  /* Instant commands
   * The UPS will reply '(ACK\r' in case of success, '(NAK\r' if the command is rejected or invalid */
  row({
    name: "beeper.toggle",
    command: "Q\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "load.off",
    command: "S00R0000\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "load.on",
    command: "C\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "shutdown.return",
    command: "S%s\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({
    name: "shutdown.stayoff",
    command: "S%sR0000\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: processCommand,
  }),
  row({
    name: "shutdown.stop",
    command: "C\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "test.battery.start",
    command: "T%s\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: mecerProcessTestBattery,
  }),
  row({
    name: "test.battery.start.deep",
    command: "TL\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "test.battery.start.quick",
    command: "T\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "test.battery.stop",
    command: "CT\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  /* Server-side settable vars */
  row({
    name: "ups.delay.start",
    rw: true,
    rwValues: R_ONDELAY,
    dfl: DEFAULT_ONDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
  row({
    name: "ups.delay.shutdown",
    rw: true,
    rwValues: R_OFFDELAY,
    dfl: DEFAULT_OFFDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: processSetvar,
  }),
];

/** Mecer 0.07. */
export const MECER: QxSubdriver = {
  name: "Mecer 0.07",
  claim: mecerClaim,
  items: MECER_ROWS,
  initups: blazerInitups,
  accepted: "ACK",
  rejected: "(NAK\r",
};
