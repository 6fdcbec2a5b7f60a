/**
 * Emerson / Avocent PM3000 rack PDUs (enterprise 10418.17), daisy-chained
 * banks as device.N. Facts from NUT 2.8.0's emerson-avocent-pdu-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const AVOCENT_OUTLET_STATUS: Lookup = {
  entries: [
    { value: 1, text: "off" },
    { value: 2, text: "on" },
  ],
};

const EMERSON_AVOCENT_PDU_ROWS: readonly SnmpRow[] = [
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
    default: "Avocent",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.3.1.5.1.%i",
    default: "Avocent SNMP PDU",
    flags: ["string", "absent", "naInvalid"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.1.4.0",
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
    name: "device.count",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.2.1.4.1",
    default: "1",
    flags: ["static"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    default: "Avocent",
    flags: ["string", "static", "absent"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.1.2.0",
    default: "Avocent SNMP PDU",
    flags: ["string", "static"],
  },
  {
    name: "ups.id",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.1.1.0",
    default: "unknown",
    flags: ["string", "static"],
  },
  {
    name: "ups.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.1.4.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.1.7.0",
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
    name: "ups.macaddr",
    kind: "var",
    oid: "1.3.6.1.2.1.2.2.1.6.1",
    default: "",
    flags: ["string", "static"],
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
    oid: "1.3.6.1.4.1.10418.17.2.5.3.1.8.1.%i",
    default: "0",
    flags: ["static", "zeroInvalid"],
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.5.1.%i.%i",
    lookup: AVOCENT_OUTLET_STATUS,
    flags: ["string", "zeroInvalid", "outlet", "daisy"],
  },
  {
    name: "outlet.%i.id",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.3.1.%i.%i",
    flags: ["static", "absent", "outlet", "daisy"],
  },
  {
    name: "outlet.%i.desc",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.4.1.%i.%i",
    size: 128,
    flags: ["rw", "string", "naInvalid", "outlet", "daisy"],
  },
  {
    name: "outlet.%i.current",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.50.1.%i.%i",
    scale: 0.1,
    flags: ["outlet", "daisy"],
  },
  {
    name: "outlet.%i.current.high.critical",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.100.1.%i.%i",
    scale: 0.1,
    flags: ["rw", "outlet", "daisy"],
  },
  {
    name: "outlet.%i.current.high.warning",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.101.1.%i.%i",
    scale: 0.1,
    flags: ["rw", "outlet", "daisy"],
  },
  {
    name: "outlet.%i.current.low.warning",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.102.1.%i.%i",
    scale: 0.1,
    flags: ["rw", "outlet", "daisy"],
  },
  {
    name: "outlet.%i.current.low.critical",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.103.1.%i.%i",
    scale: 0.1,
    flags: ["rw", "outlet", "daisy"],
  },
  {
    name: "outlet.%i.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.60.1.%i.%i",
    scale: 0.1,
    flags: ["outlet", "daisy"],
  },
  {
    name: "outlet.%i.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.70.1.%i.%i",
    flags: ["outlet", "daisy"],
  },
  {
    name: "outlet.group.count",
    kind: "var",
    oid: "1.3.6.1.4.1.10418.17.2.5.6.%i",
    default: "0",
    flags: ["static", "daisy"],
  },
  {
    name: "outlet.%i.load.cycle",
    kind: "cmd",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.6.1.%i.%i",
    default: "4",
    flags: ["outlet", "daisy"],
  },
  {
    name: "outlet.%i.load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.6.1.%i.%i",
    default: "3",
    flags: ["outlet", "daisy"],
  },
  {
    name: "outlet.%i.load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.10418.17.2.5.5.1.6.1.%i.%i",
    default: "2",
    flags: ["outlet", "daisy"],
  },
];

/** Emerson/Avocent PM PDU. */
export const EMERSON_AVOCENT_PDU: MibMapping = {
  name: "emerson_avocent_pdu",
  version: "1.3",
  sysOid: "1.3.6.1.4.1.10418.17.1.7",
  probeOid: "1.3.6.1.4.1.10418.17.2.1.2.0",
  rows: EMERSON_AVOCENT_PDU_ROWS,
};
