/**
 * The Voltronic (QGS/QPI) rows of nutdrv_qx_voltronic.c, first part:
 * ratings, identity, status (QGS, QMOD, QFS, QWS), battery and multi-phase
 * queries; plus the enum and range lists the settable rows use.
 *
 * @module
 */
import { row } from "./blazer_common.ts";
import { QX, type QxItem } from "./item.ts";
import {
  voltronicBattNumb,
  voltronicBattRuntime,
  voltronicFault,
  voltronicMode,
  voltronicOutputPowerfactor,
  voltronicProtocol,
  voltronicSerialNumb,
  voltronicStatus,
  voltronicWarning,
} from "./voltronic_process.ts";

/** ups.delay.start range. */
export const R_ONDELAY = ["0", "599940"];
/** ups.delay.shutdown range (Voltronic allows up to 99 minutes). */
export const R_OFFDELAY = ["12", "5940"];
/** Output phase angles. */
export const E_PHASE = ["000", "120", "180", "240"];
/** Battery low voltage: 20..24 for small units, 20..28 for big ones. */
export const R_BATT_LOW = ["20", "24", "28"];
/** outlet.n.delay.shutdown range. */
export const R_OUTLET_DELAY = ["0", "59940"];
/** Grid working range (P31), by index. */
export const E_WORK_RANGE = ["Appliance", "UPS"];
/** Battery type (P31), by index. */
export const E_BATT_TYPE = ["Li", "Flooded", "AGM"];
/** battery.packs range. */
export const R_BATT_PACKS = ["1", "99"];
/** battery_number range. */
export const R_BATT_NUMB = ["1", "9"];
/** Bypass limits; which ones apply depends on protocol and ratings. */
export const R_BYPASS_VOLT_MAX = [
  "60",
  "115",
  "120",
  "132",
  "138",
  "140",
  "230",
  "231",
  "261",
  "264",
  "276",
];
export const R_BYPASS_VOLT_MIN = [
  "50",
  "55",
  "60",
  "85",
  "104",
  "110",
  "115",
  "140",
  "149",
  "170",
  "209",
  "220",
];
export const R_BYPASS_FREQ_MAX = [
  "51.0",
  "54.0",
  "60.0",
  "61.0",
  "64.0",
  "70.0",
];
export const R_BYPASS_FREQ_MIN = [
  "40.0",
  "46.0",
  "49.0",
  "50.0",
  "56.0",
  "59.0",
];
/** ECO voltage limits: filled at run time from output.voltage.nominal. */
export const R_ECO_EMPTY: string[] = [];
export const R_ECO_FREQ_MIN = [
  "40.0",
  "46.0",
  "47.0",
  "48.0",
  "50.0",
  "56.0",
  "57.0",
  "58.0",
];
export const R_ECO_FREQ_MAX = [
  "52.0",
  "53.0",
  "54.0",
  "60.0",
  "62.0",
  "63.0",
  "64.0",
  "70.0",
];
/** Capability values with a NUT variable, and without. */
export const E_CAP = ["no", "yes"];
export const E_CAP_NONUT = ["enabled", "disabled"];

/** Queries: protocol, ratings, identity, status, battery, multi-phase. */
export const VOLTRONIC_QUERY_ROWS: readonly QxItem[] = [
  /* Query UPS for protocol
   * > [QPI\r]
   * < [(PI00\r]
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
    preprocess: voltronicProtocol,
  }),
  /* Query UPS for ratings
   * > [QRI\r]
   * < [(230.0 004 024.0 50.0\r]
   *    0123456789012345678901
   *    0         1         2
   */
  row({
    name: "output.voltage.nominal",
    command: "QRI\r",
    answerLen: 22,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
    flags: QX.STATIC,
  }),
  row({
    name: "output.current.nominal",
    command: "QRI\r",
    answerLen: 22,
    leading: "(",
    from: 7,
    to: 9,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  row({
    name: "battery.voltage.nominal",
    command: "QRI\r",
    answerLen: 22,
    leading: "(",
    from: 11,
    to: 15,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC,
  }), // as *per battery pack*: the value will change when the number of batteries is changed (battery_number through BATNn)
  row({
    name: "output.frequency.nominal",
    command: "QRI\r",
    answerLen: 22,
    leading: "(",
    from: 17,
    to: 20,
    dfl: "%.1f",
    flags: QX.STATIC,
  }),
  /* Query UPS for ratings
   * > [QMD\r]
   * < [(#######OLHVT1K0 ###1000 80 1/1 230 230 02 12.0\r] <- Some UPS may reply with spaces instead of hashes
   *    012345678901234567890123456789012345678901234567
   *    0         1         2         3         4
   */
  row({
    name: "device.model",
    command: "QMD\r",
    answerLen: 48,
    leading: "(",
    from: 1,
    to: 15,
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  }),
  row({
    name: "ups.power.nominal",
    command: "QMD\r",
    answerLen: 48,
    leading: "(",
    from: 17,
    to: 23,
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  }),
  row({
    name: "output.powerfactor",
    command: "QMD\r",
    answerLen: 48,
    leading: "(",
    from: 25,
    to: 26,
    dfl: "%.1f",
    flags: QX.STATIC,
    preprocess: voltronicOutputPowerfactor,
  }),
  row({
    name: "input.phases",
    command: "QMD\r",
    answerLen: 48,
    leading: "(",
    from: 28,
    to: 28,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  row({
    name: "output.phases",
    command: "QMD\r",
    answerLen: 48,
    leading: "(",
    from: 30,
    to: 30,
    dfl: "%.0f",
    flags: QX.STATIC,
  }),
  row({
    name: "input.voltage.nominal",
    command: "QMD\r",
    answerLen: 48,
    leading: "(",
    from: 32,
    to: 34,
    dfl: "%.1f",
    flags: QX.STATIC,
  }),
  row({
    name: "output.voltage.nominal",
    command: "QMD\r",
    answerLen: 48,
    leading: "(",
    from: 36,
    to: 38,
    dfl: "%.1f",
    flags: QX.STATIC,
  }), // redundant with value from QRI
  /* Query UPS for ratings
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
    dfl: "%.1f",
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
    dfl: "%.1f",
    flags: QX.STATIC,
  }),
  /* Query UPS for manufacturer
   * > [QMF\r]
   * < [(#######BOH\r] <- I don't know if it has a fixed length (-> so min length = ( + \r = 2). Hashes may be replaced by spaces
   *    012345678901
   *    0         1
   */
  row({
    name: "device.mfr",
    command: "QMF\r",
    answerLen: 2,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.STATIC | QX.TRIM,
  }),
  /* Query UPS for firmware version
   * > [QVFW\r]
   * < [(VERFW:00322.02\r]
   *    0123456789012345
   *    0         1
   */
  row({
    name: "ups.firmware",
    command: "QVFW\r",
    answerLen: 16,
    leading: "(",
    from: 7,
    to: 14,
    dfl: "%s",
    flags: QX.STATIC,
  }),
  /* Query UPS for serial number
   * > [QID\r]
   * < [(12345679012345\r] <- As far as I know it hasn't a fixed length -> min length = ( + \r = 2
   *    0123456789012345
   *    0         1
   */
  row({
    name: "device.serial",
    command: "QID\r",
    answerLen: 2,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.STATIC,
    preprocess: voltronicSerialNumb,
  }),
  /* Query UPS for vendor infos
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
  /* Query UPS for status
   * > [QGS\r]
   * < [(234.9 50.0 229.8 50.0 000.0 000 369.1 ---.- 026.5 ---.- 018.8 100000000001\r]
   *    0123456789012345678901234567890123456789012345678901234567890123456789012345
   *    0         1         2         3         4         5         6         7
   */
  row({
    name: "input.voltage",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
  }),
  row({
    name: "input.frequency",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 7,
    to: 10,
    dfl: "%.1f",
  }),
  row({
    name: "output.voltage",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 12,
    to: 16,
    dfl: "%.1f",
  }),
  row({
    name: "output.frequency",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 18,
    to: 21,
    dfl: "%.1f",
  }),
  row({
    name: "output.current",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 23,
    to: 27,
    dfl: "%.1f",
  }),
  row({
    name: "ups.load",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 29,
    to: 31,
    dfl: "%.0f",
  }),
  row({
    name: "battery.voltage",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 45,
    to: 49,
    dfl: "%.2f",
  }),
  row({
    name: "ups.temperature",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 57,
    to: 61,
    dfl: "%.1f",
  }),
  row({
    name: "ups.type",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 63,
    to: 64,
    dfl: "%s",
    flags: QX.SEMI_STATIC,
    preprocess: voltronicStatus,
  }),
  row({
    name: "ups.status",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 65,
    to: 65,
    dfl: "%s",
    flags: QX.QUICK_POLL,
    preprocess: voltronicStatus,
  }), // Utility Fail (Immediate)
  row({
    name: "ups.status",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 66,
    to: 66,
    dfl: "%s",
    flags: QX.QUICK_POLL,
    preprocess: voltronicStatus,
  }), // Battery Low
  row({
    name: "ups.status",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 67,
    to: 67,
    dfl: "%s",
    flags: QX.QUICK_POLL,
    preprocess: voltronicStatus,
  }), // Bypass/Boost or Buck Active
  row({
    name: "ups.alarm",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 67,
    to: 67,
    dfl: "%s",
    preprocess: voltronicStatus,
  }), // Bypass/Boost or Buck Active
  row({
    name: "ups.alarm",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 68,
    to: 68,
    dfl: "%s",
    preprocess: voltronicStatus,
  }), // UPS Fault
  row({
    name: "ups.status",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 70,
    to: 70,
    dfl: "%s",
    flags: QX.QUICK_POLL,
    preprocess: voltronicStatus,
  }), // Test in Progress
  row({
    name: "ups.status",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 71,
    to: 71,
    dfl: "%s",
    flags: QX.QUICK_POLL,
    preprocess: voltronicStatus,
  }), // Shutdown Active
  row({
    name: "ups.beeper.status",
    command: "QGS\r",
    answerLen: 76,
    leading: "(",
    from: 72,
    to: 72,
    dfl: "%s",
    preprocess: voltronicStatus,
  }), // Beeper status - ups.beeper.status
  /* Query UPS for actual working mode
   * > [QMOD\r]
   * < [(S\r]
   *    012
   *    0
   */
  row({
    name: "ups.alarm",
    command: "QMOD\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    preprocess: voltronicMode,
  }),
  row({
    name: "ups.status",
    command: "QMOD\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    preprocess: voltronicMode,
  }),
  /* Query UPS for faults and their type. Unskipped when a fault is found in 12bit flag of QGS, otherwise you'll get a fake reply.
   * > [QFS\r]
   * < [(OK\r] <- No fault
   *    0123
   *    0
   * < [(14 212.1 50.0 005.6 49.9 006 010.6 343.8 ---.- 026.2 021.8 01101100\r] <- Fault type + Short status
   *    012345678901234567890123456789012345678901234567890123456789012345678
   *    0         1         2         3         4         5         6
   */
  row({
    name: "ups.alarm",
    command: "QFS\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    to: 2,
    dfl: "%s",
    flags: QX.SKIP,
    preprocess: voltronicFault,
  }),
  /* Query UPS for warnings and their type
   * > [QWS\r]
   * < [(0000000100000000000000000000000000000000000000000000000000000000\r]
   *    012345678901234567890123456789012345678901234567890123456789012345
   *    0         1         2         3         4         5         6
   */
  row({
    name: "ups.alarm",
    command: "QWS\r",
    answerLen: 66,
    leading: "(",
    from: 1,
    to: 64,
    dfl: "%s",
    preprocess: voltronicWarning,
  }),
  /* Query UPS for actual infos about battery
   * > [QBV\r]
   * < [(026.5 02 01 068 255\r]
   *    012345678901234567890
   *    0         1         2
   */
  row({
    name: "battery.voltage",
    command: "QBV\r",
    answerLen: 21,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.2f",
  }),
  row({
    name: "battery_number",
    rw: true,
    rwValues: R_BATT_NUMB,
    command: "QBV\r",
    answerLen: 21,
    leading: "(",
    from: 7,
    to: 9,
    dfl: "%d",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.NONUT,
    preprocess: voltronicBattNumb,
  }), // Number of batteries that make a pack
  row({
    name: "battery.packs",
    rw: true,
    rwValues: R_BATT_PACKS,
    command: "QBV\r",
    answerLen: 21,
    leading: "(",
    from: 10,
    to: 11,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE,
  }), // Number of battery packs in parallel
  row({
    name: "battery.charge",
    command: "QBV\r",
    answerLen: 21,
    leading: "(",
    from: 13,
    to: 15,
    dfl: "%.0f",
  }),
  row({
    name: "battery.runtime",
    command: "QBV\r",
    answerLen: 21,
    leading: "(",
    from: 17,
    to: 19,
    dfl: "%.0f",
    preprocess: voltronicBattRuntime,
  }),
  /* Query UPS for last seen min/max load level
   * > [QLDL\r]
   * < [(021 023\r] <- minimum load level - maximum load level
   *    012345678
   *    0
   */
  row({
    name: "output.power.minimum.percent",
    command: "QLDL\r",
    answerLen: 9,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
  }),
  row({
    name: "output.power.maximum.percent",
    command: "QLDL\r",
    answerLen: 9,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
  }),
  /* Query UPS for multi-phase voltages/frequencies
   * > [Q3**\r]
   * < [(123.4 123.4 123.4 123.4 123.4 123.4\r] <- Q3PV
   * < [(123.4 123.4 123.4 123.4 123.4 123.4\r] <- Q3OV
   * < [(123 123 123\r] <- Q3PC
   * < [(123 123 123\r] <- Q3OC
   * < [(123 123 123\r] <- Q3LD
   * < [(123.4 123.4 123.4\r] <- Q3YV - P09 protocol
   * < [(123.4 123.4 123.4 123.4 123.4 123.4\r] <- Q3YV - P10/P03 protocols
   *    0123456789012345678901234567890123456
   *    0         1         2         3
   *
   * P09 = 2-phase input/2-phase output
   * Q3PV (Input Voltage L1 | Input Voltage L2 | Input Voltage L3 | Input Voltage L1-L2 | Input Voltage L1-L3 | Input Voltage L2-L3
   * Q3OV (Output Voltage L1 | Output Voltage L2 | Output Voltage L3 | Output Voltage L1-L2 | Output Voltage L1-L3 | Output Voltage L2-L3
   * Q3PC (Input Current L1 | Input Current L2 | Input Current L3
   * Q3OC (Output Current L1 | Output Current L2 | Output Current L3
   * Q3LD (Output Load Level L1 | Output Load Level L2 | Output Load Level L3
   * Q3YV (Output Bypass Voltage L1 | Output Bypass Voltage L2 | Output Bypass Voltage L3
   *
   * P10 = 3-phase input/3-phase output / P03 = 3-phase input/ 1-phase output
   * Q3PV (Input Voltage L1 | Input Voltage L2 | Input Voltage L3 | Input Voltage L1-L2 | Input Voltage L2-L3 | Input Voltage L1-L3
   * Q3OV (Output Voltage L1 | Output Voltage L2 | Output Voltage L3 | Output Voltage L1-L2 | Output Voltage L2-L3 | Output Voltage L1-L3
   * Q3PC (Input Current L1 | Input Current L2 | Input Current L3
   * Q3OC (Output Current L1 | Output Current L2 | Output Current L3
   * Q3LD (Output Load Level L1 | Output Load Level L2 | Output Load Level L3
   * Q3YV (Output Bypass Voltage L1 | Output Bypass Voltage L2 | Output Bypass Voltage L3 | Output Bypass Voltage L1-L2 | Output Bypass Voltage L2-L3 | Output Bypass Voltage L1-L3
   *
   */
  /* From Q3PV */
  row({
    name: "input.L1-N.voltage",
    command: "Q3PV\r",
    answerLen: 37,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "input.L2-N.voltage",
    command: "Q3PV\r",
    answerLen: 37,
    leading: "(",
    from: 7,
    to: 11,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "input.L3-N.voltage",
    command: "Q3PV\r",
    answerLen: 37,
    leading: "(",
    from: 13,
    to: 17,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "input.L1-L2.voltage",
    command: "Q3PV\r",
    answerLen: 37,
    leading: "(",
    from: 19,
    to: 23,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "input.L2-L3.voltage",
    command: "Q3PV\r",
    answerLen: 37,
    leading: "(",
    from: 25,
    to: 29,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "input.L1-L3.voltage",
    command: "Q3PV\r",
    answerLen: 37,
    leading: "(",
    from: 31,
    to: 35,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  /* From Q3PC */
  row({
    name: "input.L1.current",
    command: "Q3PC\r",
    answerLen: 13,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  row({
    name: "input.L2.current",
    command: "Q3PC\r",
    answerLen: 13,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  row({
    name: "input.L3.current",
    command: "Q3PC\r",
    answerLen: 13,
    leading: "(",
    from: 9,
    to: 11,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  /* From Q3OV */
  row({
    name: "output.L1-N.voltage",
    command: "Q3OV\r",
    answerLen: 37,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L2-N.voltage",
    command: "Q3OV\r",
    answerLen: 37,
    leading: "(",
    from: 7,
    to: 11,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L3-N.voltage",
    command: "Q3OV\r",
    answerLen: 37,
    leading: "(",
    from: 13,
    to: 17,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L1-L2.voltage",
    command: "Q3OV\r",
    answerLen: 37,
    leading: "(",
    from: 19,
    to: 23,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L2-L3.voltage",
    command: "Q3OV\r",
    answerLen: 37,
    leading: "(",
    from: 25,
    to: 29,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L1-L3.voltage",
    command: "Q3OV\r",
    answerLen: 37,
    leading: "(",
    from: 31,
    to: 35,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  /* From Q3OC */
  row({
    name: "output.L1.current",
    command: "Q3OC\r",
    answerLen: 13,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L2.current",
    command: "Q3OC\r",
    answerLen: 13,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L3.current",
    command: "Q3OC\r",
    answerLen: 13,
    leading: "(",
    from: 9,
    to: 11,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  /* From Q3LD */
  row({
    name: "output.L1.power.percent",
    command: "Q3LD\r",
    answerLen: 13,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L2.power.percent",
    command: "Q3LD\r",
    answerLen: 13,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.L3.power.percent",
    command: "Q3LD\r",
    answerLen: 13,
    leading: "(",
    from: 9,
    to: 11,
    dfl: "%.0f",
    flags: QX.SKIP,
  }),
  /* From Q3YV */
  row({
    name: "output.bypass.L1-N.voltage",
    command: "Q3YV\r",
    answerLen: 37,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.bypass.L2-N.voltage",
    command: "Q3YV\r",
    answerLen: 37,
    leading: "(",
    from: 7,
    to: 11,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.bypass.L3-N.voltage",
    command: "Q3YV\r",
    answerLen: 37,
    leading: "(",
    from: 13,
    to: 17,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.bypass.L1-N.voltage",
    command: "Q3YV\r",
    answerLen: 19,
    leading: "(",
    from: 1,
    to: 5,
    dfl: "%.1f",
    flags: QX.SKIP,
  }), // P09
  row({
    name: "output.bypass.L2-N.voltage",
    command: "Q3YV\r",
    answerLen: 19,
    leading: "(",
    from: 7,
    to: 11,
    dfl: "%.1f",
    flags: QX.SKIP,
  }), // P09
  row({
    name: "output.bypass.L1-L2.voltage",
    command: "Q3YV\r",
    answerLen: 37,
    leading: "(",
    from: 19,
    to: 23,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.bypass.L2-L3.voltage",
    command: "Q3YV\r",
    answerLen: 37,
    leading: "(",
    from: 25,
    to: 29,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
  row({
    name: "output.bypass.L1-L3.voltage",
    command: "Q3YV\r",
    answerLen: 37,
    leading: "(",
    from: 31,
    to: 35,
    dfl: "%.1f",
    flags: QX.SKIP,
  }),
];
