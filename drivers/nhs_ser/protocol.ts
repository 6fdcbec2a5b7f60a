/**
 * NHS nobreak packets (NUT master's `nhs_ser` 0.05), pure. Packets run from
 * 0xFF to 0xFE; the checksum is the sum of the bytes after 0xFF up to the
 * one before it, mod 256. A 21-byte data packet ('D') carries input,
 * battery, output and temperature as integer.decimal byte pairs, the load
 * %, the charger current and a status byte; an 18- or 50-byte hardware
 * packet ('S') the model, versions, configuration, battery count, transfer
 * points, nominal voltages, a status byte and (50) the serial number. Bits
 * are numbered from the most significant, as NUT reads them. The
 * hardware packet is what the unit answers to the init strings.
 *
 * @module
 */

const f = Math.fround;

/** The init strings: long (asks for the 50-byte packet) and short. */
export const INIT_LONG = [0xff, 0x09, 0x53, 0x83, 0x00, 0x00, 0x00, 0xdf, 0xfe];
/** The short init string. */
export const INIT_SHORT = [
  0xff,
  0x09,
  0x53,
  0x03,
  0x00,
  0x00,
  0x00,
  0x5f,
  0xfe,
];

/** Sum of p[from..to] mod 256. */
export function checksum(
  p: ArrayLike<number>,
  from: number,
  to: number,
): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += p[i]!;
  return s & 0xff;
}

/** createfloat: "int.dec" through atof, kept as a C float. */
export function createFloat(int: number, dec: number): number {
  return f(parseFloat(`${int}.${dec}`));
}

/** Bit `i` counted from the most significant bit of `b`. */
const bit = (b: number, i: number) => ((b >> (7 - i)) & 1) === 1;

/** A decoded data packet. */
export interface NhsData {
  vacin: number;
  vdcReal: number;
  load: number;
  vacinMin: number;
  vacinMax: number;
  vacout: number;
  temp: number;
  batteryMode: boolean;
  batteryLow: boolean;
  networkFailure: boolean;
  fastNetworkFailure: boolean;
  in220: boolean;
  out220: boolean;
  bypass: boolean;
  charger: boolean;
  checksumOk: boolean;
}

/** mount_datapacket. */
export function mountData(p: ArrayLike<number>): NhsData {
  const vdc = createFloat(p[5]!, p[6]!);
  const s = p[17]!;
  return {
    vacin: createFloat(p[3]!, p[4]!),
    vdcReal: p[6] === 0 ? f(vdc / 10) : vdc,
    load: p[7]!,
    vacinMin: createFloat(p[8]!, p[9]!),
    vacinMax: createFloat(p[10]!, p[11]!),
    vacout: createFloat(p[12]!, p[13]!),
    temp: createFloat(p[14]!, p[15]!),
    // the status bits come in reverse order
    batteryMode: bit(s, 7),
    batteryLow: bit(s, 6),
    networkFailure: bit(s, 5),
    fastNetworkFailure: bit(s, 4),
    in220: bit(s, 3),
    out220: bit(s, 2),
    bypass: bit(s, 1),
    charger: bit(s, 0),
    checksumOk: p[19] === checksum(p, 1, 18),
  };
}

/** A decoded hardware packet. */
export interface NhsHw {
  size: number;
  model: number;
  hwVersion: number;
  swVersion: number;
  buzzerDisabled: boolean;
  batteries: number;
  under120: number;
  over120: number;
  under220: number;
  over220: number;
  out120: number;
  out220: number;
  in220: boolean;
  out220V: boolean;
  serial: string;
  checksumOk: boolean;
}

/** mount_hwinfo. */
export function mountHw(p: ArrayLike<number>): NhsHw {
  const size = p[1]!, long = size > 18;
  let serial = "----------------";
  if (long) {
    serial = "";
    for (let i = 16; i < 32 && p[i] !== 0; i++) {
      serial += String.fromCharCode(p[i]!);
    }
  }
  const sum = long ? checksum(p, 1, 47) : checksum(p, 1, 15);
  return {
    size,
    model: p[3]!,
    hwVersion: p[4]!,
    swVersion: p[5]!,
    buzzerDisabled: bit(p[6]!, 1),
    batteries: p[7]!,
    under120: p[8]!,
    over120: p[9]!,
    under220: p[10]!,
    over220: p[11]!,
    out120: p[12]!,
    out220: p[13]!,
    in220: bit(p[14]!, 0),
    out220V: bit(p[14]!, 1),
    serial,
    checksumOk: (long ? p[48] : p[16]) === sum,
  };
}

/** lrint(round(x)): halves away from zero. */
export function roundAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** ups.status words from a data packet (NUT's decision chain). */
export function nhsStatus(d: NhsData, minInput: number): string[] {
  if (d.batteryMode) return d.batteryLow ? ["OB", "LB"] : ["OB"];
  if (d.vacin <= minInput || d.networkFailure) return ["DISCHRG"];
  if (d.charger) return ["CHRG"];
  return d.networkFailure || d.fastNetworkFailure ? ["OB"] : ["OL"];
}

/** ups.alarm words from a data packet. */
export function nhsAlarms(d: NhsData): string[] {
  const out: string[] = [];
  if (d.batteryLow) out.push("[LOW BATTERY]");
  if (d.bypass) out.push("[ON BYPASS]");
  if (d.networkFailure) out.push("[NETWORK FAILURE]");
  if (d.fastNetworkFailure) out.push("[FAST NETWORK FAILURE]");
  if (d.in220) out.push("[220V IN]");
  if (d.out220) out.push("[220V OUT]");
  return out;
}
