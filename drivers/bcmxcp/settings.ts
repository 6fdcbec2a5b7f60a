/**
 * bcmxcp's writable settings (upsrw): the PW_SET_CONF_COMMAND parameter
 * code, the accepted range, whether the value takes two bytes, and the text
 * logged on success (NUT's wording).
 *
 * @module
 */

/** Writable settings: PW_SET_CONF_COMMAND code, range, 16-bit, log text. */
export const CONF_SETTINGS: Record<
  string,
  [number, number, number, boolean, (v: number) => string]
> = {
  "input.transfer.boost.high": [
    0x02,
    0,
    460,
    true,
    (v) => ` BOOST threshold volage set to ${v} V`,
  ],
  "input.transfer.trim.low": [
    0x03,
    110,
    540,
    true,
    (v) => ` TRIM threshold volage set to ${v} V`,
  ],
  "battery.runtime.low": [
    0x05,
    0,
    30,
    false,
    (v) => ` Low battery warning time set to ${v} min`,
  ],
  "input.transfer.delay": [
    0x07,
    1,
    18000,
    true,
    (v) => ` Mains return delay set to ${v} sec`,
  ],
  "battery.charge.restart": [
    0x08,
    0,
    100,
    false,
    (v) => ` Mains return minimum battery capacity set to ${v} %`,
  ],
  "ambient.temperature.high": [
    0x0a,
    0,
    100,
    false,
    (v) => ` Maximum temperature set to ${v} C`,
  ],
  "output.voltage.nominal": [
    0x0b,
    0,
    460,
    true,
    (v) => ` Nominal output voltage set to ${v} V`,
  ],
  "battery.energysave.load": [
    0x0d,
    0,
    100,
    false,
    (v) => ` Minimum load before sleep countdown set to ${v} %`,
  ],
  "battery.energysave.delay": [
    0x0e,
    0,
    255,
    false,
    (v) => ` Delay before sleep shutdown set to ${v} min`,
  ],
  "battery.packs": [0x0f, 0, 5, false, (v) => `EBM Count set to ${v} `],
};
