/**
 * upscode2: NUT 2.8.0's `upscode2` 0.90, UPScode II units (Powerware,
 * Fiskars, Compaq, IBM). Commands are text lines ended by CR (or CR LF,
 * `use_crlf`; LF first with `use_pre_lf`); answers are LF-ended lines, CRs
 * ignored, empty lines skipped, each awaited `input_timeout` seconds.
 * Start-up reads the command list (`UPCL`), model, serial, id, the power
 * management list and sets the shutdown and reboot delays (10 s, 60 s);
 * each poll reads `UPDS`, and every `full_update` seconds `UPDV` and
 * `UPBS`, then works out phases, load, charge and runtime (calc.ts).
 * 2.8.0 only trims the LF from answers when debugging at level 3 or more,
 * so it cannot talk to a unit otherwise (fixed in NUT 2.8.1); ours always
 * trims.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { fromLatin1, type LineTransport } from "../../src/transport/mod.ts";
import { cFixed } from "../../src/driver/cformat.ts";
import {
  BATTERY,
  COMMANDS,
  NOMINAL,
  SIMPLE,
  ST,
  type TRow,
  VARIABLES,
} from "./tables.ts";
import { UpscCalc } from "./calc.ts";
import { applyAnswer } from "./answers.ts";
export { scanFloat, UPSCODE2_VARS } from "./answers.ts";

/** Opens the port at a speed (tests may pass their own). */
export type UpscPortOpener = (
  path: string,
  speed: number,
) => Promise<LineTransport>;

async function openSerialPort(path: string, speed: number) {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed });
}

const SPEEDS = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400];

function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** An upscode2 instance. */
export class Upscode2Driver implements DriverInstance {
  readonly ctx: DriverContext;
  line: LineTransport | null = null;
  /** what the answers taught (kept numbers, phases, history) */
  readonly calc = new UpscCalc();
  status = 0;
  inited = false;
  /** this instance's copy of the UPDS names (3-phase units rename some) */
  readonly simple: TRow[] = SIMPLE.map((r) => ({ ...r }));
  #can = new Set<string>();
  #enabledVars = new Set<string>();
  #timeoutMs = 2000;
  #fullEvery = 60;
  #lastFull = 0;
  #crlf = false;
  #preLf = false;
  #pending = "";
  #open: UpscPortOpener;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open: UpscPortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** upscsend. */
  async send(cmd: string): Promise<void> {
    await this.line!.write(
      `${this.#preLf ? "\n" : ""}${cmd}${this.#crlf ? "\r\n" : "\r"}`,
    );
  }

  /** upscrecv: the next non-empty line ("" on timeout). */
  async recv(): Promise<string> {
    const end = Date.now() + this.#timeoutMs;
    while (true) {
      const nl = this.#pending.indexOf("\n");
      if (nl >= 0) {
        const l = this.#pending.slice(0, nl).replaceAll("\r", "");
        this.#pending = this.#pending.slice(nl + 1);
        if (l) return l;
        continue;
      }
      const left = end - Date.now();
      if (left <= 0) return "";
      const got = await this.line!.read(left, 256);
      if (!got.length) return "";
      this.#pending += fromLatin1(got);
    }
  }

  async #flush(): Promise<void> {
    this.#pending = "";
    await this.line!.flush();
  }

  /** upsdrv_initups: options, then the port. */
  async initups(): Promise<void> {
    if (this.line) return;
    const v = this.ctx.config.values, f = this.ctx.config.flags;
    let speed = 1200;
    const b = v.get("baudrate");
    if (b !== undefined) {
      if (!SPEEDS.includes(atoi(b))) {
        throw new DriverFatalError(`Unrecognized baudrate: ${b}`);
      }
      speed = atoi(b);
    }
    this.line = await this.#open(this.ctx.config.port, speed);
    for (
      const [name, set] of [
        ["input_timeout", (n: number) => this.#timeoutMs = n * 1000],
        ["output_pace", (_n: number) => {}],
        ["full_update_timer", (n: number) => this.#fullEvery = n],
      ] as const
    ) {
      const s = v.get(name);
      if (s === undefined) continue;
      if (atoi(s) <= 0) {
        throw new DriverFatalError(`Bad ${name} parameter: ${s}`);
      }
      set(atoi(s));
    }
    this.#crlf = f.has("use_crlf");
    this.#preLf = f.has("use_pre_lf");
  }

  async init(): Promise<void> {
    await this.initups();
    await this.#initinfo();
  }

  /** upsc_getvalue: `cmd` [param], answer `resp` value; null if not. */
  async value(cmd: string, param: string | null, resp: string, nut?: string) {
    await this.send(cmd);
    if (param !== null) await this.send(param);
    const name = await this.recv(), val = await this.recv();
    if (name !== resp) {
      this.ctx.log.error(
        `Bad response to ${cmd} ${param ?? '""'}: ${name} ${val}`,
      );
      return null;
    }
    if (nut) this.ctx.state.set(nut, val);
    return val;
  }

  async #initinfo(): Promise<void> {
    if (!await this.#commandList()) {
      this.ctx.log.error("No contact with UPS, delaying init.");
      return;
    }
    this.inited = true;
    const st = this.ctx.state;
    st.set("ups.mfr", this.ctx.config.values.get("manufacturer") ?? "unknown");
    if (await this.value("UPTP", null, "NNAME", "ups.model") === null) {
      await this.value("UPTP", null, "NNAME", "ups.model");
    }
    await this.value("UPSN", "0", "ACSN", "ups.serial");
    if (this.#can.has("UPDA")) {
      await this.#flush();
      await this.send("UPDA");
    }
    if (this.#can.has("UPID")) await this.value("UPID", null, "ACID", "ups.id");
    if (this.#can.has("UPPM")) await this.#checkUppm();
    await this.#setvar("ups.delay.shutdown", "10");
    await this.#setvar("ups.delay.reboot", "60");
  }

  /** upsc_commandlist: what the unit supports; false without an answer. */
  async #commandList(): Promise<boolean> {
    await this.#flush();
    await this.send("UPCL");
    while (true) {
      const l = await this.recv();
      if (!l) {
        this.ctx.log.error("Missing UPCL after UPCL");
        return false;
      }
      this.#can.add(l);
      const c = COMMANDS.find(([, upsc]) => upsc === l);
      if (c) this.ctx.state.addCmd(c[0]);
      const v = VARIABLES.find(([, upsc]) => upsc === l);
      if (v) this.#enabledVars.add(v[0]);
      if (l === "UPCL") break;
    }
    for (const [nut, upsc, resp] of VARIABLES) {
      if (!this.#enabledVars.has(nut)) continue;
      await this.value(upsc, "0000", resp, nut);
      if (this.ctx.state.tree.get(nut) !== undefined) {
        this.ctx.state.setFlags(nut, ["RW", "STRING"]);
        this.ctx.state.setAux(nut, 7);
      }
    }
    return true;
  }

  /** check_uppm: reads the power management list (nothing published). */
  async #checkUppm(): Promise<void> {
    await this.#flush();
    await this.send("UPPM");
    await this.send("0");
    const head = await this.recv();
    if (head !== "ACPM") this.ctx.log.error(`Bad response to UPPM: ${head}`);
    const have: number[] = [];
    while (true) {
      const l = await this.recv();
      if (!l) break;
      const m = /^P\s*([+-]?\d{1,2})/.exec(l);
      if (!m) {
        this.ctx.log.error(`Bad response to UPPM: ${l}`);
        return;
      }
      have.push(parseInt(m[1]!, 10));
    }
    const last = Math.max(0, ...have);
    for (let i = 0; i <= last; i++) {
      if (!have.includes(i)) continue;
      await this.send("UPPM");
      await this.send(`P${String(i).padStart(2, "0")}`);
      const r = await this.recv();
      if (r !== "ACPM") {
        this.ctx.log.error(`Bad response to UPPM P${i}: ${r}`);
        continue;
      }
      await this.recv();
    }
  }

  #final = false;

  /** upsc_getparams: name/value pairs up to the table's final row. */
  async params(cmd: string, table: readonly TRow[]): Promise<boolean> {
    await this.#flush();
    await this.send(cmd);
    this.#final = false;
    let first = true;
    while (!this.#final) {
      let name = await this.recv();
      if (!name && first) name = await this.recv();
      if (!name) {
        this.ctx.log.warn(`Empty string from UPS for ${cmd}!`);
        break;
      }
      first = false;
      const val = await this.recv();
      if (!val) {
        this.ctx.log.warn(`Empty value from UPS for ${cmd} ${name}!`);
        break;
      }
      const r = applyAnswer(
        {
          state: this.ctx.state,
          log: this.ctx.log,
          calc: this.calc,
          setBit: (b: number) => this.status |= b,
        },
        table,
        name,
        val,
      );
      if (r.final) this.#final = true;
      if (!r.known) {
        this.ctx.log.error(`Unknown response to ${cmd}: ${name} ${val}`);
      }
    }
    return this.#final;
  }

  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    if (!this.inited) await this.#initinfo();
    if (!this.inited) return;
    const st = this.ctx.state;
    this.status = 0;
    let ok = await this.params("UPDS", this.simple);
    const now = Math.floor(Date.now() / 1000);
    if (ok && now - this.#lastFull > this.#fullEvery) {
      this.#lastFull = now;
      ok = await this.params("UPDV", NOMINAL);
      if (ok && this.#can.has("UPBS")) ok = await this.params("UPBS", BATTERY);
    }
    if (!ok) {
      st.dataStale();
      this.#lastFull = 0;
      return;
    }
    this.calc.phases(st, this.simple, this.ctx.log);
    const load = this.calc.load(st);
    if (load >= 0) st.set("ups.load", cFixed(Math.fround(load * 100), 1));
    if (this.#can.has("UPDT")) {
      const d = await this.value("UPDT", "0", "ACDT");
      if (d !== null) st.set("ups.date", d);
    }
    if (this.#can.has("UPTM")) {
      const t = await this.value("UPTM", "0", "ACTM");
      if (t !== null) st.set("ups.time", t);
    }
    this.calc.battery(st, load);
    if (!(this.status & ST.onbatt)) this.status |= ST.online;
    const words: Array<[number, string]> = [
      [ST.online, "OL"],
      [ST.onbatt, "OB"],
      [ST.lobatt, "LB"],
      [ST.replace, "RB"],
      [ST.boost, "BOOST"],
      [ST.trim, "TRIM"],
      [ST.overload, "OVER"],
      [ST.calibration, "CAL"],
      [ST.off, "OFF"],
      [ST.bypass, "BYPASS"],
    ];
    st.setStatus(words.filter(([b]) => this.status & b).map(([, w]) => w));
    st.dataOk();
  }

  async #setvar(name: string, data: string): Promise<CommandResult> {
    const v = VARIABLES.find(([nut]) => nut === name.toLowerCase());
    if (!v) {
      this.ctx.log.info(`Setvar: unsettable variable ${name}`);
      return "unknown";
    }
    await this.value(v[1], data, v[2], v[0]);
    return "handled";
  }

  /** upsdrv_setvar. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#setvar(name, value));
  }

  async #instcmd(cmd: string, data?: string): Promise<CommandResult> {
    const name = cmd.toLowerCase();
    if (name === "beeper.off" || name === "beeper.on") {
      const to = name === "beeper.off" ? "beeper.disable" : "beeper.enable";
      this.ctx.log.warn(`The '${name}' command has been renamed to '${to}'`);
      return await this.#instcmd(to);
    }
    const c = COMMANDS.find(([n]) => n === name);
    if (!c) {
      this.ctx.log.info(`instcmd: unknown command ${cmd}`);
      return "unknown";
    }
    await this.send(c[1]);
    if (c[2]) await this.send(c[2]);
    else if (data) await this.send(data);
    return "handled";
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, data?: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#instcmd(cmd, data));
  }

  /** upsdrv_shutdown: shutdown.reboot twice, a second apart. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      this.ctx.log.error("Shutting down...");
      for (let i = 0; i < 2; i++) {
        await this.#instcmd("shutdown.reboot");
        await new Promise((r) => setTimeout(r, 1000));
      }
      return "handled" as const;
    });
  }

  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
