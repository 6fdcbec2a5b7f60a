/**
 * meanwell_ntu: Mean Well NTU inverter/UPS (NUT master's `meanwell_ntu`
 * 1.60, not in NUT 2.8.0). 9600 bps, CR-ended commands and answers read
 * for up to 2 s. Start-up asks `I` once (identity and thresholds, kept if
 * the unit does not answer); every poll asks `Q`, and a silent, short or
 * unparsable answer makes the data stale until a good one comes. load.off
 * and `-k` send C100000000000000, load.on C010000000000000; no answer is
 * read.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { serGetLine } from "../../src/transport/ser_line.ts";
import { parseI, parseQ } from "./protocol.ts";

/** Opens the port (tests may pass their own). */
export type PortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 9600 });
}

/** The load off / on commands. */
export const NTU_OFF = "C100000000000000\r", NTU_ON = "C010000000000000\r";

/** A meanwell_ntu instance. */
export class MeanwellNtuDriver implements DriverInstance {
  #ctx: DriverContext;
  #open: PortOpener;
  #line: LineTransport | null = null;
  #failing = false;

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.#ctx = ctx;
    this.#open = open;
  }

  async #ask(cmd: string): Promise<string | null> {
    await this.#line!.write(cmd);
    return await serGetLine(this.#line!, { end: "\r", timeoutMs: 2000 });
  }

  /** upsdrv_initups (with its `I` probe) + upsdrv_initinfo. */
  async init(): Promise<void> {
    this.#line = await this.#open(this.#ctx.config.port);
    const st = this.#ctx.state;
    const id = await this.#ask("I\r");
    if (id) { for (const [n, v] of parseI(id)) st.set(n, v); }
    st.addCmd("load.off");
    st.addCmd("load.on");
  }

  /** upsdrv_updateinfo: one `Q`. */
  async update(): Promise<void> {
    const st = this.#ctx.state;
    const line = await this.#ask("Q\r");
    const r = line ? parseQ(line) : null;
    if (!r) {
      if (line) {
        this.#ctx.log.error(
          `meanwell_ntu: short/invalid Q response: '${line}'`,
        );
      }
      if (!this.#failing) {
        this.#ctx.log.warn(
          line
            ? `meanwell_ntu: failed to parse Q response: '${line}'`
            : "meanwell_ntu: timeout/no data for Q response",
        );
      }
      this.#failing = true;
      st.dataStale();
      return;
    }
    for (const [n, v] of r.vars) st.set(n, v);
    st.setStatus(r.status);
    if (this.#failing) {
      this.#ctx.log.notice("Communications with UPS re-established");
    }
    this.#failing = false;
    st.dataOk();
  }

  /** upsdrv_instcmd: load.off / load.on. */
  async instcmd(cmd: string): Promise<CommandResult> {
    const c = cmd.toLowerCase();
    const bytes = c === "load.off" ? NTU_OFF : c === "load.on" ? NTU_ON : null;
    if (!bytes) return "unknown";
    try {
      await this.#line!.write(bytes);
      return "handled";
    } catch {
      return "failed";
    }
  }

  /** upsdrv_shutdown: the load-off command. */
  async shutdown(): Promise<CommandResult> {
    try {
      await this.#line?.write(NTU_OFF);
    } catch (e) {
      this.#ctx.log.error(
        `meanwell_ntu: failed to send shutdown command: ${e}`,
      );
    }
    return "handled";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
