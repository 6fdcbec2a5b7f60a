/**
 * The nut-ipmipsu instance. NUT 2.8.0 links libfreeipmi and talks in-band
 * only; we run FreeIPMI's own tools (Debian freeipmi-tools): `ipmi-raw`
 * walks the SDR repository, `ipmi-fru` reads the PSU's FRU, `ipmi-sensors`
 * reads its sensors each poll. `port = id<N>` reads FRU id N in-band as
 * NUT does; `port = id<N>@host[:port]` reaches a BMC over IPMI LAN with
 * `username`/`password`. FreeIPMI's SDR cache lives in a private temp dir.
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
  parseFru,
  parseRaw,
  parseSdr,
  parseSensors,
  psuSensorIds,
  type SdrRecord,
} from "./records.ts";

/** Where FreeIPMI's tools are (Debian freeipmi-tools). */
const SBIN = "/usr/sbin";
const TOOL_TIMEOUT_MS = 20_000;

/** port → FRU id (C atoi after "id", -1 otherwise, as NUT) and LAN host. */
export function parsePort(port: string): { fruId: number; host?: string } {
  const at = port.indexOf("@");
  const dev = at < 0 ? port : port.slice(0, at);
  const host = at < 0 ? undefined : port.slice(at + 1);
  let fruId = -1;
  if (dev.startsWith("id")) {
    const m = /^\s*([+-]?\d+)/.exec(dev.slice(2));
    fruId = m ? Number.parseInt(m[1]!, 10) : 0;
  }
  return host ? { fruId, host } : { fruId };
}

/** One nut-ipmipsu instance. */
export class IpmiPsuDriver implements DriverInstance {
  #ctx: DriverContext;
  #fruId: number;
  #host: string | undefined;
  #cacheDir: string | undefined;
  #sensorIds: number[] = [];

  constructor(ctx: DriverContext) {
    this.#ctx = ctx;
    const p = parsePort(ctx.config.port);
    this.#fruId = p.fruId;
    this.#host = p.host;
  }

  /** FreeIPMI's connection options for this instance. */
  #opts(): string[] {
    const o: string[] = [];
    if (this.#host) {
      const v = this.#ctx.config.values;
      o.push("-h", this.#host, "--driver-type=LAN_2_0");
      o.push("-u", v.get("username") ?? "", "-p", v.get("password") ?? "");
      // a silent BMC costs a poll 5 s, not FreeIPMI's default 20 s
      o.push("-W", "opensesspriv", "--session-timeout=5000");
    }
    return o;
  }

  async #tool(
    name: string,
    args: string[],
  ): Promise<{ ok: boolean; out: string }> {
    const child = new Deno.Command(`${SBIN}/${name}`, {
      // ipmi-raw has no SDR cache
      args: [
        ...this.#opts(),
        ...(name === "ipmi-raw"
          ? []
          : [`--sdr-cache-file=${this.#cacheDir}/sdr-cache`]),
        ...args,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(TOOL_TIMEOUT_MS),
    }).spawn();
    const r = await child.output();
    const dec = new TextDecoder();
    const err = dec.decode(r.stderr).trim();
    if (err) this.#ctx.log.debug(2, `${name}: ${err}`);
    return { ok: r.code === 0, out: dec.decode(r.stdout) };
  }

  /** NUT's nut_ipmi_open: FRU, then the PSU's sensors from the SDR. */
  async initups(): Promise<void> {
    if (this.#fruId > 255) {
      throw new DriverFatalError(
        `nut_ipmi_open: ipmi_id ${this.#fruId} is too large for libfreeipmi`,
      );
    }
    this.#cacheDir ??= await Deno.makeTempDir({ prefix: "nut-ipmipsu-" });
    const fru = await this.#tool("ipmi-fru", [
      "--skip-checks",
      `--device-id=${this.#fruId & 0xff}`,
    ]);
    if (!fru.ok) {
      throw new DriverFatalError(
        this.#host
          ? "ipmi_fru_open_device_id failed"
          : "could not find inband device",
      );
    }
    const info = parseFru(fru.out);
    const s = this.#ctx.state;
    s.set("device.type", "psu");
    if (info.manufacturer) s.set("device.mfr", info.manufacturer);
    if (info.product) s.set("device.model", info.product);
    if (info.serial) s.set("device.serial", info.serial);
    if (info.part) s.set("device.part", info.part);
    if (info.date) s.set("device.mfr.date", info.date);
    s.set("ups.id", String(this.#fruId));
    if (info.capacity !== -1) {
      s.set("ups.realpower.nominal", String(info.capacity));
    }
    if (info.minVoltage !== -1) {
      s.set("input.voltage.minimum", String(info.minVoltage));
    }
    if (info.maxVoltage !== -1) {
      s.set("input.voltage.maximum", String(info.maxVoltage));
    }
    if (info.minFreq !== -1) s.set("input.frequency.low", String(info.minFreq));
    if (info.maxFreq !== -1) {
      s.set("input.frequency.high", String(info.maxFreq));
    }
    if (info.voltage !== -1) s.set("ups.voltage", String(info.voltage));
    this.#sensorIds = psuSensorIds(await this.#readSdr(), this.#fruId);
    if (!this.#sensorIds.length) {
      this.#ctx.log.debug(1, `Couldn't find device id ${this.#fruId}`);
    }
  }

  /**
   * Every SDR, following next-record ids from 0 to 0xffff. Only each
   * record's first 16 bytes are read (an offset-0 read needs no
   * reservation, and BMCs refuse long reads): they hold what NUT uses.
   */
  async #readSdr(): Promise<SdrRecord[]> {
    const out: SdrRecord[] = [];
    const hex = (n: number) => `0x${n.toString(16)}`;
    let id = 0;
    for (let n = 0; n < 512 && id !== 0xffff; n++) {
      let reply;
      for (const count of [16, 5]) {
        const r = await this.#tool("ipmi-raw", [
          "0x00",
          "0x0a",
          "0x23",
          "0x00",
          "0x00",
          hex(id & 0xff),
          hex(id >> 8),
          "0x00",
          hex(count),
        ]);
        reply = parseRaw(r.out);
        if (reply?.ccode === 0) break;
      }
      if (!reply || reply.ccode !== 0 || reply.data.length < 2) break;
      const rec = parseSdr(reply.data.slice(2));
      if (rec) out.push(rec);
      id = reply.data[0]! | (reply.data[1]! << 8);
    }
    return out;
  }

  async init(): Promise<void> {
    await this.initups();
    await this.update();
  }

  async update(): Promise<void> {
    const args = ["--comma-separated-output", "--no-header-output"];
    if (this.#sensorIds.length) {
      args.push(`--record-ids=${this.#sensorIds.join(",")}`);
    }
    const r = await this.#tool("ipmi-sensors", args);
    const s = this.#ctx.state;
    if (!r.ok) {
      this.#ctx.log.debug(1, "Error while updating sensors values");
      s.dataStale();
      return;
    }
    const res = parseSensors(r.out);
    for (const [name, value] of res.vars) s.set(name, value);
    if (res.status) s.setStatus([res.status]);
    if (res.ok) s.dataOk();
    else {
      this.#ctx.log.debug(1, "Error while updating sensors values");
      s.dataStale();
    }
  }

  shutdown(): Promise<CommandResult> {
    return Promise.reject(new DriverFatalError("shutdown not supported"));
  }

  async close(): Promise<void> {
    if (this.#cacheDir) {
      await Deno.remove(this.#cacheDir, { recursive: true }).catch(() => {});
    }
  }
}
