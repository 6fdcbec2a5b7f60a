/**
 * Baytech RPC rack PDUs (enterprise 4779, the RPC-3/4 MIB). Facts from
 * NUT 2.8.0's baytech-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const BAYTECH_OUTLET_STATUS: Lookup = {
  entries: [
    { value: -1, text: "error" },
    { value: 0, text: "off" },
    { value: 1, text: "on" },
    { value: 2, text: "cycling" },
    // Values NUT added after 2.8.0 (#1871); 2.8.0 published nothing for them.
    { value: 3, text: "lockon" },
    { value: 4, text: "lockoff" },
    { value: 5, text: "unlock" },
    { value: 6, text: "unknown" },
  ],
};

const BAYTECH_ROWS: readonly SnmpRow[] = [
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
    default: "BayTech",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.2.1.24.1",
    default: "Generic SNMP PDU",
    flags: ["string", "static"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.1.2.0",
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
    oid: "1.3.6.1.2.1.2.2.1.6.2",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    default: "Baytech",
    flags: ["string", "static", "absent"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.2.1.24.1",
    default: "Generic SNMP PDU",
    flags: ["string", "static"],
  },
  {
    name: "ups.id",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.1.3.0",
    default: "unknown",
    flags: ["string", "static"],
  },
  {
    name: "ups.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.1.2.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.1.1.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.type",
    kind: "var",
    default: "pdu",
    flags: ["string", "static", "absent"],
  },
  {
    name: "ups.temperature",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.5.1.10.2.1",
    scale: 0.1,
  },
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
    oid: "1.3.6.1.4.1.4779.1.3.5.2.1.15.1",
    default: "0",
  },
  {
    name: "outlet.current",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.5.1.6.2.1",
    scale: 0.1,
  },
  {
    name: "outlet.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.5.1.8.2.1",
    scale: 0.1,
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.3.1.3.1.%i",
    lookup: BAYTECH_OUTLET_STATUS,
    flags: ["string", "outlet"],
  },
  {
    name: "outlet.%i.desc",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.3.1.4.1.%i",
    size: 128,
    flags: ["rw", "string", "outlet"],
  },
  {
    name: "outlet.%i.id",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.6.1.3.2.1.%i",
    default: "%i",
    flags: ["static", "absent", "outlet"],
  },
  {
    name: "outlet.%i.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.4779.1.3.5.3.1.1.1.%i",
    default: "yes",
    flags: ["static", "outlet"],
  },
  {
    name: "outlet.%i.load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.4779.1.3.5.3.1.3.1.%i",
    default: "0",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.4779.1.3.5.3.1.3.1.%i",
    default: "1",
    flags: ["outlet"],
  },
];

/** Baytech RPC PDU. */
export const BAYTECH: MibMapping = {
  name: "baytech",
  version: "0.4034",
  sysOid: "1.3.6.1.4.1.4779",
  probeOid: "1.3.6.1.4.1.4779.1.3.5.2.1.24.1",
  rows: BAYTECH_ROWS,
};
