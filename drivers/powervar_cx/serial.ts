/**
 * powervar_cx_ser's byte level (NUT master's powervar_cx_ser.c): 9600 bps
 * unless `pvbaud` names 38400, 57600 or 115200; requests end with CR;
 * answers are CR-ended lines (LF ignored), each read tried four times
 * half a second. Start-up wakes the unit with two paced CR LF and a
 * second of quiet; every poll flushes the input first.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { serGetLine } from "../../src/transport/ser_line.ts";
import { PowervarCore, PVAR_VARS, type PvarLink } from "./core.ts";

/** ups.conf variables of powervar_cx_ser. */
export const PVAR_SER_VARS: readonly DriverVar[] = [
  ...PVAR_VARS,
  {
    name: "pvbaud",
    kind: "value",
    desc:
      "(UPM dev only) *Possibly* use a baud rate other than the default of 9600.",
  },
];

/** Opens the port at a speed (tests may pass their own). */
export type PortOpener = (
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A powervar_cx_ser instance. */
export class PowervarSerDriver implements DriverInstance, PvarLink {
  #ctx: DriverContext;
  #open: PortOpener;
  #line: LineTransport | null = null;
  #core: PowervarCore;

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.#ctx = ctx;
    this.#open = open;
    this.#core = new PowervarCore(ctx, this);
  }

  /** SendRequest: the request and CR. */
  async send(request: string): Promise<void> {
    await this.#line!.write(`${request}\r`);
  }

  /** PowervarGetResponse: four reads of half a second for a non-empty line. */
  async response(size: number): Promise<string | null> {
    for (let i = 0; i < 4; i++) {
      const l = await serGetLine(this.#line!, {
        end: "\r",
        ignore: "\n",
        timeoutMs: 500,
        size,
      });
      if (l) return l;
    }
    return null;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    const baud = this.#ctx.config.values.get("pvbaud");
    const asked = baud === undefined ? 9600 : parseInt(baud, 10) >>> 0;
    const speed = [38400, 57600, 115200].includes(asked) ? asked : 9600;
    this.#line = await this.#open(this.#ctx.config.port, speed);
    for (let i = 0; i < 2; i++) {
      for (const c of "\r\n") {
        await this.#line.write(c);
        await sleep(100);
      }
    }
    await sleep(1000);
    await this.#line.flush();
    await this.#core.init();
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    await this.#line!.flush();
    if (!await this.#core.update()) {
      this.#ctx.log.warn(
        `Powervar UPS Comm failure on port ${this.#ctx.config.port}`,
      );
    }
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string): Promise<CommandResult> {
    return this.#core.instcmd(cmd);
  }

  /** upsdrv_setvar. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#core.setvar(name, value);
  }

  /** upsdrv_shutdown: SET.OFFDLY.W=<ups.delay.shutdown>. */
  async shutdown(): Promise<CommandResult> {
    await this.#core.offDelay();
    return "handled";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
