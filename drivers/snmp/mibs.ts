/**
 * Every snmp-ups mapping, in the order `mibs=auto` tries them (NUT's
 * mib2nut[] table: 2.8.0's order, with the mappings added after 2.8.0 at
 * the places NUT's current tree puts them). Vendor mappings come before
 * ietf so that a device speaking both is read with its own MIB.
 *
 * @module
 */
import type { MibMapping } from "./types.ts";
import { APC_ATS } from "./apc_ats.ts";
import { APC_PDU_MSP, APC_PDU_RPDU, APC_PDU_RPDU2 } from "./apc_pdu.ts";
import { APC_PDU_EPDU } from "./apc_epdu.ts";
import { APC } from "./apcc.ts";
import { BAYTECH } from "./baytech.ts";
import { BAYTECH_RPC3NC } from "./baytech_rpc3nc.ts";
import { BESTPOWER } from "./bestpower.ts";
import { COMPAQ } from "./compaq.ts";
import { CYBERPOWER } from "./cyberpower.ts";
import { DELTA_UPS } from "./delta_ups.ts";
import { EATON_ATS16_NMC } from "./eaton_ats16_nmc.ts";
import { EATON_ATS16_NM2 } from "./eaton_ats16_nm2.ts";
import { EATON_ATS30 } from "./eaton_ats30.ts";
import { EATON_MARLIN } from "./eaton_epdu.ts";
import { EATON_PDU_NLOGIC } from "./eaton_pdu_nlogic.ts";
import { EMERSON_AVOCENT_PDU } from "./emerson_avocent_pdu.ts";
import { APHEL_REVELATION } from "./aphel_revelation.ts";
import { APHEL_GENESIS2 } from "./aphel_genesis2.ts";
import { PULIZZI_SWITCHED1, PULIZZI_SWITCHED2 } from "./pulizzi.ts";
import { HPE_PDU } from "./hpe_pdu.ts";
import { HPE_PDU3_CIS } from "./hpe_pdu3_cis.ts";
import { HUAWEI } from "./huawei.ts";
import { MGE } from "./mge.ts";
import { NETVISION } from "./netvision.ts";
import { POWERWARE, PXGX_UPS } from "./powerware.ts";
import { RARITAN } from "./raritan.ts";
import { RARITAN_PX2 } from "./raritan_px2.ts";
import { VERTIV } from "./vertiv.ts";
import { XPPC } from "./xppc.ts";
import { IETF, TRIPPLITE_IETF } from "./ietf.ts";

/** The mappings in detection order. */
export const MIBS: readonly MibMapping[] = [
  APC_ATS,
  APC_PDU_RPDU,
  APC_PDU_RPDU2,
  APC_PDU_MSP,
  APC_PDU_EPDU,
  APC,
  BAYTECH,
  BAYTECH_RPC3NC,
  BESTPOWER,
  COMPAQ,
  CYBERPOWER,
  DELTA_UPS,
  EATON_ATS16_NMC,
  EATON_ATS16_NM2,
  EATON_ATS30,
  EATON_MARLIN,
  EATON_PDU_NLOGIC,
  EMERSON_AVOCENT_PDU,
  APHEL_REVELATION,
  APHEL_GENESIS2,
  PULIZZI_SWITCHED1,
  PULIZZI_SWITCHED2,
  HPE_PDU,
  HPE_PDU3_CIS,
  HUAWEI,
  MGE,
  NETVISION,
  POWERWARE,
  PXGX_UPS,
  RARITAN,
  RARITAN_PX2,
  VERTIV,
  XPPC,
  TRIPPLITE_IETF,
  IETF,
];
