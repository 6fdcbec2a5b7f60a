/**
 * Eaton nLogic PDUs (sysObjectID 534.7.1). Not in NUT 2.8.0; facts from
 * NUT's current (post-2.8.0) eaton-pdu-nlogic-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const EATON_NLOGIC_UNIT_SWITCHABILITY: Lookup = {
  entries: [
    { value: 1, text: "yes" },
    { value: 2, text: "no" },
  ],
};

const EATON_NLOGIC_OUTLET_STATUS: Lookup = {
  entries: [
    { value: 1, text: "off" },
    { value: 2, text: "on" },
    { value: 3, text: "pendingOff" },
    { value: 4, text: "pendingOn" },
  ],
};

const EATON_NLOGIC_OUTLET_TYPE: Lookup = {
  entries: [
    { value: 0, text: "unknown" },
    { value: 1, text: "iecC13" },
    { value: 2, text: "iecC19" },
    { value: 3, text: "i5-20R" },
    { value: 10, text: "uk" },
    { value: 11, text: "french" },
    { value: 12, text: "schuko" },
    { value: 20, text: "nema515" },
    { value: 21, text: "nema51520" },
    { value: 22, text: "nema520" },
    { value: 23, text: "nemaL520" },
    { value: 24, text: "nemaL530" },
    { value: 25, text: "nema615" },
    { value: 26, text: "nema620" },
    { value: 27, text: "nemaL620" },
    { value: 28, text: "nemaL630" },
    { value: 29, text: "nemaL715" },
    { value: 30, text: "rf203p277" },
  ],
};

const EATON_PDU_NLOGIC_ROWS: readonly SnmpRow[] = [
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
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.4.1",
    default: "EATON",
    flags: ["string", "static"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.3.1",
    default: "Eaton ePDU",
    flags: ["string", "static"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.8.1",
    flags: ["string", "static"],
  },
  {
    name: "device.type",
    kind: "var",
    default: "pdu",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.part",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.7.1",
    flags: ["string", "static"],
  },
  {
    name: "device.macaddr",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.14.1",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "device.count",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.1.0",
    default: "0",
    flags: ["static"],
  },
  {
    name: "device.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.5.1",
    default: "",
    flags: ["string"],
  },
  {
    name: "device.name",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.2.1",
    size: 63,
    flags: ["rw", "string"],
  },
  { name: "input.phases", kind: "var", oid: "1.3.6.1.4.1.534.7.1.1.2.1.11.1" },
  {
    name: "input.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.2.1.1.2.1",
    scale: 0.1,
  },
  {
    name: "input.current",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.2.1.1.11.1",
    scale: 0.01,
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.2.2.1.3.1.1",
    scale: 0.1,
  },
  {
    name: "outlet.group.count",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.12.1",
    flags: ["static"],
  },
  {
    name: "outlet.group.%i.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.3.1.1.5.1.%i",
    scale: 0.1,
    flags: ["outletGroup"],
  },
  {
    name: "outlet.group.%i.current",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.3.1.1.12.1.%i",
    flags: ["outletGroup"],
  },
  { name: "outlet.count", kind: "var", oid: "1.3.6.1.4.1.534.7.1.1.2.1.13.1" },
  {
    name: "outlet.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.1.2.1.10.1",
    default: "no",
    lookup: EATON_NLOGIC_UNIT_SWITCHABILITY,
    flags: ["string", "static"],
  },
  {
    name: "outlet.%i.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.8.1.%i",
    default: "no",
    size: 128,
    lookup: EATON_NLOGIC_UNIT_SWITCHABILITY,
    flags: ["rw", "string", "outlet"],
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.1.1.%i",
    lookup: EATON_NLOGIC_OUTLET_STATUS,
    flags: ["string", "outlet"],
  },
  {
    name: "outlet.%i.name",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.1.1.2.1.%i",
    size: 128,
    flags: ["rw", "string", "outlet"],
  },
  {
    name: "outlet.%i.type",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.1.1.3.1.%i",
    default: "unknown",
    lookup: EATON_NLOGIC_OUTLET_TYPE,
    flags: ["string", "static", "outlet"],
  },
  {
    name: "outlet.%i.current.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.1.1.4.1.%i",
    scale: 0.01,
    flags: ["negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.current",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.1.1.5.1.%i",
    scale: 0.01,
    flags: ["negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.load",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.1.1.11.1.%i",
    flags: ["negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.power",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.1.1.12.1.%i",
    flags: ["negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.1.1.13.1.%i",
    flags: ["negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.10.1.%i",
    default: "1",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.10.1.%i",
    default: "2",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.cycle",
    kind: "cmd",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.10.1.%i",
    default: "5",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.delay.shutdown",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.9.1.%i",
    flags: ["rw", "negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.delay.start",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.6.1.%i",
    flags: ["rw", "negInvalid", "outlet"],
  },
  {
    name: "outlet.%i.delay.reboot",
    kind: "var",
    oid: "1.3.6.1.4.1.534.7.1.5.2.1.7.1.%i",
    flags: ["rw", "negInvalid", "outlet"],
  },
];

/** Eaton nLogic PDU. */
export const EATON_PDU_NLOGIC: MibMapping = {
  name: "eaton_pdu_nlogic",
  version: "0.10",
  sysOid: "1.3.6.1.4.1.534.7.1",
  rows: EATON_PDU_NLOGIC_ROWS,
};
