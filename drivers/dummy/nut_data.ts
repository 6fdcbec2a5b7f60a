/**
 * dummy-ups' built-in variable table (`nut_data[]` in NUT 2.8.0's
 * drivers/dummy-ups.h): every listed variable is RW; STRING ones get their
 * maximum length as aux. Variables not listed get STRING|RW with aux 32.
 * `initial` rows are published before the file is read.
 *
 * @module
 */

/** One row of the table. */
export interface DummyVarInfo {
  readonly name: string;
  /** ST_FLAG_STRING (all rows are ST_FLAG_RW). */
  readonly string: boolean;
  /** Max length (aux) when `string`. */
  readonly len: number;
  /** DU_FLAG_INIT rows: value set before parsing the file. */
  readonly initial?: string;
}

/** The table in NUT's order (the first match wins, as find_info). */
export const NUT_DATA: readonly DummyVarInfo[] = [
  { name: "ups.mfr", string: true, len: 32, initial: "Dummy Manufacturer" },
  { name: "ups.model", string: true, len: 32, initial: "Dummy UPS" },
  { name: "ups.status", string: true, len: 32, initial: "OL" },
  { name: "ups.serial", string: true, len: 32 },
  { name: "ups.load", string: false, len: 32 },
  { name: "ups.alarm", string: true, len: 32 },
  { name: "ups.time", string: true, len: 16 },
  { name: "ups.date", string: true, len: 16 },
  { name: "ups.mfr.date", string: true, len: 16 },
  { name: "ups.serial", string: true, len: 16 },
  { name: "ups.firmware", string: true, len: 16 },
  { name: "ups.firmware.aux", string: true, len: 16 },
  { name: "ups.temperature", string: false, len: 1 },
  { name: "ups.id", string: true, len: 16 },
  { name: "ups.delay.start", string: false, len: 1 },
  { name: "ups.delay.reboot", string: false, len: 1 },
  { name: "ups.delay.shutdown", string: false, len: 1 },
  { name: "ups.test.interval", string: false, len: 1 },
  { name: "ups.test.result", string: true, len: 16 },
  { name: "input.voltage", string: false, len: 1 },
  { name: "input.voltage.maximum", string: false, len: 1 },
  { name: "input.voltage.minimum", string: false, len: 1 },
  { name: "input.voltage.nominal", string: false, len: 1 },
  { name: "input.transfer.reason", string: true, len: 1 },
  { name: "input.transfer.low", string: false, len: 1 },
  { name: "input.transfer.high", string: false, len: 1 },
  { name: "input.sensitivity", string: true, len: 1 },
  { name: "input.quality", string: true, len: 6 },
  { name: "input.frequency", string: false, len: 1 },
  { name: "input.transfer.boost.low", string: false, len: 1 },
  { name: "input.transfer.boost.high", string: false, len: 1 },
  { name: "input.transfer.trim.low", string: false, len: 1 },
  { name: "input.transfer.trim.high", string: false, len: 1 },
  { name: "output.voltage", string: false, len: 1 },
  { name: "output.frequency", string: false, len: 1 },
  { name: "output.current", string: false, len: 1 },
  { name: "battery.charge", string: false, len: 1 },
  { name: "battery.charge.low", string: false, len: 1 },
  { name: "battery.voltage", string: false, len: 1 },
  { name: "battery.current", string: false, len: 1 },
  { name: "battery.runtime", string: false, len: 1 },
  { name: "battery.runtime.low", string: false, len: 1 },
  { name: "battery.charge.restart", string: false, len: 1 },
  { name: "battery.temperature", string: false, len: 1 },
  { name: "battery.voltage.nominal", string: false, len: 1 },
  { name: "ambient.temperature", string: false, len: 1 },
  { name: "ambient.temperature.alarm", string: false, len: 1 },
  { name: "ambient.temperature.high", string: false, len: 1 },
  { name: "ambient.temperature.low", string: false, len: 1 },
  { name: "ambient.humidity", string: false, len: 1 },
  { name: "ambient.humidity.alarm", string: false, len: 1 },
  { name: "ambient.humidity.high", string: false, len: 1 },
  { name: "ambient.humidity.low", string: false, len: 1 },
];

/** Flags and aux for variables missing from the table. */
export const DEFAULT_INFO = { string: true, len: 32 } as const;

const BY_NAME = new Map<string, DummyVarInfo>();
for (const row of NUT_DATA) {
  const key = row.name.toLowerCase();
  if (!BY_NAME.has(key)) BY_NAME.set(key, row);
}

/** find_info(): the row for `name`, case-insensitively, or undefined. */
export function findInfo(name: string): DummyVarInfo | undefined {
  return BY_NAME.get(name.toLowerCase());
}
