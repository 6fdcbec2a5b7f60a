/**
 * liebert-esp2: NUT 2.8.0's `liebert-esp2` 0.05, Liebert UPSes speaking
 * ESP-II (GXT2, NXe). A read is six bytes `1, group, 2, 1, index, sum`
 * (sum: the low byte of the sum of the others); a control command has two
 * data bytes more and a length of 4. Every command is answered by eight
 * bytes whose bytes 5-6 are a big-endian signed word and byte 7 the sum of
 * the first seven; NUT waits a second for them. Start-up reads the
 * identity strings (two characters per word, low byte first), the phase
 * counts and the model family (scaling); each poll reads the values, then
 * three status words. `-k` sends the output-off mode, the delay, the load
 * key and the shutdown command, stopping at the first one not answered
 * ("Failed to shutdown UPS"). 2.8.0 misplaces a `!`: an answered first
 * command ends its `-k` there, and an unanswered one sends the rest.
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
import { type LineTransport, readCount } from "../../src/transport/mod.ts";
import { cFixed } from "../../src/driver/cformat.ts";
import {
  COMMON,
  DEFAULT_MULT,
  type EspRead,
  G,
  IDENTITY,
  INPUTS,
  type Mult,
  OUTPUTS,
  SCALING,
} from "./table.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const ESP2_VARS: readonly DriverVar[] = [
  { name: "baudrate", kind: "value", desc: "serial line speed" },
];

/** Opens the port at a speed (tests may pass their own). */
export type Esp2PortOpener = (
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

const WAIT_MS = 1000;
const SPEEDS = [1200, 2400, 4800, 9600, 19200];

/** A command: the bytes plus their checksum. */
export function espCommand(bytes: readonly number[]): Uint8Array {
  const sum = bytes.reduce((a, b) => a + b, 0) & 0xff;
  return new Uint8Array([...bytes, sum]);
}

/** A read of `index` in `group`. */
export function espRead(group: number, index: number): Uint8Array {
  return espCommand([1, group, 2, 1, index]);
}

/** The signed word of a valid eight-byte answer, else null. */
export function espWord(reply: Uint8Array): number | null {
  if (reply.length < 8) return null;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += reply[i]!;
  if ((sum & 0xff) !== reply[7]) return null;
  return ((reply[5]! << 8) | reply[6]!) << 16 >> 16;
}

/** A value as NUT prints it: float factor × word, then "%.Nf". */
export function espValue(factor: number, word: number, digits: number) {
  return cFixed(Math.fround(Math.fround(factor) * word), digits);
}

/** A liebert-esp2 instance. */
export class LiebertEsp2Driver implements DriverInstance {
  readonly ctx: DriverContext;
  line: LineTransport | null = null;
  inPhases = 1;
  outPhases = 1;
  /** this unit's factors (the scaling word changes some) */
  readonly mult: Record<Mult, number> = { ...DEFAULT_MULT };
  #open: Esp2PortOpener;
  #wait: number;
  #busy: Promise<unknown> = Promise.resolve();

  /** `waitMs`: how long an answer may take (tests shorten it). */
  constructor(
    ctx: DriverContext,
    open: Esp2PortOpener = openSerialPort,
    waitMs = WAIT_MS,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#wait = waitMs;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** do_command: send, read eight bytes; the valid answer or null. */
  async command(cmd: Uint8Array): Promise<Uint8Array | null> {
    await this.line!.write(cmd);
    const r = await readCount(this.line!, 8, this.#wait);
    return espWord(r.data) === null ? null : r.data;
  }

  /** A read's signed word, or null. */
  async word(group: number, index: number): Promise<number | null> {
    const r = await this.command(espRead(group, index));
    return r ? espWord(r) : null;
  }

  /** upsdrv_initups: the port at `baudrate` (2400 by default). */
  async initups(): Promise<void> {
    if (this.line) return;
    const v = this.ctx.config.values.get("baudrate");
    let speed = 2400;
    if (v !== undefined) {
      const n = parseInt(v, 10);
      if (!SPEEDS.includes(n)) {
        throw new DriverFatalError(`Baudrate [${v}] unsupported`);
      }
      speed = n;
    }
    this.line = await this.#open(this.ctx.config.port, speed);
  }

  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("ups.mfr", "Liebert");
    let offset = 4, readOk = 0;
    for (const [name, words] of IDENTITY) {
      let text = "", ok = true;
      for (let i = 0; i < words && ok; i++) {
        const r = await this.command(espRead(G.info, i + offset));
        if (!r) ok = false;
        else text += String.fromCharCode(r[6]!, r[5]!);
      }
      if (ok) {
        const nul = text.indexOf("\0");
        st.set(name, nul < 0 ? text : text.slice(0, nul));
        readOk++;
      }
      offset += words;
    }
    if (!readOk) throw new DriverFatalError("ESP-II capable UPS not detected");
    const type = await this.command(espRead(G.info, 1));
    if (type) {
      this.inPhases = type[6]! & 3;
      this.outPhases = (type[6]! >> 4) & 3;
      st.set("input.phases", String(this.inPhases));
      st.set("output.phases", String(this.outPhases));
      st.set(
        "ups.type",
        type[5]! & 0x10
          ? "offline"
          : type[5]! & 0x20
          ? "line-interactive"
          : "online",
      );
    }
    const scale = await this.command(espRead(G.scale, 2));
    if (scale) Object.assign(this.mult, SCALING[scale[6]!] ?? {});
  }

  async #readAll(rows: readonly EspRead[]): Promise<void> {
    for (const [group, index, name, digits, m] of rows) {
      const w = await this.word(group, index);
      if (w === null) continue; // NUT skips a failed read silently
      this.ctx.state.set(name, espValue(this.mult[m], w, digits));
    }
  }

  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    const pick = (n: number) => (n === 3 || n === 2 ? n : 1) as 1 | 2 | 3;
    await this.#readAll(COMMON);
    await this.#readAll(INPUTS[pick(this.inPhases)]);
    await this.#readAll(OUTPUTS[pick(this.outPhases)]);
    const status: string[] = [];
    const bits = async (n: number) => {
      const r = await this.command(espRead(G.bits, n));
      if (!r) {
        this.ctx.log.error(`Failed reading bitfield #${n}`);
        st.dataStale();
      }
      return r;
    };
    const b1 = await bits(1);
    if (!b1) return;
    status.push(b1[5]! & 1 ? "OB" : "OL");
    const cur = st.tree.get("battery.current");
    if (cur !== undefined) {
      const a = parseFloat(cur) || 0;
      if (a > 0.05) status.push("CHRG");
      if (a < -0.05) status.push("DISCHRG");
    }
    const b2 = await bits(2);
    if (!b2) return;
    if (b2[6]! & 1) status.push("BYPASS");
    if (b2[6]! & 0x20) status.push("RB");
    if (b2[6]! & 0x40) status.push("BOOST");
    if (b2[5]! & 2) status.push("TRIM");
    const b3 = await bits(3);
    if (!b3) return;
    if (b3[6]! & 1) status.push("OVER");
    if (b3[6]! & 0x20) status.push("LB");
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_shutdown: the four commands in order (2.8.0's slip: module comment). */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      const c = G.control;
      const ok = async (bytes: number[]) =>
        (await this.command(espCommand(bytes))) !== null;
      if (
        !(await ok([1, c, 4, 1, 6, 0, 1]) &&
          await ok([1, c, 4, 1, 5, 0, 12]) &&
          await ok([1, c, 2, 1, 7]) &&
          await ok([1, c, 4, 1, 136, 76, 76]))
      ) this.ctx.log.error("Failed to shutdown UPS");
      return "handled" as const;
    });
  }

  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
