/**
 * Bicker supercapacitor DC UPS protocol (NUT master's `bicker_ser` 0.06),
 * pure: packets `01 size index cmd data... 04` (size = 3 + data length,
 * no checksum, little-endian data) both ways. Index 0x01 reads values
 * and strings, 0x07 gets/sets parameters (10-byte answer: id, min, max,
 * standard, enabled, value), 0x03 0x32 shuts down after a delay. A unit
 * answers `01 03 EE 07 04` to what it does not support.
 *
 * @module
 */

/** A packet. */
export function packet(
  idx: number,
  cmd: number,
  data: number[] = [],
): Uint8Array {
  return Uint8Array.from([0x01, 3 + data.length, idx, cmd, ...data, 0x04]);
}

/** A parameter as the unit reports it. */
export interface BickerParameter {
  id: number;
  min: number;
  max: number;
  std: number;
  enabled: boolean;
  value: number;
}

/** Decodes a parameter answer's 10 data bytes. */
export function parseParameter(d: Uint8Array): BickerParameter {
  const w = (i: number) => d[i]! | (d[i + 1]! << 8);
  return {
    id: d[0]!,
    min: w(1),
    max: w(3),
    std: w(5),
    enabled: d[7] !== 0,
    value: w(8),
  };
}

/** Parameter id -> NUT variable, in NUT's order. */
export const BICKER_PARAMS: ReadonlyArray<readonly [number, string]> = [
  [0x02, "ups.delay.shutdown"],
  [0x04, "ups.delay.start"],
  [0x05, "battery.charge.restart"],
  [0x07, "battery.charge.low"],
  [0x01, "experimental.output.current.low"],
  [0x03, "experimental.ups.delay.shutdown.signal"],
  [0x06, "experimental.ups.delay.shutdown.signal.masked"],
  [0x08, "experimental.battery.charge.low.empty"],
  [0x09, "experimental.ups.relay.mode"],
];

/** Strings read at start-up: command, variable (device.* after the parameters). */
export const FIRST_STRINGS: ReadonlyArray<readonly [number, string]> = [
  [0x63, "ups.firmware"],
  [0x64, "battery.type"],
  [0x65, "ups.firmware.aux"],
];
/** Strings read after the parameters. */
export const DEVICE_STRINGS: ReadonlyArray<readonly [number, string]> = [
  [0x60, "device.mfr"],
  [0x61, "device.serial"],
  [0x62, "device.model"],
];

/** A string answer as C sees it: up to the first NUL. */
export function cString(d: Uint8Array): string {
  let s = "";
  for (const b of d) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

/** ups.status words and the charger status from the status flags (LB comes before them). */
export function flagsStatus(
  flags: number,
): { status: string[]; charger: string } {
  const status: string[] = [];
  if (flags & 0x01) status.push("CHRG");
  if (flags & 0x02) status.push("DISCHRG");
  const charger = flags & 0x01
    ? "charging"
    : flags & 0x02
    ? "discharging"
    : "resting";
  status.push(flags & 0x04 ? "OL" : "OB");
  if (flags & 0x20) status.push("OVER");
  return { status, charger };
}
