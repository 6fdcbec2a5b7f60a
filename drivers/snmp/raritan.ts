/**
 * Raritan Dominion PX PDUs (PDU-MIB, enterprise 13742). Facts from
 * NUT 2.8.0's raritan-pdu-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const RARITAN_PDU_OUTLET_STATUS: Lookup = {
  entries: [
    { value: -1, text: "error" },
    { value: 0, text: "off" },
    { value: 1, text: "on" },
    { value: 2, text: "cycling" },
  ],
};

const RARITAN_ROWS: readonly SnmpRow[] = [
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
    name: "device.mfr",
    kind: "var",
    default: "Raritan",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.1.12.0",
    default: "Generic SNMP PDU",
    flags: ["string", "static"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.1.2.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "device.type",
    kind: "var",
    default: "pdu",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.macaddr",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.1.6.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    default: "Raritan",
    flags: ["string", "static", "absent"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.1.12.0",
    default: "Generic SNMP PDU",
    flags: ["string", "static"],
  },
  {
    name: "ups.id",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.1.13.0",
    default: "unknown",
    flags: ["string", "static"],
  },
  {
    name: "ups.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.1.2.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.1.1.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.type",
    kind: "var",
    default: "pdu",
    flags: ["string", "static", "absent"],
  },
  { name: "ups.temperature", kind: "var", oid: "1.3.6.1.4.1.13742.1.3.1.5.0" },
  { name: "outlet.id", kind: "var", default: "0", flags: ["static", "absent"] },
  {
    name: "outlet.desc",
    kind: "var",
    default: "All outlets",
    size: 20,
    flags: ["rw", "string", "static", "absent"],
  },
  {
    name: "outlet.count",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.1.0",
    default: "0",
  },
  {
    name: "outlet.current",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.3.1.1.0",
    scale: 0.001,
  },
  {
    name: "outlet.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.3.1.2.0",
    scale: 0.001,
  },
  { name: "outlet.realpower", kind: "var", oid: "1.3.6.1.4.1.13742.1.3.1.3.0" },
  { name: "outlet.power", kind: "var", oid: "1.3.6.1.4.1.13742.1.3.1.4.0" },
  {
    name: "outlet.%i.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.1.%i",
    default: "yes",
    flags: ["static", "outlet"],
  },
  {
    name: "outlet.%i.id",
    kind: "var",
    default: "%i",
    flags: ["static", "absent", "outlet"],
  },
  {
    name: "outlet.%i.desc",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.2.%i",
    size: 128,
    flags: ["rw", "string", "outlet"],
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.3.%i",
    lookup: RARITAN_PDU_OUTLET_STATUS,
    flags: ["string", "outlet"],
  },
  {
    name: "outlet.%i.current",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.4.%i",
    scale: 0.001,
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.current.maximum",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.5.%i",
    scale: 0.001,
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.7.%i",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.6.%i",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.9.%i",
    scale: 0.01,
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.power",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.8.%i",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.3.%i",
    default: "0",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.3.%i",
    default: "1",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.cycle",
    kind: "cmd",
    oid: "1.3.6.1.4.1.13742.1.2.2.1.3.%i",
    default: "2",
    flags: ["outlet"],
  },
];

/** Raritan PX PDU. */
export const RARITAN: MibMapping = {
  name: "raritan",
  version: "0.8",
  sysOid: "1.3.6.1.4.1.13742",
  probeOid: "1.3.6.1.4.1.13742.1.1.12.0",
  rows: RARITAN_ROWS,
};
