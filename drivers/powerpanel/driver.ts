/**
 * powerpanel: NUT 2.8.0's `powerpanel` 0.28 (CyberPower serial units with
 * the binary or the text protocol; experimental upstream). Start-up tries
 * the binary protocol at 1200 bps, then the text one at 2400 bps (or only
 * the one `protocol` names), with DTR raised and RTS low. A failed poll
 * goes stale on the fourth in a row. `-k` asks for shutdown.return; a
 * unit without it gets shutdown.stayoff on battery and shutdown.reboot on
 * line power.
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
import { NUT_TIMING, PpLink, type PpSubdriver, type PpTiming } from "./link.ts";
import { PpBinary } from "./binary.ts";
import { PpText } from "./text.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const POWERPANEL_VARS: readonly DriverVar[] = [
  { name: "ondelay", kind: "value", desc: "Delay before UPS startup" },
  { name: "offdelay", kind: "value", desc: "Delay before UPS shutdown" },
  { name: "manufacturer", kind: "value", desc: "manufacturer" },
  { name: "model", kind: "value", desc: "modelname" },
  { name: "serial", kind: "value", desc: "serialnumber" },
  {
    name: "protocol",
    kind: "value",
    desc: "protocol to use [text|binary] (default: autodection)",
  },
];

/** Opens the port at `speed` (tests pass their own). */
export type PpPortOpener = (
  path: string,
  speed: number,
) => Promise<LineTransport>;

async function openSerialPort(
  path: string,
  speed: number,
): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed });
}

const MAXTRIES = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A powerpanel instance. */
export class PowerpanelDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: PpPortOpener;
  #t: PpTiming;
  #line: LineTransport | null = null;
  /** The detected protocol. */
  sub: PpSubdriver | null = null;
  #retry = 0;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    ctx: DriverContext,
    open: PpPortOpener = openSerialPort,
    timing: PpTiming = NUT_TIMING,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#t = timing;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** upsdrv_initups: autodetection. */
  async initups(): Promise<void> {
    if (this.sub) return;
    const want = this.ctx.config.values.get("protocol")?.toLowerCase();
    const port = this.ctx.config.port;
    for (const proto of ["binary", "text"] as const) {
      if (want !== undefined && want !== proto) continue;
      // the speed is the subdriver's (ser_set_speed in its initups)
      this.#line?.close();
      this.#line = await this.#open(port, proto === "binary" ? 1200 : 2400);
      await this.#line.setLines({ rts: false, dtr: true }).catch(() => {});
      await sleep(10 * this.#t.wait);
      const link = new PpLink(this.#line, this.#t);
      const sub = proto === "binary"
        ? new PpBinary(this.ctx, link)
        : new PpText(this.ctx, link);
      if ((await sub.initups()) > 0) {
        this.ctx.log.info(
          `CyberPower UPS with ${proto} protocol on ${port} detected`,
        );
        this.sub = sub;
        return;
      }
      await this.#line.setLines({ dtr: false }).catch(() => {});
      await sleep(10 * this.#t.wait);
    }
    throw new DriverFatalError(`CyberPower UPS not found on ${port}`);
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state, v = this.ctx.config.values;
    st.set("ups.mfr", "CyberPower");
    st.set("ups.model", "[unknown]");
    st.set("ups.serial", "[unknown]");
    await this.sub!.initinfo();
    for (
      const [k, name] of [
        ["manufacturer", "ups.mfr"],
        ["model", "ups.model"],
        ["serial", "ups.serial"],
      ] as const
    ) {
      const s = v.get(k);
      if (s !== undefined) st.set(name, s);
    }
  }

  /** upsdrv_updateinfo: stale on the fourth failure in a row. */
  update(): Promise<void> {
    return this.#exclusive(async () => {
      if ((await this.sub!.updateinfo()) < 0) {
        this.ctx.log.warn("Status read failed!");
        if (this.#retry < 3) this.#retry++;
        else this.ctx.state.dataStale();
        return;
      }
      this.#retry = 0;
      this.ctx.state.dataOk();
    });
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string): Promise<CommandResult> {
    return this.#exclusive(() => this.sub!.instcmd(cmd));
  }

  /** upsdrv_setvar. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(() => this.sub!.setvar(name, value));
  }

  /** upsdrv_shutdown. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async (): Promise<CommandResult> => {
      await this.initups();
      const sub = this.sub!;
      if ((await sub.instcmd("shutdown.return")) === "handled") {
        return "handled";
      }
      // an older type: on battery unless the status says otherwise
      let ret = -1;
      for (let i = 0; i < MAXTRIES && ret < 0; i++) {
        ret = await sub.updateinfo();
      }
      if (ret > 0 && (await sub.instcmd("shutdown.stayoff")) === "handled") {
        this.ctx.log.info("Waiting for power to return...");
        return "handled";
      }
      if (ret === 0 && (await sub.instcmd("shutdown.reboot")) === "handled") {
        this.ctx.log.info("Rebooting now...");
        return "handled";
      }
      this.ctx.log.error("Shutdown command failed!");
      return "failed";
    });
  }

  /** upsdrv_cleanup: DTR low, port closed. */
  async close(): Promise<void> {
    await this.#line?.setLines({ dtr: false }).catch(() => {});
    this.#line?.close();
    this.#line = null;
  }
}
