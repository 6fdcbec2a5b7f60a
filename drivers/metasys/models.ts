/**
 * Meta System model codes (10 × family byte + version byte of the info
 * answer) with their names and nominal power in watts, as NUT's `metasys`
 * knows them.
 *
 * @module
 */

/** code → [model, nominal W] */
export const METASYS_MODELS: Readonly<
  Record<number, readonly [string, number]>
> = Object.freeze({
  11: ["HF Line (1 board)", 630],
  12: ["HF Line (2 boards)", 1260],
  13: ["HF Line (3 boards)", 1890],
  14: ["HF Line (4 boards)", 2520],
  21: ["ECO Network 750/1000", 500],
  22: ["ECO Network 1050/1500", 700],
  23: ["ECO Network 1500/2000", 1000],
  24: ["ECO Network 1800/2500", 1200],
  25: ["ECO Network 2100/3000", 1400],
  31: ["ECO 308", 500],
  32: ["ECO 311", 700],
  44: ["HF Line (4 boards)/2", 2520],
  45: ["HF Line (5 boards)/2", 3150],
  46: ["HF Line (6 boards)/2", 3780],
  47: ["HF Line (7 boards)/2", 4410],
  48: ["HF Line (8 boards)/2", 5040],
  51: ["HF Millennium 810", 700],
  52: ["HF Millennium 820", 1400],
  61: ["HF TOP Line 910", 700],
  62: ["HF TOP Line 920", 1400],
  63: ["HF TOP Line 930", 2100],
  64: ["HF TOP Line 940", 2800],
  74: ["HF TOP Line 940/2", 2800],
  75: ["HF TOP Line 950/2", 3500],
  76: ["HF TOP Line 960/2", 4200],
  77: ["HF TOP Line 970/2", 4900],
  78: ["HF TOP Line 980/2", 5600],
  81: ["ECO 508", 500],
  82: ["ECO 511", 700],
  83: ["ECO 516", 1000],
  84: ["ECO 519", 1200],
  85: ["ECO 522", 1400],
  91: ["ECO 305 / Harviot 530 SX", 330],
  92: ["ORDINATORE 2", 330],
  93: ["Harviot 730 SX", 430],
  101: ["ECO 308 SX / SX Interactive / Ordinatore", 500],
  102: ["ECO 311 SX / SX Interactive", 700],
  111: ["ally HF 800 / BI-TWICE 800", 560],
  112: ["ally HF 1600", 1120],
  121: ["ally HF 1000 / BI-TWICE 1000", 700],
  122: ["ally HF 2000", 1400],
  131: ["ally HF 1250 / BI-TWICE 1250", 875],
  132: ["ally HF 2500", 1750],
  141: ["Megaline 1250", 875],
  142: ["Megaline 2500", 1750],
  143: ["Megaline 3750", 2625],
  144: ["Megaline 5000", 3500],
  154: ["Megaline 5000 / 2", 3500],
  155: ["Megaline 6250 / 2", 4375],
  156: ["Megaline 7500 / 2", 5250],
  157: ["Megaline 8750 / 2", 6125],
  158: ["Megaline 10000 / 2", 7000],
});

/** Commands (the first data byte of a packet and of its answer). */
export const MS = Object.freeze({
  info: 0x00,
  output: 0x01,
  input: 0x02,
  status: 0x03,
  battery: 0x04,
  history: 0x05,
  getSchedule: 0x06,
  getTimesOnBattery: 0x08,
  setSchedule: 0x0a,
  setTimesOnBattery: 0x0c,
  buzzer: 0x0d,
  batteryTest: 0x0e,
});

/** ups.test.result by the battery test's answer byte. */
export const TEST_RESULTS: Readonly<Record<number, string>> = Object.freeze({
  0x00: "OK",
  0x01: "Battery charge: 20%",
  0x02: "Battery charge: 40%",
  0x03: "Battery charge: 60%",
  0x04: "Battery charge: 80%",
  0x05: "Battery charge: 100%",
  0xfe: "Bad battery pack: replace",
});
