/**
 * Subdriver order as NUT 2.8.0's subdriver_list[] (explore first, then
 * MGE, then alphabetical).
 *
 * @module
 */
import { APC } from "./apc.ts";
import { CPS } from "./cps.ts";
import { EXPLORE } from "./generic.ts";
import { MGE } from "./mge.ts";
import type { Subdriver } from "./types.ts";
import {
  ARDUINO,
  BELKIN,
  DELTA,
  EVER,
  IDOWELL,
  LIEBERT,
  OPENUPS,
  POWERCOM,
  POWERVAR,
  SALICRU,
  TRIPPLITE,
} from "./vendors.ts";

/** Every subdriver, in claim order. */
export const SUBDRIVERS: readonly Subdriver[] = [
  EXPLORE,
  MGE,
  APC,
  ARDUINO,
  BELKIN,
  CPS,
  DELTA,
  EVER,
  IDOWELL,
  LIEBERT,
  OPENUPS,
  POWERCOM,
  POWERVAR,
  SALICRU,
  TRIPPLITE,
];
