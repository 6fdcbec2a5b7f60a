/**
 * A Best Power Ferrups / Fortress II unit on a pty, from the facts of NUT's
 * `bestuferrups` and `bestfcom`: a terminal dialogue at 1200 bps. Each
 * CR-ended command line is echoed with CR LF, answered by a line ending CR
 * and followed by the prompt LF CR LF `=>`. A real unit sends these bytes
 * slowly, one at a time; NUT's line reader drops whatever shares a read
 * with a line's end, so the simulator writes the three parts one after the
 * other, each once the driver has read the one before (the pty's input
 * queue, FIONREAD on the port, is empty); see `joined` for bestfcom.
 *
 * Commands: `time`; `id` (`Unit ID "ME3.1K12345"`, or the FE's banner with
 * `Model:    FE4.3KVA`); `fc` (Fortress II: the `$` format-config string,
 * others a short refusal); `f` (the 80-digit record of
 * drivers/best/frecord.ts, decimal fields); `d <nn>` settings; `pw377`,
 * `off 1 a`, `o 10 a` (recorded).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import { libcSymbols } from "../../src/transport/serial.ts";
import { place } from "./best_fortress.ts";

/** Unit families. */
export type FerrupsKind = "ME" | "RE" | "MD" | "FE" | "FD" | "LI";
/** Power states. */
export type FerrupsState =
  | "online"
  | "battery"
  | "low"
  | "boost"
  | "trim"
  | "over"
  | "rb";

const IDS: Record<FerrupsKind, string> = {
  ME: 'Unit ID "ME3.1K12345"',
  RE: 'Unit ID "RE1.8K00042"',
  MD: 'Unit ID "C1K03588"',
  FD: 'Unit ID "FD4.3K02376"',
  LI: 'Unit ID "LI720VU18112"',
  FE: [
    "FERRUPS Uninterruptible Power System",
    "By Best Power Technology, Inc.",
    "Model:    FE4.3KVA",
    "Unit ID:  FE4.3K02376",
    "Version:  8.07",
  ].join("\r\n"),
};

/** The unit; tests change fields. */
export class FerrupsModel {
  state: FerrupsState = "online";
  readonly acted: string[] = [];
  constructor(readonly kind: FerrupsKind = "ME") {}

  /** The `d` settings. */
  setting(n: string): string | null {
    const md = this.kind === "MD";
    const d: Record<string, string> = {
      "12": "12 HS Temp  31C",
      "16": "16 FullLoad% 23",
      "22": "22 FullLoad% 17",
      "27": md ? "27 LowBatt  10.50" : "27 LowBatt  42.00",
      "28": md ? "28 Hi Batt  13.80" : "28 Hi Batt  54.80",
      "29": "29 LowBat   42.00",
      "30": md ? "30 NLBatt   11.20" : "30 NLBatt   44.00",
      "31": "31 HiBatt   54.80",
      "45": "45 RatedVA  4300",
      "46": "46 RatedW   3000",
      "65": "65 LoBatV   41.00",
      "66": "66 NLBatV   44.00",
      "67": "67 HiBatV   59.60",
    };
    return d[n] ?? null;
  }

  /** The `f` record (decimal fields, the checksum left 0). */
  record(): string {
    const s = this.state;
    const ob = s === "battery" || s === "low";
    const inverter = ob || s === "boost" || s === "trim";
    const vin = ob
      ? "0000"
      : s === "boost"
      ? "0098"
      : s === "trim"
      ? "0131"
      : "0120";
    const alarm1 = s === "low" ? "02" : s === "over" ? "64" : "00";
    const md = this.kind === "MD";
    return place(80, [
      [16, inverter ? "01" : "00"],
      [18, "01"],
      [20, alarm1],
      [22, s === "rb" ? "04" : "00"],
      [24, vin],
      [28, "0120"],
      [36, "0023"],
      [40, "002660"],
      [
        50,
        md ? (s === "low" ? "0109" : "0132") : s === "low" ? "0430" : "0526",
      ],
      [54, "5998"],
      [58, ob ? "0012" : "0095"],
      [62, "0031"],
      [72, s === "boost" || s === "trim" ? "04" : "00"],
    ]).join("");
  }

  /** The answer line(s) to `cmd`, or null when the unit knows no such command. */
  answer(cmd: string): string | null {
    if (cmd === "") return "";
    if (cmd === "time") return "Feb 20, 22:13:32";
    if (cmd === "id") return IDS[this.kind];
    if (cmd === "f") return this.record();
    if (cmd === "fc") {
      if (this.kind !== "LI") return "Invalid command";
      // model 02 (Fortress II), 00720 VA, 00470 W, battery 28.8/21.5/19.0 V
      return "$010200010600720004701201200911446000570063000240028802150190003" +
        "??????\\LI720VU\\LI720VU18112\\|";
    }
    const d = /^d (\d\d)$/.exec(cmd);
    if (d) return this.setting(d[1]!) ?? "Invalid parameter";
    if (cmd === "pw377" || /^o(ff)? \d+ a$/.test(cmd)) {
      this.acted.push(cmd);
      return "";
    }
    return "Invalid command";
  }
}

const FIONREAD = 0x541b;
const O_RDWR = 0o2, O_NOCTTY = 0o400, O_NONBLOCK = 0o4000;

/** The simulator: every byte in `raw`, every command line in `commands`. */
export class FerrupsSim extends SerialSim {
  readonly model: FerrupsModel;
  raw = "";
  readonly commands: string[] = [];
  /**
   * bestfcom reads the echo byte by byte and never waits for the prompt
   * after an answer, except after an empty line and a refused `fc`: its
   * next command first drops what is pending for 20 ms. So for it the echo,
   * answer and prompt of other commands go out in one write (the prompt is
   * dropped with the answer's read), which no timing can upset.
   */
  joined = false;
  #probe: number;
  #chain: Promise<void> = Promise.resolve();
  #closing = false;

  constructor(model = new FerrupsModel()) {
    const box: { sim?: FerrupsSim } = {};
    let line = "";
    super((ch) => {
      const sim = box.sim!;
      sim.raw += ch;
      if (ch === "\n") return null;
      if (ch !== "\r") {
        line += ch;
        return null;
      }
      const cmd = line;
      line = "";
      sim.commands.push(cmd);
      let a = model.answer(cmd);
      if (a === null || sim.fault === "silent") return null;
      if (sim.fault === "garbled") a = `#@!${[...a].reverse().join("")}`;
      if (sim.fault === "short") a = a.slice(0, a.length >> 1);
      const parts = [`${cmd}\r\n`, `${a}\r`, "\n\r\n=>"];
      const apart = !sim.joined || cmd === "" ||
        (cmd === "fc" && a.length < 80);
      sim.#say(apart ? parts : [parts.join("")]);
      return null;
    }, "char");
    box.sim = this;
    this.model = model;
    // a second descriptor on the port, only to see how much is unread
    this.#probe = libcSymbols().open(
      new TextEncoder().encode(this.path + "\0"),
      O_RDWR | O_NOCTTY | O_NONBLOCK,
    );
  }

  #unread(): number {
    const n = new Int32Array(1);
    libcSymbols().ioctl(
      this.#probe,
      BigInt(FIONREAD),
      new Uint8Array(n.buffer),
    );
    return n[0]!;
  }

  /** Resolves once the driver has read what was written (or after 4 s). */
  async #consumed(): Promise<void> {
    const start = Date.now();
    let seen = false;
    while (Date.now() - start < 4000 && !this.#closing) {
      const n = this.#unread();
      if (n > 0) seen = true;
      else if (seen || Date.now() - start >= 30) return;
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  #say(parts: string[]): void {
    this.#chain = this.#chain.then(async () => {
      for (let i = 0; i < parts.length; i++) {
        await this.pty.master.write(parts[i]!).catch(() => {});
        if (i < parts.length - 1) await this.#consumed();
      }
    });
  }

  /** Stops the simulator and closes the probe. */
  override async close(): Promise<void> {
    this.#closing = true;
    await this.#chain;
    await super.close();
    libcSymbols().close(this.#probe);
  }
}
