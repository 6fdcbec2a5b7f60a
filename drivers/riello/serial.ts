/**
 * riello_ser's byte level: requests written to the line, replies collected
 * byte by byte until the frame is complete, the line stays quiet for a
 * second, or five seconds pass (NUT's riello_serialcomm waits about as
 * long). Detection tries SENTR then GPSER at 9600, then both at 1200.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import type { LineTransport, SerialSettings } from "../../src/transport/mod.ts";
import { GPSER } from "./protocol.ts";
import { SENTR_BLOCK, SentrReceiver } from "./sentr.ts";
import {
  type Exchange,
  receiverFor,
  type RielloKind,
  type RielloOpener,
  type RielloPort,
} from "./driver.ts";

const IDLE_MS = 1000;
const TOTAL_MS = 5000;

/** Opens a serial port with settings (tests pass a pty opener). */
export type LineOpener = (
  path: string,
  settings: SerialSettings,
) => Promise<LineTransport & { setSpeed?(speed: number): void }>;

async function openLine(path: string, settings: SerialSettings) {
  const { openSerial, configureTty } = await import(
    "../../src/transport/serial.ts"
  );
  const t = openSerial(path, settings);
  return Object.assign(t, {
    setSpeed: (speed: number) => configureTty(t.fd, { speed }),
  });
}

/** A RielloPort over a serial line. */
export class SerialRielloPort implements RielloPort {
  #line: LineTransport;

  constructor(line: LineTransport) {
    this.#line = line;
  }

  async exchange(
    request: Uint8Array,
    kind: RielloKind,
    crc: boolean,
  ): Promise<Exchange> {
    const { rx, result } = receiverFor(kind, crc);
    await this.collect(request, rx);
    return result();
  }

  /** Writes `request`, then feeds `rx` until it has a frame or time runs out. */
  async collect(
    request: Uint8Array,
    rx: { push(b: number): boolean },
  ): Promise<void> {
    await this.#line.write(request);
    const end = Date.now() + TOTAL_MS;
    while (Date.now() < end) {
      const got = await this.#line.read(
        Math.min(IDLE_MS, end - Date.now()),
        256,
      );
      if (!got.length) return;
      for (const b of got) if (rx.push(b)) return;
    }
  }

  close(): void {
    this.#line.close();
  }
}

/** riello_comm_setup: open the port and find out which protocol answers. */
export function serialOpener(open: LineOpener = openLine): RielloOpener {
  return async (ctx: DriverContext) => {
    const path = ctx.config.port;
    const line = await open(path, { speed: 9600 });
    const port = new SerialRielloPort(line);
    for (const speed of [9600, 1200]) {
      if (speed !== 9600) {
        ctx.log.debug(2, `set baudrate ${speed}`);
        line.setSpeed?.(speed);
      }
      ctx.log.debug(2, "try to detect SENTR");
      const sentr = new SentrReceiver();
      await port.collect(new Uint8Array([192]), sentr);
      if (sentr.count === SENTR_BLOCK) {
        ctx.log.info(
          `Connected to UPS SENTR on ${path} with baudrate ${speed}`,
        );
        return { port, kind: "sentr" };
      }
      ctx.log.debug(2, "try to detect GPSER");
      const gi = await port.exchange(GPSER.gi(), "gpser", false);
      if (gi.outcome === "ok") {
        ctx.log.info(
          `Connected to UPS GPSER on ${path} with baudrate ${speed}`,
        );
        return { port, kind: "gpser" };
      }
    }
    port.close();
    throw new Error(`Can't connect to the UPS on port ${path}!`);
  };
}
