/**
 * bcmxcp's data tables: which NUT variable each XCP meter feeds (by meter
 * number; some differ for single- and multi-phase units), and the lookup
 * lists for battery test results, topologies, commands and system tests.
 *
 * @module
 */
import { PW } from "./protocol.ts";

/** Meter number -> variable, whatever the phase count. */
const METERS_ANY: Record<number, string> = {
  0: "output.L1-L2.voltage",
  1: "output.L2-L3.voltage",
  2: "output.L3-L1.voltage",
  3: "input.L1-L2.voltage",
  4: "input.L2-L3.voltage",
  5: "input.L3-L1.voltage",
  19: "input.L2.current",
  20: "input.L3.current",
  22: "input.realpower",
  23: "ups.power",
  24: "input.power",
  25: "output.powerfactor",
  26: "input.powerfactor",
  27: "output.frequency",
  28: "input.frequency",
  30: "input.bypass.frequency",
  32: "battery.current",
  33: "battery.voltage",
  34: "battery.charge",
  35: "battery.runtime",
  41: "battery.voltage.low",
  43: "battery.charge.low",
  46: "battery.current.total",
  57: "input.L2-N.voltage",
  58: "input.L3-N.voltage",
  62: "ambient.temperature",
  63: "ups.temperature",
  64: "ambient.1.temperature",
  66: "output.L2.current",
  67: "output.L3.current",
  69: "output.L2.current.nominal",
  70: "output.L3.current.nominal",
  71: "ups.power.nominal",
  72: "ups.date",
  73: "ups.time",
  77: "battery.temperature",
  79: "output.L2-N.voltage",
  80: "output.L3-N.voltage",
  82: "ups.L1-N.realpower",
  83: "ups.L2-N.realpower",
  84: "ups.L3-N.realpower",
  85: "ups.realpower.nominal",
  91: "input.quality",
};

/** Single-phase units. */
const METERS_1P: Record<number, string> = {
  18: "input.current",
  47: "ups.load",
  53: "input.bypass.voltage",
  56: "input.voltage",
  65: "output.current",
  68: "output.current.nominal",
  78: "output.voltage",
  21: "ups.realpower",
};

/** Multi-phase units. */
const METERS_NP: Record<number, string> = {
  18: "input.L1.current",
  47: "output.L1.power.percent",
  48: "output.L2.power.percent",
  49: "output.L3.power.percent",
  50: "output.L1.power",
  51: "output.L2.power",
  52: "output.L3.power",
  53: "input.bypass.L1-N.voltage",
  54: "input.bypass.L2-N.voltage",
  55: "input.bypass.L3-N.voltage",
  56: "input.L1-N.voltage",
  65: "output.L1.current",
  68: "output.L1.current.nominal",
  78: "output.L1-N.voltage",
};

/** Meter numbers calculate_ups_load uses. */
export const METER = {
  outputVa: 23,
  outputVaBarChart: 71,
  loadCurrentA: 65,
  loadCurrentABarChart: 68,
} as const;

/** The variable meter `n` feeds for a unit with `phases` phases. */
export function meterVariable(n: number, phases: number): string | undefined {
  return (phases === 1 ? METERS_1P : METERS_NP)[n] ?? METERS_ANY[n];
}

/** The meter table size (BCMXCP_METER_MAP_MAX). */
export const METER_MAP_MAX = 136;

export const CPU_NAMES = ["Cont:", "Inve:", "Rect:", "Netw:", "Disp:"];
export const HORN = ["disabled", "enabled", "muted"];
export const ABM_STATUS = ["charging", "discharging", "floating", "resting"];
export const OUTLET_STATUS = [
  "unknown",
  "on/closed",
  "off/open",
  "on with pending",
  "off with pending",
  "unknown",
  "unknown",
  "failed and closed",
  "failed and open",
];

/** Battery test results (ups.test.result). */
export const BATT_TEST: Record<number, string> = {
  0: "No test initiated",
  1: "In progress",
  2: "Done and passed",
  3: "Aborted",
  4: "Done and error",
  5: "Test scheduled",
};

/** Topology codes (ups.description). */
export const TOPOLOGY: Record<number, string> = {
  0x0010: "Off-line switcher, Single Phase",
  0x0020: "Line-Interactive UPS, Single Phase",
  0x0021: "Line-Interactive UPS, Two Phase",
  0x0022: "Line-Interactive UPS, Three Phase",
  0x0030: "Dual AC Input, On-Line UPS, Single Phase",
  0x0031: "Dual AC Input, On-Line UPS, Two Phase",
  0x0032: "Dual AC Input, On-Line UPS, Three Phase",
  0x0040: "On-Line UPS, Single Phase",
  0x0041: "On-Line UPS, Two Phase",
  0x0042: "On-Line UPS, Three Phase",
  0x0050: "Parallel Redundant On-Line UPS, Single Phase",
  0x0051: "Parallel Redundant On-Line UPS, Two Phase",
  0x0052: "Parallel Redundant On-Line UPS, Three Phase",
  0x0060: "Parallel for Capacity On-Line UPS, Single Phase",
  0x0061: "Parallel for Capacity On-Line UPS, Two Phase",
  0x0062: "Parallel for Capacity On-Line UPS, Three Phase",
  0x0102: "System Bypass Module, Three Phase",
  0x0122: "Hot-Tie Cabinet, Three Phase",
  0x0200: "Outlet Controller, Single Phase",
  0x0222: "Dual AC Input Static Switch Module, 3 Phase",
};

/** Command bytes of the command list that become instant commands, in NUT's table order. */
export const COMMANDS: ReadonlyArray<[number, string]> = [
  [PW.initBatTest, "test.battery.start"],
  [PW.loadOffRestart, "shutdown.return"],
  [PW.upsOff, "shutdown.stayoff"],
  [PW.upsOn, "load.on"],
  [PW.goToBypass, "bypass.start"],
];

/** System test codes that become instant commands. */
export const SYSTEM_TESTS: Record<number, string> = {
  0x01: "test.system.start",
  0x04: "test.panel.start",
};

/** PW_SET_CONF_COMMAND parameter codes and the variable each makes writable. */
export const EXT_VARS: Record<
  number,
  [string, number] | "beeper"
> = {
  0x02: ["input.transfer.boost.high", 3],
  0x03: ["input.transfer.trim.low", 3],
  0x05: ["battery.runtime.low", 2],
  0x06: "beeper",
  0x07: ["input.transfer.delay", 5],
  0x08: ["battery.charge.restart", 3],
  0x0a: ["ambient.temperature.high", 3],
  0x0b: ["output.voltage.nominal", 3],
  0x0d: ["battery.energysave.load", 3],
  0x0e: ["battery.energysave.delay", 3],
  0x0f: ["battery.packs", 1],
};
