/**
 * optiups's tables (NUT 2.8.0's `optiups` 1.02): the queries whose answer
 * goes straight into a variable (a scale of 0 keeps the text, any other
 * scale prints the integer times it with one decimal), and the command
 * sequences of the instant commands for Opti-UPS and Zinto units.
 *
 * @module
 */

/** One query → variable row. */
export interface OptiFill {
  readonly cmd: string;
  readonly name: string;
  readonly scale: number;
}

const row = (cmd: string, name: string, scale: number): OptiFill =>
  Object.freeze({ cmd, name, scale });

/** Polled on Opti-UPS units. */
export const POLL_OPTI: readonly OptiFill[] = Object.freeze([
  row("NV", "input.voltage", 0),
  row("OL", "ups.load", 1.0),
  row("OV", "output.voltage", 0),
  row("FF", "input.frequency", 0.1),
  row("BT", "ups.temperature", 0),
]);

/** Polled on Zinto units (volts are halved on the wire). */
export const POLL_ZINTO: readonly OptiFill[] = Object.freeze([
  row("NV", "input.voltage", 2.0),
  row("OL", "ups.load", 1.0),
  row("OV", "output.voltage", 2.0),
  row("OF", "output.frequency", 0.1),
  row("NF", "input.frequency", 0.1),
  row("BT", "ups.temperature", 0),
]);

/** Read once at start-up. */
export const INIT_FILL: readonly OptiFill[] = Object.freeze([
  row("IM", "ups.mfr", 0),
  row("IZ", "ups.serial", 0),
  row("IS", "ups.firmware", 0),
]);

/** What each instant command sends: [Opti-UPS, Zinto]; a trailing 2 s pause marked "…". */
export const OPTI_CMDS: Readonly<
  Record<string, readonly [readonly string[], readonly string[]]>
> = Object.freeze({
  "test.failure.start": [["Ts"], ["Ts"]],
  "load.off": [["Ct0", "Cs00000000"], ["Ct1", "Cs0000000", "…"]],
  "load.on": [["Ct0", "Cu00000000"], ["Ct1", "Cu0000000", "…"]],
  "shutdown.return": [["Ct1", "Cs00000010"], [
    "Ct1",
    "Cu0000010",
    "Cs0000001",
  ]],
  "shutdown.stayoff": [["Ct0", "Cs00000010"], ["Ct1", "Cs0000001"]],
  "shutdown.stop": [["Cs-0000001"], ["Cs-0000001"]],
});

/** AG status bits. */
export const AG = Object.freeze({
  noOutput: 2,
  overload: 8,
  replaceBattery: 16,
  onBattery: 32,
  lowBattery: 64,
});
