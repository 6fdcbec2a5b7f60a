/**
 * Pulizzi switched PDUs (enterprise 20677): one table for two mib2nut
 * entries (pulizzi_switched1 / pulizzi_switched2) told apart by sysObjectID.
 * Facts from NUT 2.8.0's eaton-pdu-pulizzi-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const PULIZZI_SW_OUTLET_STATUS: Lookup = {
  entries: [
    { value: 1, text: "on" },
    { value: 2, text: "off" },
  ],
};

const PULIZZI_SW_OUTLET_SWITCHABILITY: Lookup = {
  entries: [
    { value: 1, text: "yes" },
    { value: 2, text: "yes" },
  ],
};

const EATON_PULIZZI_SWITCHED_ROWS: readonly SnmpRow[] = [
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
    default: "EATON | Powerware",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.1.1.0",
    default: "Switched ePDU",
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
    oid: "1.3.6.1.4.1.20677.2.2.6.0",
    default: "unknown",
    flags: ["string"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    default: "EATON",
    flags: ["string", "static", "absent"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.1.1.0",
    default: "Switched ePDU",
    flags: ["string", "static"],
  },
  {
    name: "ups.date",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.1.4.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.time",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.1.3.0",
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
  { name: "outlet.current", kind: "var", oid: "1.3.6.1.4.1.20677.2.8.6.4.2.0" },
  { name: "outlet.voltage", kind: "var", oid: "1.3.6.1.4.1.20677.2.8.6.4.1.0" },
  { name: "outlet.power", kind: "var", oid: "1.3.6.1.4.1.20677.2.8.6.4.3.0" },
  {
    name: "outlet.%i.desc",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.6.1.%i.1.0",
    size: 128,
    flags: ["rw", "string", "static", "outlet"],
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.6.3.%i.0",
    lookup: PULIZZI_SW_OUTLET_STATUS,
    flags: ["string", "outlet"],
  },
  {
    name: "outlet.%i.id",
    kind: "var",
    default: "%i",
    flags: ["static", "absent", "outlet"],
  },
  {
    name: "outlet.%i.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.6.3.%i.0",
    default: "yes",
    lookup: PULIZZI_SW_OUTLET_SWITCHABILITY,
    flags: ["string", "static", "outlet"],
  },
  {
    name: "outlet.%i.delay.reboot",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.6.1.%i.5.0",
    flags: ["rw", "outlet"],
  },
  {
    name: "outlet.%i.delay.start",
    kind: "var",
    oid: "1.3.6.1.4.1.20677.2.6.1.%i.4.0",
    flags: ["rw", "outlet"],
  },
  {
    name: "load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.20677.2.6.2.1.0",
    default: "1",
  },
  {
    name: "load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.20677.2.6.2.1.0",
    default: "2",
  },
  {
    name: "load.on.delay",
    kind: "cmd",
    oid: "1.3.6.1.4.1.20677.2.6.2.1.0",
    default: "3",
  },
  {
    name: "load.off.delay",
    kind: "cmd",
    oid: "1.3.6.1.4.1.20677.2.6.2.1.0",
    default: "4",
  },
  {
    name: "outlet.%i.load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.20677.2.6.2.%i.0",
    default: "1",
    flags: ["outlet", "cmdOffset"],
  },
  {
    name: "outlet.%i.load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.20677.2.6.2.%i.0",
    default: "2",
    flags: ["outlet", "cmdOffset"],
  },
  {
    name: "outlet.%i.load.cycle",
    kind: "cmd",
    oid: "1.3.6.1.4.1.20677.2.6.2.%i.0",
    default: "3",
    flags: ["outlet", "cmdOffset"],
  },
];

/** Pulizzi switched PDU, sysObjectID 20677.1. */
export const PULIZZI_SWITCHED1: MibMapping = {
  name: "pulizzi_switched1",
  version: "0.5",
  sysOid: "1.3.6.1.4.1.20677.1",
  probeOid: "1.3.6.1.4.1.20677.1",
  rows: EATON_PULIZZI_SWITCHED_ROWS,
};

/** Pulizzi switched PDU, sysObjectID 20677.2. */
export const PULIZZI_SWITCHED2: MibMapping = {
  name: "pulizzi_switched2",
  version: "0.5",
  sysOid: "1.3.6.1.4.1.20677.2",
  probeOid: "1.3.6.1.4.1.20677.1",
  rows: EATON_PULIZZI_SWITCHED_ROWS,
};
