/**
 * oneac: NUT 2.8.0's `oneac` 0.81 (Oneac EG, ON, OZ and OB families).
 * Commands end with CR LF; each answer is one CR-ended line of a known
 * length, read up to ten times half a second (a network card may delay
 * it). `%` is the status record every family has; OZ/OB units add `^`, `&`
 * and single queries. Three failed polls in a row make the data stale.
 * `-k` sends ^O^F (no line end).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { ONEAC_CMDS, oneacSet } from "./commands.ts";

/** ups.conf variables of oneac (upsdrv_makevartable). */
export const ONEAC_VARS: readonly DriverVar[] = [
  {
    name: "testtime",
    kind: "value",
    desc: "Change battery test time from the 2 minute default.",
  },
  {
    name: "offdelay",
    kind: "value",
    desc: "Change shutdown delay time from 0 second default.",
  },
];

/** Opens the port (tests may pass their own). */
export type OneacPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 9600 });
}

const LINE_WAIT_MS = 500, RETRIES = 10, COMM_TRIES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** EliminateLeadingZeroes: `size` characters at `at` without leading zeros (one kept). */
export function noLeadingZeros(buf: string, at: number, size: number): string {
  const s = buf.slice(at, at + size);
  let i = 0;
  while (i < size - 1 && s[i] === "0") i++;
  return s.slice(i);
}

function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** A oneac instance. */
export class OneacDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: OneacPortOpener;
  line: LineTransport | null = null;
  #pending: number[] = [];
  /** EG, ON, OZ or OB */
  family = "";
  #commTry = COMM_TRIES;
  #pace: number;
  #busy: Promise<unknown> = Promise.resolve();

  /** `pace` scales the start-up pauses (tests pass 0). */
  constructor(
    ctx: DriverContext,
    open: OneacPortOpener = openSerialPort,
    pace = 1,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#pace = pace;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  get #ozob(): boolean {
    return this.family === "OZ" || this.family === "OB";
  }

  /** ser_get_line: a CR-ended line (LF ignored); null on timeout. */
  async readLine(): Promise<string | null> {
    const end = Date.now() + LINE_WAIT_MS;
    let s = "";
    while (true) {
      if (!this.#pending.length) {
        const left = end - Date.now();
        if (left <= 0) return null;
        const got = await this.line!.read(left, 256);
        if (!got.length) return null;
        this.#pending.push(...got);
      }
      const c = String.fromCharCode(this.#pending.shift()!);
      if (c === "\r") return s;
      if (c !== "\n") s += c;
    }
  }

  /** Sends `cmd` CR LF. */
  async send(cmd: string): Promise<void> {
    await this.line!.write(`${cmd}\r\n`);
  }

  /** OneacGetResponse: a line of `len` characters within ten reads, or null. */
  async response(len: number): Promise<string | null> {
    for (let i = 0; i < RETRIES; i++) {
      const l = await this.readLine();
      if (l !== null && l.length === len) return l;
    }
    return null;
  }

  /** A query answered by `len` characters. */
  async ask(cmd: string, len: number): Promise<string | null> {
    await this.send(cmd);
    return await this.response(len);
  }

  async #flush(): Promise<void> {
    this.#pending = [];
    await this.line!.flush();
  }

  /** upsdrv_initups: open at 9600 bps, two paced CR LF, a second of quiet. */
  async initups(): Promise<void> {
    if (this.line) return;
    this.line = await this.#open(this.ctx.config.port);
    for (let i = 0; i < 2; i++) {
      for (const c of "\r\n") {
        await this.line.write(c);
        await sleep(100 * this.#pace);
      }
    }
    await sleep(1000 * this.#pace);
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state, port = this.ctx.config.port;
    await this.#flush();
    const fam = await this.ask("F", 2);
    if (fam === null) {
      throw new DriverFatalError(`Serial timeout with ONEAC UPS on ${port}`);
    }
    if (!["ON", "OZ", "OB", "EG"].includes(fam)) {
      throw new DriverFatalError(`Did not find an ONEAC UPS on ${port}`);
    }
    this.family = fam;
    st.set("device.model", fam);
    this.ctx.log.info(`Found ${fam} family of Oneac UPS`);
    st.set("ups.type", "Line Interactive");
    for (
      const c of [
        "test.battery.start.quick",
        "test.battery.stop",
        "test.failure.start",
        "shutdown.return",
        "shutdown.stop",
        "shutdown.reboot",
      ]
    ) st.addCmd(c);
    const b = await this.ask("%", fam === "EG" ? 22 : 48);
    if (b === null) {
      throw new DriverFatalError(`Serial timeout(2) with ONEAC UPS on ${port}`);
    }
    st.set("device.mfr", b.slice(0, 5));
    st.set("ups.firmware", b.slice(7, 10));
    st.set("input.frequency.nominal", b.slice(20, 22));
    st.set("output.frequency.nominal", b.slice(20, 22));
    const rw = (name: string, value: string, aux: number) => {
      st.set(name, value);
      st.setFlags(name, ["STRING", "RW"]);
      st.setAux(name, aux);
    };
    rw("ups.delay.shutdown", this.ctx.config.values.get("offdelay") ?? "0", 3);
    const vrange = b[26];
    if (fam !== "EG") {
      st.addCmd("reset.input.minmax");
      const nominal = ({ "1": "120", "2": "230" } as Record<string, string>)[
        vrange ?? ""
      ];
      if (nominal) {
        st.set("input.voltage.nominal", nominal);
        st.set("output.voltage.nominal", nominal);
      } else {
        this.ctx.log.info(
          `Oneac: Invalid nom voltage parameter from UPS [${vrange}]`,
        );
      }
    }
    if (!this.#ozob) return;
    for (
      const c of [
        "test.panel.start",
        "test.battery.start.deep",
        "beeper.enable",
        "beeper.disable",
        "beeper.mute",
      ]
    ) st.addCmd(c);
    st.setAux("ups.delay.shutdown", 5);
    await this.#flush();
    const x = await this.ask("^", 92);
    if (x === null) {
      throw new DriverFatalError(`Serial timeout(3) with ONEAC UPS on ${port}`);
    }
    rw("input.transfer.low", noLeadingZeros(x, 73, 3), 3);
    rw("input.transfer.high", noLeadingZeros(x, 76, 3), 3);
    rw("ups.delay.start", noLeadingZeros(x, 84, 4), 4);
    rw("battery.runtime.low", String(atoi(x.slice(82, 84)) * 60), 2);
    const model = x.slice(5, 15).replace(/ +$/, "");
    st.set("device.model", model);
    st.set("device.serial", `${x.slice(18, 22)}-${x.slice(22, 26)}`);
    this.ctx.log.info(
      `Found ${model} UPS with serial number ${x.slice(18, 22)}-${
        x.slice(22, 26)
      }`,
    );
    st.set("ups.mfr.date", `${x.slice(38, 44)} (yymmdd)`);
    rw("battery.date", `${x.slice(44, 50)} (yymmdd)`, 6);
    st.set("ups.realpower.nominal", noLeadingZeros(x, 55, 5));
    rw("ups.start.auto", "yes", 3);
    const fw = b.slice(7, 10);
    if (fam === "OB" || fw >= "1.9") {
      const r = await this.ask("[=?", 10);
      if (r === null) {
        throw new DriverFatalError(
          `Serial timeout(4) with ONEAC UPS on ${port}`,
        );
      }
      const lo = atoi(r.slice(0, 3)), hi = atoi(r.slice(4, 7));
      const k = atoi(r.slice(8, 10));
      const p3 = (n: number) => String(n).padStart(3, " ");
      st.set("input.transfer.low.min", p3(lo));
      st.set("input.transfer.low.max", p3(hi - k));
      st.set("input.transfer.high.min", p3(lo + k));
      st.set("input.transfer.high.max", p3(hi));
    } else if (vrange === "1" || vrange === "2") {
      const d = vrange === "1"
        ? ["90", "120", "110", "140"]
        : ["172", "228", "212", "268"];
      st.set("input.transfer.low.min", d[0]!);
      st.set("input.transfer.low.max", d[1]!);
      st.set("input.transfer.high.min", d[2]!);
      st.set("input.transfer.high.max", d[3]!);
    }
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state, port = this.ctx.config.port;
    await this.#flush();
    const b = await this.ask("%", this.family === "EG" ? 22 : 48);
    if (b === null) {
      if (this.#commTry === 0) {
        this.ctx.log.warn(`Oneac UPS Comm failure continues on port ${port}`);
      } else if (--this.#commTry === 0) {
        this.ctx.log.warn(`Oneac UPS Comm failure on port ${port}`);
        st.dataStale();
      }
      return;
    }
    this.#commTry = COMM_TRIES;
    const status: string[] = [], alarms: string[] = [];
    const s = b.charCodeAt(12);
    if (b[12] === "@") status.push("OL");
    else {
      status.push(s & 1 ? "OB" : "OL");
      if (s & 2) status.push("LB");
      st.set(
        "ups.test.result",
        s & 4 ? "UPS Internal Failure" : "Normal",
      );
      if (s & 8) status.push("RB");
      if (s & 0x20) alarms.push("OVERHEAT");
    }
    const reason = ({
      B: "Blackout",
      L: "Low Input Voltage",
      H: "High Input Voltage",
      ".": "No transfer yet.",
    } as Record<string, string>)[b[13] ?? ""];
    if (reason) st.set("input.transfer.reason", reason);
    else {
      this.ctx.log.info(
        `Oneac: Unknown reason for UPS battery transfer [${b[13]}]`,
      );
    }
    if (this.family !== "EG") {
      st.set("ups.load", `0${b.slice(31, 33)}`);
      if (b[27] === ".") status.push("OFF");
      st.set("battery.charge", b[10] === "Y" ? `0${b.slice(33, 35)}` : "100");
      st.set("input.voltage", noLeadingZeros(b, 35, 3));
      st.set("input.voltage.minimum", noLeadingZeros(b, 38, 3));
      st.set("input.voltage.maximum", noLeadingZeros(b, 41, 3));
      st.set("output.voltage", noLeadingZeros(b, 44, 3));
      if (b[15] === ".") st.del("ups.timer.shutdown");
      else {
        status.push("FSD");
        st.set(
          "ups.timer.shutdown",
          b[15] !== "+" ? noLeadingZeros(b, 15, 3) : "999",
        );
      }
      if (b[47] === "Y") status.push("BOOST");
    }
    if (this.#ozob) await this.#updateOz();
    st.setAlarms(alarms);
    st.setStatus(status);
    if (this.#commTry !== 0) st.dataOk();
  }

  async #updateOz(): Promise<void> {
    const st = this.ctx.state;
    await this.#flush();
    const x = await this.ask("&", 79);
    if (x === null) {
      if (--this.#commTry === 0) {
        this.ctx.log.warn(
          `Oneac (OZ) UPS Comm failure on port ${this.ctx.config.port}`,
        );
        st.dataStale();
      }
      return;
    }
    this.#commTry = COMM_TRIES;
    st.set("ups.realpower", noLeadingZeros(x, 57, 5));
    st.set("input.frequency", `${x.slice(42, 44)}.${x[44]}`);
    st.set("output.frequency", `${x.slice(76, 78)}.${x[78]}`);
    st.set("battery.voltage", `${noLeadingZeros(x, 29, 3)}.${x[32]}`);
    st.set("ups.temperature", x.slice(13, 15));
    st.set("ups.load", x.slice(73, 76));
    st.set("battery.runtime", String(atoi(x.slice(19, 23)) * 60));
    let r = await this.ask("+", 6);
    if (r !== null) st.set("battery.date", `${r} (yymmdd)`);
    r = await this.ask("[", 3);
    if (r !== null) st.set("input.transfer.low", noLeadingZeros(r, 0, 3));
    r = await this.ask("]", 3);
    if (r !== null) st.set("input.transfer.high", r);
    r = await this.ask("_", 4);
    if (r !== null) st.set("ups.delay.start", noLeadingZeros(r, 0, 4));
    r = await this.ask("\x07?", 1);
    if (r !== null) {
      st.set(
        "ups.beeper.status",
        r === "0" ? "disabled" : r === "2" ? "muted" : "enabled",
      );
    }
    r = await this.ask("<?", 1);
    if (r !== null) st.set("ups.start.auto", r === "0" ? "yes" : "no");
    r = await this.ask('"', 2);
    if (r !== null) {
      st.set("battery.runtime.low", String(atoi(r.slice(0, 2)) * 60));
    }
    r = await this.ask("}", 5);
    if (r !== null && r[0] !== ".") {
      st.set("ups.timer.shutdown", noLeadingZeros(r, 0, 5));
    }
    r = await this.ask("_?", 4);
    if (r !== null) {
      if (atoi(r) === 0) st.del("ups.timer.start");
      else st.set("ups.timer.start", noLeadingZeros(r, 0, 4));
    }
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const name = cmd.toLowerCase();
      const run = ONEAC_CMDS[name];
      if (!run) {
        this.ctx.log.notice(`instcmd: unknown command [${cmd}]`);
        return "unknown";
      }
      await run(this);
      return "handled";
    });
  }

  /** upsdrv_setvar (NUT's setcmd). */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(() => oneacSet(this, name, value));
  }

  /** upsdrv_shutdown: ^O^F. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.line!.write("\x0f\x06");
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
