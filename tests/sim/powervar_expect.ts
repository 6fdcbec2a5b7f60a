/**
 * What NUT master's powervar_cx.c publishes for the CusppModel's answers
 * (worked out by hand from its source), shared by the serial and USB
 * tests.
 *
 * @module
 */
import type { PvarState } from "./powervar.ts";

/** Start-up values (FORMAT/data of PID, UID, BAT, SYS, SET, EVT). */
export const PVAR_STATIC: readonly string[] = [
  "battery.date: 202401 (yyyymm)",
  "battery.type: PbAc",
  "battery.voltage.nominal: 24",
  "device.description: UPM",
  "device.mfr: POWERVAR",
  "device.model: UPM48-1500",
  "device.serial: A123-456",
  "device.uptime: 123456",
  "input.frequency.nominal: 60",
  "input.voltage.nominal: 120",
  "output.current.nominal: 12",
  "output.frequency.nominal: 60",
  "output.voltage.nominal: 120",
  "ups.delay.shutdown: 1",
  "ups.delay.start: 1",
  "ups.firmware: 2.10",
  "ups.firmware.aux: 1.05",
  "ups.id: UPM",
  "ups.load.high: 110",
  "ups.mfr.date: 20240115 (yyyymmdd)",
  "ups.shutdown: enabled",
  "ups.start.auto: yes",
  "ups.test.interval: 1209600",
  "ups.type: Line Interactive",
  "ups.load: 35",
  "output.voltage: 120",
  "output.frequency: 60.0",
  "output.current: 3.2",
  "input.voltage.maximum: 124",
  "input.voltage.minimum: 118",
  "battery.voltage: 27",
  "battery.temperature: 29",
  "ups.temperature: 29",
  "ups.beeper.status: enabled",
];

const MAINS = [
  "input.voltage: 121",
  "input.frequency: 60.0",
  "input.current: 2.1",
  "battery.charge: 100",
  "battery.runtime: 2700",
];
const BATTERY = [
  "input.voltage: 0",
  "input.frequency: 0.0",
  "input.current: 0.0",
  "battery.runtime: 720",
];

/** Poll values per state. */
export const PVAR_POLL: Record<PvarState, readonly string[]> = {
  online: [...MAINS, "ups.test.result: Normal", "ups.status: OL"],
  battery: [
    ...BATTERY,
    "battery.charge: 100",
    "ups.test.result: Normal",
    "ups.status: OB",
  ],
  low: [
    ...BATTERY,
    "battery.charge: 18",
    "ups.test.result: Normal",
    "ups.status: OB LB",
  ],
  badbattery: [
    ...MAINS,
    "ups.test.result: Change Battery",
    "ups.status: OL RB",
  ],
  boost: [...MAINS, "ups.test.result: Normal", "ups.status: BOOST"],
};

/** Start-up requests in NUT's order. */
export const PVAR_STARTUP: readonly string[] = [
  "PID.FORMAT",
  "PID",
  "UID.FORMAT",
  "UID",
  "BAT.FORMAT",
  "BAT",
  "INP.FORMAT",
  "OUT.FORMAT",
  "SYS.FORMAT",
  "SYS",
  "SET.FORMAT",
  "SET",
  "ALM.FORMAT",
  "TST.FORMAT",
  "EVT.FORMAT",
  "EVT",
];
/** One poll's requests. */
export const PVAR_POLL_REQS: readonly string[] = [
  "OUT",
  "INP.1",
  "BAT",
  "SET",
  "ALM",
  "EVT",
];

/** Instant commands and the requests each sends (ups.delay.* at 1 and 7). */
export const PVAR_CMDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ["test.battery.start.quick", ["TST.BATQCK.W=1"]],
  ["test.battery.start.deep", ["TST.BATDEP.W=1"]],
  ["test.failure.start", ["TST.BATDEP.W=1"]],
  ["test.battery.stop", ["TST.ABORT.W=1"]],
  ["test.failure.stop", ["TST.ABORT.W=1"]],
  ["shutdown.stop", ["SET.OFFSTP.W=1"]],
  ["beeper.enable", ["SET.AUDIBL.W=1"]],
  ["beeper.disable", ["SET.AUDIBL.W=0"]],
  ["beeper.mute", ["SET.AUDIBL.W=2"]],
  ["load.off", ["SET.OFFNOW.W=1"]],
  ["load.off.delay", ["SET.OFFDLY.W=1"]],
  ["load.on", ["SET.SRTDLY.W=1"]],
  ["load.on.delay", ["SET.SRTDLY.W=7"]],
  ["shutdown.return", ["SET.ATOSRT.W=1", "SET.OFFDLY.W=1"]],
  ["shutdown.reboot", ["SET.ATOSRT.W=1", "SET.OFFDLY.W=1"]],
  ["shutdown.stayoff", ["SET.ATOSRT.W=0", "SET.OFFDLY.W=1"]],
  ["reset.input.minmax", ["SET.RSTINP.W=1"]],
  ["test.panel.start", ["TST.DISP.W=10"]],
];

/** The commands the unit's FORMAT answers offer, in NUT's order. */
export const PVAR_CMD_LIST: readonly string[] = [
  "test.battery.start.quick",
  "test.battery.start.deep",
  "test.failure.start",
  "test.failure.stop",
  "test.battery.stop",
  "shutdown.return",
  "shutdown.stop",
  "shutdown.reboot",
  "load.off",
  "load.off.delay",
  "shutdown.stayoff",
  "beeper.enable",
  "beeper.disable",
  "beeper.mute",
  "load.on",
  "load.on.delay",
  "reset.input.minmax",
  "test.panel.start",
];
