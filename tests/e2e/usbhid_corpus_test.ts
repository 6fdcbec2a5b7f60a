/** Every corpus descriptor parses (the corrupted one is rejected) and every NUT-logged field matches. */
import { corpusPath } from "../corpus.ts";
import { assert, assertEquals } from "../assert.ts";
import { parseReportDescriptor } from "../../src/hid/parser.ts";
import { pathToString } from "../../src/hid/path.ts";
import {
  HID_USAGES,
  UsageNames,
  type UsageTable,
} from "../../src/hid/usages.ts";
import { MGE_USAGES } from "../../drivers/usbhid/mge.ts";
import { parseHex } from "../../src/hid/hex.ts";
import { fieldValue } from "../../src/hid/decode.ts";

const BASE = corpusPath("hid/");

/** Eaton names newer NUT (which wrote the debug logs) knows and 2.8.0 lacks. */
const NEWER_MGE_NAMES: UsageTable = [
  ["USB", 0xffff0005],
  ["System", 0xffff00e5],
  ["Status", 0xffff00e9],
];
Deno.test({
  name: "all corpus descriptors parse, the corrupted read is rejected",
  fn() {
    let ok = 0;
    for (const e of Deno.readDirSync(BASE + "descriptors")) {
      const bytes = parseHex(
        Deno.readTextFileSync(BASE + "descriptors/" + e.name),
      );
      let err: Error | undefined;
      try {
        parseReportDescriptor(bytes);
        ok++;
      } catch (x) {
        err = x as Error;
      }
      assertEquals(err !== undefined, e.name.includes("CORRUPTED"), e.name);
    }
    assertEquals(ok, 30);
  },
});

Deno.test({
  name: "NUT debug values: layout and decoded value of every field",
  fn() {
    const pairs: Array<[string, string]> = [
      ["051d-0002-apc-back-ups-500", "051d-0002-apc-back-ups-500"],
      [
        "051d-0002-apc-back-ups-bk650m2-ch",
        "051d-0002-apc-back-ups-bk650m2-ch",
      ],
      ["0463-ffff-eaton-3s-700", "0463-ffff-eaton-3s-700"],
      [
        "0764-0501-cyberpower-cp1500avrlcda",
        "0764-0501-cyberpower-cp1500avrlcda",
      ],
      ["06da-ffff-powerwalker-vi-2200-sh", "06da-ffff-powerwalker-vi-1200-shl"],
      [
        "06da-ffff-ippon-smart-power-pro-ii-1200",
        "06da-ffff-powerwalker-vi-1200-shl",
      ],
    ];
    let rows = 0, decoded = 0;
    for (const [tsv, hex] of pairs) {
      const names = new UsageNames(
        tsv.startsWith("0463")
          ? [NEWER_MGE_NAMES, MGE_USAGES, HID_USAGES]
          : [HID_USAGES],
      );
      const d = parseReportDescriptor(
        parseHex(Deno.readTextFileSync(`${BASE}descriptors/${hex}.hex`)),
      );
      const byKey = new Map(
        d.fields.map((f) => [`${pathToString(f.path, names)}|${f.type}`, f]),
      );
      for (
        const line of Deno.readTextFileSync(
          `${BASE}nut-debug-values/${tsv}.tsv`,
        ).split("\n")
      ) {
        if (!line || line.startsWith("#") || line.startsWith("path\t")) {
          continue;
        }
        const [p, t, id, off, size, val, raw] = line.split("\t");
        const f = byKey.get(`${p}|${t}`);
        assert(f, `${tsv}: ${p} ${t} missing`);
        assertEquals([f.reportId, f.offset, f.size], [
          Number.parseInt(id!, 16),
          Number(off),
          Number(size),
        ], `${tsv}: ${p}`);
        rows++;
        if (raw) {
          const v = fieldValue(parseHex(raw), f);
          assert(
            v !== undefined &&
              Math.abs(v - Number(val)) < 1e-9 * Math.max(1, Math.abs(v)),
            `${tsv}: ${p} = ${v}, NUT ${val}`,
          );
          decoded++;
        }
      }
    }
    assertEquals([rows, decoded], [382, 276]);
  },
});
