/**
 * Huawei UPSes (HUAWEI-UPS-MIB under 2011.6.174, agents answering with
 * the net-snmp sysObjectID). Facts from NUT 2.8.0's huawei-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const HUAWEI_SUPPLYMETHOD: Lookup = {
  entries: [
    { value: 1, text: "" },
    { value: 2, text: "OL BYPASS" },
    { value: 3, text: "OL" },
    { value: 4, text: "OB" },
    { value: 5, text: "" },
    { value: 6, text: "OL ECO" },
    { value: 7, text: "OB ECO" },
  ],
};

const HUAWEI_BATTSTATE: Lookup = {
  entries: [
    { value: 1, text: "" },
    { value: 2, text: "" },
    { value: 3, text: "" },
    { value: 4, text: "" },
    { value: 5, text: "CHRG" },
    { value: 6, text: "DISCHRG" },
  ],
};

const HUAWEI_PHASE: Lookup = {
  entries: [
    { value: 1, text: "1" },
    { value: 2, text: "3" },
  ],
};

const HUAWEI_VOLTRATING: Lookup = {
  entries: [
    { value: 1, text: "200" },
    { value: 2, text: "208" },
    { value: 3, text: "220" },
    { value: 4, text: "380" },
    { value: 5, text: "400" },
    { value: 6, text: "415" },
    { value: 7, text: "480" },
    { value: 8, text: "600" },
    { value: 9, text: "690" },
  ],
};

const HUAWEI_FREQRATING: Lookup = {
  entries: [
    { value: 1, text: "50" },
    { value: 2, text: "60" },
  ],
};

const HUAWEI_PWRRATING: Lookup = {
  entries: [
    { value: 1, text: "80000" },
    { value: 2, text: "100000" },
    { value: 3, text: "120000" },
    { value: 4, text: "160000" },
    { value: 5, text: "200000" },
    { value: 6, text: "30000" },
    { value: 7, text: "40000" },
    { value: 8, text: "60000" },
    { value: 9, text: "2400000" },
    { value: 10, text: "2500000" },
    { value: 11, text: "2800000" },
    { value: 12, text: "3000000" },
  ],
};

const HUAWEI_TEST_RESULT: Lookup = {
  entries: [
    { value: 1, text: "done and passed" },
    { value: 2, text: "done and warning" },
    { value: 3, text: "done and error" },
    { value: 4, text: "aborted" },
    { value: 5, text: "in progress" },
    { value: 6, text: "no test initiated" },
  ],
};

const HUAWEI_ROWS: readonly SnmpRow[] = [
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
    default: "Huawei",
    flags: ["string", "absent"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.2.100.1.2.1",
    default: "Generic SNMP UPS",
    flags: ["string", "static"],
  },
  {
    name: "ups.id",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.1.1.2.0",
    flags: ["string", "static"],
  },
  { name: "ups.time", kind: "var", oid: "1.3.6.1.4.1.2011.6.174.1.11.1.0" },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.2.100.1.3.1",
    flags: ["string", "static"],
  },
  {
    name: "ups.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.2.100.1.5.1",
    flags: ["string", "static"],
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.2.101.1.1.1",
    lookup: HUAWEI_SUPPLYMETHOD,
  },
  {
    name: "ups.status",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.2.101.1.3.1",
    lookup: HUAWEI_BATTSTATE,
    flags: ["statusBatt"],
  },
  {
    name: "ups.test.result",
    kind: "var",
    oid: "1.3.6.1.2.1.33.1.7.3.0",
    default: "",
    lookup: HUAWEI_TEST_RESULT,
    flags: ["string"],
  },
  {
    name: "input.phases",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.102.100.1.8",
    default: "3",
    lookup: HUAWEI_PHASE,
    flags: ["string", "absent"],
  },
  {
    name: "input.L1-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.1.1",
    scale: 0.1,
  },
  {
    name: "input.L2-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.2.1",
    scale: 0.1,
  },
  {
    name: "input.L3-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.3.1",
    scale: 0.1,
  },
  {
    name: "input.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.4.1",
    scale: 0.01,
  },
  {
    name: "input.L1.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.5.1",
    scale: 0.1,
  },
  {
    name: "input.L2.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.6.1",
    scale: 0.1,
  },
  {
    name: "input.L3.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.7.1",
    scale: 0.1,
  },
  {
    name: "input.L1.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.8.1",
    scale: 0.01,
  },
  {
    name: "input.L2.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.9.1",
    scale: 0.01,
  },
  {
    name: "input.L3.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.3.100.1.10.1",
    scale: 0.01,
  },
  {
    name: "input.bypass.L1-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.5.100.1.1.1",
    scale: 0.1,
  },
  {
    name: "input.bypass.L2-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.5.100.1.2.1",
    scale: 0.1,
  },
  {
    name: "input.bypass.L3-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.5.100.1.3.1",
    scale: 0.1,
  },
  {
    name: "input.bypass.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.5.100.1.4.1",
    scale: 0.01,
  },
  {
    name: "output.phases",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.102.100.1.9",
    default: "3",
    lookup: HUAWEI_PHASE,
    flags: ["string", "absent"],
  },
  {
    name: "output.L1-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.1.1",
    scale: 0.1,
  },
  {
    name: "output.L2-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.2.1",
    scale: 0.1,
  },
  {
    name: "output.L3-N.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.3.1",
    scale: 0.1,
  },
  {
    name: "output.L1.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.4.1",
    scale: 0.1,
  },
  {
    name: "output.L2.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.5.1",
    scale: 0.1,
  },
  {
    name: "output.L3.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.6.1",
    scale: 0.1,
  },
  {
    name: "output.frequency",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.7.1",
    scale: 0.01,
  },
  {
    name: "output.L1.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.8.1",
    scale: 0.1,
  },
  {
    name: "output.L1.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.9.1",
    scale: 0.1,
  },
  {
    name: "output.L1.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.10.1",
    scale: 0.1,
  },
  {
    name: "output.L1.power",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.11.1",
    scale: 0.1,
  },
  {
    name: "output.L2.power",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.12.1",
    scale: 0.1,
  },
  {
    name: "output.L3.power",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.13.1",
    scale: 0.1,
  },
  {
    name: "output.L1.power.percent",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.14.1",
    scale: 0.1,
  },
  {
    name: "output.L2.power.percent",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.15.1",
    scale: 0.1,
  },
  {
    name: "output.L3.power.percent",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.16.1",
    scale: 0.1,
  },
  {
    name: "output.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.17.1",
    lookup: HUAWEI_VOLTRATING,
    flags: ["string", "static"],
  },
  {
    name: "output.frequency.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.18.1",
    lookup: HUAWEI_FREQRATING,
    flags: ["string", "static"],
  },
  {
    name: "output.power.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.2.100.1.6.1",
    lookup: HUAWEI_PWRRATING,
    flags: ["string", "static"],
  },
  {
    name: "output.L1.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.19.1",
    scale: 0.01,
  },
  {
    name: "output.L2.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.20.1",
    scale: 0.01,
  },
  {
    name: "output.L2.powerfactor",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.4.100.1.21.1",
    scale: 0.01,
  },
  {
    name: "battery.voltage",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.6.100.1.1.1",
    scale: 0.1,
  },
  {
    name: "battery.current",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.6.100.1.2.1",
    scale: 0.1,
  },
  {
    name: "battery.charge",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.6.100.1.3.1",
  },
  {
    name: "battery.runtime",
    kind: "var",
    oid: "1.3.6.1.4.1.2011.6.174.1.6.100.1.4.1",
  },
];

/** Huawei UPS. */
export const HUAWEI: MibMapping = {
  name: "huawei",
  version: "0.4",
  sysOid: "1.3.6.1.4.1.8072.3.2.10",
  probeOid: "1.3.6.1.4.1.2011.6.174.1.2.100.1.2.1",
  rows: HUAWEI_ROWS,
};
