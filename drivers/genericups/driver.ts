/**
 * genericups: contact-closure UPSes. The cable type (`upstype`) says which
 * output lines to raise as cable power and which modem status lines mean
 * on line / low battery / replace battery / bypass; `-k` asserts the
 * shutdown lines (or sends a break) and holds them `sdtime` seconds.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import {
  type LineTransport,
  type ModemLines,
  PortOpenError,
} from "../../src/transport/mod.ts";
import { type Signal, TIOCM, UPSTAB, type UpsType } from "./types.ts";

/** ups.conf variables of genericups (upsdrv_makevartable). */
export const GENERIC_VARS: readonly DriverVar[] = [
  { name: "upstype", kind: "value", desc: "Set UPS type (required)" },
  { name: "mfr", kind: "value", desc: "Override manufacturer name" },
  { name: "model", kind: "value", desc: "Override model name" },
  { name: "serial", kind: "value", desc: "Specify the serial number" },
  { name: "CP", kind: "value", desc: "Override cable power setting" },
  { name: "OL", kind: "value", desc: "Override on line signal" },
  { name: "LB", kind: "value", desc: "Override low battery signal" },
  { name: "RB", kind: "value", desc: "Override replace battery signal" },
  { name: "BYPASS", kind: "value", desc: "Override battery bypass signal" },
  { name: "SD", kind: "value", desc: "Override shutdown setting" },
  {
    name: "sdtime",
    kind: "value",
    desc: "Hold time for shutdown value (seconds)",
  },
];

/** Opens a port (tests pass the in-memory twin). */
export type PortOpener = (
  path: string,
) => LineTransport | Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** The "Valid UPS types" list NUT prints for -h and a bad upstype. */
export function listTypes(): string {
  return "Valid UPS types:\n\n" +
    UPSTAB.map((t, i) => `${i}: ${t.desc}\n`).join("");
}

/** Modem lines as TIOCM bits. */
export function linesToBits(l: ModemLines): number {
  return (l.dtr ? TIOCM.DTR : 0) | (l.rts ? TIOCM.RTS : 0) |
    (l.cts ? TIOCM.CTS : 0) | (l.dcd ? TIOCM.CD : 0) |
    (l.rng ? TIOCM.RNG : 0) | (l.dsr ? TIOCM.DSR : 0);
}

/** parse_output_signals (substring matching, as NUT). */
export function parseOutputSignals(value: string, old: number): {
  line: number;
  notice?: string;
} {
  let line = 0;
  if (value.includes("DTR") && !value.includes("-DTR")) line |= TIOCM.DTR;
  if (value.includes("RTS") && !value.includes("-RTS")) line |= TIOCM.RTS;
  if (value.includes("ST")) line |= TIOCM.ST;
  for (const input of ["CTS", "DCD", "RNG", "DSR"]) {
    if (value.includes(input)) {
      throw new Error(`Can't override output with ${input} (not an output)`);
    }
  }
  if (value.includes("NULL") || value.includes("none")) line = 0;
  return line === old ? { line, notice: NO_DIFF("output") } : { line };
}

function NO_DIFF(kind: string): string {
  return `parse_${kind}_signals: ${kind} overrides specified, but no effective difference - check for typos?`;
}

/** parse_input_signals: `-X` means the line must be off. */
export function parseInputSignals(value: string, old: Signal): {
  sig: Signal;
  notice?: string;
} {
  const sig = { line: 0, val: 0 };
  for (
    const [name, bit] of [
      ["CTS", TIOCM.CTS],
      ["DCD", TIOCM.CD],
      ["RNG", TIOCM.RNG],
      ["DSR", TIOCM.DSR],
    ] as const
  ) {
    if (!value.includes(name)) continue;
    sig.line |= bit;
    if (!value.includes("-" + name)) sig.val |= bit;
  }
  for (const output of ["DTR", "RTS", "ST"]) {
    if (value.includes(output)) {
      throw new Error(`Can't override input with ${output} (not an input)`);
    }
  }
  if (value.includes("NULL") || value.includes("none")) {
    sig.line = 0;
    sig.val = 0;
  }
  return sig.line === old.line && sig.val === old.val
    ? { sig, notice: NO_DIFF("input") }
    : { sig };
}

/** The ups.status tokens for modem line bits under a cable type. */
export function statusFor(t: UpsType, flags: number): string[] {
  const on = (s: Signal) => (flags & s.line) === s.val;
  const out: string[] = [];
  if (t.lb.line !== 0 && on(t.lb)) out.push("LB");
  out.push(on(t.ol) ? "OL" : "OB");
  if (t.rb.line !== 0 && on(t.rb)) out.push("RB");
  if (t.bypass.line !== 0 && on(t.bypass)) out.push("BYPASS");
  return out;
}

/** C's atoi. */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** A genericups instance. */
export class GenericUpsDriver implements DriverInstance {
  readonly ctx: DriverContext;
  /** This instance's copy of the cable type (overrides applied). */
  type: UpsType | undefined;
  port: LineTransport | undefined;
  #open: PortOpener;
  #commFailed = false;

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  #val(name: string): string | undefined {
    return this.ctx.config.values.get(name);
  }

  async #setLines(bits: number): Promise<void> {
    try {
      await this.port!.setLines({
        dtr: (bits & TIOCM.DTR) !== 0,
        rts: (bits & TIOCM.RTS) !== 0,
      });
    } catch (e) {
      throw new Error(
        `ioctl TIOCMSET: ${
          e instanceof Error ? e.message.replace(/^.*failed: /, "") : e
        }`,
      );
    }
  }

  /** upsdrv_initups: type, port, output overrides, cable power. */
  async initups(): Promise<void> {
    if (this.port) return;
    const v = this.#val("upstype");
    if (v === undefined) {
      throw new Error("No upstype set - see help text / man page!");
    }
    const n = atoi(v);
    const base = UPSTAB[n];
    if (!base || n < 0) {
      this.ctx.log.error(listTypes().replace(/\n$/, ""));
      throw new Error("\nFatal error: unknown UPS type number");
    }
    this.ctx.log.info(`UPS type: ${base.desc}\n`);
    const t: UpsType = structuredClone(base);
    try {
      this.port = await this.#open(this.ctx.config.port);
    } catch (e) {
      if (e instanceof PortOpenError) {
        this.ctx.log.error(e.details);
        throw new Error(e.message);
      }
      throw e;
    }
    for (const [opt, key] of [["CP", "lineNorm"], ["SD", "lineSd"]] as const) {
      const o = this.#val(opt);
      if (o === undefined) continue;
      const r = parseOutputSignals(o, t[key]);
      if (r.notice) this.ctx.log.notice(r.notice);
      t[key] = r.line;
    }
    this.type = t;
    await this.#setLines(t.lineNorm);
  }

  async init(): Promise<void> {
    await this.initups();
    const t = this.type!;
    const st = this.ctx.state;
    st.set("ups.mfr", this.#val("mfr") ?? t.mfr);
    st.set("ups.model", this.#val("model") ?? t.model);
    const serial = this.#val("serial");
    if (serial !== undefined) st.set("ups.serial", serial);
    for (
      const [opt, key] of [
        ["OL", "ol"],
        ["LB", "lb"],
        ["RB", "rb"],
        ["BYPASS", "bypass"],
      ] as const
    ) {
      const o = this.#val(opt);
      if (o === undefined) continue;
      const r = parseInputSignals(o, t[key]);
      if (r.notice) this.ctx.log.notice(r.notice);
      t[key] = r.sig;
    }
  }

  async update(): Promise<void> {
    let lines: ModemLines;
    try {
      lines = await this.port!.getLines();
    } catch (e) {
      this.ctx.log.info(
        `ioctl failed: ${e instanceof Error ? e.message : e}`,
      );
      if (!this.#commFailed) {
        this.ctx.log.warn("Communications with UPS lost: Status read failed");
        this.#commFailed = true;
      }
      this.ctx.state.dataStale();
      return;
    }
    this.ctx.state.setStatus(statusFor(this.type!, linesToBits(lines)));
    if (this.#commFailed) {
      this.ctx.log.notice("Communications with UPS re-established");
      this.#commFailed = false;
    }
    this.ctx.state.dataOk();
  }

  async shutdown(): Promise<CommandResult> {
    await this.initups();
    const flags = this.type!.lineSd;
    if (flags === -1) {
      throw new Error("No shutdown command defined for this model!");
    }
    if (flags === TIOCM.ST) {
      if (!this.port!.sendBreak) {
        throw new Error("Need to send a BREAK, but don't have tcsendbreak!");
      }
      // tcsendbreak(fd, 4901): glibc makes that about 4.9 s
      await this.port!.sendBreak(4901);
      return "handled";
    }
    await this.#setLines(flags);
    const sd = this.#val("sdtime");
    if (sd !== undefined) {
      const secs = atoi(sd);
      this.ctx.log.info(`Holding shutdown signal for ${secs} seconds...\n`);
      if (secs > 0) await new Promise((r) => setTimeout(r, secs * 1000));
    }
    return "handled";
  }

  close(): Promise<void> {
    this.port?.close();
    this.port = undefined;
    return Promise.resolve();
  }
}
