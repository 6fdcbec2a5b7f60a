/**
 * Aphel Genesis II ePDUs (enterprise 17373, mibs=aphel_genesisII). Facts
 * from NUT 2.8.0's eaton-pdu-genesis2-mib.c.
 *
 * @module
 */
import type { MibMapping, SnmpRow } from "./types.ts";

const EATON_APHEL_GENESISII_ROWS: readonly SnmpRow[] = [
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
    oid: "1.3.6.1.4.1.17373.3.1.1.0",
    default: "Eaton Powerware ePDU Monitored",
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
    oid: "1.3.6.1.4.1.17373.3.1.4.0",
    default: "unknown",
    flags: ["string"],
  },
  {
    name: "ups.mfr",
    kind: "var",
    default: "EATON | Powerware",
    flags: ["string", "static", "absent"],
  },
  {
    name: "ups.model",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.1.1.0",
    default: "Generic SNMP PDU",
    flags: ["string", "static"],
  },
  {
    name: "ups.id",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.1.3.0",
    default: "unknown",
    flags: ["string", "static"],
  },
  {
    name: "ups.firmware",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.1.2.0",
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
    name: "outlet.1.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.1.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "outlet.2.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.2.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "outlet.3.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.3.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "outlet.4.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.4.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "outlet.5.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.5.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "outlet.6.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.6.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "outlet.7.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.7.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
  {
    name: "outlet.8.current",
    kind: "var",
    oid: "1.3.6.1.4.1.17373.3.2.8.0",
    scale: 0.1,
    flags: ["negInvalid"],
  },
];

/** Aphel Genesis II ePDU. */
export const APHEL_GENESIS2: MibMapping = {
  name: "aphel_genesisII",
  version: "0.52",
  sysOid: "1.3.6.1.4.1.17373",
  probeOid: "1.3.6.1.4.1.17373.3.1.1.0",
  rows: EATON_APHEL_GENESISII_ROWS,
};
