/**
 * belkin: NUT 2.8.0's `belkin` 0.25 (Belkin Smart protocol, 2400 bps, DTR
 * low and RTS high). Start-up asks `MNU` up to ten times, then `MOD`,
 * `VER` and `RAT` (firmware 001 announces 53 bytes and sends 50). A poll
 * reads `STA`, `STB`, `STI`, `STO` and `TSR`; a failed `STA` is retried
 * three polls before the data goes stale. `load.off` must be asked twice,
 * 3 to 15 s apart (NUT's confirmation window). `-k` sends `SDT 2`,
 * `SDR 1`, `SDA 5`.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { fixedC, strtod, strtol } from "../qx/item.ts";
import { belkinField, BelkinLink, wakeSmartMode } from "./link.ts";

/** Opens the port (tests pass their own). */
export type BelkinPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

const LOW_BAT = 20, MAXTRIES = 3;
const TEST_RESULTS: Readonly<Record<string, string>> = Object.freeze({
  "0": "No test performed",
  "1": "Passed",
  "2": "In progress",
  "3": "10s test failed",
  "4": "10s test failed",
  "5": "deep test failed",
  "6": "Aborted",
});
const CMDS = [
  "beeper.disable",
  "beeper.enable",
  "load.off",
  "load.on",
  "test.battery.start.quick",
  "test.battery.start.deep",
  "test.battery.stop",
];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A belkin instance. */
export class BelkinDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: BelkinPortOpener;
  #pace: number;
  #line: LineTransport | null = null;
  #link: BelkinLink | null = null;
  /** NUT's reply buffer (a failed read leaves it as it was). */
  #buf = "";
  #retry = 0;
  /** do_off's last call, in whole seconds (0: never). */
  #lastOff = 0;
  #busy: Promise<unknown> = Promise.resolve();

  /** `pace` scales the pauses (tests pass 0). */
  constructor(ctx: DriverContext, open = openSerialPort, pace = 1) {
    this.ctx = ctx;
    this.#open = open;
    this.#pace = pace;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** upsdrv_initups: 2400 bps, DTR low, RTS high, a second, flush. */
  async initups(): Promise<void> {
    if (this.#line) return;
    this.#line = await this.#open(this.ctx.config.port);
    this.#link = new BelkinLink(this.#line, this.#pace);
    await wakeSmartMode(this.#line, this.#pace);
  }

  /** A query: payload (buffer updated) and whether it counted (> 0 bytes). */
  async #ask(cmd: string, broken = false): Promise<boolean> {
    await this.#link!.send("P", cmd);
    return await this.#answer(broken) > 0;
  }

  async #answer(broken = false): Promise<number> {
    const r = await this.#link!.reply(this.#buf, broken);
    this.#buf = r.text;
    if (!r.ok) return -1;
    return r.text.length ? r.text.length : 0;
  }

  /** init_communication: tries until `MNU` answers; -1 after ten. */
  async #hello(): Promise<number> {
    for (let i = 0; i < 10; i++) {
      if (await this.#ask("MNU")) return i;
    }
    return -1;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    if (await this.#hello() < 0) {
      throw new DriverFatalError(
        `Unable to detect an Belkin Smart protocol UPS on port ${this.ctx.config.port}\n` +
          "Check the cabling, port name or model name and try again",
      );
    }
    st.set("ups.mfr", "BELKIN");
    if (await this.#ask("MOD")) st.set("ups.model", this.#buf);
    if (await this.#ask("VER")) st.set("ups.firmware", this.#buf);
    await this.#link!.send("P", "RAT");
    if (await this.#answer(this.#buf === "001") > 0) {
      const f8 = belkinField(this.#buf, 8, "");
      st.set("input.transfer.low", fixedC(strtod(f8) / 0.88, 0));
      const f9 = belkinField(this.#buf, 9, f8);
      st.set("input.transfer.high", fixedC(strtod(f9) * 0.88, 0));
    }
    for (const c of CMDS) st.addCmd(c);
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state, log = this.ctx.log;
    await this.#link!.send("P", "STA");
    const res = await this.#answer();
    if (res < 0) {
      if (this.#retry < MAXTRIES) this.#retry++;
      else {
        log.warn("Communications with UPS lost: status read failed!");
        st.dataStale();
      }
      return;
    }
    if (this.#retry) {
      log.warn("Communications with UPS re-established");
      this.#retry = 0;
    }
    if (res === 0) return; // an empty status answer is ignored
    const status: string[] = [];
    // one field buffer for the whole poll, as NUT's `st`
    let f = "";
    const field = (n: number) => (f = belkinField(this.#buf, n, f));
    if (field(6)[0] === "1") status.push("OFF");
    status.push(field(2)[0] === "1" ? "OB" : "OL");
    st.set(
      "ups.beeper.status",
      field(16)[0] === "0" ? "disabled" : "enabled",
    );
    if (await this.#ask("STB")) {
      st.set("battery.charge.low", String(LOW_BAT));
      const charge = strtol(field(10));
      if (field(2)[0] === "1" || charge < LOW_BAT) status.push("LB");
      st.set("battery.charge", fixedC(strtod(field(10)), 0));
      st.set("battery.temperature", fixedC(strtod(field(9)), 0));
      st.set("battery.voltage", fixedC(strtod(field(7)) / 10, 1));
      st.set("ups.temperature", fixedC(strtod(field(9)), 0));
    }
    if (await this.#ask("STI")) {
      st.set("input.voltage", fixedC(strtod(field(3)) / 10, 1));
      st.set("input.frequency", fixedC(strtod(field(2)) / 10, 1));
    }
    if (await this.#ask("STO")) {
      st.set("output.frequency", fixedC(strtod(field(2)) / 10, 1));
      st.set("output.voltage", fixedC(strtod(field(4)) / 10, 1));
      st.set("ups.load", fixedC(strtod(field(7)), 0));
    }
    if (await this.#ask("TSR")) {
      const r = TEST_RESULTS[field(1)[0] ?? ""];
      if (r) st.set("ups.test.result", r);
    }
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const link = this.#link!;
      switch (cmd.toLowerCase()) {
        case "beeper.disable":
          // the off argument depends on the model
          await link.send("P", "MOD");
          if (await this.#answer() !== -1) {
            await link.send(
              "S",
              "BUZ",
              this.#buf === "F6C1400-EUR" ? "2" : "0",
            );
          }
          return "handled";
        case "beeper.enable":
          await link.send("S", "BUZ", "1");
          return "handled";
        case "load.off":
          await this.#off();
          return "handled";
        case "load.on":
          await link.send("S", "RON", "1;1");
          return "handled";
        case "test.battery.start.quick":
          await link.send("S", "TST", "3");
          return "handled";
        case "test.battery.start.deep":
          await link.send("S", "TST", "4");
          return "handled";
        case "test.battery.stop":
          await link.send("S", "TST", "0");
          return "handled";
        default:
          this.ctx.log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
          return "unknown";
      }
    });
  }

  /** do_off: only a second request 3 to 15 s after the previous one acts. */
  async #off(): Promise<void> {
    const now = Math.floor(Date.now() / 1000);
    const elapsed = now - this.#lastOff;
    this.#lastOff = now;
    if (elapsed < 3 || elapsed > 15) return;
    this.ctx.log.info("Sending powerdown command to UPS");
    await this.#link!.send("S", "ROF", "1;1");
    await sleep(1500 * this.#pace);
    await this.#link!.send("S", "ROF", "1;1");
  }

  /** upsdrv_shutdown. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      if (await this.#hello() < 0) {
        this.ctx.log.info(
          "Detection failed.  Trying a shutdown command anyway.",
        );
      }
      await this.#link!.send("S", "SDT", "2");
      await this.#link!.send("S", "SDR", "1");
      this.ctx.log.info("UPS should power off load in 5 seconds");
      await this.#link!.send("S", "SDA", "5");
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
