/**
 * APC rack PDUs (PowerNet-MIB sPDU/rPDU tables, enterprise 318): one table
 * shared by three mib2nut entries, told apart by sysObjectID (rPDU, rPDU2,
 * MasterSwitch Plus). Facts from NUT 2.8.0's apc-pdu-mib.c.
 *
 * @module
 */
import type { Lookup, MibMapping, SnmpRow } from "./types.ts";

const APC_PDU_SW_OUTLET_STATUS: Lookup = {
  entries: [
    { value: 1, text: "on" },
    { value: 2, text: "off" },
  ],
};

const APC_PDU_SW_OUTLET_SWITCHABILITY: Lookup = {
  entries: [
    { value: 1, text: "yes" },
    { value: 2, text: "yes" },
  ],
};

const APC_PDU_ROWS: readonly SnmpRow[] = [
  {
    name: "device.mfr",
    kind: "var",
    default: "APC",
    flags: ["string", "static", "absent"],
  },
  {
    name: "device.model",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.1.4.0",
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
    name: "device.contact",
    kind: "var",
    oid: "1.3.6.1.2.1.1.4.0",
    flags: ["string", "stale"],
  },
  {
    name: "device.description",
    kind: "var",
    oid: "1.3.6.1.2.1.1.5.0",
    flags: ["string", "stale"],
  },
  {
    name: "device.location",
    kind: "var",
    oid: "1.3.6.1.2.1.1.6.0",
    flags: ["string", "stale"],
  },
  {
    name: "device.uptime",
    kind: "var",
    oid: "1.3.6.1.2.1.1.3.0",
    flags: ["negInvalid"],
  },
  {
    name: "device.serial",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.1.5.0",
    flags: ["string", "static"],
  },
  {
    name: "device.part",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.1.4.0",
    flags: ["string", "static"],
  },
  {
    name: "device.version",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.1.1.0",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.1.2.0",
    flags: ["string"],
  },
  {
    name: "ups.date",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.1.3.0",
    flags: ["string"],
  },
  {
    name: "input.realpower",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.12.1.16.0",
  },
  {
    name: "input.current",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.12.2.3.1.1.2.1",
    scale: 0.1,
  },
  {
    name: "input.voltage.nominal",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.12.1.15.0",
    flags: ["negInvalid"],
  },
  {
    name: "outlet.count",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.4.1.0",
    flags: ["static"],
  },
  {
    name: "outlet.%i.id",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.4.2.1.1.%i",
    default: "%i",
    flags: ["static", "outlet"],
  },
  {
    name: "outlet.%i.desc",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.4.2.1.4.%i",
    size: 128,
    flags: ["rw", "string", "stale", "outlet"],
  },
  {
    name: "outlet.%i.status",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.4.2.1.3.%i",
    size: 128,
    lookup: APC_PDU_SW_OUTLET_STATUS,
    flags: ["rw", "string", "outlet"],
  },
  {
    name: "outlet.%i.switchable",
    kind: "var",
    oid: "1.3.6.1.4.1.318.1.1.4.4.2.1.3.%i",
    default: "yes",
    lookup: APC_PDU_SW_OUTLET_SWITCHABILITY,
    flags: ["string", "static", "absent", "outlet"],
  },
];

/** APC rack PDU (sysObjectID 318.1.3.4.4). */
export const APC_PDU_RPDU: MibMapping = {
  name: "apc_pdu",
  version: "0.4",
  sysOid: "1.3.6.1.4.1.318.1.3.4.4",
  probeOid: "1.3.6.1.4.1.318.1.1.4.1.4.0",
  rows: APC_PDU_ROWS,
};

/** APC rack PDU 2 (sysObjectID 318.1.3.4.5). */
export const APC_PDU_RPDU2: MibMapping = {
  name: "apc_pdu",
  version: "0.4",
  sysOid: "1.3.6.1.4.1.318.1.3.4.5",
  probeOid: "1.3.6.1.4.1.318.1.1.4.1.4.0",
  rows: APC_PDU_ROWS,
};

/** APC MasterSwitch Plus (sysObjectID 318.1.3.4.6). */
export const APC_PDU_MSP: MibMapping = {
  name: "apc_pdu",
  version: "0.4",
  sysOid: "1.3.6.1.4.1.318.1.3.4.6",
  probeOid: "1.3.6.1.4.1.318.1.1.4.1.4.0",
  rows: APC_PDU_ROWS,
};
