/**
 * How `upscode2` reads one name/value answer against a table (NUT's
 * upsc_simple), the sscanf it relies on, and its ups.conf variables.
 *
 * @module
 */
import type { DriverState, DriverVar } from "../../src/driver/types.ts";
import type { Logger } from "../../src/log.ts";
import { cFixed } from "../../src/driver/cformat.ts";
import type { UpscCalc } from "./calc.ts";
import type { TRow } from "./tables.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const UPSCODE2_VARS: readonly DriverVar[] = [
  { name: "manufacturer", kind: "value", desc: "manufacturer [unknown]" },
  { name: "baudrate", kind: "value", desc: "Serial interface baudrate [1200]" },
  {
    name: "input_timeout",
    kind: "value",
    desc: "Command response timeout [2]",
  },
  {
    name: "output_pace",
    kind: "value",
    desc: "Output character delay in usecs [200]",
  },
  {
    name: "full_update",
    kind: "value",
    desc: "Delay between full value downloads [60]",
  },
  {
    name: "use_crlf",
    kind: "flag",
    desc: "Use CR-LF to terminate commands to UPS",
  },
  {
    name: "use_pre_lf",
    kind: "flag",
    desc: "Use LF to introduce commands to UPS",
  },
];

/** sscanf("%f"): the leading decimal number, as a float, or null. */
export function scanFloat(s: string): number | null {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m ? Math.fround(parseFloat(m[0])) : null;
}

/** Where an answer goes. */
export interface AnswerSink {
  state: DriverState;
  log: Logger;
  calc: UpscCalc;
  setBit(bit: number): void;
}

/** upsc_simple: one name/value pair; `known` false if the table lacks it. */
export function applyAnswer(
  sink: AnswerSink,
  table: readonly TRow[],
  name: string,
  val: string,
): { known: boolean; final: boolean } {
  const row = table.find((r) => r.code === name);
  if (!row) return { known: false, final: false };
  const st = sink.state, c = sink.calc;
  const final = row.final === true;
  switch (row.kind) {
    case "keep": {
      const f = scanFloat(val);
      if (f === null) sink.log.error(`Bad float: ${name} ${val}`);
      const n = f ?? 0;
      if (row.nut) st.set(row.nut, cFixed(n, 2));
      c[row.keep] = n;
      break;
    }
    case "value": {
      const f = scanFloat(val);
      if (f === null) {
        sink.log.error(`Bad float in ${name}: ${val}`);
        st.set(row.nut, val);
        break;
      }
      const k = row.scale === "kilo"
        ? 1000
        : row.scale === "outpwr"
        ? c.outpwrFactor
        : 1;
      st.set(row.nut, cFixed(Math.fround(f * k), 2));
      break;
    }
    case "string":
      st.set(row.nut, val);
      break;
    case "status":
      if (val === "11") sink.setBit(row.bit);
      else if (val !== "00") {
        sink.log.error(`Unknown status value: '${name}' '${val}'`);
      }
      break;
    case "alarm":
      if (val !== "11" && val !== "00") {
        sink.log.error(`Unknown alarm value: '${name}' '${val}'`);
      }
      break;
    case "list":
      if (!applyAnswer(sink, row.list, val, "11").known) {
        sink.log.error(`Unknown value: ${name} ${val}`);
      }
      break;
  }
  return { known: true, final };
}
