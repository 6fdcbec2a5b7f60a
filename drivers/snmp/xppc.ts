/**
 * Phoenixtec / Megatec NetAgent UPS cards (XPPC-MIB, enterprise 935).
 * Facts from NUT 2.8.0's xppc-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const XPCC_ONBATT: Lookup = {
  entries: [
    { value: 1, text: "" },
    { value: 2, text: "" },
    { value: 3, text: "LB" },
  ],
};

const XPCC_POWER: Lookup = {
  entries: [
    { value: 1, text: "" },
    { value: 2, text: "OL" },
    { value: 3, text: "OB" },
    { value: 4, text: "OL BOOST" },
    { value: 5, text: "OFF" },
    { value: 6, text: "BYPASS" },
    { value: 7, text: "" },
    { value: 8, text: "OFF" },
    { value: 9, text: "OL TRIM" },
  ],
};

const XPPC_ROWS: readonly SnmpRow[] = [
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
    default: "Tripp Lite / Phoenixtec",
    flags: ["string", "static", "absent"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.935.1.1.1.1.1.1.0",
    default: "Generic Phoenixtec SNMP device",
    flags: ["string"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.935.1.1.1.2.1.1.0",
    default: "",
    lookup: XPCC_ONBATT,
    flags: ["string", "statusBatt"],
  },
  { name: "battery.charge", kind: "var", oid: "1.3.6.1.4.1.935.1.1.1.2.2.1.0" },
  {
    name: "ups.temperature",
    kind: "var",
    oid: "1.3.6.1.4.1.935.1.1.1.2.2.3.0",
    scale: 0.1,
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.935.1.1.1.3.2.1.0",
    scale: 0.1,
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.935.1.1.1.4.1.1.0",
    default: "",
    lookup: XPCC_POWER,
    flags: ["string", "statusPwr"],
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.935.1.1.1.4.2.1.0",
    scale: 0.1,
  },
  {
    name: "output.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.935.1.1.1.4.2.2.0",
    scale: 0.1,
  },
  { name: "ups.load", kind: "var", oid: "1.3.6.1.4.1.935.1.1.1.4.2.3.0" },
];

/** XPPC (Megatec NetAgent) UPS. */
export const XPPC: MibMapping = {
  name: "xppc",
  version: "0.4",
  sysOid: "1.3.6.1.4.1.935",
  rows: XPPC_ROWS,
};
