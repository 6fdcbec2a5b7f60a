/**
 * Eaton ATS16 with a Network-M2 card (EATON-ATS2-MIB, sysObjectID
 * 534.10.2). Facts from NUT 2.8.0's eaton-ats16-nm2-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const EATON_ATS16_NM2_SOURCE: Lookup = {
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

const EATON_ATS16_NM2_SENSITIVITY: Lookup = {
  entries: [
    { value: 1, text: "normal" },
    { value: 2, text: "high" },
    { value: 3, text: "low" },
  ],
};

const EATON_ATS16_NM2_INPUT_FREQUENCY_STATUS: Lookup = {
  entries: [
    { value: 1, text: "good" },
    { value: 2, text: "out-of-range" },
  ],
};

const EATON_ATS16_NM2_INPUT_VOLTAGE_STATUS: Lookup = {
  entries: [
    { value: 1, text: "good" },
    { value: 2, text: "derated-range" },
    { value: 3, text: "out-of-range" },
    { value: 4, text: "unknown" },
  ],
};

const EATON_ATS16_NM2_TEST_RESULT: Lookup = {
  entries: [
    { value: 1, text: "done and passed" },
    { value: 2, text: "done and warning" },
    { value: 3, text: "done and error" },
    { value: 4, text: "aborted" },
    { value: 5, text: "in progress" },
    { value: 6, text: "no test initiated" },
  ],
};

const EATON_ATS16_NM2_OUTPUT_STATUS: Lookup = {
  entries: [
    { value: 1, text: "OFF" },
    { value: 2, text: "OL" },
  ],
};

const EATON_ATS16_AMBIENT_DRYCONTACTS: Lookup = {
  entries: [
    { value: -1, text: "unknown" },
    { value: 1, text: "opened" },
    { value: 2, text: "closed" },
    { value: 3, text: "opened" },
    { value: 4, text: "closed" },
  ],
};

const EATON_ATS16_NM2_ROWS: readonly SnmpRow[] = [
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
    oid: "1.3.6.1.4.1.534.10.2.1.1.0",
    default: "Eaton",
    flags: ["string", "static"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.1.2.0",
    default: "ATS",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.1.3.0",
    flags: ["string"],
  },
  {
    name: "ups.firmware.aux",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.1.7.0",
    flags: ["string"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.1.5.0",
    flags: ["string", "static"],
  },
  {
    name: "device.part",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.1.6.0",
    flags: ["string", "static"],
  },
  {
    name: "input.1.id",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.2.1.1.1",
    flags: ["static"],
  },
  {
    name: "input.2.id",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.2.1.1.2",
    flags: ["static"],
  },
  {
    name: "input.1.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.2.1.2.1",
    scale: 0.1,
  },
  {
    name: "input.2.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.2.1.2.2",
    scale: 0.1,
  },
  {
    name: "input.1.voltage.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.3.2.1.5.1",
    lookup: EATON_ATS16_NM2_INPUT_VOLTAGE_STATUS,
    flags: ["string"],
  },
  {
    name: "input.2.voltage.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.3.2.1.5.2",
    lookup: EATON_ATS16_NM2_INPUT_VOLTAGE_STATUS,
    flags: ["string"],
  },
  {
    name: "input.1.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.2.1.3.1",
    scale: 0.1,
  },
  {
    name: "input.2.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.2.1.3.2",
    scale: 0.1,
  },
  {
    name: "input.1.frequency.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.3.2.1.2.1",
    lookup: EATON_ATS16_NM2_INPUT_FREQUENCY_STATUS,
    flags: ["string"],
  },
  {
    name: "input.2.frequency.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.3.2.1.2.2",
    lookup: EATON_ATS16_NM2_INPUT_FREQUENCY_STATUS,
    flags: ["string"],
  },
  {
    name: "input.sensitivity",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.4.6.0",
    scale: 128,
    lookup: EATON_ATS16_NM2_SENSITIVITY,
    flags: ["rw"],
  },
  {
    name: "input.source",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.4.0",
    lookup: EATON_ATS16_NM2_SOURCE,
    flags: ["string"],
  },
  {
    name: "input.source.preferred",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.4.5.0",
    flags: ["rw"],
  },
  {
    name: "input.phase.shift",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.1.1.0",
  },
  {
    name: "output.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.3.1.0",
    scale: 0.1,
  },
  {
    name: "output.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.4.4.0",
    flags: ["rw"],
  },
  {
    name: "output.current",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.2.3.2.0",
    scale: 0.1,
  },
  {
    name: "ups.test.result",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.4.8.0",
    lookup: EATON_ATS16_NM2_TEST_RESULT,
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.3.3.2.0",
    lookup: EATON_ATS16_NM2_OUTPUT_STATUS,
  },
  {
    name: "ambient.temperature",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.5.1.0",
  },
  {
    name: "ambient.temperature.low",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.5.5.0",
    flags: ["rw"],
  },
  {
    name: "ambient.temperature.high",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.5.6.0",
    flags: ["rw"],
  },
  { name: "ambient.humidity", kind: "var", oid: "1.3.6.1.4.1.534.10.2.5.2.0" },
  {
    name: "ambient.humidity.low",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.5.7.0",
    flags: ["rw"],
  },
  {
    name: "ambient.humidity.high",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.5.8.0",
    flags: ["rw"],
  },
  {
    name: "ambient.contacts.1.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.5.4.1.3.1",
    lookup: EATON_ATS16_AMBIENT_DRYCONTACTS,
    flags: ["string"],
  },
  {
    name: "ambient.contacts.2.status",
    kind: "var",
    oid: "1.3.6.1.4.1.534.10.2.5.4.1.3.2",
    lookup: EATON_ATS16_AMBIENT_DRYCONTACTS,
    flags: ["string"],
  },
];

/** Eaton ATS16 behind a Network-M2 card. */
export const EATON_ATS16_NM2: MibMapping = {
  name: "eaton_ats16_nm2",
  version: "0.22",
  sysOid: "1.3.6.1.4.1.534.10.2",
  probeOid: "1.3.6.1.4.1.534.10.2.1.2.0",
  rows: EATON_ATS16_NM2_ROWS,
};
