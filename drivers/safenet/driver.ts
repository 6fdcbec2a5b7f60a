/**
 * safenet: NUT 2.8.0's `safenet` 1.7 (SafeNet protocol units: Fairstone,
 * Fenton, Gemini, Powerwell, Repotec, Soltec, Sweex, ...). 1200 bps; the
 * port reads in canonical mode (a reply is a CR-ended line); DTR high and
 * RTS low power the unit's interface, and DSR tells that a unit is there.
 * Each command is answered by the status line `$` + ten `A`/`B` flags.
 * Polls use NUT's "random" commands (an `L` where the second letter says).
 * Stale on the third failed poll. `-k` sends `shutdown.reboot` on line and
 * `shutdown.return` on battery.
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
import { fromLatin1, type LineTransport } from "../../src/transport/mod.ts";

/** ups.conf variables of safenet (upsdrv_makevartable). */
export const SAFENET_VARS: readonly DriverVar[] = [
  { name: "manufacturer", kind: "value", desc: "manufacturer [unknown]" },
  { name: "modelname", kind: "value", desc: "modelname [unknown]" },
  { name: "serialnumber", kind: "value", desc: "serialnumber [unknown]" },
  {
    name: "ondelay",
    kind: "value",
    desc: "Delay before UPS startup (minutes)",
  },
  {
    name: "offdelay",
    kind: "value",
    desc: "Delay before UPS shutdown (seconds)",
  },
];

/** Opens the port (tests pass their own). */
export type SafenetPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 1200 });
}

/** The fixed commands (traced on the wire by NUT's author). */
export const SAFENET_CMD = Object.freeze({
  init: "ZCADLIOPERJD\r",
  mainsTest: "ZFSDERBTRFGY\r",
  battTest: "ZAVLEJFICOPR\r",
  stopTest: "ZGWLEJFICOPR\r",
  toggleBeep: "ZELWSABPMBEQ\r",
});

/** Flag positions in the status line. */
const F = { ob: 0, lb: 2, over: 3, silenced: 5, rb: 6, fail: 7, test: 8 };

/** A digit as a letter (0=A … 9=J). */
const L = (n: number) => String.fromCharCode(65 + n);

/** shutdown.return: off after `off` seconds. */
export function shutdownReturn(off: number): string {
  return `ZBAS${L(Math.floor(off % 1000 / 100))}${
    L(Math.floor(off % 100 / 10))
  }${L(off % 10)}WLPGE\r`;
}

/** shutdown.reboot: off after `off` seconds, back after `on` minutes. */
export function shutdownReboot(off: number, on: number): string {
  const d = (v: number, m: number) => L(Math.floor(v % (m * 10) / m));
  return `ZAF${d(off, 100)}${d(off, 10)}${d(off, 1)}R${d(on, 1000)}${
    d(on, 100)
  }${d(on, 10)}${d(on, 1)}O\r`;
}

/**
 * glibc's random() with its default seed (NUT never seeds it): the
 * additive feedback generator over 34 seeded words, the first 310 outputs
 * dropped. The same sequence makes the same poll commands as NUT.
 */
export class GlibcRandom {
  #r: number[] = [];
  constructor(seed = 1) {
    const r = this.#r;
    r[0] = seed;
    for (let i = 1; i < 31; i++) {
      // 16807 * r mod (2^31 - 1), on signed 32-bit words as glibc
      const hi = Math.trunc(r[i - 1]! / 127773), lo = r[i - 1]! % 127773;
      let w = 16807 * lo - 2836 * hi;
      if (w < 0) w += 2147483647;
      r[i] = w;
    }
    for (let i = 31; i < 34; i++) r[i] = r[i - 31]!;
    for (let i = 34; i < 344; i++) r[i] = (r[i - 31]! + r[i - 3]!) | 0;
  }
  /** The next value, 0 … 2^31-1. */
  next(): number {
    const r = this.#r, n = r.length;
    const v = (r[n - 31]! + r[n - 3]!) | 0;
    r.push(v);
    if (r.length > 64) r.splice(0, r.length - 34);
    return v >>> 1;
  }
}

/** A status poll: letters A-J from `rand`, an `L` where the second one says. */
export function pollCommand(rand: () => number): string {
  const c = ["Z"];
  for (let i = 1; i < 12; i++) c.push(L(rand() % 10));
  c[c[1]!.charCodeAt(0) - 65 + 2] = "L";
  return c.join("") + "\r";
}

function strtol(s: string | undefined): number {
  const m = /^\s*[+-]?\d+/.exec(s ?? "");
  return m ? parseInt(m[0], 10) : 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A safenet instance. */
export class SafenetDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: SafenetPortOpener;
  #line: LineTransport | null = null;
  #pending = "";
  /** The last status flags (true = `B`). */
  #flags: boolean[] = Array(10).fill(false);
  #retry = 0;
  #random = new GlibcRandom();
  #ondelay = 1;
  #offdelay = 30;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** upsdrv_initups: 1200 bps, DTR on, RTS off, the delays checked. */
  async initups(): Promise<void> {
    if (this.#line) return;
    this.#line = await this.#open(this.ctx.config.port);
    // NUT ignores a failing ioctl (a pty has no modem lines)
    await this.#line.setLines({ dtr: true }).catch(() => {});
    await this.#line.setLines({ rts: false }).catch(() => {});
    const v = this.ctx.config.values;
    if (v.has("ondelay")) this.#ondelay = strtol(v.get("ondelay"));
    if (this.#ondelay < 0 || this.#ondelay > 9999) {
      throw new DriverFatalError(
        `Start delay '${this.#ondelay}' out of range [0..9999]`,
      );
    }
    if (v.has("offdelay")) this.#offdelay = strtol(v.get("offdelay"));
    if (this.#offdelay < 0 || this.#offdelay > 999) {
      throw new DriverFatalError(
        `Shutdown delay '${this.#offdelay}' out of range [0..999]`,
      );
    }
  }

  /**
   * A canonical-mode read of up to 32 bytes: nothing until a CR or LF
   * ends a line, then the line with its end; null after a second.
   */
  async #readLine(): Promise<string | null> {
    const end = Date.now() + 1000;
    while (true) {
      const i = this.#pending.search(/[\r\n]/);
      if (i >= 0) {
        const n = Math.min(i + 1, 32);
        const line = this.#pending.slice(0, n);
        this.#pending = this.#pending.slice(n);
        return line;
      }
      const left = end - Date.now();
      if (left <= 0) return null;
      const got = await this.#line!.read(left, 256);
      if (!got.length) return null;
      this.#pending += fromLatin1(got);
    }
  }

  /** safenet_command: true when a valid status line came back. */
  async command(cmd: string): Promise<boolean> {
    this.#pending = "";
    await this.#line!.flush();
    await this.#line!.write(cmd);
    const r = await this.#readLine();
    if (r === null || r.length !== 12 || r[0] !== "$") return false;
    if (!/^[AB]{10}$/.test(r.slice(1, 11))) return false;
    this.#flags = [...r.slice(1, 11)].map((c) => c === "B");
    return true;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state, port = this.ctx.config.port;
    await sleep(100);
    // crude detection: a unit raises DSR
    const dsr = await this.#line!.getLines().then((l) => l.dsr, () => false);
    if (!dsr) {
      throw new DriverFatalError(
        `Serial cable problem or nothing attached to ${port}`,
      );
    }
    await this.#hello();
    const v = this.ctx.config.values;
    st.set("ups.mfr", v.get("manufacturer") ?? "unknown");
    st.set("ups.model", v.get("modelname") ?? "unknown");
    st.set("ups.serial", v.get("serialnumber") ?? "unknown");
    st.set("ups.delay.start", String(60 * this.#ondelay));
    st.set("ups.delay.shutdown", String(this.#offdelay));
    for (
      const c of [
        "test.battery.start",
        "test.battery.stop",
        "test.failure.start",
        "test.failure.stop",
        "beeper.on",
        "beeper.off",
        "beeper.enable",
        "beeper.mute",
        "beeper.toggle",
        "shutdown.return",
        "shutdown.reboot",
      ]
    ) st.addCmd(c);
  }

  /** The initialisation string, three tries. */
  async #hello(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      if (await this.command(SAFENET_CMD.init)) return;
    }
    throw new DriverFatalError(
      `SafeNet protocol compatible UPS not found on ${this.ctx.config.port}`,
    );
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    if (!(await this.command(pollCommand(() => this.#random.next())))) {
      if (this.#retry < 2) this.#retry++;
      else st.dataStale();
      return;
    }
    this.#retry = 0;
    const f = this.#flags;
    if (f[F.test] && f[F.lb]) {
      // let the unit settle its flags after the test (OB+LB glitch)
      if (await this.command(SAFENET_CMD.stopTest)) {
        this.ctx.log.info("Battery test finished");
        return;
      }
      this.ctx.log.warn("Can't terminate battery test!");
    }
    const status = [f[F.ob] ? "OB" : "OL"];
    if (f[F.lb]) status.push("LB");
    if (f[F.over]) status.push("OVER");
    if (f[F.rb]) status.push("RB");
    if (f[F.test]) status.push("CAL");
    st.setAlarms(f[F.fail] ? ["System selftest fail!"] : []);
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#instcmd(cmd));
  }

  async #instcmd(cmd: string): Promise<CommandResult> {
    const sent = async (c: string): Promise<CommandResult> =>
      (await this.command(c)) ? "handled" : "failed";
    const silenced = this.#flags[F.silenced];
    switch (cmd.toLowerCase()) {
      case "beeper.off":
        this.ctx.log.warn(
          "The 'beeper.off' command has been renamed to 'beeper.mute' for this driver",
        );
        return this.#instcmd("beeper.mute");
      case "beeper.on":
        this.ctx.log.warn(
          "The 'beeper.on' command has been renamed to 'beeper.enable'",
        );
        return this.#instcmd("beeper.enable");
      case "test.battery.start":
        return sent(SAFENET_CMD.battTest);
      case "test.battery.stop":
      case "test.failure.stop":
        return sent(SAFENET_CMD.stopTest);
      case "test.failure.start":
        return sent(SAFENET_CMD.mainsTest);
      case "beeper.enable":
        return silenced ? sent(SAFENET_CMD.toggleBeep) : "handled";
      case "beeper.mute":
        return silenced ? "handled" : sent(SAFENET_CMD.toggleBeep);
      case "beeper.toggle":
        return sent(SAFENET_CMD.toggleBeep);
      case "shutdown.return":
        await this.command(shutdownReturn(this.#offdelay));
        return "handled";
      case "shutdown.reboot":
        await this.command(shutdownReboot(this.#offdelay, this.#ondelay));
        return "handled";
      default:
        this.ctx.log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
        return "unknown";
    }
  }

  /** upsdrv_shutdown: on battery wait for power, on line power-cycle. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.#hello();
      return this.#instcmd(
        this.#flags[F.ob] ? "shutdown.return" : "shutdown.reboot",
      );
    });
  }

  /** upsdrv_cleanup: DTR off, then close. */
  async close(): Promise<void> {
    if (!this.#line) return;
    await this.#line.setLines({ dtr: false }).catch(() => {});
    this.#line.close();
    this.#line = null;
  }
}
