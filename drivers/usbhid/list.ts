/**
 * Subdriver order as NUT 2.8.0's subdriver_list[] (explore first, then
 * MGE, then alphabetical): the first whose claim() accepts a device wins.
 *
 * @module
 */
import { APC } from "./apc.ts";
import { ARDUINO } from "./arduino.ts";
import { BELKIN } from "./belkin.ts";
import { CPS } from "./cps.ts";
import { DELTA_UPS } from "./delta_ups.ts";
import { EVER } from "./ever.ts";
import { EXPLORE } from "./explore.ts";
import { IDOWELL } from "./idowell.ts";
import { LEGRAND } from "./legrand.ts";
import { LIEBERT } from "./liebert.ts";
import { MGE } from "./mge.ts";
import { OPENUPS } from "./openups.ts";
import { POWERCOM } from "./powercom.ts";
import { POWERVAR } from "./powervar.ts";
import { SALICRU } from "./salicru.ts";
import { TRIPPLITE } from "./tripplite.ts";
import type { Subdriver } from "./types.ts";

/** Every subdriver, in claim order. */
export const SUBDRIVERS: readonly Subdriver[] = [
  EXPLORE,
  MGE,
  APC,
  ARDUINO,
  BELKIN,
  CPS,
  DELTA_UPS,
  EVER,
  IDOWELL,
  LEGRAND,
  LIEBERT,
  OPENUPS,
  POWERCOM,
  POWERVAR,
  SALICRU,
  TRIPPLITE,
];
