/**
 * tripplitesu: NUT 2.8.0's `tripplitesu` 0.06 (Tripp Lite SmartOnline, the
 * Belkin-style protocol at 2400 bps; experimental upstream). A request is
 * `~00` + P(oll) or S(et) + a three-digit length + the three-letter
 * command and its parameters, sent 10 ms per byte; the unit answers
 * `~00D` + a three-digit count + that many bytes (`;`-separated fields,
 * padded with spaces), `~00A` (accepted) or `~00R`. A poll needs `STO`,
 * `STB` and `STA`; any of them failing leaves the data stale. `-k`
 * enables automatic reboot, then restart in 1 min and off in 5 s.
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
  atoi,
  field,
  NUT_TIMING,
  SENSITIVITY,
  suCommand,
  type SuReply,
  type SuTiming,
  tenths,
  TEST_RESULTS,
} from "./protocol.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const TRIPPLITESU_VARS: readonly DriverVar[] = [
  { name: "lowbatt", kind: "value", desc: "Set low battery level, in percent" },
];

/** Opens the port (tests pass their own). */
export type SuPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** Instant commands every unit gets (load.* only with outlet banks). */
const SU_CMDS = "shutdown.reboot shutdown.reboot.graceful shutdown.return " +
  "shutdown.stop test.battery.start test.battery.stop";

/** A tripplitesu instance. */
export class TripplitesuDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: SuPortOpener;
  #t: SuTiming;
  line: LineTransport | null = null;
  #banks = 0;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    ctx: DriverContext,
    open: SuPortOpener = openSerialPort,
    timing: SuTiming = NUT_TIMING,
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

  /** do_command (see protocol.ts). */
  command(
    type: "P" | "S",
    cmd: string,
    params = "",
  ): Promise<SuReply | null> {
    return suCommand(this.line!, this.#t, type, cmd, params);
  }

  async #poll(cmd: string): Promise<string | null> {
    const r = await this.command("P", cmd);
    return r && r.n > 0 ? r.text : null;
  }

  async initups(): Promise<void> { // upsdrv_initups
    if (!this.line) this.line = await this.#open(this.ctx.config.port);
  }

  /** init_comm: `AVL` (asked twice when the first answer is bad), then the maker. */
  async #initComm(): Promise<boolean> {
    if ((await this.#poll("AVL")) === null) {
      this.ctx.log.notice(
        "init_comm: Initial response malformed, retrying in 300ms",
      );
      await new Promise((r) => setTimeout(r, this.#t.retry));
    }
    if ((await this.#poll("AVL")) === null) return false;
    return (await this.#poll("MNU")) === "Tripp Lite";
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    if (!(await this.#initComm())) {
      throw new DriverFatalError(
        `Unable to detect Tripp Lite SmartOnline UPS on port ${this.ctx.config.port}`,
      );
    }
    const st = this.ctx.state;
    let r = await this.#poll("MNU");
    if (r !== null) st.set("ups.mfr", r);
    if ((r = await this.#poll("MOD")) !== null) st.set("ups.model", r);
    if ((r = await this.#poll("VER")) !== null) st.set("ups.firmware", r);
    let minLow = 0, maxLow = 0, minHigh = 0, maxHigh = 0;
    if ((r = await this.#poll("RAT")) !== null) {
      const f = (n: number) => field(r!, n);
      if (f(0) !== null) st.set("input.voltage.nominal", String(atoi(f(0))));
      if (f(2) !== null) st.set("output.voltage.nominal", String(atoi(f(2))));
      if (f(14) !== null) {
        st.set("battery.voltage.nominal", String(atoi(f(14))));
      }
      const unsigned = (n: number, old: number) =>
        f(n) !== null && atoi(f(n)) >= 0 ? atoi(f(n)) : old;
      minLow = unsigned(10, minLow);
      maxLow = unsigned(9, maxLow);
      minHigh = unsigned(12, minHigh);
      maxHigh = unsigned(11, maxHigh);
    }
    if ((r = await this.#poll("LET")) !== null) this.#banks = atoi(r);
    if (await this.#getId()) {
      st.setFlags("ups.id", ["RW", "STRING"]);
      st.setAux("ups.id", 100);
    }
    if ((await this.#getTransfer(0)) && maxLow) {
      st.setFlags("input.transfer.low", ["RW"]);
      for (let i = minLow; i <= maxLow; i++) {
        st.addEnum("input.transfer.low", String(i));
      }
    }
    // gated on its own range (2.8.0 tests the low range's maximum here; fixed in later NUT)
    if ((await this.#getTransfer(1)) && maxHigh) {
      st.setFlags("input.transfer.high", ["RW"]);
      for (let i = minHigh; i <= maxHigh; i++) {
        st.addEnum("input.transfer.high", String(i));
      }
    }
    if (await this.#getSensitivity()) {
      st.setFlags("input.sensitivity", ["RW"]);
      for (const s of SENSITIVITY) st.addEnum("input.sensitivity", s);
    }
    if (this.#banks) {
      st.addCmd("load.off");
      st.addCmd("load.on");
    }
    for (const c of SU_CMDS.split(" ")) st.addCmd(c);
    await this.#update();
  }

  async #getId(): Promise<boolean> {
    const r = await this.command("P", "UID");
    if (!r) return false;
    this.ctx.state.set("ups.id", r.text);
    return true;
  }

  /** get_transfer_voltage_low (0) / _high (1). */
  async #getTransfer(which: 0 | 1): Promise<boolean> {
    const r = await this.#poll("TXV");
    if (r === null) return false;
    const p = field(r, which);
    const name = which ? "input.transfer.high" : "input.transfer.low";
    if (p !== null) this.ctx.state.set(name, String(atoi(p)));
    return true;
  }

  async #getSensitivity(): Promise<boolean> {
    const r = await this.#poll("VSN");
    if (r === null) return false;
    const s = SENSITIVITY[atoi(r)];
    if (s === undefined || atoi(r) < 0) return false;
    this.ctx.state.set("input.sensitivity", s);
    return true;
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    const status: string[] = [];
    const add = (t: string) => {
      if (!status.includes(t)) status.push(t);
    };
    let r = await this.#poll("STO");
    const f0 = r === null ? null : field(r, 0);
    if (r === null || f0 === null) return st.dataStale();
    const o = r;
    switch (atoi(f0)) {
      case 0:
        add("OL");
        break;
      case 1:
        add("OB");
        break;
      case 2:
      case 5:
        add("BYPASS");
        break;
      case 3:
        add("OL"), add("TRIM");
        break;
      case 4:
        add("OL"), add("BOOST");
        break;
      case 7:
        add("OFF");
    }
    const put = (
      s: string,
      n: number,
      name: string,
      conv: (v: string) => string,
    ) => {
      const p = field(s, n);
      if (p !== null) st.set(name, conv(p));
    };
    const int = (v: string) => String(atoi(v));
    put(o, 6, "ups.load", int);
    put(o, 3, "output.voltage", tenths);
    put(o, 1, "output.frequency", tenths);
    put(o, 4, "output.current", tenths);
    if ((r = await this.#poll("STB")) === null) return st.dataStale();
    const b = r;
    if (field(b, 0) !== null && atoi(field(b, 0)) === 2) add("RB");
    let low = field(b, 1) !== null && atoi(field(b, 1)) !== 0;
    put(b, 8, "battery.temperature", int);
    const charge = field(b, 9);
    if (charge !== null) {
      st.set("battery.charge", int(charge));
      const lb = this.ctx.config.values.get("lowbatt");
      if (lb !== undefined && atoi(lb) > 0 && atoi(lb) <= 99) {
        if (atoi(charge) <= atoi(lb)) low = true;
      }
    }
    put(b, 6, "battery.voltage", tenths);
    put(b, 7, "battery.current", tenths);
    if (low) add("LB");
    if ((r = await this.#poll("STA")) === null) return st.dataStale();
    if (field(r, 3) !== null && atoi(field(r, 3))) add("OVER");
    if ((r = await this.#poll("STI")) !== null) {
      put(r, 2, "input.voltage", tenths);
      put(r, 1, "input.frequency", tenths);
    }
    if ((r = await this.#poll("TSR")) !== null) {
      st.set("ups.test.result", TEST_RESULTS[atoi(r)] ?? TEST_RESULTS[0]!);
    }
    if ((r = await this.#poll("ENV")) !== null) {
      put(r, 0, "ambient.temperature", int);
      put(r, 1, "ambient.humidity", int);
      let flags = 0, set = false;
      for (let i = 0; i < 4; i++) {
        const p = field(r, 2 + i);
        if (p === null) continue;
        set = true;
        if (p[0] === "1") flags |= 1 << i;
      }
      if (set) {
        st.set(
          "ups.contacts",
          flags.toString(16).toUpperCase().padStart(2, "0"),
        );
      }
    }
    st.setStatus(status);
    st.dataOk();
  }

  /** auto_reboot: ARB set to 1 (on) or 2 (off) unless already so. */
  async #autoReboot(on: boolean): Promise<void> {
    const mode = on ? 1 : 2;
    const r = await this.#poll("ARB");
    if (r === null) return;
    const p = field(r, 0);
    if (p === null || atoi(p) !== mode) {
      await this.command("S", "ARB", String(mode));
    }
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(async (): Promise<CommandResult> => {
      const c = cmd.toLowerCase();
      if (c === "load.off" || c === "load.on") {
        for (let i = 0; i < this.#banks; i++) {
          await this.command(
            "S",
            c === "load.off" ? "ROF" : "RON",
            `${i + 1};1`,
          );
        }
        return "handled";
      }
      const after: Record<string, string> = {
        "shutdown.reboot": "10",
        "shutdown.reboot.graceful": "60",
        "shutdown.return": "10",
      };
      if (after[c]) {
        await this.#autoReboot(true);
        await this.command("S", "SDR", "1");
        await this.command("S", "SDA", after[c]!);
        return "handled";
      }
      const simple: Record<string, [string, string]> = {
        "shutdown.stop": ["SDA", "0"],
        "test.battery.start": ["TST", "3"],
        "test.battery.stop": ["TST", "0"],
      };
      if (simple[c]) {
        await this.command("S", ...simple[c]!);
        return "handled";
      }
      this.ctx.log.notice(`instcmd: unknown command [${cmd}]`);
      return "unknown";
    });
  }

  /** upsdrv_setvar: changed values are sent, then read back. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(async (): Promise<CommandResult> => {
      switch (name.toLowerCase()) {
        case "ups.id": {
          const r = await this.command("P", "UID");
          if (r && r.text !== value) {
            await this.command("S", "UID", value.slice(0, 255));
          }
          await this.#getId();
          return "handled";
        }
        case "input.transfer.low":
        case "input.transfer.high": {
          const which = name.toLowerCase().endsWith("high") ? 1 : 0;
          const v = atoi(value);
          const r = await this.#poll("TXV");
          const lo = r === null ? null : field(r, 0);
          const hi = r === null ? null : field(r, 1);
          // both fields must be there and the one set must change
          if (lo !== null && hi !== null) {
            const cur = [atoi(lo), atoi(hi)];
            if (cur[which] !== v) {
              cur[which] = v;
              await this.command("S", "TXV", `${cur[0]};${cur[1]}`);
            }
          }
          await this.#getTransfer(which);
          return "handled";
        }
        case "input.sensitivity": {
          const i = SENSITIVITY.findIndex((s) =>
            s.toLowerCase() === value.toLowerCase()
          );
          if (i >= 0) await this.command("S", "VSN", String(i));
          await this.#getSensitivity();
          return "handled";
        }
      }
      this.ctx.log.notice(`setvar: unknown var [${name}]`);
      return "unknown";
    });
  }

  /** upsdrv_shutdown: automatic reboot on, restart after 1 min, off in 5 s. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async (): Promise<CommandResult> => {
      await this.initups();
      if (!(await this.#initComm())) {
        this.ctx.log.info(
          "Status failed.  Assuming it's on battery and trying a shutdown anyway.",
        );
      }
      await this.#autoReboot(true);
      await this.command("S", "SDR", "1");
      await this.command("S", "SDA", "5");
      return "handled";
    });
  }

  close(): Promise<void> { // upsdrv_cleanup
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
