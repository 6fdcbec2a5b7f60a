/**
 * The XCP identification block as bcmxcp reads it, pure: firmware text per
 * CPU, rating, phases, model text (with the "<VA>i" rating appended when
 * missing), meter map (meter number -> format and offset in the meter
 * block), alarm map (alarm number -> index in the alarm block) and the
 * sizes of the optional blocks. C's buffer limits are kept: the firmware
 * text stops one short of 11 bytes per CPU, the model at length + 8.
 *
 * @module
 */
import { ALARM_MAP_MAX } from "./alarms.ts";
import { word } from "./protocol.ts";
import { CPU_NAMES, METER_MAP_MAX } from "./tables.ts";

/** What the ID block says. */
export interface IdBlock {
  /** undefined when the unit reports no CPU. */
  firmware?: string;
  rating: number;
  phases: number;
  model: string;
  /** Meter number -> [format byte, offset in the meter block]. */
  meters: Map<number, [number, number]>;
  /** Alarm number -> index in the alarm block. */
  alarms: Map<number, number>;
  topologyLen: number;
  commandListLen: number;
  outletBlockLen: number;
}

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** Parses the ID block answer `a`. */
export function parseIdBlock(a: Uint8Array): IdBlock {
  let i = 0;
  let ncpu = a[i++] ?? 0;
  let firmware: string | undefined;
  if (ncpu > 0) {
    const cap = ncpu * 11 - 1;
    let fw = "";
    let n = 0;
    do {
      if (a[i] || a[i + 1]) {
        fw = (fw +
          `${CPU_NAMES[n] ?? "(null)"}${hex2(a[i + 1] ?? 0)}.${
            hex2(a[i] ?? 0)
          } `).slice(0, cap);
      }
      i += 2;
      ncpu--;
      n++;
    } while (ncpu > 0 && n <= 5);
    firmware = fw;
    i += ncpu * 2;
  }
  let rating = a[i++] ?? 0;
  if (rating > 0) rating = (rating * 1000) & 0xffff;
  else {
    rating = (word(a, i) * 50) & 0xffff;
    i += 2;
  }
  const phases = a[i++] ?? 0;
  i += 1; // phase angle
  let len = a[i++] ?? 0;
  let model = "";
  for (let k = 0; k < len && a[i + k]; k++) {
    model += String.fromCharCode(a[i + k]!);
  }
  i += len;
  const tag = `${rating}i`;
  if (!model.includes(tag)) model = (model + ` ${tag}`).slice(0, len + 8);
  model = model.replace(/ +$/, "");
  len = a[i++] ?? 0;
  const meters = new Map<number, [number, number]>();
  let offset = 0;
  for (let n = 0; n < len && n < METER_MAP_MAX; n++) {
    const f = a[i + n] ?? 0;
    if (f) {
      meters.set(n, [f, offset]);
      offset += 4;
    }
  }
  i += len;
  len = a[i++] ?? 0;
  const alarms = new Map<number, number>();
  let next = 0;
  for (let byte = 0; byte < len && byte < ALARM_MAP_MAX / 8; byte++) {
    for (let bit = 0; bit < 8; bit++) {
      if ((a[i + byte] ?? 0) & (1 << bit)) alarms.set(byte * 8 + bit, next++);
    }
  }
  i += len;
  i += 2; // configuration block length
  len = a[i++] ?? 0;
  i += len; // statistics map
  i += 4; // alarm history and custom event log sizes
  const topologyLen = word(a, i);
  i += 2;
  i += 1; // longest command
  const commandListLen = i < a.length ? word(a, i) : 0;
  i += 2;
  const outletBlockLen = i < a.length ? word(a, i) : 0;
  return {
    ...(firmware !== undefined ? { firmware } : {}),
    rating,
    phases,
    model,
    meters,
    alarms,
    topologyLen,
    commandListLen,
    outletBlockLen,
  };
}
