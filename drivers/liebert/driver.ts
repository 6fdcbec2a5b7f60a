/**
 * liebert: NUT 2.8.0's `liebert` 1.03, Liebert UPSes on a MultiLink
 * contact-closure cable. RTS is raised as cable power. On battery the UPS
 * ties RX to TX, so each poll sends 0x55 and listens: if the last byte
 * read back (each read waits a second) is 0x55 the unit is on battery.
 * DCD means low battery. Both signals must hold for four polls in a row
 * (three repeats) before the status changes. No shutdown is possible.
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

/** ups.conf variables of liebert (upsdrv_makevartable). */
export const LIEBERT_VARS: readonly DriverVar[] = [
  { name: "mfr", kind: "value", desc: "Override manufacturer name" },
  { name: "model", kind: "value", desc: "Override model name" },
];

/** Opens the port (tests pass the in-memory twin). */
export type LiebertPortOpener = (
  path: string,
) => LineTransport | Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  // NUT's ser_open leaves the speed alone; 2400 bps is what the cable uses
  return openSerial(path, { speed: 2400 });
}

const ON_BATTERY = 0x55, DEBOUNCE = 3, CHAR_WAIT_MS = 1000;

/** A signal that only changes after DEBOUNCE unchanged repeats. */
export class Debounced {
  state = false;
  #last = false;
  #count = 0;

  /** Feeds one reading; returns the debounced state. */
  feed(now: boolean): boolean {
    this.#count = now === this.#last ? this.#count + 1 : 0;
    if (this.#count >= DEBOUNCE && now !== this.state) this.state = now;
    this.#last = now;
    return this.state;
  }
}

/** A liebert instance. */
export class LiebertDriver implements DriverInstance {
  readonly ctx: DriverContext;
  port: LineTransport | undefined;
  readonly ob = new Debounced();
  readonly lb = new Debounced();
  #open: LiebertPortOpener;
  #charWait: number;

  /** `charWaitMs`: how long each read of the echo waits (tests shorten it). */
  constructor(
    ctx: DriverContext,
    open: LiebertPortOpener = openSerialPort,
    charWaitMs = CHAR_WAIT_MS,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#charWait = charWaitMs;
  }

  /** upsdrv_initups: open, raise RTS (NUT ignores a failure there). */
  async initups(): Promise<void> {
    if (this.port) return;
    this.port = await this.#open(this.ctx.config.port);
    await this.port.setLines({ rts: true }).catch(() => {});
  }

  async init(): Promise<void> {
    await this.initups();
    const v = this.ctx.config.values;
    this.ctx.state.set("ups.mfr", v.get("mfr") ?? "Liebert");
    this.ctx.state.set("ups.model", v.get("model") ?? "MultiLink");
  }

  /** The loopback test: is the last byte echoed back 0x55? */
  async #loopback(): Promise<boolean> {
    const port = this.port!;
    await port.flush();
    await port.write(new Uint8Array([ON_BATTERY]));
    let last = -1;
    while (true) {
      const got = await port.read(this.#charWait, 1);
      if (!got.length) break;
      last = got[got.length - 1]!;
    }
    return last === ON_BATTERY;
  }

  async update(): Promise<void> {
    const ob = await this.#loopback();
    // a port without modem lines (a pty) reads as DCD off; NUT reads an
    // uninitialised value there
    const lb = await this.port!.getLines().then((l) => l.dcd, () => false);
    const status = [this.ob.feed(ob) ? "OB" : "OL"];
    if (this.lb.feed(lb)) status.push("LB");
    this.ctx.state.setStatus(status);
    this.ctx.state.dataOk();
  }

  /** upsdrv_shutdown: stock cables cannot shut the UPS down. */
  shutdown(): Promise<CommandResult> {
    return Promise.reject(new DriverFatalError("shutdown not supported"));
  }

  close(): Promise<void> {
    this.port?.close();
    this.port = undefined;
    return Promise.resolve();
  }
}
