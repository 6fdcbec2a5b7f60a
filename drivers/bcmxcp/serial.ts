/**
 * bcmxcp's RS-232 side (bcmxcp_ser of NUT 2.8.0): requests framed and
 * sent, answers read byte by byte (one second per byte), three tries per
 * command (the input flushed before the last). Start-up tries the
 * configured `baud_rate`, else 19200, 9600, 4800, 2400 and 1200: ESC (out
 * of the front panel menu), the authorisation code, then "request only
 * mode" (or the ID block) must be answered.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import type { XcpOpener, XcpPort } from "./driver.ts";
import { AnswerReader, AUTHOR, PW, requestFrame } from "./protocol.ts";

const BAUDS = [19200, 9600, 4800, 2400, 1200];
const BYTE_MS = 1000;
const TRIES = 3;

/** A line whose speed can change. */
export type SpeedLine = LineTransport & { setSpeed?(speed: number): void };

/** Opens the serial port (tests pass a pty opener). */
export type XcpLineOpener = (path: string) => Promise<SpeedLine>;

async function openLine(path: string): Promise<SpeedLine> {
  const { openSerial, configureTty } = await import(
    "../../src/transport/serial.ts"
  );
  const t = openSerial(path, { speed: 19200 });
  return Object.assign(t, {
    setSpeed: (speed: number) => configureTty(t.fd, { speed }),
  });
}

/** An XcpPort on a serial line. */
export class SerialXcpPort implements XcpPort {
  #line: SpeedLine;
  #pending: number[] = [];

  constructor(line: SpeedLine) {
    this.#line = line;
  }

  async write(bytes: readonly number[]): Promise<void> {
    await this.#line.write(requestFrame(bytes));
  }

  async #answer(command: number): Promise<Uint8Array | undefined> {
    const rx = new AnswerReader(command);
    while (true) {
      if (!this.#pending.length) {
        const got = await this.#line.read(BYTE_MS);
        if (!got.length) return undefined;
        this.#pending.push(...got);
      }
      const b = this.#pending.shift()!;
      if (rx.push(b)) return rx.done;
    }
  }

  async command(bytes: readonly number[]): Promise<Uint8Array | undefined> {
    for (let t = 1; t <= TRIES; t++) {
      if (t === TRIES) {
        this.#pending = [];
        await this.#line.flush();
      }
      await this.write(bytes);
      const a = await this.#answer(bytes[0]!);
      if (a && a.length) return a;
    }
    return undefined;
  }

  /** ESC, authorisation, then "request only mode" or the ID block. */
  async probe(speed: number, sleep: (ms: number) => Promise<void>) {
    this.#line.setSpeed?.(speed);
    await this.#line.write(Uint8Array.of(0x1d));
    await sleep(90);
    await this.write(AUTHOR);
    await sleep(500);
    if (await this.command([PW.reqOnlyMode])) return true;
    await sleep(500);
    return (await this.command([PW.idBlock])) !== undefined;
  }

  close(): void {
    this.#line.close();
  }
}

/** pw_comm_setup. */
export function serialOpener(
  open: XcpLineOpener = openLine,
  sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
): XcpOpener {
  return async (ctx: DriverContext) => {
    const path = ctx.config.port;
    const port = new SerialXcpPort(await open(path));
    const wanted = ctx.config.values.get("baud_rate");
    if (wanted !== undefined) {
      const br = parseInt(wanted, 10) || 0;
      if (br < 0) ctx.log.error("baud_rate option is invalid");
      else if (!BAUDS.includes(br)) {
        port.close();
        throw new Error(`Specified baudrate "${wanted}" is invalid!`);
      } else {
        if (await port.probe(br, sleep)) {
          ctx.log.info(`Connected to UPS on ${path} with baudrate ${br}`);
          return port;
        }
        ctx.log.error(`No response from UPS on ${path} with baudrate ${br}`);
      }
    }
    ctx.log.info("Attempting to autodect baudrate");
    for (const speed of BAUDS) {
      if (await port.probe(speed, sleep)) {
        ctx.log.info(`Connected to UPS on ${path} with baudrate ${speed}`);
        return port;
      }
    }
    port.close();
    throw new Error(`Can't connect to the UPS on port ${path}!`);
  };
}
