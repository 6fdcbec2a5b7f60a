/**
 * A Liebert MultiLink contact-closure cable on a pty. On battery the UPS
 * ties RX to TX, so every byte the driver sends comes back; on line power
 * nothing does; `garbage` answers with bytes that end in something other
 * than the driver's 0x55. A pty has no modem lines, so DCD (low battery)
 * cannot be simulated here (see drivers/liebert/driver_test.ts).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** What the cable does with a byte. */
export type LiebertMode = "line" | "battery" | "garbage";

/** The simulator; `received` holds every byte sent by the driver. */
export class LiebertSim extends SerialSim {
  mode: LiebertMode;
  constructor(mode: LiebertMode = "line") {
    const box: { sim?: LiebertSim } = {};
    super((ch) => {
      switch (box.sim!.mode) {
        case "battery":
          return ch;
        case "garbage":
          return "\x55\x7f\x00";
        default:
          return null;
      }
    }, "char");
    box.sim = this;
    this.mode = mode;
  }
}
