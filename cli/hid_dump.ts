/**
 * hid-dump: list the fields of a HID report descriptor the way usbhid-ups's
 * debug log names them (`Path: ...` lines), one per line:
 * `path<TAB>type<TAB>report_id<TAB>bit_offset<TAB>bit_size[<TAB>value]`.
 *
 * Usage: `hid-dump DESC.hex [--usb VID:PID] [--explore] [--subdriver NAME]
 * [--reports FILE]`.
 *
 * Vendor usages are named with the usage table of the subdriver that
 * claims the device, as usbhid-ups does: the device is `--usb VID:PID`, or
 * the `vvvv-pppp-` prefix of the descriptor's file name (the corpus's
 * naming); `--explore` claims as `-x explore` does (standard names only);
 * `--subdriver` picks one by name instead. Without a device, standard
 * names only. The claiming subdriver's report-descriptor fix-up applies.
 * FILE holds raw reports as `Type<TAB>hex bytes` (report ID first); the
 * last report seen for each ID decodes the sixth column. The subdriver
 * used is named on stderr.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { parseHex, parseReportLines } from "../src/hid/hex.ts";
import { fieldValue } from "../src/hid/decode.ts";
import type { UsbDeviceInfo } from "../src/hid/device.ts";
import {
  type HidDescriptor,
  HidParseError,
  parseReportDescriptor,
} from "../src/hid/parser.ts";
import { pathToString } from "../src/hid/path.ts";
import { HID_USAGES, UsageNames } from "../src/hid/usages.ts";
import { SUBDRIVERS } from "../drivers/usbhid/list.ts";
import { selectSubdriver } from "../drivers/usbhid/match.ts";
import { type Subdriver, SubdriverMemory } from "../drivers/usbhid/types.ts";
import { runMain } from "./_io.ts";
import { versionNote } from "../src/version.ts";

const USAGE =
  "usage: hid-dump DESC.hex [--usb VID:PID] [--explore] [--subdriver NAME] [--reports FILE]\n       hid-dump -V\n";

/** VID:PID from `--usb`, else from a `vvvv-pppp-` file name prefix. */
function deviceIds(
  usb: string | undefined,
  desc: string,
): [number, number] | undefined | "bad" {
  const text = usb ?? /^([0-9a-f]{4})-([0-9a-f]{4})-/i.exec(
    desc.slice(desc.lastIndexOf("/") + 1),
  )?.slice(1, 3).join(":");
  if (text === undefined) return undefined;
  const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(text);
  if (!m) return "bad";
  return [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16)];
}

/** `%g`-like value text: integers plain, others up to 6 significant digits. */
function show(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** Entry point. */
export async function main(args: string[], io: Io): Promise<number> {
  let desc: string | undefined;
  let reports: string | undefined;
  let sub: string | undefined;
  let usb: string | undefined;
  let explore = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--reports") reports = args[++i];
    else if (a === "--subdriver") sub = args[++i];
    else if (a === "--usb") usb = args[++i];
    else if (a === "--explore") explore = true;
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
  if (
    !desc || (args.includes("--reports") && !reports) ||
    (args.includes("--usb") && !usb) ||
    (args.includes("--subdriver") && sub === undefined)
  ) {
    io.err(USAGE);
    return 2;
  }
  const ids = deviceIds(usb, desc);
  if (ids === "bad") {
    io.err(`hid-dump: --usb wants VID:PID in hex, got ${usb}\n`);
    return 2;
  }
  const info: UsbDeviceInfo | undefined = ids && {
    vendorId: ids[0],
    productId: ids[1],
    bus: "001",
    device: "001",
    busport: "",
  };
  let chosen: Subdriver | undefined;
  if (sub !== undefined) {
    const re = new RegExp(sub.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
    chosen = SUBDRIVERS.find((d) => re.test(d.name));
    if (!chosen) {
      io.err(`hid-dump: no subdriver matches ${sub}\n`);
      return 2;
    }
  } else if (info) {
    // the claim as usbhid-ups runs it (productid given: the user named the device)
    chosen = selectSubdriver(info, new Map(), {
      memory: new SubdriverMemory(),
      productid: true,
      explore,
      tweak: () => {},
      log: () => {},
    });
  }
  const names = new UsageNames(chosen ? chosen.usages : [HID_USAGES]);
  io.err(
    chosen
      ? `hid-dump: usage names of subdriver ${chosen.name}\n`
      : info
      ? "hid-dump: no subdriver claims this device: standard usage names\n"
      : "hid-dump: standard usage names (no device: give --usb VID:PID)\n",
  );
  try {
    let parsed: HidDescriptor = parseReportDescriptor(
      parseHex(await Deno.readTextFile(desc)),
    );
    if (chosen && info) parsed = chosen.fixReportDesc?.(info, parsed) ?? parsed;
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
