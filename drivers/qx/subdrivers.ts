/**
 * The protocols nutdrv_qx probes, in NUT 2.8.0's subdriver_list[] order
 * (those implemented here; see README for the ones still missing).
 *
 * @module
 */
import type { QxSubdriver } from "./item.ts";
import { HUNNOX, MEGATEC, MEGATEC_OLD, MUSTEK, Q1, ZINTO } from "./megatec.ts";

/** Probe order. */
export const SUBDRIVERS: readonly QxSubdriver[] = [
  MUSTEK,
  MEGATEC_OLD,
  MEGATEC,
  ZINTO,
  HUNNOX,
  Q1,
];
