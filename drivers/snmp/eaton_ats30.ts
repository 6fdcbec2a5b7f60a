/**
 * Eaton ATS30 (EATON-ATS-MIB, sysObjectID 534.10.1). Facts from
 * NUT 2.8.0's eaton-ats30-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const EATON_ATS30_SOURCE: Lookup = {
  entries: [
    { value: 1, text: "init" },
    { value: 2, text: "diagnosis" },
    { value: 3, text: "off" },
    { value: 4, text: "1" },
    { value: 5, text: "2" },
    { value: 6, text: "safe" },
    { value: 7, text: "fault" },
  ],
};

const EATON_ATS30_INPUT_SENSITIVITY: Lookup = {
  entries: [
    { value: 1, text: "high" },
    { value: 2, text: "low" },
  ],
};

const EATON_ATS30_STATUS: Lookup = {
  entries: [
    { value: 0, text: "OL" },
    { value: 1, text: "OL" },
    { value: 2, text: "OFF" },
    { value: 3, text: "OFF" },
    { value: 4, text: "OL OVER" },
    { value: 5, text: "OL OVER" },
    { value: 6, text: "OFF OVER" },
    { value: 7, text: "OFF OVER" },
    { value: 8, text: "OL" },
    { value: 9, text: "OL" },
    { value: 10, text: "OFF" },
    { value: 11, text: "OFF" },
    { value: 12, text: "OL OVER" },
    { value: 13, text: "OL OVER" },
    { value: 14, text: "OFF OVER" },
    { value: 15, text: "OFF OVER" },
  ],
};

const EATON_ATS30_ROWS: readonly SnmpRow[] = [
  {
    name: "device.type",
    kind: "var",
    default: "ats",
    flags: ["string", "static", "absent"],
  },
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
    oid: "1.3.6.1.4.1.534.10.1.1.1.0",
    flags: ["string", "static"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.2.1.0",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.2.2.0",
    flags: ["string"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.2.4.0",
    flags: ["string"],
  },
  { name: "input.1.id", kind: "var", oid: "1.3.6.1.4.1.534.10.1.3.1.1.1.1" },
  { name: "input.2.id", kind: "var", oid: "1.3.6.1.4.1.534.10.1.3.1.1.1.2" },
  {
    name: "input.1.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.3.1.1.2.1",
    scale: 0.1,
  },
  {
    name: "input.2.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.3.1.1.2.2",
    scale: 0.1,
  },
  {
    name: "input.1.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.3.1.1.3.1",
    scale: 0.1,
  },
  {
    name: "input.2.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.3.1.1.3.2",
    scale: 0.1,
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.3.2.1.0",
    scale: 0.1,
  },
  {
    name: "output.current",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.3.2.2.0",
    scale: 0.1,
  },
  { name: "ups.temperature", kind: "var", oid: "1.3.6.1.4.1.534.10.1.3.3.0" },
  { name: "device.uptime", kind: "var", oid: "1.3.6.1.4.1.534.10.1.3.5.0" },
  {
    name: "input.source",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.3.7.0",
    lookup: EATON_ATS30_SOURCE,
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.4.5.0",
    lookup: EATON_ATS30_STATUS,
  },
  {
    name: "input.source.preferred",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.6.5.0",
    flags: ["rw"],
  },
  {
    name: "input.sensitivity",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.1.6.6.0",
    lookup: EATON_ATS30_INPUT_SENSITIVITY,
    flags: ["rw"],
  },
];

/** Eaton ATS30. */
export const EATON_ATS30: MibMapping = {
  name: "eaton_ats30",
  version: "0.03",
  sysOid: "1.3.6.1.4.1.534.10.1",
  probeOid: "1.3.6.1.4.1.534.10.1.2.1.0",
  rows: EATON_ATS30_ROWS,
};
