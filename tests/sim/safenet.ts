/**
 * A SafeNet unit on a pty, from the protocol facts of NUT's `safenet`:
 * every command is `Z` + eleven letters + CR and is answered by the status
 * line `$` + ten flags (`A` clear, `B` set) + CR. Flags: 1 on battery, 3
 * battery low, 4 overload, 6 beeper silenced, 7 battery failed, 8 system
 * failed, 9 self test running. A poll command carries an `L` at the place
 * its second character names (A=0 … J=9 places after it); the unit
 * answers only well-formed polls. Every command is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** The fixed commands NUT's safenet sends. */
export const SAFENET = Object.freeze({
  init: "ZCADLIOPERJD",
  mainsTest: "ZFSDERBTRFGY",
  battTest: "ZAVLEJFICOPR",
  stopTest: "ZGWLEJFICOPR",
  beep: "ZELWSABPMBEQ",
});

/** True for a status poll NUT's way: `L` where the second character says. */
export function isPoll(cmd: string): boolean {
  if (!/^Z[A-J]{1}[A-L]{10}$/.test(cmd)) return false;
  return cmd[cmd.charCodeAt(1) - 65 + 2] === "L";
}

/** The unit's flags; tests change them. */
export class SafenetModel {
  onBattery = false;
  batteryLow = false;
  overload = false;
  silenced = false;
  batteryFail = false;
  systemFail = false;
  systemTest = false;

  /** The status line (without CR). */
  status(): string {
    const f = [
      this.onBattery,
      false,
      this.batteryLow,
      this.overload,
      false,
      this.silenced,
      this.batteryFail,
      this.systemFail,
      this.systemTest,
      false,
    ];
    return "$" + f.map((b) => (b ? "B" : "A")).join("");
  }

  /** The answer to `cmd`, or null. */
  answer(cmd: string): string | null {
    if (cmd === SAFENET.beep) this.silenced = !this.silenced;
    if (cmd === SAFENET.stopTest) this.systemTest = false;
    if (cmd === SAFENET.battTest) this.systemTest = true;
    const known = (Object.values(SAFENET) as string[]).includes(cmd) ||
      isPoll(cmd) ||
      /^ZBAS[A-J]{3}WLPGE$/.test(cmd) || /^ZAF[A-J]{3}R[A-J]{4}O$/.test(cmd);
    return known ? this.status() : null;
  }
}

/** The simulator. */
export class SafenetSim extends SerialSim {
  readonly model: SafenetModel;

  constructor(model = new SafenetModel()) {
    super((cmd) => {
      const a = model.answer(cmd);
      return a === null ? null : `${a}\r`;
    });
    this.model = model;
  }

  /** Every command received, polls aside. */
  get commands(): string[] {
    return this.received.filter((c) => !isPoll(c));
  }
}
