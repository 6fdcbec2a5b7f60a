/**
 * A recorded HID device served from a JSON file, so usbhid-ups runs end to
 * end without hardware (`-x replay=FILE`). Format:
 *
 * ```json
 * { "vendorId": "051d", "productId": "0002",
 *   "vendor": "American Power Conversion", "product": "Back-UPS 500",
 *   "serial": "AB0427", "bus": "003", "device": "002",
 *   "strings": { "4": "PbAc" },
 *   "descriptor": "05 84 09 04 a1 01 ...",
 *   "reports": ["01 01", "0c 64 00 00 14 0a"],
 *   "interrupts": ["13 00"],
 *   "faults": { "vanishAfter": 40, "stall": [33] } }
 * ```
 *
 * `reports` holds the current content of each report (report ID first);
 * SET_REPORT replaces it. `interrupts` are served once each, in order.
 * `faults.vanishAfter` makes the first session fail with "gone" after that
 * many transfers (later sessions work: a replug); `faults.stall` lists
 * report IDs whose GET_REPORT stalls.
 *
 * @module
 */
import {
  HidIoError,
  type HidOpener,
  type HidTransport,
  type UsbDeviceInfo,
} from "./device.ts";
import { parseHex } from "./hex.ts";

/** A parsed recording. */
export interface Recording {
  readonly info: UsbDeviceInfo;
  readonly descriptor: Uint8Array;
  readonly strings: ReadonlyMap<number, string>;
  readonly reports: ReadonlyMap<number, Uint8Array>;
  readonly interrupts: readonly Uint8Array[];
  readonly vanishAfter?: number;
  readonly stall: ReadonlySet<number>;
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") {
    throw new Error(`replay: "${what}" must be a string`);
  }
  return v;
}

function hexId(v: unknown, what: string): number {
  const s = str(v, what);
  if (!/^[0-9a-fA-F]{1,4}$/.test(s)) {
    throw new Error(`replay: "${what}" must be 4 hex digits`);
  }
  return Number.parseInt(s, 16);
}

/** Parses a recording; throws `replay: ...` on malformed input. */
export function parseRecording(text: string): Recording {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new Error(`replay: invalid JSON: ${(e as Error).message}`);
  }
  if (typeof j !== "object" || j === null) {
    throw new Error("replay: not an object");
  }
  const opt = (k: string) => j[k] === undefined ? undefined : str(j[k], k);
  const info: UsbDeviceInfo = {
    vendorId: hexId(j.vendorId, "vendorId"),
    productId: hexId(j.productId, "productId"),
    ...(opt("vendor") !== undefined ? { vendor: opt("vendor")! } : {}),
    ...(opt("product") !== undefined ? { product: opt("product")! } : {}),
    ...(opt("serial") !== undefined ? { serial: opt("serial")! } : {}),
    bus: opt("bus") ?? "001",
    device: opt("device") ?? "001",
    busport: opt("busport") ?? "",
  };
  const strings = new Map<number, string>();
  for (const [k, v] of Object.entries((j.strings ?? {}) as object)) {
    strings.set(Number(k), str(v, `strings.${k}`));
  }
  const reports = new Map<number, Uint8Array>();
  for (const r of (j.reports ?? []) as unknown[]) {
    const b = parseHex(str(r, "reports[]"));
    if (b.length > 0) reports.set(b[0]!, b);
  }
  const interrupts = ((j.interrupts ?? []) as unknown[]).map((r) =>
    parseHex(str(r, "interrupts[]"))
  );
  const faults = (j.faults ?? {}) as { vanishAfter?: number; stall?: number[] };
  return {
    info,
    descriptor: parseHex(str(j.descriptor, "descriptor")),
    strings,
    reports,
    interrupts,
    ...(typeof faults.vanishAfter === "number"
      ? { vanishAfter: faults.vanishAfter }
      : {}),
    stall: new Set(faults.stall ?? []),
  };
}

/** Serves one recording; every open() is a new session on shared report state. */
export class ReplayOpener implements HidOpener {
  readonly #rec: Recording;
  readonly #reports: Map<number, Uint8Array>;
  readonly #interrupts: Uint8Array[];
  #sessions = 0;
  /** Report writes seen (report ID first), for tests and -k checks. */
  readonly writes: Uint8Array[] = [];
  /** When false, open() finds nothing (device unplugged). */
  present = true;

  constructor(rec: Recording) {
    this.#rec = rec;
    this.#reports = new Map(rec.reports);
    this.#interrupts = [...rec.interrupts];
  }

  /** Number of successful opens so far. */
  get sessions(): number {
    return this.#sessions;
  }

  open(
    accept: (info: UsbDeviceInfo) => boolean,
  ): Promise<HidTransport | undefined> {
    if (!this.present || !accept(this.#rec.info)) {
      return Promise.resolve(undefined);
    }
    this.#sessions++;
    const rec = this.#rec;
    const reports = this.#reports;
    const interrupts = this.#interrupts;
    const writes = this.writes;
    let budget = this.#sessions === 1 ? rec.vanishAfter : undefined;
    let closed = false;
    const step = () => {
      if (closed) throw new HidIoError("gone", "device closed");
      if (budget !== undefined && budget-- <= 0) {
        throw new HidIoError(
          "gone",
          "No such device (it may have been disconnected)",
        );
      }
    };
    const t: HidTransport = {
      info: rec.info,
      descriptor: rec.descriptor,
      getReport(id) {
        step();
        if (rec.stall.has(id)) {
          return Promise.reject(new HidIoError("stall", "Pipe error (stall)"));
        }
        const r = reports.get(id);
        if (!r) {
          return Promise.reject(new HidIoError("stall", "Pipe error (stall)"));
        }
        return Promise.resolve(r.slice());
      },
      setReport(id, data) {
        step();
        const copy = data.slice();
        copy[0] = id;
        reports.set(id, copy);
        writes.push(copy);
        return Promise.resolve();
      },
      getString(index) {
        step();
        return Promise.resolve(rec.strings.get(index));
      },
      interrupt(_size, _timeoutMs) {
        step();
        return Promise.resolve(interrupts.shift());
      },
      close() {
        closed = true;
        return Promise.resolve();
      },
    };
    return Promise.resolve(t);
  }
}
