/**
 * APC ePDUs with the rPDU2 tables (sysObjectID 318.1.3.4.9). Not in NUT
 * 2.8.0 (added later as mibs=apc); facts from NUT's current (post-2.8.0) apc-epdu-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const APC_EPDU_SW_OUTLET_STATUS: Lookup = {
  entries: [
    { value: 1, text: "off" },
    { value: 2, text: "on" },
  ],
};

const APC_EPDU_SW_OUTLET_SWITCHABILITY: Lookup = {
  entries: [
    { value: 1, text: "yes" },
    { value: 2, text: "yes" },
  ],
};

const APC_EPDU_ROWS: readonly SnmpRow[] = [
  {
    name: "device.mfr",
    kind: "var",
    default: "APC",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.2.1.1.4.1",
    default: "Easy ePDU",
    flags: ["string", "static"],
  },
  {
    name: "device.type",
    kind: "var",
    default: "pdu",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.contact",
    kind: "var",
    oid: "1.3.6.1.2.1.1.4.0",
    flags: ["string", "stale"],
  },
  {
    name: "device.description",
    kind: "var",
    oid: "1.3.6.1.2.1.1.5.0",
    flags: ["string", "stale"],
  },
  {
    name: "device.location",
    kind: "var",
    oid: "1.3.6.1.2.1.1.6.0",
    flags: ["string", "stale"],
  },
  {
    name: "device.uptime",
    kind: "var",
    oid: "1.3.6.1.2.1.1.3.0",
    flags: ["negInvalid"],
  },
  {
    name: "device.serial",
    kind: "var",
    // NUT writes this OID with a stray leading blank (so never reads it).
    oid: "1.3.6.1.4.1.318.1.1.30.2.1.1.5.1",
    flags: ["string", "static"],
  },
  {
    name: "device.part",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.2.1.1.4.1",
    flags: ["string", "static"],
  },
  {
    name: "device.version",
    kind: "var",
    // Stray leading blank in NUT too.
    oid: "1.3.6.1.4.1.318.1.1.30.2.1.1.3.1",
    flags: ["string", "static"],
  },
  { name: "input.phases", kind: "var", oid: "1.3.6.1.4.1.318.1.1.30.3.0" },
  {
    name: "input.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.2.1.1.7.1",
    flags: ["negInvalid"],
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.4.1",
    scale: 0.1,
    flags: ["negInvalid", "input1"],
  },
  {
    name: "input.current",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.5.1",
    scale: 0.01,
    flags: ["negInvalid", "input1"],
  },
  {
    name: "input.L1-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.4.1",
    scale: 0.1,
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L2-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.4.2",
    scale: 0.1,
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L3-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.4.3",
    scale: 0.1,
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L1.current",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.5.1",
    scale: 0.01,
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L2.current",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.5.2",
    scale: 0.01,
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L3.current",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.5.3",
    scale: 0.01,
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L1.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.6.1",
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L2.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.6.2",
    flags: ["negInvalid", "input3"],
  },
  {
    name: "input.L3.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.4.2.1.6.3",
    flags: ["negInvalid", "input3"],
  },
  {
    name: "outlet.count",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.5.0",
    flags: ["static"],
  },
  {
    name: "outlet.%i.id",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.6.1.1.1.%i",
    default: "%i",
    flags: ["static", "negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.name",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.6.2.1.2.%i",
    flags: ["negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.desc",
    kind: "var",
    default: "Outlet %i",
    flags: ["static", "absent", "outlet"],
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.6.1.1.4.%i",
    lookup: APC_EPDU_SW_OUTLET_STATUS,
    flags: ["string", "negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.30.6.1.1.4.%i",
    default: "yes",
    lookup: APC_EPDU_SW_OUTLET_SWITCHABILITY,
    flags: ["string", "static", "absent", "outlet"],
  },
];

/** APC ePDU (sysObjectID 318.1.3.4.9). */
export const APC_PDU_EPDU: MibMapping = {
  name: "apc",
  version: "0.10",
  sysOid: "1.3.6.1.4.1.318.1.3.4.9",
  rows: APC_EPDU_ROWS,
};
