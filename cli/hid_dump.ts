/**
 * hid-dump: list the fields of a HID report descriptor the way NUT's debug
 * log names them, one per line:
 * `path<TAB>type<TAB>report_id<TAB>bit_offset<TAB>bit_size[<TAB>value]`.
 *
 * Usage: `hid-dump DESC.hex [--reports FILE] [--subdriver NAME]`. FILE holds
 * raw reports as `Type<TAB>hex bytes` (report ID first); the last report
 * seen for each ID decodes the sixth column. `--subdriver` adds that
 * vendor's usage names (e.g. `MGE`), as usbhid-ups would print them.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { parseHex, parseReportLines } from "../src/hid/hex.ts";
import { fieldValue } from "../src/hid/decode.ts";
import { HidParseError, parseReportDescriptor } from "../src/hid/parser.ts";
import { pathToString } from "../src/hid/path.ts";
import { HID_USAGES, UsageNames } from "../src/hid/usages.ts";
import { SUBDRIVERS } from "../drivers/usbhid/list.ts";
import { runMain } from "./_io.ts";
import { versionNote } from "../src/version.ts";

const USAGE =
  "usage: hid-dump DESC.hex [--reports FILE] [--subdriver NAME]\n       hid-dump -V\n";

/** `%g`-like value text: integers plain, others up to 6 significant digits. */
function show(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** Entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  let desc: string | undefined;
  let reports: string | undefined;
  let sub: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--reports") reports = args[++i];
    else if (a === "--subdriver") sub = args[++i];
    else if (a === "-V" || a === "--version") {
      io.out(versionNote()); // our own tool: no NUT line to keep
      return 0;
    } else if (a === "-h" || a === "--help") {
      io.out(USAGE);
      return 0;
    } else if (!desc && !a.startsWith("-")) desc = a;
    else {
      io.err(USAGE);
      return 2;
    }
  }
  if (!desc || (args.includes("--reports") && !reports)) {
    io.err(USAGE);
    return 2;
  }
  let names = new UsageNames([HID_USAGES]);
  if (sub !== undefined) {
    const re = new RegExp(sub.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    const s = SUBDRIVERS.find((d) => re.test(d.name));
    if (!s) {
      io.err(`hid-dump: no subdriver matches ${sub}\n`);
      return 2;
    }
    names = new UsageNames(s.usages);
  }
  try {
    const parsed = parseReportDescriptor(
      parseHex(await Deno.readTextFile(desc)),
    );
    const last = new Map<number, Uint8Array>();
    if (reports) {
      for (const r of parseReportLines(await Deno.readTextFile(reports))) {
        last.set(r.bytes[0]!, r.bytes);
      }
    }
    const lines: string[] = [];
    for (const f of parsed.fields) {
      const cols = [
        pathToString(f.path, names),
        f.type,
        `0x${f.reportId.toString(16).padStart(2, "0")}`,
        String(f.offset),
        String(f.size),
      ];
      const raw = last.get(f.reportId);
      if (raw) {
        const v = fieldValue(raw, f);
        cols.push(v === undefined ? "" : show(v));
      }
      lines.push(cols.join("\t"));
    }
    io.out(lines.join("\n") + "\n");
    return 0;
  } catch (e) {
    const what = e instanceof HidParseError
      ? "corrupted report descriptor"
      : "error";
    io.err(`hid-dump: ${what}: ${(e as Error).message}\n`);
    return 1;
  }
}

if (import.meta.main) runMain(main);
