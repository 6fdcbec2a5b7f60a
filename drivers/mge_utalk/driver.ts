/**
 * mge-utalk: NUT 2.8.0's `mge-utalk` 0.94 (MGE UPS SYSTEMS units speaking
 * U-Talk at 2400 bps: Pulsar, Comet, Evolution serial models). Each poll
 * wakes the link (`Z`, `Z`, `Si`; `Ax 1` when `Si` is unanswered), reads
 * the four status words (`Ss`, `Bs`, `Ls`, `Ps`, bit strings with the most
 * significant bit first) and, once `pollinterval` has passed since the
 * last full read, every variable the unit answered at start-up. `-k` sends
 * `Sx 5` then, when it says OK, `Sx 0`; the link is released with `Ax 0`.
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
import { strtod, strtol } from "../qx/item.ts";
// printf("%.1f") with glibc's rounding of the exact binary value
import { cFixed } from "../powercom/types.ts";
import { NUT_TIMING, UtalkLink, type UtalkTiming } from "./link.ts";
import {
  LEGACY_MODELS,
  MULTIPLIERS,
  SI1_NAMES,
  UTALK_ITEMS,
  type UtalkItem,
} from "./table.ts";

/** ups.conf variables (upsdrv_makevartable), descriptions padded as NUT's. */
export const UTALK_VARS: readonly DriverVar[] = [
  {
    name: "LowBatt",
    kind: "value",
    desc: "Low battery level, in %              (default =  30)",
  },
  {
    name: "OnDelay",
    kind: "value",
    desc: "Delay before startup, in minutes     (default =   1)",
  },
  {
    name: "OffDelay",
    kind: "value",
    desc: "Delay before shutdown, in seconds    (default =  20)",
  },
  {
    name: "oldmac",
    kind: "flag",
    desc: "Enable Oldworld Apple Macintosh support",
  },
];

/** Opens the port (tests pass their own). */
export type UtalkPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

const MAXTRIES = 10, BUFFLEN = 256;
/** Instant commands, added without asking the unit (as NUT does). */
const UTALK_CMDS = "load.off load.on shutdown.return shutdown.stayoff " +
  "test.panel.start test.battery.start bypass.start bypass.stop";

/** printf of one number: `%0W.Pf` or `%0Wd` (the table's forms; `d` truncates). */
export function cFormat(fmt: string, x: number): string {
  const m = /^%0(\d+)(?:\.(\d+))?([df])$/.exec(fmt);
  if (!m) return String(x);
  const body = m[3] === "d" ? String(Math.trunc(x)) : cFixed(x, Number(m[2]));
  const neg = body.startsWith("-"), digits = neg ? body.slice(1) : body;
  const width = Number(m[1]) - (neg ? 1 : 0);
  return (neg ? "-" : "") + digits.padStart(width, "0");
}

/** An mge-utalk instance. */
export class UtalkDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: UtalkPortOpener;
  #timing: UtalkTiming;
  #link: UtalkLink | null = null;
  #multTab = 0;
  /** Variables the unit answered at start-up (only those are polled). */
  #ok = new Set<UtalkItem>();
  #lastPoll = 0;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    ctx: DriverContext,
    open: UtalkPortOpener = openSerialPort,
    timing: UtalkTiming = NUT_TIMING,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#timing = timing;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** getval without case, as NUT's variable table matches names. */
  #val(name: string): string | undefined {
    for (const [k, v] of this.ctx.config.values) {
      if (k.toLowerCase() === name) return v;
    }
    return undefined;
  }

  #cmd(cmd: string, size?: number) {
    return this.#link!.command(cmd, size);
  }

  /** enable_ups_comm: `Z` twice, then `Ax 1` only when `Si` gets no answer. */
  async #enable(): Promise<void> {
    await this.#cmd("Z");
    await this.#cmd("Z");
    if ((await this.#cmd("Si", 8)).n <= 0) {
      await this.#cmd("Ax 1");
      await this.#link!.pause();
    }
    await this.#link!.drain();
  }

  /** disable_ups_comm. */
  async #disable(): Promise<void> {
    await this.#link!.drain();
    await this.#link!.pause();
    await this.#cmd("Ax 0");
  }

  /** upsdrv_initups: 2400 bps, RTS low, link enabled, configured values sent. */
  async initups(): Promise<void> {
    if (this.#link) return;
    const line = await this.#open(this.ctx.config.port);
    this.#link = new UtalkLink(line, this.#timing);
    // oldmac clears every modem line but RTS instead (TIOCMBIC of ~RTS)
    if (this.ctx.config.flags.has("oldmac")) {
      await line.setLines({ dtr: false }).catch(() => {});
    } else await line.setLines({ rts: false }).catch(() => {});
    await this.#enable();
    for (
      const [name, cmd] of [
        ["lowbatt", "Bl"],
        ["ondelay", "Sm"],
        ["offdelay", "Sn"],
      ] as const
    ) {
      const v = this.#val(name);
      if (v === undefined) continue;
      const r = await this.#cmd(`${cmd} ${strtol(v)}`, BUFFLEN);
      if (r.text !== "OK") this.ctx.log.debug(1, `initups: ${name} not set`);
    }
  }

  #extract(text: string, item: UtalkItem): string {
    const x = MULTIPLIERS[this.#multTab]![item.unit] * strtod(text);
    return cFormat(item.fmt, x);
  }

  /** get_ups_status: the status words, up to eleven tries for `Ss`; null when it never came. */
  async #status(): Promise<string[] | null> {
    for (let tries = 0; tries <= MAXTRIES; tries++) {
      const st: string[] = [];
      const set = (t: string) => {
        if (!st.includes(t)) st.push(t);
      };
      let ok = false, rb = false, over = false;
      let b = await this.#cmd("Ss", BUFFLEN);
      if (b.n > 0 && b.text.length > 7) {
        const s = b.text;
        ok = true;
        if (s[6] === "1") over = true, set("OVER");
        set(s[5] === "1" ? "OB" : "OL");
        if (s[4] === "1") set("LB");
        if (s[3] === "1") rb = true, set("RB");
        if (s[1] === "1") set("COMMFAULT");
        if (s[0] === "1") set("ALARM");
      }
      b = await this.#cmd("Bs", BUFFLEN);
      if (b.text.length > 7) {
        const s = b.text;
        if (!rb && (s[7] === "1" || s[3] === "1")) set("RB");
        if (s[1] === "1") set("CHRG");
        if (s[0] === "1") set("DISCHRG");
      }
      b = await this.#cmd("Ls", BUFFLEN);
      if (b.text.length > 7) {
        const s = b.text;
        if (s[4] === "1") set("BOOST");
        if (!over && s[3] === "1") set("OVER");
        if (s[2] === "1") set("TRIM");
      }
      if (b.text.length > 15 && b.text[16] === "1") set("OB"), set("LB");
      b = await this.#cmd("Ps", BUFFLEN);
      if (b.text.length > 7 && (b.text[7] === "1" || b.text[6] === "1")) {
        set("BYPASS");
      }
      if (ok) return st;
      if (this.ctx.signal.aborted) break;
    }
    return null;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("ups.mfr", "MGE UPS SYSTEMS");
    let status: string[] | null = null;
    for (let tries = 0; !status && tries <= MAXTRIES; tries++) {
      let model: string | null = null, firmware: string | null = null;
      let r = await this.#cmd("Si 1", BUFFLEN);
      if (r.n > 0 && r.text[0] !== "?") {
        st.set("ups.id", r.text);
        const sp = r.text.lastIndexOf(" ");
        model = sp < 0 ? r.text : r.text.slice(0, sp);
        if (sp >= 0) firmware = r.text.slice(sp + 1) || null;
        model = SI1_NAMES.get(model.toLowerCase()) ?? model;
      } else {
        r = await this.#cmd("Si", BUFFLEN);
        if (r.n > 0 && r.text[0] !== "?") {
          const [d1, d2] = r.text.split(" ");
          const key = `${strtol(d1)} ${strtol(d2)}`;
          model = LEGACY_MODELS.get(key) ?? null;
          if (!model) this.ctx.log.info(`No model found for Si ${r.text}`);
        }
      }
      if (model) {
        st.set(
          "ups.model",
          model.startsWith("Evolutio")
            ? `Evolution ${strtol(model.slice(model.indexOf(" ")))}`
            : model,
        );
      }
      st.set("ups.firmware", firmware ?? "unknown");
      r = await this.#cmd("Ai", BUFFLEN);
      if (r.n > 0 && r.text[0] !== "?") {
        const sp = r.text.indexOf(" ");
        const table = sp < 0 ? 0 : strtol(r.text.slice(sp + 1));
        if (table > 0 && table < 4) this.#multTab = table;
      }
      status = await this.#status();
      if (status) st.setStatus(status);
      if (this.ctx.signal.aborted) return;
    }
    // 2.8.0 tests its counter against MAXTRIES after it ran past it, so it never gave up
    if (!status) throw new DriverFatalError("Could not get status from UPS.");
    if (this.#multTab === 0) {
      this.ctx.log.warn("Could not get multiplier table: using raw readings.");
    }
    for (const item of UTALK_ITEMS) {
      if (this.ctx.signal.aborted) return;
      const r = await this.#cmd(item.query, BUFFLEN);
      if (r.n < 1 || r.text[0] === "?") continue;
      this.#ok.add(item);
      st.set(item.name, this.#extract(r.text, item));
      if (item.rw) {
        st.setFlags(item.name, ["RW", "STRING"]);
        st.setAux(item.name, item.rw);
      }
    }
    this.#lastPoll = Date.now();
    for (const c of UTALK_CMDS.split(" ")) st.addCmd(c);
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    await this.#enable();
    const status = await this.#status();
    if (!status) {
      // NUT 2.8.0 commits an empty status and never marks the data stale
      this.ctx.log.notice("updateinfo: Cannot update system status");
      st.dataStale();
      await this.#disable();
      await this.#enable();
    } else {
      st.setStatus(status);
      st.dataOk();
    }
    const every = strtol(this.ctx.config.values.get("pollinterval") ?? "2");
    // whole seconds, as NUT's time() comparison: don't overload old units
    if (
      Math.floor(Date.now() / 1000) <=
        Math.floor(this.#lastPoll / 1000) + every
    ) return;
    for (const item of UTALK_ITEMS) {
      if (!this.#ok.has(item) || this.ctx.signal.aborted) continue;
      const r = await this.#cmd(item.query, BUFFLEN);
      if (r.n > 0 && r.text[0] !== "?") {
        st.set(item.name, this.#extract(r.text, item));
        if (status) st.dataOk();
      } else {
        this.ctx.log.notice(`updateinfo: Cannot update ${item.name}`);
        await this.#disable();
        await this.#enable();
      }
    }
    this.#lastPoll = Date.now();
  }

  /** upsdrv_shutdown with `stayoff` false (`-k`, shutdown.return) or true. */
  async #shutdown(stayoff: boolean): Promise<void> {
    let reply = "";
    if (!stayoff) {
      reply = (await this.#cmd("Sx 5", BUFFLEN)).text;
      this.ctx.log.info(`UPS response to Automatic Restart was ${reply}`);
    }
    if (reply === "OK" || stayoff) {
      reply = (await this.#cmd("Sx 0", BUFFLEN)).text;
      this.ctx.log.info(`UPS response to Shutdown was ${reply}`);
    }
    await this.#disable();
  }

  /** A command answered "OK". */
  async #okCmd(cmd: string): Promise<boolean> {
    return (await this.#cmd(cmd, BUFFLEN)).text === "OK";
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(async (): Promise<CommandResult> => {
      const done = (ok: boolean): CommandResult => ok ? "handled" : "unknown";
      switch (cmd.toLowerCase()) {
        case "test.battery.start":
          return done(await this.#okCmd("Bx 1"));
        case "test.panel.start":
          return done(await this.#okCmd("Sx 129"));
        case "shutdown.stayoff":
        case "shutdown.return":
          // NUT also closes the port here, which leaves the driver deaf
          // until restarted; the next poll re-enables the link instead
          await this.#shutdown(cmd.toLowerCase() === "shutdown.stayoff");
          return "handled";
        case "load.off":
        case "load.on":
          if (!(await this.#okCmd("Wy 65535"))) return "unknown";
          return done(await this.#okCmd(cmd.endsWith("off") ? "Wx 0" : "Wx 1"));
        case "bypass.start":
        case "bypass.stop": {
          const r = await this.#cmd("Ps", BUFFLEN);
          if (r.n > 0) {
            return done(await this.#okCmd(r.text[0] === "1" ? "Px 2" : "Px 3"));
          }
        }
      }
      this.ctx.log.notice(`instcmd: unknown command [${cmd}]`);
      return "unknown";
    });
  }

  /** upsdrv_setvar: the variable's query with the value for its `?`; NUT reports every SET unknown. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#exclusive(async (): Promise<CommandResult> => {
      const lower = name.toLowerCase();
      const item = UTALK_ITEMS.find((i) => i.name === lower);
      if (!item || !this.#ok.has(item)) return "unknown";
      const r = await this.#cmd(item.query.replace("?", value), BUFFLEN);
      this.ctx.log.info(
        `setvar: UPS response to Set ${name} to ${value} was ${r.text}`,
      );
      return "unknown";
    });
  }

  /** upsdrv_shutdown (`-k`): automatic restart, then off. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.#shutdown(false);
      this.#link!.line.close();
      this.#link = null;
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup: `Ax 0`, port closed. */
  close(): Promise<void> {
    return this.#exclusive(async () => {
      if (!this.#link) return;
      await this.#disable();
      this.#link.line.close();
      this.#link = null;
    });
  }
}
