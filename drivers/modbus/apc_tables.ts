/**
 * apc_modbus tables and value conversions, from NUT master's
 * `apc_modbus.c`/`apc_common.c` facts (APC's MPAO-98KJ7F register map):
 * registers hold big-endian numbers (signed ones sign-extended from their
 * width), fixed-point values are scaled by 2^scale, strings are two
 * characters a register, dates count days from 2000-01-01.
 *
 * @module
 */

/** How a register block is read. */
export type ApcType = "int" | "uint" | "string";
/** How a value is turned into text. */
export type ApcConv =
  | "double"
  | "power"
  | "voltage"
  | "efficiency"
  | "cause"
  | "test"
  | "calibration"
  | "date"
  | "timer";

/** One NUT variable in a register block. */
export interface ApcRegister {
  name: string;
  addr: number;
  len: number;
  type: ApcType;
  rw?: boolean;
  conv?: ApcConv;
  /** digits after the point for fixed-point values */
  decimals?: number;
  /** the value is divided by 2^scale */
  scale?: number;
  /** power values are a percentage of this nominal (and nominals set it) */
  nominal?: "power" | "realpower";
}

const r = (
  name: string,
  addr: number,
  len: number,
  type: ApcType,
  more: Partial<ApcRegister> = {},
): ApcRegister => ({ name, addr, len, type, ...more });
const num = (decimals: number, scale: number) => ({
  conv: "double" as const,
  decimals,
  scale,
});

/** Inventory: 516 x120, read at start-up (and after a reconnect). */
export const APC_INVENTORY: readonly ApcRegister[] = [
  r("ups.firmware", 516, 8, "string"),
  r("ups.model", 532, 16, "string"),
  r("ups.serial", 564, 8, "string"),
  r("ups.power.nominal", 588, 1, "uint", { ...num(0, 0), nominal: "power" }),
  r("ups.realpower.nominal", 589, 1, "uint", {
    ...num(0, 0),
    nominal: "realpower",
  }),
  r("ups.mfr.date", 591, 1, "uint", { conv: "date" }),
  r("battery.date", 595, 1, "uint", { conv: "date", rw: true }),
  r("ups.id", 596, 8, "string", { rw: true }),
  ...[0, 1, 2, 3].map((g) =>
    r(`outlet.group.${g}.name`, 604 + 8 * g, 8, "string", { rw: true })
  ),
];

/** Status block: 0 x27. */
export const APC_STATUS: readonly ApcRegister[] = [
  r("input.transfer.reason", 2, 1, "uint", { conv: "cause" }),
  r("ups.test.result", 23, 1, "uint", { conv: "test" }),
  r("experimental.ups.calibration.result", 24, 1, "uint", {
    conv: "calibration",
  }),
];

const timers = (prefix: string, at: number) => [
  r(`${prefix}.timer.shutdown`, at, 1, "int", { conv: "timer" }),
  r(`${prefix}.timer.start`, at + 1, 1, "int", { conv: "timer" }),
  r(`${prefix}.timer.reboot`, at + 2, 2, "int", { conv: "timer" }),
];

/** Dynamic block: 128 x44. */
export const APC_DYNAMIC: readonly ApcRegister[] = [
  r("battery.runtime", 128, 2, "uint"),
  r("battery.charge", 130, 1, "uint", num(2, 9)),
  r("battery.voltage", 131, 1, "int", num(2, 5)),
  r("battery.date.maintenance", 133, 1, "uint", { conv: "date" }),
  r("battery.temperature", 135, 1, "int", num(2, 7)),
  r("ups.load", 136, 1, "uint", num(2, 8)),
  r("ups.realpower", 136, 1, "uint", {
    conv: "power",
    decimals: 2,
    scale: 8,
    nominal: "realpower",
  }),
  r("ups.power", 138, 1, "uint", {
    conv: "power",
    decimals: 2,
    scale: 8,
    nominal: "power",
  }),
  r("output.current", 140, 1, "uint", num(2, 5)),
  r("output.voltage", 142, 1, "uint", num(2, 6)),
  r("output.frequency", 144, 1, "uint", num(2, 7)),
  r("experimental.output.energy", 145, 2, "uint"),
  r("input.voltage", 151, 1, "uint", {
    conv: "voltage",
    decimals: 2,
    scale: 6,
  }),
  r("ups.efficiency", 154, 1, "int", {
    conv: "efficiency",
    decimals: 1,
    scale: 7,
  }),
  ...timers("ups", 155),
  ...timers("outlet.group.1", 159),
  ...timers("outlet.group.2", 163),
  ...timers("outlet.group.3", 167),
];

const delays = (prefix: string, at: number) => [
  r(`${prefix}.delay.shutdown`, at, 1, "int", { rw: true }),
  r(`${prefix}.delay.start`, at + 1, 1, "int", { rw: true }),
  r(`${prefix}.delay.reboot`, at + 2, 2, "int", { rw: true }),
];

/** Static block: 1026 x22. */
export const APC_STATIC: readonly ApcRegister[] = [
  r("input.transfer.high", 1026, 1, "uint", { rw: true }),
  r("input.transfer.low", 1027, 1, "uint", { rw: true }),
  ...delays("ups", 1029),
  ...delays("outlet.group.0", 1029),
  ...delays("outlet.group.1", 1034),
  ...delays("outlet.group.2", 1039),
  ...delays("outlet.group.3", 1044),
];

/** Outlet groups: id, designator, SOGRelayConfigSetting bit, command target bit. */
export const APC_GROUPS: ReadonlyArray<[string, string, number, number]> = [
  ["MOG", "Main", 1 << 0, 1 << 8],
  ["SOG0", "Group 1", 1 << 1, 1 << 9],
  ["SOG1", "Group 2", 1 << 2, 1 << 10],
  ["SOG2", "Group 3", 1 << 3, 1 << 11],
];

/** Outlet command suffixes and their command bits (before the targets). */
export const APC_OUTLET_OPS: ReadonlyArray<[string, number]> = [
  ["load.off", 1 << 2],
  ["load.on", 1 << 1],
  ["load.cycle", 1 << 4],
  ["load.off.delay", (1 << 2) | (1 << 7)],
  ["load.on.delay", (1 << 1) | (1 << 6)],
  ["shutdown.return", (1 << 3) | (1 << 7)],
  ["shutdown.stayoff", (1 << 2) | (1 << 7)],
  ["shutdown.reboot", 1 << 4],
  ["shutdown.reboot.graceful", (1 << 4) | (1 << 7)],
];

/** Other commands: register, width, value. */
export const APC_COMMANDS: ReadonlyArray<[string, number, number, number]> = [
  ["test.battery.start", 1541, 1, 1 << 0],
  ["test.battery.stop", 1541, 1, 1 << 1],
  ["test.panel.start", 1543, 1, 1 << 0],
  ["calibrate.start", 1542, 1, 1 << 0],
  ["calibrate.stop", 1542, 1, 1 << 1],
  ["bypass.start", 1536, 2, 1 << 4],
  ["bypass.stop", 1536, 2, 1 << 5],
  ["beeper.mute", 1543, 1, 1 << 2],
];

/** The outlet command register (two registers, big-endian). */
export const APC_OUTLET_COMMAND_REG = 1538;
/** The register whose bits say which outlet groups exist. */
export const APC_SOG_CONFIG_REG = 590;

const CAUSES = [
  "SystemInitialization",
  "HighInputVoltage",
  "LowInputVoltage",
  "DistortedInput",
  "RapidChangeOfInputVoltage",
  "HighInputFrequency",
  "LowInputFrequency",
  "FreqAndOrPhaseDifference",
  "AcceptableInput",
  "AutomaticTest",
  "TestEnded",
  "LocalUICommand",
  "ProtocolCommand",
  "LowBatteryVoltage",
  "GeneralError",
  "PowerSystemError",
  "BatterySystemError",
  "ErrorCleared",
  "AutomaticRestart",
  "DistortedInverterOutput",
  "InverterOutputAcceptable",
  "EPOInterface",
  "InputPhaseDeltaOutOfRange",
  "InputNeutralNotConnected",
  "ATSTransfer",
  "ConfigurationChange",
  "AlertAsserted",
  "AlertCleared",
  "PlugRatingExceeded",
  "OutletGroupStateChange",
  "FailureBypassExpired",
];

const EFFICIENCY: Readonly<Record<number, string>> = {
  [-1]: "NotAvailable",
  [-2]: "LoadTooLow",
  [-3]: "OutputOff",
  [-4]: "OnBattery",
  [-5]: "InBypass",
  [-6]: "BatteryCharging",
  [-7]: "PoorACInput",
  [-8]: "BatteryDisconnected",
};

type BitMap = ReadonlyArray<[number, string]>;
const TEST_RESULT: BitMap = [
  [0, "None"],
  [1 << 0, "Pending"],
  [1 << 1, "InProgress"],
  [1 << 2, "Passed"],
  [1 << 3, "Failed"],
  [1 << 4, "Refused"],
  [1 << 5, "Aborted"],
  [1 << 7, "LocalUser"],
  [1 << 8, "Internal"],
  [1 << 9, "InvalidState"],
  [1 << 10, "InternalFault"],
  [1 << 11, "StateOfChargeNotAcceptable"],
];
const CAL_RESULT: BitMap = TEST_RESULT.slice(1, 7);
const SOURCE: BitMap = [
  [1 << 6, "Source: Protocol"],
  [1 << 7, "Source: LocalUI"],
  [1 << 8, "Source: Internal"],
];
const MODIFIER: BitMap = [
  [1 << 9, "Modifier: InvalidState"],
  [1 << 10, "Modifier: InternalFault"],
  [1 << 11, "Modifier: StateOfChargeNotAcceptable"],
];
const CAL_MODIFIER: BitMap = [
  ...MODIFIER,
  [1 << 12, "Modifier: LoadChange"],
  [1 << 13, "Modifier: ACInputNotAcceptable"],
  [1 << 14, "Modifier: LoadTooLow"],
  [1 << 15, "Modifier: OverChargeInProgress"],
];

/** apc_lookup_first_set_value_map_text. */
function firstSet(map: BitMap, v: number): string | undefined {
  for (const [bit, text] of map) {
    if (bit === 0 ? v === 0 : (v & bit) !== 0) return text;
  }
  return undefined;
}

function testStatus(result: BitMap, modifier: BitMap, v: number): string {
  return [firstSet(result, v), firstSet(SOURCE, v), firstSet(modifier, v)]
    .filter((p) => p !== undefined).join(", ");
}

/** Registers as one big-endian number (BigInt: 64-bit wide). */
export function apcNumber(regs: readonly number[], signed: boolean): bigint {
  let v = 0n;
  for (const w of regs) v = (v << 16n) | BigInt(w & 0xffff);
  return signed ? BigInt.asIntN(regs.length * 16, v) : v;
}

/** _apc_modbus_to_string: two characters a register, cleaned up. */
export function apcString(regs: readonly number[]): string {
  let i = 0;
  while (i < regs.length && regs[i] === 0) i++;
  const out: number[] = [];
  if (i < regs.length && (regs[i]! >> 8) === 0) out.push(regs[i++]! & 0xff);
  for (; i < regs.length; i++) out.push(regs[i]! >> 8, regs[i]! & 0xff);
  let end = out.length - 1;
  while (end > 0 && (out[end] === 0 || out[end] === 0x20)) end--;
  const kept = out.slice(0, end + 1);
  // NUT replaces unprintable characters, the first one aside
  for (let k = kept.length - 1; k > 0; k--) {
    if (kept[k]! < 0x20 || kept[k]! > 0x7e) kept[k] = 0x20;
  }
  const s = String.fromCharCode(...kept);
  return s.split("\0")[0]!;
}

/** Days since 2000-01-01 as YYYY-MM-DD. */
export function apcDate(days: number): string {
  return new Date((days + 10957) * 86400_000).toISOString().slice(0, 10);
}

/** YYYY-MM-DD as days since 2000-01-01, or null. */
export function apcParseDate(text: string): number | null {
  const m = /^\s*(\d{1,4})-(\d{1,2})-(\d{1,2})/.exec(text);
  if (!m) return null;
  const t = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
  return Math.floor(t / 86400_000) - 10957;
}

/** The text of a register block, given the nominal powers learned so far. */
export function apcFormat(
  reg: ApcRegister,
  regs: readonly number[],
  nominal: { power: number; realpower: number },
): string {
  if (reg.type === "string") return apcString(regs);
  const v = apcNumber(regs, reg.type === "int");
  const n = Number(v);
  const scaled = () => n / (1 << (reg.scale ?? 0));
  switch (reg.conv) {
    case undefined:
      return v.toString();
    case "double":
      return scaled().toFixed(reg.decimals ?? 6);
    case "power":
      return (scaled() / 100 * nominal[reg.nominal!]).toFixed(reg.decimals!);
    case "voltage":
      return n === 0xffff ? "NA" : scaled().toFixed(reg.decimals!);
    case "efficiency":
      return EFFICIENCY[n] ?? scaled().toFixed(reg.decimals!);
    case "cause":
      return CAUSES[n] ?? "Unknown";
    case "test":
      return testStatus(TEST_RESULT, MODIFIER, n);
    case "calibration":
      return testStatus(CAL_RESULT, CAL_MODIFIER, n);
    case "date":
      return apcDate(n);
    default: // timer
      return n === -1 ? "NotActive" : n === 0 ? "CountdownExpired" : `${n}`;
  }
}

/** Registers for a SET value, or null when it does not fit. */
export function apcEncode(reg: ApcRegister, text: string): number[] | null {
  const words = (v: bigint) => {
    const out: number[] = [];
    for (let i = reg.len - 1; i >= 0; i--) {
      out.unshift(Number(v & 0xffffn));
      v >>= 16n;
    }
    return out;
  };
  const bits = BigInt(reg.len * 16);
  if (reg.conv === "date") {
    const d = apcParseDate(text);
    return d === null || d < 0 || d >= 1 << (reg.len * 16)
      ? null
      : words(BigInt(d));
  }
  if (reg.type === "string") {
    if (text.length > reg.len * 2) return null;
    const out: number[] = [];
    for (let i = 0; i < reg.len; i++) {
      out.push(
        ((text.charCodeAt(2 * i) || 0) << 8) |
          (text.charCodeAt(2 * i + 1) || 0),
      );
    }
    return out;
  }
  if (!/^\s*[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.test(text)) return null;
  const neg = text.trim().startsWith("-");
  const v = BigInt(text.trim().replace(/^[+-]/, "")) * (neg ? -1n : 1n);
  if (reg.type === "uint" && (v < 0n || v >= 1n << bits)) return null;
  if (
    reg.type === "int" && (v >= 1n << (bits - 1n) || v < -(1n << (bits - 1n)))
  ) return null;
  return words(BigInt.asUintN(Number(bits), v));
}
