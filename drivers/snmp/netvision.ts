/**
 * Socomec Sicon NetVision UPS cards (enterprise 4555.1.1.1). Facts from
 * NUT 2.8.0's netvision-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const NETVISION_BATT: Lookup = {
  entries: [
    { value: 2, text: "" },
    { value: 3, text: "LB" },
    { value: 4, text: "LB" },
    { value: 5, text: "DISCHRG" },
    { value: 6, text: "RB" },
  ],
};

const NETVISION_ONBATT: Lookup = {
  entries: [
    { value: 0, text: "OL" },
    { value: 1, text: "OB" },
  ],
};

const NETVISION_OUTPUT: Lookup = {
  entries: [
    // upsOutputSource as SOCOMECUPS-MIB defines it (NUT's later fix; 2.8.0
    // read 4-8 as if they were another enumeration).
    { value: 1, text: "" },
    { value: 2, text: "" },
    { value: 3, text: "OL" },
    { value: 4, text: "" },
    { value: 5, text: "OL BYPASS" },
    { value: 6, text: "OFF" },
    { value: 7, text: "OL BYPASS" },
    { value: 8, text: "OFF" },
    { value: 9, text: "" },
  ],
};

const NETVISION_ROWS: readonly SnmpRow[] = [
  {
    name: "device.description",
    kind: "var",
    oid: "1.3.6.1.2.1.1.1.0",
    size: 128,
    flags: ["rw", "string"],
  },
  {
    name: "device.contact",
    kind: "var",
    oid: "1.3.6.1.2.1.1.4.0",
    size: 128,
    flags: ["rw", "string"],
  },
  {
    name: "device.location",
    kind: "var",
    oid: "1.3.6.1.2.1.1.6.0",
    size: 128,
    flags: ["rw", "string"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.1.3.0",
    default: "SOCOMEC SICON UPS",
    flags: ["string", "static"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.1.1.0",
    default: "Generic SNMP UPS",
    flags: ["string", "static"],
  },
  {
    name: "ups.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.1.4.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware.aux",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.1.2.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.2.1.0",
    default: "",
    lookup: NETVISION_BATT,
    flags: ["string", "statusBatt"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.1.0",
    default: "",
    lookup: NETVISION_OUTPUT,
    flags: ["string", "statusPwr"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.6.3.2.0",
    default: "",
    lookup: NETVISION_ONBATT,
    flags: ["string", "statusPwr"],
  },
  {
    name: "ups.load",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.4.1",
    flags: ["input1"],
  },
  { name: "input.phases", kind: "var", oid: "1.3.6.1.4.1.4555.1.1.1.1.3.1.0" },
  {
    name: "input.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.2.0",
    scale: 0.1,
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.5.1",
    scale: 0.1,
    flags: ["input1"],
  },
  {
    name: "input.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.3.1",
    scale: 0.1,
    flags: ["input1"],
  },
  {
    name: "input.L1-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.5.1",
    scale: 0.1,
    flags: ["input3"],
  },
  {
    name: "input.L1.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.3.1",
    scale: 0.1,
    flags: ["input3"],
  },
  {
    name: "input.L2-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.5.2",
    scale: 0.1,
    flags: ["input3"],
  },
  {
    name: "input.L2.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.3.2",
    scale: 0.1,
    flags: ["input3"],
  },
  {
    name: "input.L3-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.5.3",
    scale: 0.1,
    flags: ["input3"],
  },
  {
    name: "input.L3.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.3.3.1.3.3",
    scale: 0.1,
    flags: ["input3"],
  },
  { name: "output.phases", kind: "var", oid: "1.3.6.1.4.1.4555.1.1.1.1.4.3.0" },
  {
    name: "output.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.2.0",
    scale: 0.1,
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.2.1",
    scale: 0.1,
    flags: ["output1"],
  },
  {
    name: "output.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.3.1",
    scale: 0.1,
    flags: ["output1"],
  },
  {
    name: "output.load",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.4.1",
    flags: ["output1"],
  },
  {
    name: "output.L1-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.2.1",
    scale: 0.1,
    flags: ["output3"],
  },
  {
    name: "output.L1.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.3.1",
    scale: 0.1,
    flags: ["output3"],
  },
  {
    name: "output.L1.power.percent",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.4.1",
    flags: ["output3"],
  },
  {
    name: "output.L2-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.2.2",
    scale: 0.1,
    flags: ["output3"],
  },
  {
    name: "output.L2.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.3.2",
    scale: 0.1,
    flags: ["output3"],
  },
  {
    name: "output.L2.power.percent",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.4.2",
    flags: ["output3"],
  },
  {
    name: "output.L3-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.2.3",
    scale: 0.1,
    flags: ["output3"],
  },
  {
    name: "output.L3.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.3.3",
    scale: 0.1,
    flags: ["output3"],
  },
  {
    name: "output.L3.power.percent",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.4.4.1.4.3",
    flags: ["output3"],
  },
  {
    name: "input.bypass.phases",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.2.0",
  },
  {
    name: "input.bypass.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.1.0",
    scale: 0.1,
  },
  {
    name: "input.bypass.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.2.1",
    scale: 0.1,
    flags: ["bypass1"],
  },
  {
    name: "input.bypass.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.3.1",
    scale: 0.1,
    flags: ["bypass1"],
  },
  {
    name: "input.bypass.L1-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.2.1",
    scale: 0.1,
    flags: ["bypass3"],
  },
  {
    name: "input.bypass.L1.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.3.1",
    scale: 0.1,
    flags: ["bypass3"],
  },
  {
    name: "input.bypass.L2-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.2.2",
    scale: 0.1,
    flags: ["bypass3"],
  },
  {
    name: "input.bypass.L2.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.3.2",
    scale: 0.1,
    flags: ["bypass3"],
  },
  {
    name: "input.bypass.L3-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.2.3",
    scale: 0.1,
    flags: ["bypass3"],
  },
  {
    name: "input.bypass.L3.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.5.3.1.3.3",
    scale: 0.1,
    flags: ["bypass3"],
  },
  {
    name: "battery.charge",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.2.4.0",
    default: "",
  },
  {
    name: "battery.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.2.5.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "battery.runtime",
    kind: "var",
    oid: "1.3.6.1.4.1.4555.1.1.1.1.2.3.0",
    default: "",
    scale: 60,
  },
];

/** Socomec NetVision UPS. */
export const NETVISION: MibMapping = {
  name: "netvision",
  version: "0.44",
  sysOid: "1.3.6.1.4.1.4555.1.1.1",
  probeOid: "1.3.6.1.4.1.4555.1.1.1.1.1.1.0",
  rows: NETVISION_ROWS,
};
