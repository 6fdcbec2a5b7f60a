/**
 * genericups' contact-closure cable table (NUT 2.8.0 genericups.h
 * `upstab[]`, types 0..23): which output lines power the cable, which
 * input line (and level) means on line, low battery, replace battery and
 * bypass, and which lines signal shutdown (-1: none known; ST: a break).
 *
 * @module
 */

/** TIOCM_* bit values (Linux). */
export const TIOCM = {
  DTR: 0x002,
  RTS: 0x004,
  ST: 0x008,
  CTS: 0x020,
  CD: 0x040,
  RNG: 0x080,
  RI: 0x080,
  DSR: 0x100,
} as const;

const { DTR, RTS, ST, CTS, CD, RNG, RI, DSR } = TIOCM;

/** An input signal: the lines looked at and the value meaning "asserted". */
export interface Signal {
  line: number;
  val: number;
}

/** One cable type. */
export interface UpsType {
  mfr: string;
  model: string;
  desc: string;
  /** Lines raised as cable power. */
  lineNorm: number;
  ol: Signal;
  lb: Signal;
  rb: Signal;
  bypass: Signal;
  /** Lines for shutdown; -1 none known; TIOCM.ST a break. */
  lineSd: number;
}

function row(
  mfr: string,
  model: string,
  desc: string,
  lineNorm: number,
  ol: [number, number],
  lb: [number, number],
  rb: [number, number],
  bypass: [number, number],
  lineSd: number,
): UpsType {
  const sig = ([line, val]: [number, number]) => ({ line, val });
  return {
    mfr,
    model,
    desc,
    lineNorm,
    ol: sig(ol),
    lb: sig(lb),
    rb: sig(rb),
    bypass: sig(bypass),
    lineSd,
  };
}

/** upstab[]: index = upstype. */
export const UPSTAB: readonly UpsType[] = [
  // 0
  row(
    "UPSONIC",
    "LAN Saver 600",
    "UPSONIC LAN Saver 600",
    DTR | RTS,
    [CTS, 0],
    [CD, CD],
    [0, 0],
    [0, 0],
    RTS,
  ),
  // 1
  row(
    "APC",
    "Back-UPS",
    "APC Back-UPS (940-0095A/C cable)",
    DTR,
    [RNG, 0],
    [CD, CD],
    [0, 0],
    [0, 0],
    RTS,
  ),
  // 2
  row(
    "APC",
    "Back-UPS",
    "APC Back-UPS (940-0020B/C cable)",
    RTS,
    [CTS, 0],
    [CD, CD],
    [0, 0],
    [0, 0],
    DTR | RTS,
  ),
  // 3
  row(
    "PowerTech",
    "Comp1000",
    "PowerTech Comp1000 with DTR as cable power",
    DTR,
    [CTS, 0],
    [CD, CD],
    [0, 0],
    [0, 0],
    DTR | RTS,
  ),
  // 4
  row(
    "Generic",
    "Generic RUPS model",
    "Generic RUPS model",
    RTS,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    0,
  ),
  // 5
  row(
    "TrippLite",
    "Internet Office Series",
    "Tripp Lite UPS with Lan2.2 interface (black 73-0844 cable)",
    DTR,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    DTR | RTS,
  ),
  // 6
  row(
    "Best",
    "Patriot",
    "Best Patriot (INT51 cable)",
    DTR,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    RTS,
  ),
  // 7
  row(
    "CyberPower",
    "Power99",
    "CyberPower Power99",
    RTS,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    DTR,
  ),
  // 8
  row(
    "Nitram",
    "Elite UPS",
    "Nitram Elite 500",
    DTR,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    -1,
  ),
  // 9
  row(
    "APC",
    "Back-UPS",
    "APC Back-UPS (940-0023A cable)",
    0,
    [CD, 0],
    [CTS, CTS],
    [0, 0],
    [0, 0],
    RTS,
  ),
  // 10
  row(
    "Victron",
    "Lite",
    "Victron Lite (crack cable)",
    RTS,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    DTR,
  ),
  // 11
  row("Powerware", "3115", "Powerware 3115", DTR, [CTS, 0], [CD, 0], [0, 0], [
    0,
    0,
  ], ST),
  // 12
  row(
    "APC",
    "Back-UPS Office",
    "APC Back-UPS Office (940-0119A cable)",
    RTS,
    [CTS, 0],
    [CD, CD],
    [0, 0],
    [0, 0],
    DTR,
  ),
  // 13
  row(
    "RPT",
    "Repoteck",
    "Repoteck RPT-800A, RPT-162A",
    DTR | RTS,
    [CD, CD],
    [CTS, 0],
    [0, 0],
    [0, 0],
    ST,
  ),
  // 14
  row(
    "Online",
    "P250, P500, P750, P1250",
    "Online P-series",
    DTR,
    [CD, CD],
    [CTS, 0],
    [0, 0],
    [0, 0],
    RTS,
  ),
  // 15
  row("Powerware", "5119", "Powerware 5119", DTR, [CTS, CTS], [CD, 0], [0, 0], [
    0,
    0,
  ], ST),
  // 16
  row(
    "Nitram",
    "Elite UPS",
    "Nitram Elite 2002",
    DTR | RTS,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    -1,
  ),
  // 17
  row(
    "PowerKinetics",
    "9001",
    "PowerKinetics 9001",
    DTR,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    -1,
  ),
  // 18
  row(
    "TrippLite",
    "Omni 450LAN",
    "TrippLite UPS with Martin's cabling",
    DTR,
    [CTS, CTS],
    [CD, CD],
    [0, 0],
    [0, 0],
    -1,
  ),
  // 19
  row(
    "Fideltronik",
    "Ares Series",
    "Fideltronik Ares Series",
    DTR,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    RTS,
  ),
  // 20
  row(
    "Powerware",
    "5119 RM",
    "Powerware 5119 RM",
    DTR,
    [CTS, 0],
    [CD, CD],
    [0, 0],
    [0, 0],
    ST,
  ),
  // 21
  row(
    "Generic",
    "Generic RUPS 2000",
    "Generic RUPS 2000 (Megatec M2501 cable)",
    RTS,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    RTS | DTR,
  ),
  // 22
  row(
    "Gamatronic Electronic Industries",
    "Generic Alarm UPS",
    "Gamatronic UPSs with alarm interface",
    RTS,
    [CTS, CTS],
    [CD, 0],
    [0, 0],
    [0, 0],
    DTR,
  ),
  // 23
  row(
    "Generic",
    "Generic FTTx Battery Backup",
    "FTTx (Fiber to the x) battery backup with 4-wire telemetry interface",
    RTS,
    [CTS, CTS],
    [CD, 0],
    [RI, 0],
    [DSR, 0],
    0,
  ),
];
