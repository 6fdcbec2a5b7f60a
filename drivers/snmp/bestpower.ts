/**
 * Best Power / Ferrups UPSes (enterprise 2947). Facts from
 * NUT 2.8.0's bestpower-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const BESTPOWER_POWER_STATUS: Lookup = {
  entries: [
    { value: 1, text: "OL" },
    { value: 2, text: "OB" },
  ],
};

const BESTPOWER_ROWS: readonly SnmpRow[] = [
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
    default: "ups",
    flags: ["string", "static", "absent"],
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
    oid: "1.3.6.1.4.1.2947.1.1.2.0",
    default: "Best Ferrups",
    flags: ["string", "static"],
  },
  {
    name: "ups.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.1.5.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.1.7.0",
    default: "",
    flags: ["string", "static"],
  },
  {
    name: "ups.power",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.1.3.0",
    default: "",
  },
  {
    name: "ups.mfr.date",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.1.8.0",
    default: "",
    flags: ["string"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.2.1.0",
    default: "",
    lookup: BESTPOWER_POWER_STATUS,
    flags: ["string"],
  },
  {
    name: "battery.runtime",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.2.3.0",
    default: "",
    scale: 60,
  },
  {
    name: "battery.runtime.elapsed",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.2.2.0",
    default: "",
  },
  {
    name: "battery.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.2.4.0",
    default: "",
    scale: 0.1,
  },
  {
    name: "battery.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2947.1.2.5.0",
    default: "",
    scale: 0.1,
  },
];

/** Best Power UPS. */
export const BESTPOWER: MibMapping = {
  name: "bestpower",
  version: "0.4",
  sysOid: "1.3.6.1.4.1.2947.1.1.2.0",
  probeOid: "1.3.6.1.4.1.2947.1.1.2.0",
  rows: BESTPOWER_ROWS,
};
