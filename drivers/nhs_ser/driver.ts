/**
 * nhs_ser: NHS Sistemas Eletronicos nobreaks (NUT master's `nhs_ser` 0.05;
 * NUT 2.8.0 has no such driver). The unit streams 21-byte data packets;
 * each poll reads bytes (each waiting `serial_read_timeout_ms`) up to the
 * end of the next whole packet (a partial one carries over to the next
 * poll). Until a good hardware packet came, each poll then sends an init
 * string (long six times, then long or short at random) and waits 2.1 s,
 * growing by 0.1 s up to 6 s. The `ah` setting is required (and `va` for
 * a model NUT does not know). A poll that completes no good packet makes
 * the data stale here (NUT leaves the last values current). `-k` is
 * refused: NUT knows no shutdown command.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { LineTransport, SerialSettings } from "../../src/transport/mod.ts";
import {
  INIT_LONG,
  INIT_SHORT,
  mountData,
  mountHw,
  type NhsData,
  type NhsHw,
} from "./protocol.ts";
import { interpretData, interpretHw, newCache } from "./interpret.ts";
import { NHS_VARS, serialOptions } from "./options.ts";

/** Opens the port (tests may pass their own). */
export type PortOpener = (
  path: string,
  s: SerialSettings,
) => Promise<LineTransport>;

async function openSerialPort(
  path: string,
  s: SerialSettings,
): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, s);
}

export { NHS_VARS };

/** A nhs_ser instance. */
export class NhsDriver implements DriverInstance {
  #ctx: DriverContext;
  #open: PortOpener;
  #pace: number;
  #line: LineTransport | null = null;
  #opts = serialOptions(new Map());
  #packet: number[] = [];
  #started = false;
  #hw: NhsHw | null = null;
  #data: NhsData | null = null;
  #cache = newCache();
  #sentLong = 0;
  #checktime = 2000;

  /** `pace` scales the waits after an init string (tests pass 0). */
  constructor(ctx: DriverContext, open: PortOpener = openSerialPort, pace = 1) {
    this.#ctx = ctx;
    this.#open = open;
    this.#pace = pace;
  }

  /** upsdrv_initups (initinfo does nothing). */
  async init(): Promise<void> {
    this.#opts = serialOptions(this.#ctx.config.values);
    const port = this.#ctx.config.port === "auto"
      ? "/dev/ttyACM0"
      : this.#ctx.config.port;
    try {
      this.#line = await this.#open(port, this.#opts.settings);
    } catch {
      throw new DriverFatalError(
        `Unable to open port ${port} with baud ${this.#opts.settings.speed}`,
      );
    }
    await this.#line.flush();
  }

  /** Bytes up to the end of the next packet; true when one ended. */
  async #readPacket(): Promise<boolean> {
    while (true) {
      const got = await this.#line!.read(this.#opts.readTimeoutMs, 1);
      if (!got.length) return false;
      const b = got[0]!;
      if (b === 0xff) {
        this.#started = true;
        this.#packet = [];
      }
      if (!this.#started) continue;
      this.#packet.push(b);
      if (b === 0xfe) return true;
      if (this.#packet.length >= 100) {
        this.#ctx.log.warn("Incoming packet does not seem to end, discarding!");
        this.#started = false;
        return false;
      }
    }
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.#ctx.state;
    let good = false;
    if (await this.#readPacket() && this.#started) {
      const p = this.#packet, n = p.length;
      if ((n === 18 || n === 50) && !this.#hw) {
        const hw = mountHw(p);
        if (hw.checksumOk) {
          this.#hw = hw;
          // NUT checks the data packet's checksum flag here (a slip):
          // the identity is published only after a good data packet
          if (this.#data?.checksumOk && hw.size > 0) {
            for (const [k, v] of interpretHw(hw)) st.set(k, v);
          }
          good = true;
        }
      } else if (n === 21) {
        const d = mountData(p);
        this.#data = d;
        if (d.checksumOk) {
          const out = interpretData(
            d,
            this.#hw,
            this.#cache,
            this.#ctx.config.values,
          );
          st.setAlarms(out.alarms);
          st.setStatus(out.status);
          for (const [k, v] of out.vars) st.set(k, v);
          good = true;
        }
      } else {
        this.#ctx.log.warn("Incoming packet size not recognized, discarding!");
      }
      this.#packet = [];
      this.#started = false;
    }
    if (good) st.dataOk();
    else st.dataStale();
    if (!this.#hw) await this.#askHw();
  }

  /** Sends an init string and waits for the unit to answer. */
  async #askHw(): Promise<void> {
    const long = this.#sentLong < 6 || Math.random() < 0.5;
    if (this.#sentLong < 6) this.#sentLong++;
    try {
      const bytes = long ? INIT_LONG : INIT_SHORT;
      if (!this.#opts.paceUs) await this.#line!.write(Uint8Array.from(bytes));
      else {
        for (const b of bytes) {
          await this.#line!.write(Uint8Array.of(b));
          await new Promise((r) => setTimeout(r, this.#opts.paceUs / 1000));
        }
      }
    } catch {
      return;
    }
    // NUT's pacing: +0.1 s per try, back to 6 s once past it
    this.#checktime = this.#checktime > 6000 ? 6000 : this.#checktime + 100;
    await new Promise((r) => setTimeout(r, this.#checktime * this.#pace));
  }

  /** instcmd: none. */
  instcmd(): Promise<CommandResult> {
    return Promise.resolve("unknown");
  }

  /** upsdrv_shutdown: not supported. */
  shutdown(): Promise<CommandResult> {
    this.#ctx.log.error("shutdown not supported");
    return Promise.resolve("failed");
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
