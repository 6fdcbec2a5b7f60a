/**
 * apcmicrolink: NUT's APC Microlink driver (master, 0.01, experimental)
 * for SMT/SMX Smart-UPS on the RJ45 serial port. Everything published
 * comes from the unit's descriptor (`table.ts`); the driver polls one
 * record per update with no pause (NUT sets poll_interval to 0), keeps the
 * last values through two silent polls, and reconnects (stale if that
 * fails) on the third. Commands and `-k` are bit masks written into the
 * descriptor (`commands.ts`).
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
  type CommandSource,
  groupTarget,
  OUTLET_ACTIONS,
  OUTLET_SUFFIXES,
  parseSource,
  SIMPLE_COMMANDS,
  sourceBit,
} from "./commands.ts";
import { publishInternals, publishValues } from "./publish.ts";
import { MicrolinkSession, RETRIES } from "./session.ts";
import { STATUS_SOURCES, VALUE_ROWS } from "./table.ts";
import { encodeValue, setNames } from "./values.ts";
import { fillTemplate, matchTemplate } from "./descriptor.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const MICROLINK_VARS: readonly DriverVar[] = [
  {
    name: "baudrate",
    kind: "value",
    desc: "Serial port baud rate (e.g. 9600, 19200, 38400)",
  },
  {
    name: "showinternals",
    kind: "value",
    desc:
      "Show Microlink internal runtime values (yes/no, default follows debug mode)",
  },
  {
    name: "showunmapped",
    kind: "value",
    desc:
      "Show unmapped Microlink descriptor values (yes/no, default follows debug mode)",
  },
  {
    name: "cmdsrc",
    kind: "value",
    desc:
      "Microlink command source: rj45, usb, localuser, smartslot1, internalnetwork1 (default: rj45)",
  },
];

/** Opens the port at a speed (tests may pass their own). */
export type MicrolinkOpener = (
  path: string,
  speed: number,
) => Promise<LineTransport>;

async function openSerialPort(path: string, speed: number) {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed });
}

const SPEEDS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

function parseBool(v: string): boolean | undefined {
  const t = v.toLowerCase();
  if (["true", "on", "yes"].includes(t) || v === "1") return true;
  if (["false", "off", "no"].includes(t) || v === "0") return false;
  return undefined;
}

/** An apcmicrolink instance. */
export class MicrolinkDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: MicrolinkOpener;
  #line: LineTransport | null = null;
  session: MicrolinkSession | null = null;
  #speed = 9600;
  showInternals = false;
  showUnmapped = false;
  #source: CommandSource = "rj45";
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open: MicrolinkOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  /** Runs one step at a time: polls and commands share the line. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#busy.then(fn, fn);
    this.#busy = next.catch(() => {});
    return next;
  }

  #readConfig(): void {
    const v = this.ctx.config.values;
    const fail = (m: string) => new DriverFatalError(`apcmicrolink: ${m}`);
    const debug = this.ctx.log.debugLevel > 0;
    const baud = v.get("baudrate");
    if (baud !== undefined) {
      if (!SPEEDS.includes(Number(baud)) || !/^\d+$/.test(baud)) {
        throw fail(`invalid baudrate '${baud}'`);
      }
      this.#speed = Number(baud);
    }
    const flag = (name: string): boolean => {
      const s = v.get(name);
      if (s === undefined) return this.ctx.config.flags.has(name) || debug;
      const b = parseBool(s);
      if (b === undefined) throw fail(`invalid ${name} value '${s}'`);
      return b;
    };
    this.showUnmapped = flag("showunmapped");
    this.showInternals = flag("showinternals");
    const src = v.get("cmdsrc");
    if (src !== undefined) {
      const s = parseSource(src);
      if (!s) throw fail(`invalid cmdsrc value '${src}'`);
      this.#source = s;
    }
  }

  async init(): Promise<void> {
    this.#readConfig();
    const port = this.ctx.config.port;
    this.#line = await this.#open(port, this.#speed);
    await this.#line.setLines({ dtr: true }).catch(() => {});
    const s = new MicrolinkSession(this.#line, this.ctx.log);
    this.session = s;
    if (!await s.start()) {
      throw new DriverFatalError(
        `apcmicrolink: failed to start Microlink session on ${port}`,
      );
    }
    while (!s.startupReady()) {
      if (!await s.pollOnce() && s.timeouts >= RETRIES) {
        throw new DriverFatalError(
          `apcmicrolink: timed out waiting for Microlink startup readiness on ${port}`,
        );
      }
    }
    this.#publishAll();
    const st = this.ctx.state;
    for (const cmd of Object.keys(SIMPLE_COMMANDS)) st.addCmd(cmd);
    const groups = this.groupCount();
    if (groups > 0) {
      st.set("outlet.group.count", groups);
      for (const sfx of OUTLET_SUFFIXES) st.addCmd(sfx);
      for (let g = 0; g < groups; g++) {
        for (const sfx of OUTLET_SUFFIXES) {
          st.addCmd(`outlet.group.${g}.${sfx}`);
        }
      }
    }
  }

  /** Main group plus up to four switched groups, when the descriptor has them. */
  groupCount(): number {
    const s = this.session;
    if (!s?.usage("2:4.3E.B6")) return 0;
    let n = 1;
    for (let i = 0; i < 4 && s.usage(`2:4.3D[${i}].B6`); i++) n++;
    return n;
  }

  #publishAll(): void {
    const s = this.session!, st = this.ctx.state;
    st.set("ups.mfr", "APC");
    st.set("device.mfr", "APC");
    st.set("device.type", "ups");
    publishValues(s, st, this.showUnmapped);
    const status: string[] = [], alarms: string[] = [];
    for (const src of STATUS_SOURCES) {
      const raw = s.bits(src.path);
      if (raw === undefined) continue;
      status.push(...setNames(raw, src.status));
      if (src.alarm) alarms.push(...setNames(raw, src.alarm));
    }
    st.setStatus(status);
    st.setAlarms(alarms);
    if (this.showInternals) publishInternals(s, st);
  }

  update(): Promise<void> {
    return this.#serial(() => this.#update());
  }

  async #update(): Promise<void> {
    const s = this.session!, st = this.ctx.state;
    if (!s.sessionReady && !await s.start()) return st.dataStale();
    let good = await s.pollOnce();
    if (!good && s.timeouts >= RETRIES) {
      this.ctx.log.debug(
        1,
        `microlink: reconnecting session after ${s.timeouts} consecutive timeouts`,
      );
      s.sessionReady = false;
      if (!await s.start()) return st.dataStale();
      good = true;
    }
    if (!good && s.parsedFrames === 0) {
      s.sessionReady = false;
      return st.dataStale();
    }
    if (good) s.commGood();
    this.#publishAll();
    st.dataOk();
  }

  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#serial(() => this.#instcmd(cmd));
  }

  async #instcmd(cmd: string): Promise<CommandResult> {
    const s = this.session;
    if (!s) return "failed";
    const outlet = this.#outletCommand(cmd);
    if (outlet !== undefined) {
      if (typeof outlet === "string") return outlet;
      return await s.commandWrite("2:4.B5", outlet) ? "handled" : "failed";
    }
    const simple = Object.entries(SIMPLE_COMMANDS).find(([n]) =>
      n.toLowerCase() === cmd.toLowerCase()
    )?.[1];
    if (!simple) {
      this.ctx.log.info(`instcmd: unknown command [${cmd}]`);
      return "unknown";
    }
    const mask = simple.bits |
      (simple.domain ? sourceBit(simple.domain, this.#source) : 0n);
    return await s.commandWrite(simple.path, mask) ? "handled" : "failed";
  }

  /** The mask of an outlet command, "invalid", or undefined when it is not one. */
  #outletCommand(cmd: string): bigint | "invalid" | undefined {
    const groups = this.groupCount();
    if (!groups) return undefined;
    let suffix: string, targets = 0n;
    if (cmd.startsWith("load.") || cmd.startsWith("shutdown.")) {
      suffix = cmd === "shutdown.default" ? "shutdown.return" : cmd;
      for (let g = 0; g < groups; g++) targets |= groupTarget(g);
    } else if (cmd.startsWith("outlet.group.")) {
      const m = /^(\d+)\.(.*)$/s.exec(cmd.slice(13));
      if (!m) return undefined;
      const g = Number(m[1]);
      if (g >= groups || !groupTarget(g)) {
        this.ctx.log.error(
          `Invalid outlet group index ${g} in command [${cmd}]`,
        );
        return "invalid";
      }
      suffix = m[2]!;
      targets = groupTarget(g);
    } else return undefined;
    const action = OUTLET_ACTIONS[suffix];
    if (action === undefined) return undefined;
    return targets | action | sourceBit("outlet", this.#source);
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#serial(() => this.#setvar(name, value));
  }

  async #setvar(name: string, value: string): Promise<CommandResult> {
    const s = this.session;
    for (const u of s?.usages ?? []) {
      if (u.skipped) continue;
      // NUT looks at the first row whose path fits each usage
      let idx: number | undefined;
      const row = VALUE_ROWS.find((r) =>
        (idx = matchTemplate(r.path, u.path)) !== undefined
      );
      if (!row || idx === undefined) continue;
      if (fillTemplate(row.name, row.oneBased ? idx + 1 : idx) !== name) {
        continue;
      }
      if (!row.rw) break;
      const path = fillTemplate(row.path, idx);
      const target = s!.usage(path)!;
      const bytes = encodeValue(row, value, target.size);
      if (!bytes || !await s!.write(path, bytes)) return "failed";
      this.#publishAll();
      return "handled";
    }
    this.ctx.log.info(`setvar: unknown variable [${name}]`);
    return "unknown";
  }

  /** upsdrv_shutdown: shutdown.return on every outlet group. */
  async shutdown(): Promise<CommandResult> {
    const r = await this.instcmd("shutdown.return");
    if (r !== "handled") {
      this.ctx.log.error("apcmicrolink: failed to issue shutdown.return");
    }
    return r;
  }

  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
