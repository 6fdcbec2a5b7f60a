/**
 * snmp-ups mapping cyberpower (CyberPower RMCARD): facts (OIDs, NUT variable names, multipliers,
 * flags, enumerations) taken from NUT 2.8.0's drivers/cyberpower-mib.c and
 * written in our declarative form (drivers/snmp/types.ts). Rows keep NUT's
 * order: it decides which of two rows for one variable wins. A hook
 * lookup keeps NUT's placeholder entry (NUT lists it as an enum value).
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";
const CYBERPOWER_POWER_STATUS: Lookup = { entries: [] };
const CYBERPOWER_BATTERY_STATUS: Lookup = {
  entries: [{ value: 1, text: "" }, { value: 2, text: "" }, {
    value: 3,
    text: "LB",
  }],
};
const CYBERPOWER_CAL_STATUS: Lookup = {
  entries: [{ value: 1, text: "" }, { value: 2, text: "" }, {
    value: 3,
    text: "CAL",
  }],
};
const CYBERPOWER_BATTREPL_STATUS: Lookup = {
  entries: [{ value: 1, text: "" }, { value: 2, text: "RB" }],
};

const CYBERPOWER_MIB: readonly SnmpRow[] = [
  {
    name: "device.description",
    kind: "var",
    oid: "1.3.6.1.2.1.1.1.0",
    size: 128,
    flags: ["string", "rw"],
  },
  {
    name: "device.contact",
    kind: "var",
    oid: "1.3.6.1.2.1.1.4.0",
    size: 128,
    flags: ["string", "rw"],
  },
  {
    name: "device.location",
    kind: "var",
    oid: "1.3.6.1.2.1.1.6.0",
    size: 128,
    flags: ["string", "rw"],
  },
  {
    name: "device.type",
    kind: "var",
    default: "ups",
    size: 128,
    flags: ["static", "absent", "string"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    default: "CYBERPOWER",
    size: 128,
    flags: ["static", "absent", "string"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.1.1.1.0",
    default: "CyberPower",
    size: 128,
    flags: ["static", "string"],
  },
  {
    name: "ups.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.1.2.3.0",
    default: "",
    size: 128,
    flags: ["static", "string"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.1.2.1.0",
    default: "",
    size: 128,
    flags: ["static", "string"],
  },
  {
    name: "ups.mfr.date",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.1.2.2.0",
    default: "",
    size: 128,
    flags: ["string"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.4.1.1.0",
    default: "",
    size: 128,
    lookup: CYBERPOWER_POWER_STATUS,
    flags: ["statusPwr", "string"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.1.1.0",
    default: "",
    size: 128,
    lookup: CYBERPOWER_BATTERY_STATUS,
    flags: ["statusBatt", "string"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.7.2.7.0",
    default: "",
    size: 128,
    lookup: CYBERPOWER_CAL_STATUS,
    flags: ["statusCal", "string"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.2.5.0",
    default: "",
    size: 128,
    lookup: CYBERPOWER_BATTREPL_STATUS,
    flags: ["statusRb", "string"],
  },
  {
    name: "ups.load",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.4.2.3.0",
    default: "",
  },
  {
    name: "battery.runtime",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.2.4.0",
    default: "",
  },
  {
    name: "battery.runtime.elapsed",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.1.2.0",
    default: "",
  },
  {
    name: "battery.voltage",
    kind: "var",
    oid: "1.3.6.1.2.1.33.1.2.5.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "battery.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.2.2.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "battery.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.2.8.0",
    default: "",
  },
  {
    name: "battery.current",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.4.2.4.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "battery.current",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.2.7.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "battery.charge",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.2.1.0",
    default: "",
  },
  {
    name: "battery.temperature",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.2.2.3.0",
    default: "",
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.3.2.1.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "input.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.3.2.4.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.4.2.1.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "output.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.4.2.2.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "output.current",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.4.2.4.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "ups.delay.start",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.5.2.9.0",
    default: "0",
    flags: ["typeTime", "rw"],
  },
  { name: "ups.delay.reboot", kind: "var", default: "0", flags: ["absent"] },
  {
    name: "ups.delay.shutdown",
    kind: "var",
    oid: "1.3.6.1.4.1.3808.1.1.1.5.2.11.0",
    default: "60",
    flags: ["typeTime", "rw"],
  },
  {
    name: "load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.6.2.1.0",
    scale: 2,
  },
  {
    name: "load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.6.2.6.0",
    scale: 2,
  },
  {
    name: "shutdown.stayoff",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.6.2.6.0",
    scale: 3,
  },
  {
    name: "shutdown.return",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.6.2.3.0",
    scale: 3,
  },
  {
    name: "test.failure.start",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.6.2.4.0",
    scale: 2,
  },
  {
    name: "test.panel.start",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.7.2.5.0",
    scale: 2,
  },
  {
    name: "test.battery.start",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.7.2.2.0",
    scale: 2,
  },
  {
    name: "calibrate.start",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.7.2.6.0",
    scale: 2,
  },
  {
    name: "calibrate.stop",
    kind: "cmd",
    oid: "1.3.6.1.4.1.3808.1.1.1.7.2.6.0",
    scale: 3,
  },
];

/** mibs=cyberpower */
export const CYBERPOWER: MibMapping = {
  name: "cyberpower",
  version: "0.51",
  sysOid: "1.3.6.1.4.1.3808.1.1.1",
  probeOid: "1.3.6.1.4.1.3808.1.1.1.1.1.1.0",
  rows: CYBERPOWER_MIB,
};
