/**
 * Vertiv / Liebert UPSes with the LIEBERT-GP tables (476.1.42). Not in
 * NUT 2.8.0; facts from NUT's current (post-2.8.0) vertiv-mib.c.
 *
 * @module
 */
import type { AlarmRow, Lookup, MibMapping, SnmpRow } from "./types.ts";

const VERTIV_BEEPER_STATUS: Lookup = {
  entries: [
    { value: 1, text: "enabled" },
    { value: 2, text: "disabled" },
  ],
};

const VERTIV_POWER_SOURCE: Lookup = {
  entries: [
    { value: 1, text: "" },
    { value: 2, text: "OFF" },
    { value: 3, text: "OL" },
    { value: 4, text: "BYPASS" },
    { value: 5, text: "OB" },
    { value: 6, text: "BOOST" },
    { value: 7, text: "TRIM" },
  ],
};

const VERTIV_ROWS: readonly SnmpRow[] = [
  {
    name: "device.description",
    kind: "var",
    oid: "1.3.6.1.2.1.1.1.0",
    size: 128,
    flags: ["rw", "string", "semiStatic"],
  },
  {
    name: "device.contact",
    kind: "var",
    oid: "1.3.6.1.2.1.1.4.0",
    size: 128,
    flags: ["rw", "string", "semiStatic"],
  },
  {
    name: "device.location",
    kind: "var",
    oid: "1.3.6.1.2.1.1.6.0",
    size: 128,
    flags: ["rw", "string", "semiStatic"],
  },
  {
    name: "device.mfr",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.2.1.1.0",
    flags: ["string", "static"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.2.4.2.1.4.1",
    flags: ["string", "static"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.2.4.2.1.7.1",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.2.4.2.1.5.1",
    flags: ["string", "static"],
  },
  {
    name: "device.type",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.20.1.2.1.4553",
    flags: ["string", "static"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.20.1.2.1.4333",
    flags: ["string", "static"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.20.1.2.1.4240",
    flags: ["string", "static"],
  },
  {
    name: "ups.load",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.5861",
    default: "",
    flags: ["negInvalid"],
  },
  {
    name: "ups.temperature",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.10.1.2.1.4291",
    flags: ["negInvalid"],
  },
  {
    name: "ups.type",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.20.1.2.1.6199",
    flags: ["string", "static"],
  },
  {
    name: "battery.charge",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4153",
    default: "",
    flags: ["negInvalid"],
  },
  {
    name: "battery.runtime",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4150",
    default: "",
    scale: 60,
    flags: ["negInvalid"],
  },
  {
    name: "battery.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4148",
    default: "",
    flags: ["negInvalid"],
  },
  {
    name: "battery.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.6189",
    default: "",
    flags: ["static"],
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4096",
    default: "",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "input.current",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4113",
    default: "",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "input.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4105",
    default: "",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "input.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4102",
    default: "",
    flags: ["static"],
  },
  {
    name: "input.current.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4104",
    default: "",
    flags: ["static"],
  },
  {
    name: "input.frequency.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4103",
    default: "",
    flags: ["static"],
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4385",
    default: "",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "output.current",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4204",
    default: "",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "output.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4207",
    default: "",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "output.power",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4208",
    default: "",
    flags: ["negInvalid"],
  },
  {
    name: "output.power.apparent",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4209",
    default: "",
    flags: ["negInvalid"],
  },
  {
    name: "output.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4260",
    default: "",
    flags: ["static"],
  },
  {
    name: "output.power.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4264",
    default: "",
    flags: ["static"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.4872",
    default: "",
    lookup: VERTIV_POWER_SOURCE,
    flags: ["string", "statusPwr"],
  },
  {
    name: "ups.beeper.status",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.6188",
    default: "",
    lookup: VERTIV_BEEPER_STATUS,
    flags: ["string", "unique"],
  },
  {
    name: "beeper.disable",
    kind: "cmd",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.6188",
    default: "2",
  },
  {
    name: "beeper.enable",
    kind: "cmd",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.6188",
    default: "1",
  },
  {
    name: "ups.delay.shutdown",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.5814",
    default: "",
    flags: ["rw", "typeTime"],
  },
  {
    name: "ups.delay.start",
    kind: "var",
    oid: "1.3.6.1.4.1.476.1.42.3.9.30.1.20.1.2.1.5816",
    default: "",
    flags: ["rw", "typeTime"],
  },
];

const VERTIV_ALARMS: readonly AlarmRow[] = [
  {
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.10.1.2.100.4168",
    status: "OB",
    alarm: "Battery Discharging",
  },
  {
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.10.1.2.100.4162",
    status: "LB",
    alarm: "Battery Low",
  },
  {
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.10.1.2.100.5806",
    status: "OVER",
    alarm: "Output Overload",
  },
  {
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.10.1.2.100.6182",
    status: "RB",
    alarm: "Replace Battery",
  },
  {
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.10.1.2.100.4233",
    status: "FAULT",
    alarm: "Inverter Failure",
  },
  {
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.10.1.2.100.4310",
    status: "OT",
    alarm: "Over Temperature",
  },
  {
    oid: "1.3.6.1.4.1.476.1.42.3.9.20.1.10.1.2.100.4215",
    status: "OFF",
    alarm: "UPS Output Off",
  },
];

/** Vertiv (Liebert GP) UPS. */
export const VERTIV: MibMapping = {
  name: "vertiv",
  version: "0.01",
  sysOid: "1.3.6.1.4.1.476.1.42",
  probeOid: "1.3.6.1.4.1.476.1.42.2.4.2.1.4.1",
  powerStatusOid: "1.3.6.1.4.1.476.1.42.3.5.3",
  rows: VERTIV_ROWS,
  alarms: VERTIV_ALARMS,
};
