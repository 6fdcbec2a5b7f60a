/**
 * tripplite (serial SmartUPS): NUT 2.8.0's `tripplite` 0.93. Start-up reads
 * :W :L :V :X (three tries each, then gives up); each poll reads :D, :B,
 * :M, :I and :C and publishes only when every reply is in bounds. A poll
 * that fails leaves the old values; after more than three failures in a
 * row the data goes stale. `-k` sets the off delay (:N) and sends :G.
 *
 * @module
 */
import {
  type CommandResult,
  type DriverContext,
  DriverFatalError,
  type DriverInstance,
  type DriverVar,
} from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import {
  batteryCharge,
  batteryVolts,
  dataInBounds,
  hex2d,
  hexArg,
  identity,
  padInt,
  parseData,
  statusOf,
  strtol10,
  TEST_RESULTS,
  TL_DEFAULTS,
  TL_MAXTRIES,
  TL_SIMPLE_CMDS,
} from "./smart_protocol.ts";

/** ups.conf variables of tripplite (upsdrv_makevartable). */
export const TL_SER_VARS: readonly DriverVar[] = [
  {
    name: "offdelay",
    kind: "value",
    desc: `Set shutdown delay, in seconds (default=${TL_DEFAULTS.offdelay}).`,
  },
  {
    name: "startdelay",
    kind: "value",
    desc: `Set start delay, in seconds (default=${TL_DEFAULTS.startdelay}).`,
  },
  {
    name: "rebootdelay",
    kind: "value",
    desc: `Set reboot delay, in seconds (default=${TL_DEFAULTS.bootdelay}).`,
  },
];

/** Opens the port (tests may pass their own). */
export type TlPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** A reply buffer kept across the commands of one poll, as NUT's `buf[256]`. */
class ReplyBuf {
  chars: string[] = [];
  /** The C string: up to the first NUL. */
  get text(): string {
    const i = this.chars.indexOf("\0");
    return (i < 0 ? this.chars : this.chars.slice(0, i)).join("");
  }
}

const CHAR_WAIT_MS = 1000;

/** A tripplite (serial) instance. */
export class TrippLiteSerDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: TlPortOpener;
  #line: LineTransport | null = null;
  #pending: number[] = [];
  #offdelay = TL_DEFAULTS.offdelay;
  #startdelay = TL_DEFAULTS.startdelay;
  #bootdelay = TL_DEFAULTS.bootdelay;
  #numfails = 0;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open: TlPortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  async #getChar(): Promise<string | null> {
    if (!this.#pending.length) {
      const got = await this.#line!.read(CHAR_WAIT_MS, 256);
      if (!got.length) return null;
      this.#pending.push(...got);
    }
    return String.fromCharCode(this.#pending.shift()!);
  }

  /**
   * send_cmd: flush, send, skip the echoed line, then collect the answer
   * (CRs dropped) up to its LF. -1 when a character does not come within a
   * second; the buffer then keeps what it had (NUT does not clear it).
   */
  async #send(cmd: string, buf: ReplyBuf, len: number): Promise<number> {
    const line = this.#line!;
    this.#pending = [];
    await line.flush();
    await line.write(cmd);
    for (;;) {
      const c = await this.#getChar();
      if (c === null) return -1;
      if (c === "\n") break;
    }
    let i = 0;
    let c: string | null;
    do {
      c = await this.#getChar();
      if (c === null) return -1;
      if (c === "\r" || c === "\n") continue;
      buf.chars[i++] = c;
    } while (c !== "\n" && i < len);
    buf.chars[i] = "\0";
    return i;
  }

  async #letter(cmd: string): Promise<string> {
    const buf = new ReplyBuf();
    for (let tries = 0; tries < TL_MAXTRIES; tries++) {
      const n = await this.#send(cmd, buf, 16);
      if (n > 0 && /^[A-Za-z0-9]/.test(buf.text)) return buf.text;
    }
    throw new DriverFatalError("Failed to find UPS - giving up...");
  }

  #atoiDelay(name: string, current: number): number {
    const v = this.ctx.config.values.get(name);
    if (v === undefined) return current;
    const n = strtol10(v);
    return n >= 0 ? n : current;
  }

  /** upsdrv_initups: open at 2400 bps and read the delays. */
  async initups(): Promise<void> {
    if (!this.#line) this.#line = await this.#open(this.ctx.config.port);
    this.#offdelay = this.#atoiDelay("offdelay", this.#offdelay);
    this.#startdelay = this.#atoiDelay("startdelay", this.#startdelay);
    this.#bootdelay = this.#atoiDelay("rebootdelay", this.#bootdelay);
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const w = await this.#letter(":W\r");
    const l = await this.#letter(":L\r");
    const v = await this.#letter(":V\r");
    const x = await this.#letter(":X\r");
    const st = this.ctx.state;
    const id = identity(w, l, v, x);
    st.set("ups.mfr", "Tripp Lite");
    st.set("ups.model", id.model);
    st.set("ups.firmware", id.firmware);
    for (
      const [name, value, aux] of [
        ["ups.delay.shutdown", this.#offdelay, 3],
        ["ups.delay.start", this.#startdelay, 8],
        ["ups.delay.reboot", this.#bootdelay, 3],
      ] as const
    ) {
      st.set(name, String(value));
      st.setFlags(name, ["RW", "STRING"]);
      st.setAux(name, aux);
    }
    for (
      const cmd of [
        "test.battery.start",
        "load.off",
        "load.on",
        "shutdown.reboot",
        "shutdown.reboot.graceful",
        "shutdown.return",
        "shutdown.stayoff",
      ]
    ) st.addCmd(cmd);
    if (id.plugs > 1) {
      st.addCmd("outlet.1.load.off");
      st.addCmd("outlet.1.load.on");
      if (id.plugs > 2) {
        st.addCmd("outlet.2.load.off");
        st.addCmd("outlet.2.load.on");
      }
    }
    this.ctx.log.info(
      `Detected Tripp Lite ${id.model} on ${this.ctx.config.port}`,
    );
  }

  #fail(message: string): void {
    if (++this.#numfails > TL_MAXTRIES) {
      this.ctx.log.warn(message);
      this.ctx.state.dataStale();
    }
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const buf = new ReplyBuf();
    const len = await this.#send(":D\r", buf, 256);
    if (len !== 21) {
      return this.#fail(`Data command failed: [${len}] bytes != 21 bytes.`);
    }
    const d = parseData(buf.text);
    if (!dataInBounds(d)) {
      return this.#fail(
        `Data out of bounds: [${d.volt},${padInt(d.temp, 3)},${
          padInt(d.load, 3)
        },${d.freq.toFixed(2)}]`,
      );
    }
    await this.#send(":B\r", buf, 256);
    const bv = batteryVolts(buf.text);
    if (bv > 50.0 || bv < 0.0) {
      return this.#fail(`Battery voltage out of bounds: [${bv.toFixed(1)}]`);
    }
    await this.#send(":M\r", buf, 256);
    const vmax = hex2d(buf.text, 2);
    if (vmax > 270 || vmax < 0) {
      return this.#fail(`InVoltMax out of bounds: [${vmax}]`);
    }
    await this.#send(":I\r", buf, 256);
    const vmin = hex2d(buf.text, 2);
    if (vmin > 270 || vmin < 0) {
      return this.#fail(`InVoltMin out of bounds: [${vmin}]`);
    }
    await this.#send(":C\r", buf, 256);
    const stest = strtol10(buf.text);
    if (stest > 3 || stest < 0) {
      return this.#fail(`Self test out of bounds: [${stest}]`);
    }
    this.#numfails = 0;
    const st = this.ctx.state;
    st.set("input.voltage", String(d.volt));
    st.set("ups.temperature", padInt(d.temp, 3));
    st.set("ups.load", padInt(d.load, 3));
    st.set("input.frequency", d.freq.toFixed(2));
    const { tokens, unknown } = statusOf(d);
    for (const m of unknown) this.ctx.log.error(m);
    st.setStatus(tokens);
    st.set("battery.voltage", bv.toFixed(1));
    st.set("battery.charge", padInt(batteryCharge(bv), 3));
    st.set("input.voltage.maximum", String(vmax));
    st.set("input.voltage.minimum", String(vmin));
    st.set("ups.test.result", TEST_RESULTS[stest]!);
    st.dataOk();
  }

  async #cmd(cmd: string): Promise<number> {
    return await this.#send(cmd, new ReplyBuf(), 256);
  }

  async #softShutdown(): Promise<void> {
    await this.#cmd(`:N${hexArg(this.#offdelay, 2)}\r`);
    await this.#cmd(":G\r");
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const name = cmd.toLowerCase();
      const simple = TL_SIMPLE_CMDS[name];
      if (simple) await this.#cmd(simple);
      else if (name === "shutdown.reboot") {
        await this.#cmd(`:H${hexArg(this.#startdelay, 6)}\r`);
      } else if (name === "shutdown.reboot.graceful") {
        await this.#cmd(`:N${hexArg(this.#bootdelay, 2)}\r`);
        await this.#cmd(`:H${hexArg(this.#startdelay, 6)}\r`);
      } else if (name === "shutdown.return") await this.#softShutdown();
      else if (name === "shutdown.stayoff") {
        await this.#cmd(`:N${hexArg(this.#offdelay, 2)}\r`);
        await this.#cmd(":K0\r");
      } else {
        this.ctx.log.notice(
          `instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`,
        );
        return "unknown";
      }
      return "handled";
    });
  }

  /** upsdrv_setvar: the three delays (negative values keep the old one). */
  setvar(name: string, value: string): Promise<CommandResult> {
    const key = name.toLowerCase();
    const n = strtol10(value);
    const st = this.ctx.state;
    if (key === "ups.delay.shutdown") {
      if (n >= 0) this.#offdelay = n;
      st.set("ups.delay.shutdown", String(this.#offdelay));
    } else if (key === "ups.delay.start") {
      if (n >= 0) this.#startdelay = n;
      st.set("ups.delay.start", String(this.#startdelay));
    } else if (key === "ups.delay.reboot") {
      if (n >= 0) this.#bootdelay = n;
      st.set("ups.delay.reboot", String(this.#bootdelay));
    } else return Promise.resolve("unknown");
    return Promise.resolve("handled");
  }

  /** upsdrv_shutdown: the soft shutdown (:N offdelay, :G). */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.#softShutdown();
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
