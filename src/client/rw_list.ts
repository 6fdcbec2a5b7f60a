/**
 * upsrw's list mode (clients/upsrw.c print_rw/do_type): one block per RW
 * variable, gathered into a record that prints as NUT does or as JSON.
 *
 * @module
 */
import type { NutClient } from "./mod.ts";
import { errorText, Fatal } from "./tool.ts";

/** One RW variable as upsrw describes it (the `-j` schema, docs/json.md). */
export interface RwVar {
  name: string;
  /** GET DESC text; null when upsd gave none. */
  description: string | null;
  /** STRING, NUMBER, ENUM, RANGE, or UNKNOWN when GET TYPE failed. */
  type: "STRING" | "NUMBER" | "ENUM" | "RANGE" | "UNKNOWN";
  /** The GET TYPE words after the variable name, e.g. ["RW","STRING:16"]. */
  types: string[];
  value: string | null;
  /** For STRING (and ENUM of strings): the maximum length. */
  maxLength?: number;
  /** For ENUM: STRING, NUMBER, or null for an old upsd that did not say. */
  valueType?: "STRING" | "NUMBER" | null;
  /** For ENUM: the allowed values, in upsd's order. */
  options?: string[];
  /** For RANGE: the allowed ranges (atoi'd as upsrw does). */
  ranges?: Array<{ min: number; max: number }>;
  /** Type words upsrw does not know (printed as "(unrecognized)"). */
  unrecognized?: string[];
  /** NUT's text block for this variable. */
  text: string;
}

/** C atoi: leading spaces, sign, digits; 0 when none. */
export function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  if (!m) return 0;
  const n = Number(m[1]);
  return Math.trunc(Math.max(-2147483648, Math.min(2147483647, n)));
}

/** Thrown mid-block: `partial` is what NUT had already printed. */
export class PartialFatal extends Fatal {
  readonly partial: string;
  constructor(message: string, partial: string) {
    super(message);
    this.partial = partial;
  }
}

async function tryGet(
  client: NutClient,
  args: string[],
): Promise<string | undefined> {
  try {
    const w = await client.get(args);
    return w.length < args.length + 1 ? undefined : w[3];
  } catch {
    return undefined;
  }
}

/** Queries DESC, TYPE, VAR and ENUM/RANGE lists for one RW variable. */
export async function describeRw(
  client: NutClient,
  ups: string,
  name: string,
): Promise<RwVar> {
  const desc = await tryGet(client, ["DESC", ups, name]);
  let text = `[${name}]\n${desc ?? "Description unavailable"}\n`;
  const v: RwVar = {
    name,
    description: desc ?? null,
    type: "UNKNOWN",
    types: [],
    value: null,
    text: "",
  };
  const fatal = (message: string) => new PartialFatal(message, text);
  const value = async (fn: string) => {
    const got = await tryGet(client, ["VAR", ups, name]);
    if (got === undefined) {
      throw fatal(`${fn}: can't get current value of ${name}`);
    }
    v.value = got;
    return got;
  };
  const list = async (kind: string, need: number) => {
    let items: string[][];
    try {
      items = await client.list([kind, ups, name]);
    } catch (e) {
      throw fatal(`Error: ${errorText(e)}`);
    }
    for (const w of items) {
      if (w.length < need) {
        throw fatal(
          `Error: insufficient data (got ${w.length} args, need at least 4)`,
        );
      }
    }
    return items;
  };
  const doEnum = async (
    valueType: "STRING" | "NUMBER" | null,
    len: number,
  ) => {
    const current = await value("do_enum");
    const items = await list("ENUM", 4);
    v.type = "ENUM";
    v.valueType = valueType;
    text += valueType ? `Type: ENUM ${valueType}\n` : "Type: ENUM\n";
    if (valueType === "STRING") {
      v.maxLength = len;
      text += `Maximum length: ${len}\n`;
    }
    v.options = items.map((w) => w[3]!);
    for (const o of v.options) {
      text += `Option: "${o}"${o === current ? " SELECTED" : ""}\n`;
    }
  };
  const doRange = async () => {
    const ival = atoi(await value("do_range"));
    const items = await list("RANGE", 5);
    v.type = "RANGE";
    text += "Type: RANGE NUMBER\n";
    v.ranges = items.map((w) => ({ min: atoi(w[3]!), max: atoi(w[4]!) }));
    for (const { min, max } of v.ranges) {
      const sel = ival >= min && ival <= max ? " SELECTED" : "";
      text += `Option: "${min}-${max}"${sel}\n`;
    }
  };

  let types: string[] | undefined;
  try {
    const w = await client.get(["TYPE", ups, name]);
    types = w.slice(3);
  } catch {
    types = undefined;
  }
  if (types === undefined) {
    text += "Unknown type\n";
  } else {
    v.types = types;
    let isEnum = false;
    let done = false;
    for (const t of types) {
      const u = t.toUpperCase();
      if (u === "ENUM") {
        isEnum = true;
        continue;
      }
      if (u === "RANGE") {
        await doRange();
        done = true;
        break;
      }
      if (u.startsWith("STRING:")) {
        const len = atoi(t.slice(7));
        if (isEnum) await doEnum("STRING", len);
        else {
          const val = await value("do_string");
          v.type = "STRING";
          v.maxLength = len;
          text += `Type: STRING\nMaximum length: ${len}\nValue: ${val}\n`;
        }
        done = true;
        break;
      }
      if (u === "NUMBER") {
        if (isEnum) await doEnum("NUMBER", 0);
        else {
          const val = await value("do_number");
          v.type = "NUMBER";
          text += `Type: NUMBER\nValue: ${val}\n`;
        }
        done = true;
        break;
      }
      if (u === "RW") continue;
      (v.unrecognized ??= []).push(t);
      text += `Type: ${t} (unrecognized)\n`;
    }
    if (!done && isEnum) await doEnum(null, 0);
  }
  v.text = text + "\n";
  return v;
}

/** NUT's text block of a described variable. */
export function printRw(v: RwVar): string {
  return v.text;
}
