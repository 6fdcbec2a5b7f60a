/**
 * Named conversion hooks for lookups (NUT's fun_vp2s / nuf_s2l): what a
 * value table cannot say. A mapping names a hook in `Lookup.hook`; the
 * engine calls it with the device value (a number for integer values, the
 * text for string values) and the instance's own hook state, never
 * module-level state (NUT keeps the temperature unit in a global; we keep it
 * per driver instance).
 *
 * @module
 */

/** Per-instance state hooks may read and write. */
export interface HookState {
  /** Unit the last temperature-unit OID reported (eaton_epdu, pw). */
  temperatureUnit: "kelvin" | "celsius" | "fahrenheit" | "unknown";
}

/** A new hook state (one per driver instance). */
export function newHookState(): HookState {
  return { temperatureUnit: "unknown" };
}

/** One hook: device value → NUT text (null: publish nothing), or text → number. */
export interface Hook {
  /** fun_vp2s. */
  readonly toNut?: (value: number | string, state: HookState) => string | null;
  /** nuf_s2l. */
  readonly toNumber?: (text: string) => number;
}

/** C's `%.1ld`: at least one digit (plain integer print). */
function ld(n: number): string {
  return String(Math.trunc(n));
}

/** glibc strptime("%m/%d/%Y") + strftime("%F"): "04/30/2025" → "2025-04-30". */
function usdateToIso(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/([+-]?\d{1,4})/.exec(text);
  // NUT formats a zeroed struct tm when parsing fails: year 1900, month 1, day 0.
  if (!m) return "1900-01-00";
  const mon = Number(m[1]);
  const day = Number(m[2]);
  if (mon < 1 || mon > 12 || day < 1 || day > 31) return "1900-01-00";
  const year = Number(m[3]);
  return `${year}-${String(mon).padStart(2, "0")}-${
    String(day).padStart(2, "0")
  }`;
}

/** Every hook a mapping may name. */
export const HOOKS: Readonly<Record<string, Hook>> = {
  /** Eaton sensor unit: remembers it for temperatureRead; publishes "celsius". */
  eatonTemperatureUnit: {
    toNut(value, state) {
      const n = typeof value === "number" ? value : Number.parseInt(value, 10);
      state.temperatureUnit = n === 0
        ? "kelvin"
        : n === 1
        ? "celsius"
        : n === 2
        ? "fahrenheit"
        : "unknown";
      return "celsius";
    },
  },
  /** Tenths of the remembered unit → whole degrees Celsius (integer maths, as NUT). */
  temperatureRead: {
    toNut(value, state) {
      const v = typeof value === "number" ? value : Number.parseInt(value, 10);
      const tenth = Math.trunc(v / 10);
      switch (state.temperatureUnit) {
        case "kelvin":
          return ld(tenth - 273.15);
        case "celsius":
          return ld(tenth);
        case "fahrenheit":
          return ld(Math.trunc(((tenth - 32) * 5) / 9));
        default:
          return "";
      }
    },
  },
  /** A comma list of daisy-chained devices ("0,1,2") → how many. */
  marlinDeviceCount: {
    toNumber(text) {
      if (text === "") return 0;
      let count = 0;
      for (const c of text) if (c === ",") count++;
      if (!text.endsWith(",")) count++;
      return count;
    },
  },
  /** US date (mm/dd/yyyy) → ISO 8601 date. */
  usdateToIsodate: {
    toNut(value) {
      return usdateToIso(String(value));
    },
  },
};
