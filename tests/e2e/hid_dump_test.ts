/**
 * hid-dump against NUT's own debug logs: for the four corpus devices whose
 * log carries raw reports (276 rows), every field's path, type, report ID,
 * offset, size and value come out as usbhid-ups logged them. The names come
 * from the subdriver that claims the device (found from the corpus file
 * name `vvvv-pppp-...`), or EXPLORE where the log was taken with
 * `-x explore` (the two APC logs say so in their command line).
 */
import { corpusPath } from "../corpus.ts";
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { fakeIo } from "../fake_io.ts";
import { main } from "../../cli/hid_dump.ts";

const BASE = corpusPath("hid/");

const DEVICES: Array<[string, string[], string]> = [
  ["0463-ffff-eaton-3s-700", [], "MGE HID"],
  ["051d-0002-apc-back-ups-500", ["--explore"], "EXPLORE HID"],
  ["051d-0002-apc-back-ups-bk650m2-ch", ["--explore"], "EXPLORE HID"],
  ["0764-0501-cyberpower-cp1500avrlcda", [], "CyberPower HID"],
];

async function dump(args: string[]) {
  const io = fakeIo();
  const code = await main(args, io);
  assertEquals(code, 0, io.stderr);
  return { out: io.stdout, err: io.stderr };
}

Deno.test("hid-dump: all 276 NUT-logged fields and values of 4 devices", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "hid-dump-" });
  let rows = 0;
  try {
    for (const [dev, flags, subdriver] of DEVICES) {
      const desc = `${BASE}descriptors/${dev}.hex`;
      const logged = Deno.readTextFileSync(`${BASE}nut-debug-values/${dev}.tsv`)
        .split("\n")
        .filter((l) => l && !l.startsWith("#") && !l.startsWith("path\t"))
        .map((l) => l.split("\t"));
      // NUT logged each value with the report as read just before it
      const byReport = new Map<string, string[][]>();
      for (const r of logged) {
        const raw = r[6]!;
        assert(raw !== "", `${dev}: ${r[0]} has no raw report`);
        byReport.set(raw, [...(byReport.get(raw) ?? []), r]);
      }
      for (const [raw, group] of byReport) {
        const file = `${tmp}/reports`;
        await Deno.writeTextFile(file, `Feature\t${raw}\n`);
        const { out, err } = await dump([desc, ...flags, "--reports", file]);
        assertStringIncludes(err, subdriver);
        const lines = new Set(out.split("\n"));
        for (const [path, type, id, off, size, value] of group) {
          const want = [path, type, id, off, size, value].join("\t");
          assert(
            lines.has(want),
            `${dev}: NUT logged\n${want}\nhid-dump:\n${
              out.split("\n").filter((l) => l.startsWith(`${path}\t${type}\t`))
                .join("\n")
            }`,
          );
          rows++;
        }
      }
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
  assertEquals(rows, 276);
});

Deno.test("hid-dump: --usb picks the claiming subdriver; without a device, standard names", async () => {
  const copy = await Deno.makeTempFile({ suffix: ".hex" });
  try {
    await Deno.copyFile(`${BASE}descriptors/0463-ffff-eaton-3s-700.hex`, copy);
    const path = "UPS.BatterySystem.Charger.PresentStatus.";
    const plain = await dump([copy]);
    assertStringIncludes(plain.out, `${path}ffff0074\tFeature`);
    const claimed = await dump([copy, "--usb", "0463:ffff"]);
    assertStringIncludes(claimed.err, "MGE HID");
    assertStringIncludes(claimed.out, `${path}VoltageTooHigh\tFeature`);
    const named = await dump([copy, "--subdriver", "mge"]);
    assertEquals(named.out, claimed.out);
  } finally {
    await Deno.remove(copy);
  }
});
