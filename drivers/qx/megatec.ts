/**
 * Megatec "Q1" protocol and its close relatives: megatec, mustek (QS),
 * megatec/old (D), zinto (FW?), hunnox (Q1 rows quick-polled, FW?), and the
 * fallback q1 (status and commands only). From nutdrv_qx_megatec.c etc.
 *
 * @module
 */
import {
  blazerClaim,
  blazerClaimLight,
  blazerInitups,
  blazerInitupsLight,
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  processCommand,
  processSetvar,
  processStatusBits,
  R_OFFDELAY,
  R_ONDELAY,
  row,
} from "./blazer_common.ts";
import { QX, type QxItem, type QxSubdriver } from "./item.ts";

/** Status rows for the query `q` (Q1, QS or D). */
function statusRows(q: string, extra = 0): QxItem[] {
  const s = { command: q, answerLen: 47, leading: "(" };
  return [
    /*
     * > [Q1\r]
     * < [(226.0 195.0 226.0 014 49.0 27.5 30.0 00001000\r]
     *    01234567890123456789012345678901234567890123456
     *    0         1         2         3         4
     */
    row({
      name: "input.voltage",
      ...s,
      from: 1,
      to: 5,
      dfl: "%.1f",
      flags: extra,
    }),
    row({
      name: "input.voltage.fault",
      ...s,
      from: 7,
      to: 11,
      dfl: "%.1f",
      flags: extra,
    }),
    row({
      name: "output.voltage",
      ...s,
      from: 13,
      to: 17,
      dfl: "%.1f",
      flags: extra,
    }),
    row({
      name: "ups.load",
      ...s,
      from: 19,
      to: 21,
      dfl: "%.0f",
      flags: extra,
    }),
    row({
      name: "input.frequency",
      ...s,
      from: 23,
      to: 26,
      dfl: "%.1f",
      flags: extra,
    }),
    row({
      name: "battery.voltage",
      ...s,
      from: 28,
      to: 31,
      dfl: "%.2f",
      flags: extra,
    }),
    row({
      name: "ups.temperature",
      ...s,
      from: 33,
      to: 36,
      dfl: "%.1f",
      flags: extra,
    }),
    // Status bits
    row({
      name: "ups.status",
      ...s,
      from: 38,
      to: 38,
      flags: QX.QUICK_POLL,
      preprocess: processStatusBits,
    }), // Utility Fail (Immediate)
    row({
      name: "ups.status",
      ...s,
      from: 39,
      to: 39,
      flags: QX.QUICK_POLL,
      preprocess: processStatusBits,
    }), // Battery Low
    row({
      name: "ups.status",
      ...s,
      from: 40,
      to: 40,
      flags: QX.QUICK_POLL,
      preprocess: processStatusBits,
    }), // Bypass/Boost or Buck Active
    row({
      name: "ups.alarm",
      ...s,
      from: 41,
      to: 41,
      preprocess: processStatusBits,
    }), // UPS Failed
    row({
      name: "ups.type",
      ...s,
      from: 42,
      to: 42,
      dfl: "%s",
      flags: QX.STATIC,
      preprocess: processStatusBits,
    }), // UPS Type
    row({
      name: "ups.status",
      ...s,
      from: 43,
      to: 43,
      flags: QX.QUICK_POLL,
      preprocess: processStatusBits,
    }), // Test in Progress
    row({
      name: "ups.status",
      ...s,
      from: 44,
      to: 44,
      flags: QX.QUICK_POLL,
      preprocess: processStatusBits,
    }), // Shutdown Active
    row({
      name: "ups.beeper.status",
      ...s,
      from: 45,
      to: 45,
      dfl: "%s",
      preprocess: processStatusBits,
    }), // Beeper status
  ];
}

/** Ratings rows. */
function ratingRows(): QxItem[] {
  const f = { command: "F\r", answerLen: 22, leading: "#", flags: QX.STATIC };
  return [
    /*
     * > [F\r]
     * < [#220.0 000 024.0 50.0\r]
     *    0123456789012345678901
     *    0         1         2
     */
    row({ name: "input.voltage.nominal", ...f, from: 1, to: 5, dfl: "%.0f" }),
    row({ name: "input.current.nominal", ...f, from: 7, to: 9, dfl: "%.1f" }),
    row({
      name: "battery.voltage.nominal",
      ...f,
      from: 11,
      to: 15,
      dfl: "%.1f",
    }),
    row({
      name: "input.frequency.nominal",
      ...f,
      from: 17,
      to: 20,
      dfl: "%.0f",
    }),
  ];
}

/** Vendor rows for the query `q` (I or FW?). */
export function vendorRows(q: string): QxItem[] {
  const i = {
    command: q,
    answerLen: 39,
    leading: "#",
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  };
  return [
    /*
     * > [I\r]
     * < [#-------------   ------     VT12046Q  \r]
     *    012345678901234567890123456789012345678
     *    0         1         2         3
     */
    row({ name: "device.mfr", ...i, from: 1, to: 15 }),
    row({ name: "device.model", ...i, from: 17, to: 26 }),
    row({ name: "ups.firmware", ...i, from: 28, to: 37 }),
  ];
}

/** Instant commands and server-side delays. */
export function commandRows(
  ondelay = DEFAULT_ONDELAY,
  offdelay = DEFAULT_OFFDELAY,
): QxItem[] {
  const c = { flags: QX.CMD };
  return [
    row({ name: "beeper.toggle", command: "Q\r", ...c }),
    row({ name: "load.off", command: "S00R0000\r", ...c }),
    row({ name: "load.on", command: "C\r", ...c }),
    row({
      name: "shutdown.return",
      command: "S%s\r",
      ...c,
      preprocess: processCommand,
    }),
    row({
      name: "shutdown.stayoff",
      command: "S%sR0000\r",
      ...c,
      preprocess: processCommand,
    }),
    row({ name: "shutdown.stop", command: "C\r", ...c }),
    row({
      name: "test.battery.start",
      command: "T%02d\r",
      ...c,
      preprocess: processCommand,
    }),
    row({ name: "test.battery.start.deep", command: "TL\r", ...c }),
    row({ name: "test.battery.start.quick", command: "T\r", ...c }),
    row({ name: "test.battery.stop", command: "CT\r", ...c }),
    // Server-side settable vars
    row({
      name: "ups.delay.start",
      rw: true,
      rwValues: R_ONDELAY,
      dfl: ondelay,
      flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
      preprocess: processSetvar,
    }),
    row({
      name: "ups.delay.shutdown",
      rw: true,
      rwValues: R_OFFDELAY,
      dfl: offdelay,
      flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
      preprocess: processSetvar,
    }),
  ];
}

/** Megatec 0.06. */
export const MEGATEC: QxSubdriver = {
  name: "Megatec 0.06",
  claim: blazerClaim,
  items: [
    ...statusRows("Q1\r"),
    ...ratingRows(),
    ...vendorRows("I\r"),
    ...commandRows(),
  ],
  initups: blazerInitups,
  accepted: "ACK",
};

/** Mustek 0.07: QS instead of Q1, status-only claim. */
export const MUSTEK: QxSubdriver = {
  name: "Mustek 0.07",
  claim: blazerClaimLight,
  items: [
    ...statusRows("QS\r"),
    ...ratingRows(),
    ...vendorRows("I\r"),
    ...commandRows(),
  ],
  initups: blazerInitups,
  accepted: "ACK",
};

/** Megatec/old 0.07: D instead of Q1, status-only claim. */
export const MEGATEC_OLD: QxSubdriver = {
  name: "Megatec/old 0.07",
  claim: blazerClaimLight,
  items: [
    ...statusRows("D\r"),
    ...ratingRows(),
    ...vendorRows("I\r"),
    ...commandRows(),
  ],
  initups: blazerInitups,
  accepted: "ACK",
};

/** Zinto 0.06: vendor data from FW?. */
export const ZINTO: QxSubdriver = {
  name: "Zinto 0.06",
  claim: blazerClaim,
  items: [
    ...statusRows("Q1\r"),
    ...ratingRows(),
    ...vendorRows("FW?\r"),
    ...commandRows(),
  ],
  initups: blazerInitups,
  accepted: "ACK",
};

/** Hunnox 0.01: every Q1 value quick-polled, FW? vendor, delays 0/60. */
export const HUNNOX: QxSubdriver = {
  name: "Hunnox 0.01",
  claim: blazerClaim,
  items: [
    ...statusRows("Q1\r", QX.QUICK_POLL),
    ...ratingRows(),
    ...vendorRows("FW?\r"),
    ...commandRows("0", "60"),
  ],
  initups: blazerInitups,
  accepted: "UPS No Ack",
};

/** Q1 0.07: the fallback, status and commands only. */
export const Q1: QxSubdriver = {
  name: "Q1 0.07",
  claim: blazerClaimLight,
  items: [...statusRows("Q1\r"), ...commandRows()],
  initups: blazerInitupsLight,
  accepted: "ACK",
};
