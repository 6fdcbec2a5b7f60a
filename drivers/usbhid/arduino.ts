/**
 * Arduino subdriver (arduino-hid.c, "Arduino HID 0.2" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES } from "../../src/hid/usages.ts";
import {
  DEFAULT_OFFDELAY,
  DEFAULT_ONDELAY,
  type HidInfo,
  HU,
  RW,
  standardClaim,
  STR,
  type Subdriver,
  type UsbId,
} from "./types.ts";

/** The HID interface of a Leonardo-class board (claim sets these). */
const ARDUINO_USB = { hidEpIn: 4, hidEpOut: 5, hidRepIndex: 2 } as const;

/** USB IDs (usb_device_id_t table). */
export const ARDUINO_DEVICES: readonly UsbId[] = [
  { vendor: 0x2341, product: 0x0036 },
  { vendor: 0x2341, product: 0x8036 },
  { vendor: 0x2a03, product: 0x0036 },
  { vendor: 0x2a03, product: 0x8036 },
  { vendor: 0x2a03, product: 0x0040 },
  { vendor: 0x2a03, product: 0x8040 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "ups.delay.start",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "ups.timer.start",
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "ups.timer.reboot",
    path: "UPS.PowerSummary.DelayBeforeReboot",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "load.off.delay",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "load.on.delay",
    path: "UPS.PowerSummary.DelayBeforeStartup",
    dfl: DEFAULT_ONDELAY,
    hu: HU.CMD,
  },
  {
    nut: "shutdown.stop",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: "-1",
    hu: HU.CMD,
  },
  {
    nut: "shutdown.reboot",
    path: "UPS.PowerSummary.DelayBeforeReboot",
    dfl: "10",
    hu: HU.CMD,
  },
];

/** Arduino HID 0.2. */
export const ARDUINO: Subdriver = {
  name: "Arduino HID 0.2",
  usages: [HID_USAGES],
  devices: ARDUINO_DEVICES,
  table: TABLE,
  claim(info, ctx) {
    const ok = standardClaim("Arduino", ARDUINO_DEVICES)(info, ctx);
    if (ok) ctx.tweak(ARDUINO_USB);
    return ok;
  },
  formatMfr: (i) => i.vendor ?? "Arduino",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
