/**
 * ups.conf variables the Voltronic protocol adds to nutdrv_qx
 * (voltronic_makevartable): one-time settings applied at start-up.
 *
 * @module
 */
import type { DriverVar } from "../../src/driver/types.ts";

const value = (name: string, desc: string): DriverVar => ({
  name,
  kind: "value",
  desc,
});

/** The Voltronic variables, in NUT's order. */
export const VOLTRONIC_VARS: readonly DriverVar[] = [
  {
    name: "reset_to_default",
    kind: "flag",
    desc: "Reset capability options and their limits to safe default values",
  },
  value("bypass_alarm", "Alarm (BEEP!) at Bypass Mode [enabled/disabled]"),
  value("battery_alarm", "Alarm (BEEP!) at Battery Mode [enabled/disabled]"),
  value("bypass_when_off", "Bypass when the UPS is Off [enabled/disabled]"),
  value("alarm_control", "Alarm (BEEP!) Control [enabled/disabled]"),
  value("converter_mode", "Converter Mode [enabled/disabled]"),
  value("eco_mode", "ECO Mode [enabled/disabled]"),
  value(
    "battery_open_status_check",
    "Battery Open Status Check [enabled/disabled]",
  ),
  value(
    "bypass_forbidding",
    "Bypass not allowed (Bypass Forbidding) [enabled/disabled]",
  ),
  value("site_fault_detection", "Site fault detection [enabled/disabled]"),
  value("advanced_eco_mode", "Advanced ECO Mode [enabled/disabled]"),
  value(
    "constant_phase_angle",
    "Constant Phase Angle Function (Output and input phase angles are not equal) [enabled/disabled]",
  ),
  value(
    "limited_runtime_on_battery",
    "Limited runtime on battery mode [enabled/disabled]",
  ),
  value("max_bypass_volt", "Maximum voltage for Bypass Mode"),
  value("min_bypass_volt", "Minimum voltage for Bypass Mode"),
  value("max_bypass_freq", "Maximum frequency for Bypass Mode"),
  value("min_bypass_freq", "Minimum frequency for Bypass Mode"),
  value(
    "work_range_type",
    "Device grid working range for P31 UPSes [Appliance/UPS]",
  ),
  value(
    "output_phase_angle",
    "Change output phase angle to the provided value [000, 120, 180, 240]°",
  ),
  value(
    "battery_number",
    "Set number of batteries that make a pack to n (integer, 1-9)",
  ),
  {
    name: "testing",
    kind: "flag",
    desc:
      "If invoked the driver will exec also commands that still need testing",
  },
];
