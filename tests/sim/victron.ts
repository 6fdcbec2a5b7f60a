/**
 * A GE/IMV/Victron unit on a pty, from the protocol facts of NUT's
 * `victronups`: a query `v<code>?` CR is answered `v<code><value>` CR LF;
 * values a unit lacks read "NA"; `vAa` is the alarm bit field (1 replace
 * battery, 2 on battery, 4 low battery, 128 overload), `vTr` the test
 * result code (5 in progress, 6 none), `vTi<n>!` starts/stops tests,
 * `vCc0!` and `vCb<s>!` shut down. Every command is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type VictronState = "online" | "battery" | "low" | "overload" | "rb";

const FLAGS: Record<VictronState, number> = {
  online: 0,
  battery: 2,
  low: 6,
  overload: 128,
  rb: 1,
};

/** The unit's values by code; tests change them. */
export class VictronModel {
  state: VictronState = "online";
  /** codes the unit answers "NA" for */
  na = new Set<string>();
  testResult = "6";
  readonly values: Record<string, string> = {
    DS: "AB123456",
    BT: "27",
    O0I: "43",
    BC: "95",
    BI: "12",
    Bt: "45",
    Td: "No test initiated",
    DM: "Match 1000",
    Dm: "IMV",
    DV: "2.11",
    O0L: "35",
    I0U: "229",
    Fi: "190",
    Fj: "260",
    I0f: "499",
    O0U: "231",
    Of: "500",
    BU: "276",
  };

  /** The answer line to `cmd`, or null. */
  answer(cmd: string): string | null {
    if (cmd === "?") return "v?";
    const q = /^v(.+)\?$/.exec(cmd);
    if (q) {
      const code = q[1]!;
      if (code === "Aa") return `vAa${FLAGS[this.state]}`;
      if (code === "Tr") return `vTr${this.testResult}`;
      if (this.na.has(code)) return `v${code}NA`;
      const v = this.values[code];
      return v === undefined ? null : `v${code}${v}`;
    }
    const act = /^v(T[i]\d+|C[cb]\d+)!$/.exec(cmd);
    return act ? `v${act[1]}` : null;
  }
}

/** The simulator. */
export class VictronSim extends SerialSim {
  readonly model: VictronModel;

  constructor(model = new VictronModel()) {
    super((cmd) => {
      const a = model.answer(cmd);
      return a === null ? null : `${a}\r\n`;
    });
    this.model = model;
  }
}
