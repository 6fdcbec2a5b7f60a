/**
 * Delta UPSes (DeltaUPS-MIB, enterprise 2254.2.4). Facts from
 * NUT 2.8.0's delta_ups-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const DELTA_UPS_UPSTYPE: Lookup = {
  entries: [
    { value: 1, text: "on-line" },
    { value: 2, text: "off-line" },
    { value: 3, text: "line-interactive" },
    { value: 4, text: "3phase" },
    // 2.8.0 spelled it "splite-phase"; NUT fixed the typo later.
    { value: 5, text: "split-phase" },
  ],
};

const DELTA_UPS_PWR: Lookup = {
  entries: [
    { value: 0, text: "OL" },
    { value: 1, text: "OB" },
    { value: 2, text: "BYPASS" },
    { value: 3, text: "TRIM" },
    { value: 4, text: "BOOST" },
    { value: 5, text: "BYPASS" },
    { value: 7, text: "OFF" },
  ],
};

const DELTA_UPS_ROWS: readonly SnmpRow[] = [
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
    name: "ups.mfr",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.1.0",
    flags: ["string"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.2.0",
    flags: ["string"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.4.0",
    flags: ["string"],
  },
  {
    name: "ups.firmware.aux",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.3.0",
    flags: ["string"],
  },
  {
    name: "ups.type",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.19.0",
    lookup: DELTA_UPS_UPSTYPE,
  },
  { name: "ups.load", kind: "var", oid: "1.3.6.1.4.1.2254.2.4.5.7.0" },
  { name: "ups.power", kind: "var", oid: "1.3.6.1.4.1.2254.2.4.1.7.0" },
  {
    name: "output.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.8.0",
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.5.4.0",
    scale: 0.1,
  },
  {
    name: "output.frequency.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.9.0",
  },
  {
    name: "output.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.5.5.0",
    scale: 0.1,
  },
  {
    name: "input.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.10.0",
  },
  {
    name: "input.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.4.3.0",
    scale: 0.1,
  },
  {
    name: "input.frequency.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.1.11.0",
  },
  {
    name: "input.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.4.2.0",
    scale: 0.1,
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.2254.2.4.5.1.0",
    lookup: DELTA_UPS_PWR,
  },
];

/** Delta UPS. */
export const DELTA_UPS: MibMapping = {
  name: "delta_ups",
  version: "0.5",
  sysOid: "1.3.6.1.4.1.2254.2.4",
  rows: DELTA_UPS_ROWS,
};
