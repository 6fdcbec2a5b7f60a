/**
 * The protocols nutdrv_qx probes, in NUT 2.8.0's subdriver_list[] order
 * (those implemented here).
 *
 * @module
 */
import type { QxSubdriver } from "./item.ts";
import { ABLEREX } from "./ablerex.ts";
import { BESTUPS } from "./bestups.ts";
import { MASTERGUARD } from "./masterguard.ts";
import { MECER } from "./mecer.ts";
import { HUNNOX, MEGATEC, MEGATEC_OLD, MUSTEK, Q1, ZINTO } from "./megatec.ts";
import { VOLTRONIC } from "./voltronic.ts";
import { VOLTRONIC_QS, VOLTRONIC_QS_HEX } from "./voltronic_qs.ts";

/** Probe order. */
export const SUBDRIVERS: readonly QxSubdriver[] = [
  VOLTRONIC,
  VOLTRONIC_QS,
  VOLTRONIC_QS_HEX,
  MUSTEK,
  MEGATEC_OLD,
  BESTUPS,
  MECER,
  MEGATEC,
  ZINTO,
  MASTERGUARD, // with 2.8.1's fixed claim (2.8.0's never claims)
  HUNNOX,
  ABLEREX,
  Q1,
];
