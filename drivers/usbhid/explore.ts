/**
 * Explore subdriver (explore-hid.c, "EXPLORE HID 0.2" in NUT 2.8.0): takes
 * any device when the `explore` flag is set and maps nothing, so the
 * debug dump of the HID tree is all it gives.
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import type { Subdriver } from "./types.ts";

/** NUT's explore subdriver. */
export const EXPLORE: Subdriver = {
  name: "EXPLORE HID 0.2",
  usages: [HID_USAGES],
  devices: [],
  table: [],
  claim: (_info, ctx) => ctx.explore,
  formatMfr: (i) => i.vendor,
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
