/**
 * The SNMP device table of NUT 2.8.0's nut-scanner (its build-generated
 * nutscan-snmp.h, as Debian's libnutscan carries it): for each mapping, the
 * OID probed for a description and the sysObjectID that selects it. The
 * 2.8.0 generator skipped mib2nut entries written with a comment and glued
 * the two sysOIDs of one apc_pdu entry together; both are kept, since the
 * scan must find what Debian's nut-scanner finds.
 *
 * @module
 */

/** One row: probe OID (null: none), mib name, sysObjectID (null: none). */
export interface SnmpDeviceId {
  readonly oid: string | null;
  readonly mib: string;
  readonly sysoid: string | null;
}

/** nut-scanner 2.8.0's table, in its order (drivers/*-mib.c sorted by file name). */
export const SNMP_DEVICE_TABLE: readonly SnmpDeviceId[] = [
  {
    oid: ".1.3.6.1.4.1.318.1.1.8.1.5.0",
    mib: "apc_ats",
    sysoid: ".1.3.6.1.4.1.318.1.3.11",
  },
  {
    oid: ".1.3.6.1.4.1.318.1.1.1.1.1.1.0",
    mib: "apcc",
    sysoid: ".1.3.6.1.4.1.318.1.1.1.1.1.1.0",
  },
  {
    oid: ".1.3.6.1.4.1.318.1.1.4.1.4.0",
    mib: "apc_pdu",
    sysoid: ".1.3.6.1.4.1.318.1.3.4.4.1.3.6.1.4.1.318.1.3.4.5",
  },
  {
    oid: ".1.3.6.1.4.1.318.1.1.4.1.4.0",
    mib: "apc_pdu",
    sysoid: ".1.3.6.1.4.1.318.1.3.4.5",
  },
  {
    oid: ".1.3.6.1.4.1.318.1.1.4.1.4.0",
    mib: "apc_pdu",
    sysoid: ".1.3.6.1.4.1.318.1.3.4.6",
  },
  {
    oid: ".1.3.6.1.4.1.4779.1.3.5.2.1.24.1",
    mib: "baytech",
    sysoid: ".1.3.6.1.4.1.4779",
  },
  {
    oid: ".1.3.6.1.4.1.2947.1.1.2.0",
    mib: "bestpower",
    sysoid: ".1.3.6.1.4.1.2947.1.1.2.0",
  },
  {
    oid: ".1.3.6.1.4.1.232.165.3.1.1.0",
    mib: "cpqpower",
    sysoid: ".1.3.6.1.4.1.232.165.3",
  },
  {
    oid: ".1.3.6.1.4.1.3808.1.1.1.1.1.1.0",
    mib: "cyberpower",
    sysoid: ".1.3.6.1.4.1.3808.1.1.1",
  },
  { oid: null, mib: "delta_ups", sysoid: ".1.3.6.1.4.1.2254.2.4" },
  {
    oid: ".1.3.6.1.4.1.534.10.2.1.2.0",
    mib: "eaton_ats16_nm2",
    sysoid: ".1.3.6.1.4.1.534.10.2",
  },
  {
    oid: ".1.3.6.1.4.1.534.10.2.1.2.0",
    mib: "eaton_ats16_nmc",
    sysoid: ".1.3.6.1.4.1.705.1",
  },
  {
    oid: ".1.3.6.1.4.1.534.10.1.2.1.0",
    mib: "eaton_ats30",
    sysoid: ".1.3.6.1.4.1.534.10.1",
  },
  {
    oid: ".1.3.6.1.4.1.17373.3.1.1.0",
    mib: "aphel_genesisII",
    sysoid: ".1.3.6.1.4.1.17373",
  },
  {
    oid: ".1.3.6.1.4.1.534.6.6.7.1.2.1.2.0",
    mib: "eaton_epdu",
    sysoid: ".1.3.6.1.4.1.534.6.6.7",
  },
  {
    oid: ".1.3.6.1.4.1.20677.1",
    mib: "pulizzi_switched1",
    sysoid: ".1.3.6.1.4.1.20677.1",
  },
  {
    oid: ".1.3.6.1.4.1.20677.1",
    mib: "pulizzi_switched2",
    sysoid: ".1.3.6.1.4.1.20677.2",
  },
  {
    oid: ".1.3.6.1.4.1.534.6.6.6.1.1.12.0",
    mib: "aphel_revelation",
    sysoid: ".1.3.6.1.4.1.534.6.6.6",
  },
  {
    oid: ".1.3.6.1.4.1.10418.17.2.1.2.0",
    mib: "emerson_avocent_pdu",
    sysoid: ".1.3.6.1.4.1.10418.17.1.7",
  },
  {
    oid: ".1.3.6.1.4.1.232.165.7.1.2.1.3.0",
    mib: "hpe_epdu",
    sysoid: ".1.3.6.1.4.1.232.165.7",
  },
  {
    oid: ".1.3.6.1.4.1.2011.6.174.1.2.100.1.2.1",
    mib: "huawei",
    sysoid: ".1.3.6.1.4.1.8072.3.2.10",
  },
  { oid: null, mib: "tripplite", sysoid: ".1.3.6.1.4.1.850.1" },
  { oid: "1.3.6.1.2.1.33.1.1.1.0", mib: "ietf", sysoid: ".1.3.6.1.2.1.33" },
  { oid: ".1.3.6.1.4.1.705.1.1.1.0", mib: "mge", sysoid: ".1.3.6.1.4.1.705.1" },
  {
    oid: ".1.3.6.1.4.1.4555.1.1.1.1.1.1.0",
    mib: "netvision",
    sysoid: ".1.3.6.1.4.1.4555.1.1.1",
  },
  { oid: "1.3.6.1.4.1.534.1.1.2.0", mib: "pw", sysoid: ".1.3.6.1.4.1.534.1" },
  {
    oid: "1.3.6.1.4.1.534.1.1.2.0",
    mib: "pxgx_ups",
    sysoid: ".1.3.6.1.4.1.534.2.12",
  },
  {
    oid: ".1.3.6.1.4.1.13742.1.1.12.0",
    mib: "raritan",
    sysoid: ".1.3.6.1.4.1.13742",
  },
  {
    oid: ".1.3.6.1.4.1.13742.6.3.2.1.1.3.1",
    mib: "raritan-px2",
    sysoid: ".1.3.6.1.4.1.13742.6",
  },
  { oid: null, mib: "xppc", sysoid: ".1.3.6.1.4.1.935" },
];
