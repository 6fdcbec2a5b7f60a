/**
 * The smaller vendor subdrivers (NUT 2.8.0 names and USB IDs): Tripp Lite,
 * Belkin, Liebert/Phoenixtec (PowerWalker), Powercom, Delta, Ever, iDowell,
 * OpenUPS, Salicru, Arduino, Powervar. Their tables are the standard HID PDC
 * paths plus the vendor rows below.
 *
 * @module
 */
import { pdcSubdriver } from "./generic.ts";
import { HU, KELVIN_CELSIUS, ONLINE, type Subdriver } from "./types.ts";

/** Tripp Lite (09ae). */
export const TRIPPLITE: Subdriver = pdcSubdriver("TrippLite HID 0.84", [
  [0x09ae, 0x1003],
  [0x09ae, 0x1007],
  [0x09ae, 0x1008],
  [0x09ae, 0x1009],
  [0x09ae, 0x1010],
  [0x09ae, 0x1330],
  [0x09ae, 0x2005],
  [0x09ae, 0x2007],
  [0x09ae, 0x2008],
  [0x09ae, 0x2009],
  [0x09ae, 0x2010],
  [0x09ae, 0x2011],
  [0x09ae, 0x2012],
  [0x09ae, 0x2013],
  [0x09ae, 0x2014],
  [0x09ae, 0x3008],
  [0x09ae, 0x3009],
  [0x09ae, 0x3010],
  [0x09ae, 0x3011],
  [0x09ae, 0x3012],
  [0x09ae, 0x3013],
  [0x09ae, 0x3014],
  [0x09ae, 0x3015],
  [0x09ae, 0x3016],
  [0x09ae, 0x3024],
  [0x09ae, 0x4001],
  [0x09ae, 0x4002],
  [0x09ae, 0x4003],
  [0x09ae, 0x4004],
  [0x09ae, 0x4005],
  [0x09ae, 0x4006],
  [0x09ae, 0x4007],
  [0x09ae, 0x4008],
], [
  {
    nut: "ups.temperature",
    path: "UPS.PowerConverter.Temperature",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "BOOL",
    path: "UPS.PowerConverter.Input.PresentStatus.Used",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
], { mfr: "Tripp Lite" });

/** Belkin (050d) and old Liebert (10af:0001). */
export const BELKIN: Subdriver = pdcSubdriver(
  "Belkin/Liebert HID 0.18",
  [
    [0x050d, 0x0375],
    [0x050d, 0x0551],
    [0x050d, 0x0750],
    [0x050d, 0x0751],
    [0x050d, 0x0900],
    [0x050d, 0x0910],
    [0x050d, 0x0912],
    [0x050d, 0x0980],
    [0x050d, 0x1100],
    [0x10af, 0x0001],
  ],
  [],
  { mfr: "Belkin" },
);

/** Liebert / Phoenixtec (06da, 10af GXT4/PSA) as used by PowerWalker. */
export const LIEBERT: Subdriver = pdcSubdriver("Phoenixtec/Liebert HID 0.41", [
  [0x06da, 0xffff],
  [0x06da, 0x0002],
  [0x06da, 0x0003],
  [0x06da, 0x0004],
  [0x06da, 0x0005],
  [0x06da, 0x0201],
  [0x06da, 0x0601],
  [0x10af, 0x0000],
  [0x10af, 0x0002],
  [0x10af, 0x0004],
  [0x10af, 0x0008],
  [0x10af, 0x1000],
], [
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.[1].Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.1f",
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%.1f",
  },
  {
    nut: "ups.power.nominal",
    path: "UPS.Flow.[4].ConfigApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Flow.[4].ConfigVoltage",
    dfl: "%.0f",
  },
  {
    nut: "output.frequency.nominal",
    path: "UPS.Flow.[4].ConfigFrequency",
    dfl: "%.0f",
  },
], { mfr: "Phoenixtec" });

/** Powercom (0d9f). */
export const POWERCOM: Subdriver = pdcSubdriver(
  "PowerCOM HID 0.6",
  [
    [0x0d9f, 0x0001],
    [0x0d9f, 0x0004],
    [0x0d9f, 0x00a2],
    [0x0d9f, 0x00a3],
    [0x0d9f, 0x00a4],
    [0x0d9f, 0x00a5],
    [0x0d9f, 0x00a6],
  ],
  [],
  { mfr: "PowerCOM" },
);

/** Delta (05dd). */
export const DELTA: Subdriver = pdcSubdriver(
  "Delta UPS HID 0.6",
  [
    [0x05dd, 0x041b],
    [0x05dd, 0xa011],
  ],
  [],
  { mfr: "Delta" },
);

/** Ever (2e66). */
export const EVER: Subdriver = pdcSubdriver(
  "Ever HID 0.1",
  [
    [0x2e66, 0x0101],
    [0x2e66, 0x0201],
    [0x2e66, 0x0202],
    [0x2e66, 0x0203],
  ],
  [],
  { mfr: "EVER" },
);

/** iDowell (075d). */
export const IDOWELL: Subdriver = pdcSubdriver(
  "iDowell HID 0.2",
  [
    [0x075d, 0x0300],
  ],
  [],
  { mfr: "iDowell" },
);

/** OpenUPS (04d8). */
export const OPENUPS: Subdriver = pdcSubdriver(
  "openUPS HID 0.5",
  [
    [0x04d8, 0xd004],
    [0x04d8, 0xd005],
  ],
  [],
  { mfr: "Mini-Box.Com" },
);

/** Salicru (2e66 newer firmwares). */
export const SALICRU: Subdriver = pdcSubdriver(
  "Salicru HID 0.3",
  [
    [0x2e66, 0x0300],
    [0x2e66, 0x0302],
  ],
  [],
  { mfr: "Salicru" },
);

/** Arduino boards running a HID power-device sketch (2341, 2a03). */
export const ARDUINO: Subdriver = pdcSubdriver(
  "Arduino HID 0.2",
  [
    [0x2341, 0x0036],
    [0x2341, 0x8036],
    [0x2a03, 0x0036],
    [0x2a03, 0x0040],
    [0x2a03, 0x8036],
    [0x2a03, 0x8040],
  ],
  [],
  { mfr: "Arduino" },
);

/** Powervar (4234). */
export const POWERVAR: Subdriver = pdcSubdriver(
  "Powervar HID 0.20",
  [
    [0x4234, 0x0002],
  ],
  [],
  { mfr: "POWERVAR" },
);
