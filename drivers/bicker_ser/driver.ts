/**
 * bicker_ser: Bicker supercapacitor DC UPSes (NUT master's `bicker_ser`
 * 0.06; NUT 2.8.0 has no such driver). 38400 bps with DTR raised; each
 * request flushes the input first, each answer's reads wait up to 1 s.
 * Start-up reads the firmware, pack and core-firmware strings, the nine
 * parameters (published RW, "" when disabled, with their range) and the
 * device strings. A poll reads the measurements; a failed mandatory one
 * makes the data stale (temperature and state of health may be missing).
 * shutdown.return and `-k` send 03/32 with ups.delay.shutdown (at most
 * 255 s).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { type LineTransport, readCount } from "../../src/transport/mod.ts";
import { fixed } from "../../src/cgi/cfmt.ts";
import { atoi } from "../../src/state/tree.ts";
import {
  BICKER_PARAMS,
  type BickerParameter,
  cString,
  DEVICE_STRINGS,
  FIRST_STRINGS,
  flagsStatus,
  packet,
  parseParameter,
} from "./protocol.ts";

/** Opens the port (tests may pass their own). */
export type PortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 38400 });
}

/** A bicker_ser instance. */
export class BickerDriver implements DriverInstance {
  #ctx: DriverContext;
  #open: PortOpener;
  #line: LineTransport | null = null;

  constructor(ctx: DriverContext, open: PortOpener = openSerialPort) {
    this.#ctx = ctx;
    this.#open = open;
  }

  async #send(idx: number, cmd: number, data: number[] = []): Promise<void> {
    await this.#line!.flush();
    await this.#line!.write(packet(idx, cmd, data));
  }

  /** ser_get_buf_len: `n` bytes, each read waiting up to 1 s; null on timeout. */
  async #bytes(n: number): Promise<Uint8Array | null> {
    const got: number[] = [];
    while (got.length < n) {
      const r = await readCount(this.#line!, n - got.length, 1000);
      got.push(...r.data);
      if (!r.complete) return null;
    }
    return Uint8Array.from(got);
  }

  /** bicker_receive: the data of the answer to idx/cmd, or null. */
  async #receive(idx: number, cmd: number): Promise<Uint8Array | null> {
    const log = this.#ctx.log;
    const head = await this.#bytes(2);
    if (!head) {
      log.warn("Timeout waiting for response packet");
      return null;
    }
    if (head[0] !== 0x01) {
      log.warn(`Received 0x${hex(head[0]!)} instead of SOH (0x01)`);
      return null;
    }
    if (head[1]! < 3) return null; // a size NUT would misread
    const rest = await this.#bytes(head[1]! - 3 + 3);
    if (!rest) {
      log.warn("Timeout waiting for the end of the packet");
      return null;
    }
    if (rest[rest.length - 1] !== 0x04) {
      log.warn(
        `Received 0x${hex(rest[rest.length - 1]!)} instead of EOT (0x04)`,
      );
      return null;
    }
    if (idx !== 0xee && rest[0] === 0xee) return null; // not supported
    if (rest[0] !== idx || rest[1] !== cmd) {
      log.warn(
        `Indexes/commands do not match: sent 0x${hex(idx)}/0x${hex(cmd)}`,
      );
      return null;
    }
    return rest.slice(2, rest.length - 1);
  }

  async #known(
    idx: number,
    cmd: number,
    len: number,
  ): Promise<Uint8Array | null> {
    const d = await this.#receive(idx, cmd);
    if (d && d.length !== len) {
      this.#ctx.log.error(
        `Data size does not match: expected ${len} but got ${d.length} bytes`,
      );
      return null;
    }
    return d;
  }

  async #u8(cmd: number): Promise<number | null> {
    await this.#send(0x01, cmd);
    return (await this.#known(0x01, cmd, 1))?.[0] ?? null;
  }

  async #u16(cmd: number): Promise<number | null> {
    await this.#send(0x01, cmd);
    const d = await this.#known(0x01, cmd, 2);
    return d ? d[0]! | (d[1]! << 8) : null;
  }

  async #string(cmd: number): Promise<string | null> {
    await this.#send(0x01, cmd);
    const d = await this.#receive(0x01, cmd);
    return d ? cString(d) : null;
  }

  async #parameter(
    id: number,
    data?: number[],
  ): Promise<BickerParameter | null> {
    await this.#send(0x07, id, data);
    const d = await this.#known(0x07, id, 10);
    return d ? parseParameter(d) : null;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    this.#line = await this.#open(this.#ctx.config.port);
    await this.#line.setLines({ dtr: true }).catch(() => {});
    const st = this.#ctx.state;
    for (const [cmd, name] of FIRST_STRINGS) {
      const s = await this.#string(cmd);
      if (s !== null) st.set(name, s);
    }
    for (const [id, name] of BICKER_PARAMS) {
      const p = await this.#parameter(id);
      if (!p) continue;
      st.set(name, p.enabled ? String(p.value) : "");
      st.setFlags(name, ["RW", "STRING"]);
      if (p.min === 0xffff) {
        this.#ctx.log.warn(`Parameter ${name} is corrupt`);
        st.addRange(name, 0, 0xffff);
      } else st.addRange(name, p.min, p.max);
      st.setAux(name, 5);
    }
    if (st.tree.get("battery.charge.low") === undefined) {
      st.set("battery.charge.low", "20");
    }
    st.set("device.type", "ups");
    for (const [cmd, name] of DEVICE_STRINGS) {
      const s = await this.#string(cmd);
      if (s !== null) st.set(name, s);
    }
    st.addCmd("shutdown.return");
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.#ctx.state;
    const thousandths: Array<[number, string, number]> = [
      [0x41, "input.voltage", 1],
      [0x42, "input.current", 3],
      [0x43, "output.voltage", 3],
      [0x44, "output.current", 3],
      [0x45, "battery.voltage", 3],
      [0x46, "battery.current", 3],
    ];
    for (const [cmd, name, digits] of thousandths) {
      const v = await this.#u16(cmd);
      if (v === null) return st.dataStale();
      // battery current is signed
      const n = cmd === 0x46 && v & 0x8000 ? v - 0x10000 : v;
      st.set(name, fixed(n / 1000, digits));
    }
    const kelvin = await this.#u16(0x4a);
    if (kelvin !== null) {
      st.set("battery.temperature", fixed(kelvin - 273.16, 1));
    }
    const health = await this.#u8(0x48);
    if (health !== null) st.set("battery.status", `${health}%`);
    const charge = await this.#u8(0x47);
    if (charge === null) return st.dataStale();
    st.set("battery.charge", String(charge));
    // NUT reads battery.charge.low with atoi(); after a SET disabled it
    // the variable is gone and NUT's atoi(NULL) crashes: we take 0
    const low = atoi(st.tree.get("battery.charge.low") ?? "0");
    const flags = await this.#u8(0x40);
    if (flags === null) return st.dataStale();
    const f = flagsStatus(flags);
    st.set("battery.charger.status", f.charger);
    st.setStatus([...(charge < low ? ["LB"] : []), ...f.status]);
    st.dataOk();
  }

  /** bicker_shutdown: 03/32 with ups.delay.shutdown (0 when unset, at most 255). */
  async #shutdownCmd(): Promise<boolean> {
    let delay = atoi(this.#ctx.state.tree.get("ups.delay.shutdown") ?? "0");
    if (delay > 255) {
      this.#ctx.log.warn(`Shutdown delay too big: ${delay} > 255`);
      delay = 255;
    }
    await this.#send(0x03, 0x32, [delay & 0xff]);
    const r = await this.#known(0x03, 0x32, 1);
    if (r) {
      this.#ctx.log.notice(
        `Shutting down in ${delay & 0xff} seconds: response = 0x${hex(r[0]!)}`,
      );
    }
    return r !== null;
  }

  /** upsdrv_instcmd: shutdown.return (a failed one answers "unknown", as NUT). */
  async instcmd(cmd: string): Promise<CommandResult> {
    if (cmd.toLowerCase() === "shutdown.return" && await this.#shutdownCmd()) {
      return "handled";
    }
    return "unknown";
  }

  /** upsdrv_setvar: a mapped parameter; "" disables it (back to its standard value). */
  async setvar(name: string, value: string): Promise<CommandResult> {
    const row = BICKER_PARAMS.find(([, n]) => n === name.toLowerCase());
    if (!row) return "unknown";
    const id = row[0];
    let enabled = 1, v: number;
    if (value === "") {
      const p = await this.#parameter(id);
      if (!p) return "failed";
      enabled = 0;
      v = p.std;
    } else v = atoi(value) & 0xffff;
    const p = await this.#parameter(id, [enabled, v & 0xff, v >> 8]);
    if (!p) return "failed";
    if (p.enabled) this.#ctx.state.set(row[1], String(p.value));
    else this.#ctx.state.del(row[1]);
    return "handled";
  }

  /** upsdrv_shutdown: up to three tries. */
  async shutdown(): Promise<CommandResult> {
    for (let i = 0; i < 3; i++) if (await this.#shutdownCmd()) return "handled";
    this.#ctx.log.error("Shutdown failed!");
    return "failed";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}
