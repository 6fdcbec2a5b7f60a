/**
 * al175: NUT 2.8.0's `al175` 0.13, Eltek AL175 rectifier alarm units over
 * COMLI (see comli.ts) at 9600 bps, no flow control. Each poll reads five
 * register blocks (0x4000 9 bytes, 0x4048 2, 0x4100 8, 0x4180 8, 0x4300 2)
 * within one three-second transaction; any failure makes the data stale.
 * Input is flushed before each request. `test.battery.start` (end voltage
 * 24, one minute) and `test.battery.stop` are activate commands answered
 * by an ACK within five seconds. No shutdown is possible.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import {
  fromLatin1,
  type LineTransport,
  readCount,
} from "../../src/transport/mod.ts";
import {
  ACK,
  activate,
  frameOk,
  readRequest,
  replyHead,
  reverseBits,
  STX,
} from "./comli.ts";

/** Opens the port (tests may pass their own). */
export type Al175PortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  // openSerial's raw mode has no XON/XOFF (NUT's ser_disable_flow_control)
  return openSerial(path, { speed: 9600 });
}

const POLL_MS = 3000, COMMAND_MS = 5000;

/** The register blocks of a poll: address and byte count. */
export const BLOCKS = [[0x4000, 9], [0x4048, 2], [0x4100, 8], [
  0x4180,
  8,
], [0x4300, 2]] as const;

/** A big-endian word / 100, "%.2f" (negative zero kept, as C prints it). */
export function d16(b: Uint8Array, at: number, sign = 1): string {
  const v = sign * ((b[at]! * 0x100 + b[at + 1]!) / 100);
  return Object.is(v, -0) ? "-0.00" : v.toFixed(2);
}

/** An al175 instance. */
export class Al175Driver implements DriverInstance {
  readonly ctx: DriverContext;
  line: LineTransport | null = null;
  #open: Al175PortOpener;
  #deadline = 0;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open: Al175PortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** `n` bytes before the transaction's deadline, or null. */
  async #get(n: number): Promise<Uint8Array | null> {
    const left = this.#deadline - Date.now();
    if (left <= 0) return null;
    const r = await readCount(this.line!, n, left);
    return r.complete ? r.data : null;
  }

  /** Skips bytes up to an STX. */
  async #scanStx(): Promise<boolean> {
    while (true) {
      const b = await this.#get(1);
      if (!b) return false;
      if (b[0] === STX) return true;
    }
  }

  async #send(frame: Uint8Array): Promise<void> {
    await this.line!.flush();
    await this.line!.write(frame);
  }

  /** al175_read: `count` bytes of registers at `addr` (bits restored), or null. */
  async read(addr: number, count: number): Promise<Uint8Array | null> {
    await this.#send(readRequest(addr, count));
    if (!await this.#scanStx()) return null;
    const head = await this.#get(10);
    if (!head) return null;
    const h = replyHead(fromLatin1(head));
    if (!h || h.len > 0xff) return null;
    const tail = await this.#get(h.len + 2);
    if (!tail) return null;
    const frame = new Uint8Array([STX, ...head, ...tail]);
    if (!frameOk(frame)) return null;
    if (h.addr !== addr || h.len !== count) return null;
    return reverseBits(frame.subarray(11, 11 + count));
  }

  /** al175_do: an activate command and its ACK. */
  async activate(frame: Uint8Array): Promise<boolean> {
    await this.#send(frame);
    if (!await this.#scanStx()) return false;
    const rest = await this.#get(7);
    if (!rest) return false;
    const f = new Uint8Array([STX, ...rest]);
    if (!frameOk(f)) return false;
    return fromLatin1(rest.subarray(0, 4)) === "0011" && rest[4] === ACK;
  }

  /** upsdrv_initups: 9600 bps, no flow control. */
  async initups(): Promise<void> {
    if (this.line) return;
    this.line = await this.#open(this.ctx.config.port);
  }

  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("ups.mfr", "Eltek");
    st.set("ups.model", "AL175");
    st.addCmd("test.battery.start");
    st.addCmd("test.battery.stop");
  }

  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    this.#deadline = Date.now() + POLL_MS;
    const regs: Uint8Array[] = [];
    for (const [addr, count] of BLOCKS) {
      const r = await this.read(addr, count);
      if (!r) {
        st.dataStale();
        return;
      }
      regs.push(r);
    }
    const [x4000, x4048, x4100, x4180, x4300] = regs as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    const status: string[] = [];
    const bit = (b: number, m: number) => (b & m) !== 0;
    // (NUT's fuse and contactor names are compiled out of 2.8.0)
    st.set("battery.fuse", bit(x4000[0]!, 0x40) ? "FAIL" : "OK");
    if (bit(x4000[0]!, 0x40)) status.push("RB");
    st.set("battery.symmetry", bit(x4000[0]!, 0x20) ? "FAIL" : "OK");
    if (bit(x4000[0]!, 0x20)) status.push("RB");
    if (bit(x4000[1]!, 0x01)) status.push("TEST");
    if (x4000[4] === 0) status.push("OL");
    else if (x4000[4] === 1) status.push("OB");
    if (x4000[5] === 1) status.push("OFF");
    if (x4000[6] === 0) st.set("ups.test.result", "OK");
    else if (x4000[6] === 1) {
      status.push("RB");
      st.set("ups.test.result", "FAIL");
    }
    if (x4000[7] === 1) status.push("LB");
    else if (x4000[7] === 2) status.push("HB");
    const sign = x4000[8] === 0 ? 1 : x4000[8] === 1 ? -1 : 0;
    if (x4048[0] === 1) status.push("BOOST");
    const nominal = ["48", "24", "12", "26", "60"][x4048[1]!];
    if (nominal) st.set("output.voltage.nominal", nominal);
    st.set("battery.voltage.nominal", d16(x4100, 0));
    st.set("input.transfer.boost.low", d16(x4100, 2));
    st.set("battery.current", d16(x4180, 2, sign));
    st.set("output.current", d16(x4180, 6));
    st.set("battery.temperature", d16(x4300, 0));
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const frame = ({
        "test.battery.start": activate(0x83, 0x81, 24, 1),
        "test.battery.stop": activate(0x83, 0x80),
      } as Record<string, Uint8Array>)[cmd.toLowerCase()];
      if (!frame) {
        this.ctx.log.notice(
          `instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`,
        );
        return "unknown";
      }
      this.#deadline = Date.now() + COMMAND_MS;
      return await this.activate(frame) ? "handled" : "failed";
    });
  }

  /** upsdrv_shutdown: not possible on this unit. */
  shutdown(): Promise<CommandResult> {
    return Promise.reject(new DriverFatalError("shutdown not supported"));
  }

  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
