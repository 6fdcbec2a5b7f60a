/**
 * sms_ser: SMS Brazil single-phase UPS (NUT master's `sms_ser` 1.05; NUT
 * 2.8.0 has no such driver). 2400 bps; 7-byte requests, 18-byte answers
 * each read waiting up to 3 s. Start-up asks F, I and Q; if one fails the
 * data is stale and no command is offered (as NUT). Each poll asks Q (and
 * sets the poll interval to 5 s, as NUT does). Commands are sent without
 * reading an answer. `-k` sends C (cancel shutdown) then R (shutdown and
 * return).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { type LineTransport, readCount } from "../../src/transport/mod.ts";
import {
  ANSWER_SIZE,
  emptyIdentity,
  measurements,
  parseFeatures,
  parseInformation,
  parseStatus,
  smsFrame,
  type SmsStatus,
  statusWord,
  strtolBase,
} from "./protocol.ts";

/** ups.conf variables of sms_ser (upsdrv_makevartable). */
export const SMS_VARS: readonly DriverVar[] = [
  {
    name: "rebootdelay",
    kind: "value",
    desc: "Set reboot delay, in seconds (default=64).",
  },
];

/** Opens the port (tests may pass their own). */
export type PortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** C atoi as a 32-bit int. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*[+-]?\d+/.exec(s);
  return m ? Number(m[0]) | 0 : 0;
}

/** What each instant command sends (the parameter byte where one is taken). */
const SIMPLE: Record<string, string> = {
  "test.battery.start.quick": "L",
  "test.battery.stop": "D",
  "beeper.toggle": "M",
  "shutdown.return": "R",
  "shutdown.stop": "C",
};

/** A sms_ser instance. */
export class SmsDriver implements DriverInstance {
  #ctx: DriverContext;
  #open: PortOpener;
  #line: LineTransport | null = null;
  #id = emptyIdentity();
  #bootdelay = 64;

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.#ctx = ctx;
    this.#open = open;
    const v = ctx.config.values.get("rebootdelay");
    if (v !== undefined && atoi(v) >= 0) this.#bootdelay = atoi(v) & 0xffff;
  }

  /** Sends a request; reads the 18-byte answer (null: short read). */
  async #ask(cmd: string): Promise<Uint8Array | null> {
    await this.#line!.write(smsFrame(cmd));
    const r = await this.#readAnswer();
    if (!r) {
      this.#ctx.log.error("Short read from UPS");
      this.#ctx.state.dataStale();
    }
    return r;
  }

  /** ser_get_buf_len: every read waits up to 3 s; a timeout loses the lot. */
  async #readAnswer(): Promise<Uint8Array | null> {
    const got: number[] = [];
    while (got.length < ANSWER_SIZE) {
      const r = await readCount(this.#line!, ANSWER_SIZE - got.length, 3001);
      got.push(...r.data);
      if (!r.complete) return null;
    }
    return Uint8Array.from(got);
  }

  async #status(): Promise<SmsStatus | null> {
    const b = await this.#ask("Q");
    return b ? parseStatus(b) : null;
  }

  #publish(s: SmsStatus, init: boolean): void {
    const st = this.#ctx.state;
    st.set("device.model", this.#id.model);
    st.set("ups.firmware", this.#id.version);
    if (init) {
      st.set("input.voltage.nominal", this.#id.voltageRange);
      st.set("input.current.nominal", this.#id.currentRange);
    }
    for (const [n, v] of measurements(this.#id, s)) st.set(n, v);
  }

  #fail(): void {
    this.#ctx.log.error("Short read from UPS");
    this.#ctx.state.dataStale();
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    this.#line = await this.#open(this.#ctx.config.port);
    const f = await this.#ask("F");
    if (!f || !parseFeatures(f, this.#id)) return this.#fail();
    const i = await this.#ask("I");
    if (!i || !parseInformation(i, this.#id)) return this.#fail();
    const s = await this.#status();
    if (!s) return this.#fail();
    this.#publish(s, true);
    for (
      const c of [
        "test.battery.start",
        "test.battery.start.quick",
        "test.battery.stop",
        "beeper.toggle",
        "shutdown.return",
        "shutdown.stop",
        "shutdown.reboot",
      ]
    ) this.#ctx.state.addCmd(c);
  }

  /** upsdrv_updateinfo: Q, the measurements and one status word. */
  async update(): Promise<void> {
    const s = await this.#status();
    if (!s) return this.#fail();
    this.#publish(s, false);
    this.#ctx.state.setStatus([statusWord(s)]);
    this.#ctx.state.dataOk();
  }

  async #send(cmd: string, param = 0xff): Promise<CommandResult> {
    try {
      await this.#line!.write(smsFrame(cmd, param));
      return "handled";
    } catch {
      return "failed";
    }
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, extra?: string): Promise<CommandResult> {
    const name = cmd.toLowerCase();
    if (name === "test.battery.start") {
      const delay = extra !== undefined ? strtolBase(extra, 10) : 10;
      return this.#send("T", delay & 0xffff);
    }
    if (name === "shutdown.reboot") {
      let delay = this.#bootdelay;
      if (extra !== undefined) {
        // seconds in base 10 (NUT passes the boot delay as strtol's base:
        // 64 by default, no valid base, so an explicit delay became 0)
        const d = strtolBase(extra, 10);
        if (d >= 0 && d < 0xffff) delay = d;
      }
      return this.#send("S", delay);
    }
    const letter = SIMPLE[name];
    return letter ? this.#send(letter) : Promise.resolve("unknown");
  }

  /** upsdrv_setvar: ups.delay.reboot only. */
  setvar(name: string, value: string): Promise<CommandResult> {
    if (name.toLowerCase() !== "ups.delay.reboot") {
      return Promise.resolve("unknown");
    }
    const v = atoi(value);
    if (v >= 0) this.#bootdelay = v & 0xffff;
    this.#ctx.state.set("ups.delay.reboot", String(this.#bootdelay));
    return Promise.resolve("handled");
  }

  /** upsdrv_shutdown: cancel a pending shutdown, then shut down and return. */
  async shutdown(): Promise<CommandResult> {
    for (let i = 0; i < 3; i++) {
      if (await this.instcmd("shutdown.stop") !== "handled") continue;
      if (await this.instcmd("shutdown.return") !== "handled") continue;
      this.#ctx.log.error("Shutting down");
      return "handled";
    }
    this.#ctx.log.error("Shutdown failed!");
    return "failed";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
