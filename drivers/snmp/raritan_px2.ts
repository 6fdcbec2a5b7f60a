/**
 * Raritan PX2 PDUs (PDU2-MIB, 13742.6; mibs=raritan-px2). Facts from
 * NUT 2.8.0's raritan-px2-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const RARITANPX2_OUTLET_STATUS: Lookup = {
  entries: [
    { value: -1, text: "unavailable" },
    { value: 0, text: "open" },
    { value: 1, text: "closed" },
    { value: 2, text: "belowLowerCritical" },
    { value: 3, text: "belowLowerWarning" },
    { value: 4, text: "normal" },
    { value: 5, text: "aboveUpperWarning" },
    { value: 6, text: "aboveUpperCritical" },
    { value: 7, text: "on" },
    { value: 8, text: "off" },
    { value: 9, text: "detected" },
    { value: 10, text: "notDetected" },
    { value: 11, text: "alarmed" },
    { value: 12, text: "ok" },
    { value: 13, text: "marginal" },
    { value: 14, text: "fail" },
    { value: 15, text: "yes" },
    { value: 16, text: "no" },
    { value: 17, text: "standby" },
    { value: 18, text: "one" },
    { value: 19, text: "two" },
    { value: 20, text: "inSync" },
    { value: 21, text: "outOfSync" },
    // NUT 2.8.0 ended this table with a "NULL" string instead of its end
    // marker; the values below are the ones NUT added later.
    { value: 22, text: "i1OpenFault" },
    { value: 23, text: "i1ShortFault" },
    { value: 24, text: "i2OpenFault" },
    { value: 25, text: "i2ShortFault" },
    { value: 26, text: "fault" },
    { value: 27, text: "warning" },
    { value: 28, text: "critical" },
    { value: 29, text: "selfTest" },
    { value: 30, text: "nonRedundant" },
  ],
};

const RARITANPX2_OUTLET_SWITCHABILITY: Lookup = {
  entries: [
    { value: -1, text: "yes" },
    { value: 1, text: "yes" },
    { value: 2, text: "no" },
  ],
};

const RARITAN_PX2_ROWS: readonly SnmpRow[] = [
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
    oid: "1.3.6.1.4.1.13742.6.3.2.1.1.2.1",
    default: "Raritan",
    flags: ["string", "static"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.2.1.1.3.1",
    default: "Raritan PX2 SNMP PDU device",
    flags: ["string", "static"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.2.1.1.4.1",
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
    oid: "1.3.6.1.4.1.13742.6.3.2.2.1.11.1",
    flags: ["string", "static"],
  },
  {
    name: "device.revision",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.2.3.1.4.1.1.1",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.2.3.1.6.1.1.1",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.id",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.2.2.1.13.1",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.2.1.1.3.1",
    default: "Raritan PX2 SNMP PDU device",
    flags: ["string", "static"],
  },
  {
    name: "input.load",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.1",
    scale: 0.1,
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.4",
  },
  {
    name: "input.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.5",
  },
  {
    name: "input.power",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.6",
  },
  {
    name: "input.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.2.3.1.4.1.1.7",
    scale: 0.01,
  },
  {
    name: "outlet.count",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.2.2.1.4.1",
    default: "0",
    flags: ["static"],
  },
  {
    name: "outlet.%i.desc",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.5.3.1.3.1.%i",
    size: 128,
    flags: ["rw", "string", "outlet"],
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.4.1.2.1.3.1.%i",
    lookup: RARITANPX2_OUTLET_STATUS,
    flags: ["string", "outlet"],
  },
  {
    name: "outlet.%i.id",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.5.3.1.2.1.%i",
    default: "%i",
    flags: ["static", "outlet"],
  },
  {
    name: "outlet.%i.current",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.4.3.1.4.1.%i.1",
    scale: 0.1,
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.4.3.1.4.1.%i.4",
    default: "%i",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.power",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.4.3.1.4.1.%i.5",
    default: "%i",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.4.3.1.4.1.%i.6",
    default: "%i",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.5.4.3.1.4.1.%i.7",
    default: "%i",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.13742.6.3.5.3.1.28.1.%i",
    default: "no",
    lookup: RARITANPX2_OUTLET_SWITCHABILITY,
    flags: ["string", "static", "outlet"],
  },
  {
    name: "outlet.%i.load.off",
    kind: "cmd",
    oid: "1.3.6.1.4.1.13742.6.4.1.2.1.2.1.%i",
    default: "0",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.on",
    kind: "cmd",
    oid: "1.3.6.1.4.1.13742.6.4.1.2.1.2.1.%i",
    default: "1",
    flags: ["outlet"],
  },
  {
    name: "outlet.%i.load.cycle",
    kind: "cmd",
    oid: "1.3.6.1.4.1.13742.6.4.1.2.1.2.1.%i",
    default: "2",
    flags: ["outlet"],
  },
];

/** Raritan PX2 PDU. */
export const RARITAN_PX2: MibMapping = {
  name: "raritan-px2",
  version: "0.4",
  sysOid: "1.3.6.1.4.1.13742.6",
  probeOid: "1.3.6.1.4.1.13742.6.3.2.1.1.3.1",
  rows: RARITAN_PX2_ROWS,
};
