/**
 * The apcupsd-ups instance: one NIS `status` exchange per poll (a fresh
 * TCP connection each time, as NUT), values through the table. As NUT
 * 2.8.0, every variable but the kept ones is deleted before each poll, so a
 * failed poll leaves only those; unlike NUT the data is then also marked
 * stale, so upsd and upsmon see the link is gone.
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
  MAX_RECORD,
  ROWS,
  rowValue,
  splitLine,
  STATUS_REQUEST,
  statusTokens,
} from "./protocol.ts";

/** NUT's per-read wait. */
const READ_TIMEOUT_MS = 15_000;

/** `host[:port]` of the port value (NUT: default localhost:3551, port 1..65535). */
export function parseTarget(
  port: string,
): { host: string; port: number } | undefined {
  if (!port) return { host: "localhost", port: 3551 };
  const colon = port.indexOf(":");
  if (colon < 0) return { host: port, port: 3551 };
  const n = Number.parseInt(port.slice(colon + 1), 10) || 0;
  if (n < 1 || n > 65535) return undefined;
  return { host: port.slice(0, colon), port: n };
}

/** Reads exactly `n` bytes, or throws on close / timeout. */
async function readExact(
  conn: Deno.Conn,
  n: number,
  buf: { data: Uint8Array },
): Promise<Uint8Array> {
  while (buf.data.length < n) {
    const chunk = new Uint8Array(4096);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const got = await Promise.race([
      conn.read(chunk),
      new Promise<"timeout">((r) => {
        timer = setTimeout(() => r("timeout"), READ_TIMEOUT_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (got === "timeout") throw new Error("timeout");
    if (got === null) throw new Error("unexpected connection close by apcupsd");
    const joined = new Uint8Array(buf.data.length + got);
    joined.set(buf.data);
    joined.set(chunk.subarray(0, got), buf.data.length);
    buf.data = joined;
  }
  const out = buf.data.slice(0, n);
  buf.data = buf.data.slice(n);
  return out;
}

/** One apcupsd-ups instance. */
export class ApcupsdDriver implements DriverInstance {
  #ctx: DriverContext;
  #target: { host: string; port: number } | undefined;

  constructor(ctx: DriverContext) {
    this.#ctx = ctx;
    this.#target = parseTarget(ctx.config.port);
  }

  async init(): Promise<void> {
    if (!this.#target) {
      throw new DriverFatalError("invalid host or port specified!");
    }
    try {
      await this.#poll();
    } catch (e) {
      this.#ctx.log.debug(1, e instanceof Error ? e.message : String(e));
      throw new DriverFatalError("can't communicate with apcupsd!");
    }
    this.#ctx.state.dataOk();
  }

  async update(): Promise<void> {
    try {
      await this.#poll();
      this.#ctx.state.dataOk();
    } catch (e) {
      this.#ctx.log.debug(1, e instanceof Error ? e.message : String(e));
      this.#ctx.log.error("can't communicate with apcupsd!");
      this.#ctx.state.dataStale();
    }
  }

  /** NUT's getdata(): clear, connect, ask, apply each line. */
  async #poll(): Promise<void> {
    const s = this.#ctx.state;
    for (const row of ROWS) if (!row.keep) s.del(row.name);
    const t = this.#target!;
    const conn = await Deno.connect({ hostname: t.host, port: t.port });
    const buf = { data: new Uint8Array(0) };
    const dec = new TextDecoder("latin1");
    try {
      await conn.write(STATUS_REQUEST);
      while (true) {
        const head = await readExact(conn, 2, buf);
        const len = (head[0]! << 8) | head[1]!;
        if (len === 0) return;
        if (len > MAX_RECORD) throw new Error("apcupsd communication error");
        // NUL ends the C string early
        const text = dec.decode(await readExact(conn, len, buf)).split(
          "\0",
        )[0]!;
        const line = splitLine(text);
        if (!line) throw new Error("apcupsd communication error");
        this.#apply(line.item, line.data);
      }
    } finally {
      try {
        conn.close();
      } catch { /* closed */ }
    }
  }

  /** NUT's process(): every row of the item, plus the constant rows. */
  #apply(item: string, data: string): void {
    const s = this.#ctx.state;
    for (const row of ROWS) {
      if (row.item === undefined) {
        s.set(row.name, row.value!);
      } else if (row.item === item) {
        if (row.kind === "status") {
          s.setStatus(statusTokens(data));
          continue;
        }
        const v = rowValue(row, data);
        if (v !== undefined) s.set(row.name, v);
      }
    }
  }

  shutdown(): Promise<CommandResult> {
    return Promise.reject(new Error("shutdown not supported"));
  }
}
