/**
 * A Megatec / Q1 UPS model for SerialSim: Q1 (or QS, D), F, I answers in
 * the normal, on-battery and low-battery states; commands are recorded and
 * unknown queries echoed back, as many units do.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states the script can set. */
export type PowerState = "online" | "battery" | "low";

/** Options of the Q1 model. */
export interface QxModelOptions {
  /** Status query this unit answers (Q1 for megatec, QS for mustek, D for megatec/old). */
  statusQuery?: string;
  /** Vendor query (I, or FW? for zinto). */
  vendorQuery?: string;
}

const STATUS: Record<PowerState, string> = {
  //          in    fault  out   load freq batt temp bits
  online: "(231.0 231.0 230.0 021 50.0 27.3 25.0 00001001\r",
  battery: "(000.0 000.0 229.0 023 50.0 24.6 25.0 10001001\r",
  low: "(000.0 000.0 228.0 024 50.0 21.4 25.0 11001001\r",
};

/** A Q1 simulator with a settable power state. */
export class QxSim extends SerialSim {
  state: PowerState = "online";

  constructor(opts: QxModelOptions = {}) {
    const status = opts.statusQuery ?? "Q1";
    const vendor = opts.vendorQuery ?? "I";
    const box: { sim?: QxSim } = {};
    super((cmd) => {
      if (cmd === status) return STATUS[box.sim?.state ?? "online"];
      if (cmd === "F") return "#230.0 004 024.0 50.0\r";
      if (cmd === vendor) return "#SIMULATOR       QX-SIM     V1.0      \r";
      // instant commands: accepted silently
      if (/^(Q|C|CT|T|TL|T\d\d|S\.\d(R\d{4})?|S\d\d(R\d{4})?)$/.test(cmd)) {
        return null;
      }
      return cmd + "\r";
    });
    box.sim = this;
  }

  /** Commands received that are not queries (the killpower bytes among them). */
  commands(): string[] {
    return this.received.filter((c) =>
      !["Q1", "QS", "D", "F", "I", "FW?", "M", "QPI", "QGS", "ID"].includes(c)
    );
  }
}
