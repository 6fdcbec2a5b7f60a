import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { fieldValue } from "./decode.ts";
import { HidParseError, parseReportDescriptor } from "./parser.ts";
import { pathToString, stringToPath } from "./path.ts";
import { parseHex } from "./hex.ts";
import { STANDARD_NAMES } from "./usages.ts";

// UPS > PowerSummary: report 0x0c RemainingCapacity (8 bits), report 0x15
// DelayBeforeShutdown 16 bits LogMin -1; report 0x0d LogMax 25 ff quirk
const DESC = parseHex(
  "05 84 09 04 a1 01 09 24 a1 00 85 0c 05 85 09 66 75 08 95 01 15 00 25 64 b1 02" +
    " 85 15 05 84 09 57 75 10 16 ff ff 26 ff 7f b1 02" +
    " 85 0d 09 30 75 08 15 00 25 ff 67 21 d1 f0 00 55 05 b1 02 c0" +
    " 09 1e a1 84 85 0e 09 40 75 08 15 00 26 ff 00 b1 02 c0 c0",
);

Deno.test("paths, report IDs, offsets and NUT's decoding quirks", {
  permissions: "none",
}, () => {
  const d = parseReportDescriptor(DESC);
  const names = d.fields.map((f) => pathToString(f.path, STANDARD_NAMES));
  assertEquals(names, [
    "UPS.PowerSummary.RemainingCapacity",
    "UPS.PowerSummary.DelayBeforeShutdown",
    "UPS.PowerSummary.Voltage",
    "UPS.Flow.[4].ConfigVoltage",
  ]);
  const [cap, delay, volt] = d.fields;
  assertEquals(fieldValue(parseHex("0c 5c"), cap!), 92);
  assertEquals(fieldValue(parseHex("15 ff ff"), delay!), -1);
  assert(volt!.assumedLogMax && volt!.logMax === 255);
  // 255 * 10^(5-7) with the volt unit
  assertEquals(Math.round(fieldValue(parseHex("0d ff"), volt!)! * 100), 255);
  assertEquals(
    fieldValue(parseHex("0d"), volt!),
    undefined,
    "short report skipped",
  );
  assertEquals(
    stringToPath("UPS.Flow.[4].ConfigVoltage", STANDARD_NAMES),
    d.fields[3]!.path as number[],
  );
  assertEquals(d.reportLengths.get(0x15), 2);
});

Deno.test("corrupted descriptors are rejected", { permissions: "none" }, () => {
  assertThrows(
    () => parseReportDescriptor(new Uint8Array()),
    HidParseError,
    "empty",
  );
  assertThrows(
    () => parseReportDescriptor(DESC.subarray(0, 20)),
    HidParseError,
    "",
  );
  assertThrows(
    () => parseReportDescriptor(parseHex("81 06 05 84 09 04 a1 01 c0")),
    HidParseError,
    "outside any collection",
  );
  assertThrows(
    () => parseReportDescriptor(parseHex("05 84 09 04 a1 01 c0 c0")),
    HidParseError,
    "without an open collection",
  );
  assertThrows(
    () => parseReportDescriptor(parseHex("05 84 09 04 a1 01 27 ff")),
    HidParseError,
    "truncated",
  );
});
