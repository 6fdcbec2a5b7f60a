/**
 * ragtech: Ragtech Easy Pro family 10 over its USB CDC-ACM serial port
 * (NUT master's `ragtech` 0.10; NUT 2.8.0 has no such driver). Opening
 * drops DTR and RTS (a raised line can mean "shut down" to these units).
 * Start-up sends the wake-up frame and reads the main range (ten tries),
 * then the current calibration (0xF3) and oscillator calibrations
 * (0x202-0x203). Each poll reads the main range (three tries, then
 * stale). The shutdown commands and `-k` need the `allow_shutdown` flag:
 * they clear F_AUTOSTART with the AND opcode and start a 30 s timer
 * (shutdown.return is the same as shutdown.stayoff: the firmware has no
 * auto-restart). As NUT, an alarm is replaced only while an alarm bit is
 * set, so the last one stays once the condition clears.
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
import {
  type Calibration,
  FALLBACK_MODEL,
  frame,
  HANDSHAKE,
  MAIN_BASE,
  MAIN_LEN,
  OP,
  RAGTECH_MODELS,
  type RagtechModel,
  ratings,
  reading,
  reg,
} from "./protocol.ts";

/** ups.conf variables of ragtech (upsdrv_makevartable). */
export const RAGTECH_VARS: readonly DriverVar[] = [
  {
    name: "iout_calib",
    kind: "value",
    desc:
      "Override per-unit output current calibration (default: read from reg 0xF3)",
  },
  {
    name: "va",
    kind: "value",
    desc:
      "Override the apparent-power (VA) rating used for ups.power.nominal, ups.realpower.nominal and the computed ups.load. Useful when the model id is shared between product lines (e.g. a GT unit reporting the same id as an Easy 2200 TI).",
  },
  {
    name: "allow_shutdown",
    kind: "flag",
    desc:
      "Enable the shutdown.* and test.battery.start.deep instcmds. WARNING: this UPS firmware does not auto-restart after a coordinated shutdown; manual power-button intervention is required when mains return. Defaults to disabled.",
  },
];

/** Opens the port (tests may pass their own). */
export type PortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  // CDC-ACM ignores the speed; raw 8N1 is what matters
  return openSerial(path, { speed: 9600 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GUARDED = [
  "shutdown.return",
  "shutdown.stayoff",
  "shutdown.stop",
  "test.battery.start.deep",
];

/** A ragtech instance. */
export class RagtechDriver implements DriverInstance {
  #ctx: DriverContext;
  #open: PortOpener;
  #line: LineTransport | null = null;
  #model: RagtechModel = FALLBACK_MODEL;
  #va = 0;
  #vaOverride = 0;
  #cal: Calibration = { iout: 16, osc53: 0, osc57: 0 };
  #allow: boolean;

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.#ctx = ctx;
    this.#open = open;
    const v = ctx.config.values;
    const calib = parseFloat(v.get("iout_calib") ?? "");
    if (calib > 0) this.#cal.iout = calib;
    const va = parseInt(v.get("va") ?? "", 10);
    if (va > 0) this.#vaOverride = va >>> 0;
    this.#allow = ctx.config.flags.has("allow_shutdown");
  }

  /** ragtech_read: `count` registers from `addr` after the 0xAA start byte, or null. */
  async read(addr: number, count: number): Promise<Uint8Array | null> {
    const line = this.#line!;
    await line.flush();
    await line.write(frame(OP.read, addr, count));
    await sleep(50);
    const out: number[] = [];
    let sof = false;
    for (let i = 0; i < 10 && out.length < count; i++) {
      const got = await line.read(1000, 64);
      if (!got.length) break;
      for (const b of got) {
        if (!sof) sof = b === 0xaa;
        else if (out.length < count) out.push(b);
      }
    }
    return out.length < count ? null : Uint8Array.from(out);
  }

  /** ragtech_send_op: the frame, then whatever the unit echoes is drained. */
  async #op(op: number, addr: number, value: number): Promise<void> {
    await this.#line!.flush();
    await this.#line!.write(frame(op, addr, value));
    await sleep(50);
    await this.#line!.read(100, 16);
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    const line = this.#line = await this.#open(this.#ctx.config.port);
    await line.setLines({ dtr: false, rts: false }).catch(() => {});
    await sleep(200);
    const st = this.#ctx.state;
    st.set("ups.mfr", "Ragtech");
    st.set("ups.model", "Unknown");
    let r: Uint8Array | null = null;
    for (let i = 0; i < 10 && !r; i++) {
      await line.write(HANDSHAKE);
      for (let k = 0; k < 4; k++) if (!(await line.read(100, 16)).length) break;
      r = await this.read(MAIN_BASE, MAIN_LEN);
      if (!r) await sleep(200);
    }
    if (!r) {
      throw new DriverFatalError(
        "no reply to initial status poll -- is the UPS connected and not held by another program (e.g. Ragtech supsvc)?",
      );
    }
    const id = reg(r, 0x9a);
    const model = RAGTECH_MODELS[id];
    if (!model) {
      this.#ctx.log.warn(
        `unknown model id 0x${
          id.toString(16).toUpperCase().padStart(2, "0")
        }, using generic 115V profile`,
      );
    }
    this.#model = model ?? FALLBACK_MODEL;
    this.#va = this.#vaOverride || this.#model.va;
    for (const [n, v] of ratings(r, this.#model, this.#va)) st.set(n, v);
    // the register's calibration wins over the iout_calib setting, as NUT
    const calib = await this.read(0xf3, 1);
    if (calib && calib[0]! > 0) this.#cal.iout = calib[0]!;
    const osc = await this.read(0x202, 2);
    if (osc) [this.#cal.osc53, this.#cal.osc57] = [osc[0]!, osc[1]!];
    if (this.#allow) { for (const c of GUARDED) st.addCmd(c); }
    else {
      this.#ctx.log.info(
        "shutdown / test.battery.start.deep instcmds are disabled by default. Set 'allow_shutdown' in ups.conf to enable; the firmware will not auto-restart after a shutdown.",
      );
    }
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.#ctx.state;
    let r: Uint8Array | null = null;
    for (let i = 0; i < 3 && !r; i++) {
      r = await this.read(MAIN_BASE, MAIN_LEN);
      if (!r) await sleep(100);
    }
    if (!r) return st.dataStale();
    const x = reading(r, this.#model, this.#va, this.#cal);
    for (const [n, v] of x.vars) st.set(n, v);
    st.setStatus(x.status);
    if (x.alarms) st.setAlarms(x.alarms);
    st.dataOk();
  }

  /** upsdrv_instcmd (shutdown and test commands need allow_shutdown). */
  async instcmd(cmd: string): Promise<CommandResult> {
    const c = cmd.toLowerCase();
    if (!this.#allow && GUARDED.includes(c)) {
      this.#ctx.log.warn(
        `${cmd} refused: set 'allow_shutdown' in ups.conf to enable. WARNING: this UPS firmware does NOT auto-restart after a coordinated shutdown; the operator must press the power button when mains return.`,
      );
      return "invalid";
    }
    try {
      switch (c) {
        case "shutdown.return":
          this.#ctx.log.warn(
            "shutdown.return: firmware does not implement auto-restart; falling back to shutdown.stayoff (manual power-on required)",
          );
        /* falls through */
        case "shutdown.stayoff":
          await this.#op(OP.and, 0x80, ~0x01);
          await this.#op(OP.write, 0x98, 30);
          return "handled";
        case "shutdown.stop":
          await this.#op(OP.write, 0x98, 0);
          return "handled";
        case "test.battery.start.deep":
          await this.#op(OP.and, 0x90, ~0x02);
          await this.#op(OP.or, 0x90, 0x04);
          await this.#op(OP.or, 0x95, 0x80);
          return "handled";
      }
    } catch {
      return "failed";
    }
    this.#ctx.log.notice(`instcmd: unknown command [${cmd}]`);
    return "unknown";
  }

  /** upsdrv_shutdown: shutdown.return, only with allow_shutdown. */
  async shutdown(): Promise<CommandResult> {
    if (!this.#allow) {
      this.#ctx.log.error(
        "upsdrv_shutdown invoked but 'allow_shutdown' is not set in ups.conf -- refusing. This firmware does not auto-restart after shutdown; a coordinated shutdown would leave the UPS off until manual power-on.",
      );
      return "failed";
    }
    return await this.instcmd("shutdown.return");
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
