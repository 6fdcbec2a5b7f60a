/**
 * The SEC protocol's variable numbers as NUT's `gamatronic` knows them. A
 * UPS lists the numbers it supports (`AP1`, `AP2`); each number is one
 * comma-separated field of one query's answer. Rows with a NUT name are
 * published: as text, or divided by `unit` with one decimal, or (`mul`)
 * multiplied by it. Alarm rows set `ups.alarm` to their label when "1".
 *
 * @module
 */

/** How a row's value is published. */
export type SecKind =
  | "num" // divided by unit, "%.1f" (text when unit is 1)
  | "text" // as received
  | "rw" // read/write on the UPS; as "num"
  | "wonly" // never read
  | "alarm" // an alarm bit
  | "mul"; // multiplied by unit, integer; counted as an alarm bit too

/** One SEC variable. */
export interface SecVar {
  /** NUT variable, "" when not published */
  nut: string;
  /** the label (the alarm text, trailing space included) */
  label: string;
  unit: number;
  /** the query that returns it */
  cmd: string;
  /** 1-based field in the answer */
  field: number;
  /** read once at start-up instead of every poll */
  once: boolean;
  kind: SecKind;
}

type Row = [string, string, number, string, number, 0 | 1, SecKind];

// [nut, label, unit, query, field, once, kind], numbered from 1
const ROWS: Row[] = [
  ["", "Awaiting Power ", 1, "ST5", 13, 0, "alarm"],
  ["", "Bypass Bad ", 1, "ST5", 5, 0, "alarm"],
  ["", "Charger Failure ", 1, "ST5", 8, 0, "alarm"],
  ["", "Fan Failure ", 1, "ST5", 10, 0, "alarm"],
  ["", "Fuse Failure ", 1, "ST5", 11, 0, "alarm"],
  ["", "General Fault ", 1, "ST5", 12, 0, "alarm"],
  ["", "Input Bad ", 1, "ST5", 2, 0, "alarm"],
  ["", "Output Bad ", 1, "ST5", 3, 0, "alarm"],
  ["", "Output Off ", 1, "ST5", 6, 0, "alarm"],
  ["", "Overload ", 1, "ST5", 4, 0, "alarm"],
  ["", "Shutdown Imminent ", 1, "ST5", 15, 0, "alarm"],
  ["", "Shutdown Pending ", 1, "ST5", 14, 0, "alarm"],
  ["", "System Off ", 1, "ST5", 9, 0, "alarm"],
  ["", "Temperature ", 1, "ST5", 1, 0, "alarm"],
  ["", "UPS Shutdown ", 1, "ST5", 7, 0, "alarm"],
  ["", "Audible Alarm", 1, "NOM", 8, 1, "rw"],
  ["", "Auto Restart", 1, "ATR", 1, 1, "rw"],
  ["", "Battery Charge", 1, "ST1", 3, 0, "num"],
  ["", "Battery Condition", 1, "ST1", 1, 0, "num"],
  ["battery.current", "Battery Current", 10, "ST1", 8, 0, "num"],
  ["battery.date", "Battery Installed", 1, "NOM", 11, 1, "text"],
  ["", "Battery Status", 1, "ST1", 2, 0, "num"],
  ["battery.temperature", "Battery Temperature", 1, "ST1", 9, 0, "num"],
  ["battery.voltage", "Battery Voltage", 10, "ST1", 7, 0, "num"],
  ["", "Bypass Current 1", 10, "ST4", 4, 0, "num"],
  ["", "Bypass Current 2", 10, "ST4", 7, 0, "num"],
  ["", "Bypass Current 3", 10, "ST4", 10, 0, "num"],
  ["", "Bypass Frequency", 10, "ST4", 1, 0, "num"],
  ["", "Bypass Num Lines", 1, "ST4", 2, 0, "num"],
  ["", "Bypass Power 1", 1, "ST4", 5, 0, "num"],
  ["", "Bypass Power 2", 1, "ST4", 8, 0, "num"],
  ["", "Bypass Power 3", 1, "ST4", 11, 0, "num"],
  ["", "Bypass Voltage 1", 10, "ST4", 3, 0, "num"],
  ["", "Bypass Voltage 2", 10, "ST4", 6, 0, "num"],
  ["", "Bypass Voltage 3", 10, "ST4", 9, 0, "num"],
  ["battery.charge", "Estimated Charge", 1, "ST1", 6, 0, "num"],
  ["battery.runtime.low", "Estimated Minutes", 60, "ST1", 5, 0, "mul"],
  ["input.transfer.high", "High Volt Xfer Pt", 1, "NOM", 10, 1, "text"],
  ["ups.id", "Identification", 1, "UID", 1, 1, "text"],
  ["", "Input Current 1", 10, "ST2", 5, 0, "num"],
  ["", "Input Current 2", 10, "ST2", 9, 0, "num"],
  ["", "Input Current 3", 10, "ST2", 13, 0, "num"],
  ["input.frequency", "Input Frequency 1", 10, "ST2", 3, 0, "num"],
  ["", "Input Frequency 2", 10, "ST2", 7, 0, "num"],
  ["", "Input Frequency 3", 10, "ST2", 11, 0, "num"],
  ["", "Input Line Bads", 1, "ST2", 1, 0, "num"],
  ["", "Input Num Lines", 1, "ST2", 2, 0, "num"],
  ["", "Input Power 1", 1, "ST2", 6, 0, "num"],
  ["", "Input Power 2", 1, "ST2", 10, 0, "num"],
  ["", "Input Power 3", 1, "ST2", 14, 0, "num"],
  ["input.voltage", "Input Voltage 1", 10, "ST2", 4, 0, "num"],
  ["", "Input Voltage 2", 10, "ST2", 8, 0, "num"],
  ["", "Input Voltage 3", 10, "ST2", 12, 0, "num"],
  ["input.transfer.low", "Low Volt Xfer Pt", 1, "NOM", 9, 1, "text"],
  ["ups.mfr", "Manufacturer", 1, "MAN", 1, 1, "text"],
  ["ups.model", "Model", 1, "MOD", 1, 1, "text"],
  ["", "Nominal Battery Life", 1, "NOM", 12, 1, "text"],
  ["", "Nominal Input Frequency", 10, "NOM", 2, 1, "rw"],
  ["input.voltage.nominal", "Nominal Input Voltage", 1, "NOM", 1, 1, "text"],
  ["", "Nominal Low Battery Time", 1, "NOM", 7, 1, "text"],
  ["", "Nominal Output Frequency", 10, "NOM", 4, 1, "rw"],
  ["", "Nominal Output Power", 1, "NOM", 6, 1, "text"],
  ["", "Nominal Output Voltage", 1, "NOM", 3, 1, "text"],
  ["ups.power.nominal", "Nominal VA Rating", 1, "NOM", 5, 1, "text"],
  ["output.current", "Output Current 1", 10, "ST3", 5, 0, "num"],
  ["", "Output Current 2", 10, "ST3", 9, 0, "num"],
  ["", "Output Current 3", 10, "ST3", 13, 0, "num"],
  ["output.frequency", "Output Frequency", 10, "ST3", 2, 0, "num"],
  ["ups.load", "Output Load 1", 1, "ST3", 7, 0, "num"],
  ["", "Output Load 2", 1, "ST3", 11, 0, "num"],
  ["", "Output Load 3", 1, "ST3", 15, 0, "num"],
  ["", "Output Num Lines", 1, "ST3", 3, 0, "num"],
  ["", "Output Power 1", 1, "ST3", 6, 0, "num"],
  ["", "Output Power 2", 1, "ST3", 10, 0, "num"],
  ["", "Output Power 3", 1, "ST3", 14, 0, "num"],
  ["", "Output Source", 1, "ST3", 1, 0, "num"],
  ["output.voltage", "Output Voltage 1", 10, "ST3", 4, 0, "num"],
  ["", "Output Voltage 2", 10, "ST3", 8, 0, "num"],
  ["", "Output Voltage 3", 10, "ST3", 12, 0, "num"],
  ["", "Reboot With Duration", 1, "RWD", 1, 1, "wonly"],
  ["battery.runtime", "Seconds on Battery", 1, "ST1", 4, 0, "num"],
  ["", "Shutdown Type", 1, "SDA", 1, 1, "rw"],
  ["ups.delay.shutdown", "Shutdown After Delay", 1, "STD", 1, 1, "wonly"],
  ["ups.firmware", "Software Version", 1, "VER", 1, 1, "text"],
  ["", "Startup After Delay", 1, "STD", 1, 1, "wonly"],
  ["", "Test Results Detail", 1, "STR", 2, 1, "text"],
  ["", "Test Results Summary", 1, "STR", 1, 1, "num"],
  ["", "Test Type", 1, "TST", 1, 1, "wonly"],
  ["", "Baud Rate", 1, "UBR", 1, 1, "rw"],
];

/** SEC variables by number (index 0 is unused). */
export const SEC_VARS: readonly (SecVar | undefined)[] = Object.freeze([
  undefined,
  ...ROWS.map(([nut, label, unit, cmd, field, once, kind]) =>
    Object.freeze({ nut, label, unit, cmd, field, once: once === 1, kind })
  ),
]);

/** Numbers NUT reads for the status: output off, overload, battery, source. */
export const SEC_STATUS = Object.freeze({
  outputOff: 9,
  overload: 10,
  batteryCondition: 19,
  batteryStatus: 22,
  outputSource: 76,
});

/** The Output Source values and their ups.status words. */
export const SOURCE_STATUS: Readonly<Record<string, string>> = Object.freeze({
  "0": "OL",
  "1": "OB",
  "2": "BYPASS",
  "3": "TRIM",
  "4": "BOOST",
});

/** NUT keeps at most this many queries and this many fields per answer. */
export const MAX_QUERIES = 17, MAX_FIELDS = 16;

/** The speeds tried at start-up, in order. */
export const SEC_SPEEDS = [1200, 2400, 4800, 9600, 19200] as const;
