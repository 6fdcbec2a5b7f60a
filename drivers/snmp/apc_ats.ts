/**
 * APC automatic transfer switches (PowerNet-MIB atsIdent/atsStatus/atsInput/
 * atsOutput, enterprise 318). Facts (OIDs, names, scales, enumerations) from
 * NUT 2.8.0's apc-ats-mib.c, rewritten in our table form.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const APC_ATS_SENSITIVITY: Lookup = {
  entries: [
    { value: 1, text: "high" },
    { value: 2, text: "low" },
  ],
};

const APC_ATS_OUTPUT_STATUS: Lookup = {
  entries: [
    { value: 1, text: "OFF" },
    { value: 2, text: "OL" },
  ],
};

const APC_ATS_OUTLETGROUPS_NAME: Lookup = {
  entries: [
    { value: 1, text: "total" },
    { value: 2, text: "bank1" },
    { value: 3, text: "bank2" },
  ],
};

const APC_ATS_OUTLETGROUPS_STATUS: Lookup = {
  entries: [
    { value: 1, text: "OL" },
    { value: 2, text: "" },
    { value: 3, text: "" },
    { value: 4, text: "OVER" },
  ],
};

const APC_ATS_ROWS: readonly SnmpRow[] = [
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
    name: "device.type",
    kind: "var",
    default: "ats",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.mfr",
    kind: "var",
    default: "APC",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.1.5.0",
    flags: ["string"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.1.1.0",
    flags: ["string"],
  },
  {
    name: "ups.firmware.aux",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.1.2.0",
    flags: ["string"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.1.6.0",
    flags: ["string"],
  },
  {
    name: "ups.mfr.date",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.1.4.0",
    flags: ["string"],
  },
  {
    name: "ups.id",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.4.1.0",
    flags: ["string"],
  },
  {
    name: "input.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.1.7.0",
  },
  {
    name: "input.frequency.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.1.8.0",
  },
  { name: "input.source", kind: "var", oid: "1.3.6.1.4.1.318.1.1.8.5.1.2.0" },
  {
    name: "input.source.preferred",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.4.2.0",
    flags: ["rw"],
  },
  {
    name: "input.1.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.3.3.1.3.1.1.1",
  },
  {
    name: "input.2.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.3.3.1.3.2.1.1",
  },
  {
    name: "input.1.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.3.2.1.4.1",
  },
  {
    name: "input.2.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.3.2.1.4.2",
  },
  {
    name: "input.sensitivity",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.4.4.0",
    lookup: APC_ATS_SENSITIVITY,
    flags: ["rw"],
  },
  { name: "input.count", kind: "var", oid: "1.3.6.1.4.1.318.1.1.8.5.3.1.0" },
  {
    name: "output.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.2.1.4.1",
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.5.1.6.1",
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.1.15.0",
    lookup: APC_ATS_OUTPUT_STATUS,
  },
  {
    name: "outlet.group.count",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.4.0",
  },
  {
    name: "outlet.group.%i.id",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.5.1.1.%i",
    flags: ["outletGroup"],
  },
  {
    name: "outlet.group.%i.name",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.5.1.3.%i",
    lookup: APC_ATS_OUTLETGROUPS_NAME,
    flags: ["string", "static", "outletGroup"],
  },
  {
    name: "outlet.group.%i.current",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.5.1.4.%i",
    scale: 0.1,
    flags: ["outletGroup"],
  },
  {
    name: "outlet.group.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.5.1.5.%i",
    lookup: APC_ATS_OUTLETGROUPS_STATUS,
    flags: ["string", "outletGroup"],
  },
  {
    name: "outlet.group.%i.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.5.1.6.%i",
    flags: ["outletGroup"],
  },
  {
    name: "outlet.group.%i.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.8.5.4.5.1.15.%i",
    flags: ["negInvalid", "outletGroup"],
  },
];

/** APC ATS (sysObjectID 318.1.3.11). */
export const APC_ATS: MibMapping = {
  name: "apc_ats",
  version: "0.6",
  sysOid: "1.3.6.1.4.1.318.1.3.11",
  probeOid: "1.3.6.1.4.1.318.1.1.8.1.5.0",
  rows: APC_ATS_ROWS,
};
