/**
 * The descriptor walk and the value formats, against hand-written token
 * streams and hand-computed values (NUT's rules: paths in upper-case hex,
 * 2-byte default size, options after a usage, collections re-reading one
 * block; `%.6f` with glibc's round-half-even; enums read as signed).
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { matchTemplate, parseDescriptor } from "./descriptor.ts";
import { VALUE_ROWS } from "./table.ts";
import { encodeValue, fixedText, formatValue } from "./values.ts";

const blob = (tokens: number[]) =>
  Uint8Array.from([
    ...new Array(12).fill(0),
    ...tokens,
    ...new Array(64).fill(0),
  ]);

Deno.test({
  name: "descriptor: paths, sizes, options, skips, collections",
  permissions: "none",
  fn: () => {
    const tokens = [
      0xf8,
      0x02, // 2:
      0x0b,
      0xfc,
      0x01, // 2:B, 1 byte
      0xfe,
      0x04, // 2:4.
      0xf7, // no-op
      0x0a,
      0xfc,
      0x04, // 2:4.A, 4 bytes
      0xf5,
      0x45, // 2:4.45 skipped
      0x0d,
      0xfa,
      1,
      2,
      3,
      4, // min/max skipped over
      0x0e,
      0xfb,
      9,
      9, // one option
      0x0f,
      0xf9,
      9,
      9, // the other single skip
      0xfd,
      0x3d,
      0x02,
      0xb6,
      0xff, // 2:4.3D[0].B6, 2:4.3D[1].B6
      0xf4,
      0x20,
      0xf6, // nested block, same path: 2:4.20
      0xff, // end 2:4.
      0xff, // end 2:
      0xf8,
      0x03,
      0x4a,
      0xfc,
      0x10,
      0xff, // 3:4A, 16 bytes
      0xff,
    ];
    const u = parseDescriptor(blob(tokens), 12, 100);
    assertEquals(u?.map((x) => [x.path, x.offset, x.size, x.skipped]), [
      ["2:B", 100, 1, false],
      ["2:4.A", 101, 4, false],
      ["2:4.45", 105, 2, true],
      ["2:4.D", 107, 2, false],
      ["2:4.E", 109, 2, false],
      ["2:4.F", 111, 2, false],
      ["2:4.3D[0].B6", 113, 2, false],
      ["2:4.3D[1].B6", 115, 2, false],
      ["2:4.20", 117, 2, false],
      ["3:4A", 119, 16, false],
    ]);
  },
});

Deno.test({
  name: "descriptor: malformed streams are refused",
  permissions: "none",
  fn: () => {
    // a zero token (the blob's padding) without the closing 0xFF
    assertEquals(parseDescriptor(blob([0xf8, 0x02, 0x0b]), 12, 80), null);
    // a reserved token, an option where a usage belongs, an empty collection
    for (const bad of [[0xe0], [0xfc, 2], [0xfd, 0x3d, 0, 0xff]]) {
      assertEquals(parseDescriptor(blob([...bad, 0xff]), 12, 80), null);
    }
    // a size option cut by the end of the blob
    const cut = Uint8Array.from([...new Array(12).fill(0), 0x0b, 0xfc]);
    assertEquals(parseDescriptor(cut, 12, 0), null);
  },
});

Deno.test({
  name: "descriptor: templates",
  permissions: "none",
  fn: () => {
    assertEquals(matchTemplate("2:4.3D[#].B6", "2:4.3D[12].B6"), 12);
    assertEquals(matchTemplate("2:4.3D[#].B6", "2:4.3D[].B6"), undefined);
    assertEquals(matchTemplate("2:4.A", "2:4.A"), 0);
    assertEquals(matchTemplate("2:4.A", "2:4.AB"), undefined);
  },
});

const row = (name: string) => VALUE_ROWS.find((r) => r.name === name)!;
const b = (...x: number[]) => Uint8Array.from(x);

Deno.test({
  name: "values: NUT's text for each encoding",
  permissions: "none",
  fn: () => {
    // printf("%.6f") rounds exact ties to even: 0.0078125 -> 0.007812
    assertEquals(fixedText(1n, 7), "0.007812");
    assertEquals(fixedText(3n, 7), "0.023438"); // 0.0234375 -> even 8
    assertEquals(fixedText(-320n, 7), "-2.5");
    assertEquals(fixedText(51200n, 9), "100");
    assertEquals(formatValue(row("battery.voltage"), b(0xff, 0xe0)), "-1");
    assertEquals(formatValue(row("input.voltage"), b(0x39, 0x9a)), "230.40625");
    assertEquals(formatValue(row("ups.productid"), b(0x05, 0x1d)), "051d");
    assertEquals(formatValue(row("battery.date"), b(0x21, 0x68)), "2023-06-01");
    // a day count no calendar holds publishes nothing (and does not throw)
    assertEquals(
      formatValue(row("battery.date"), b(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)),
      undefined,
    );
    // strings: NULs dropped, trailing blanks cut; empty publishes nothing
    assertEquals(formatValue(row("ups.id"), b(0x41, 0, 0x42, 0x20)), "AB");
    assertEquals(formatValue(row("ups.id"), b(0, 0)), undefined);
    // bit maps: names joined, the 0 name, else raw hex
    assertEquals(
      formatValue(row("input.quality"), b(0x80, 0x01)),
      "Acceptable PoweringLoad",
    );
    assertEquals(formatValue(row("ups.test.result"), b(0, 0)), "None");
    // an unnamed bit: the 0 name when the map has one, else the raw hex
    assertEquals(formatValue(row("ups.test.result"), b(0, 0x40)), "None");
    assertEquals(
      formatValue(row("outlet.group.0.status"), b(0, 0x20)),
      "0x0020",
    );
    // enums: signed, named, else the number
    assertEquals(
      formatValue(row("input.transfer.reason"), b(8)),
      "AcceptableInput",
    );
    assertEquals(
      formatValue(row("outlet.group.0.delay.start"), b(0xff, 0xff)),
      "Disabled",
    );
    assertEquals(
      formatValue(row("outlet.group.#.timer.shutdown"), b(0, 45)),
      "45",
    );
    assertEquals(
      formatValue(row("ups.display.language"), b(0x80, 0)),
      "-32768",
    );
    // fixed point with names: a special value, else the number
    assertEquals(
      formatValue(row("ups.efficiency"), b(0xff, 0xfc)),
      "OnBattery",
    );
    assertEquals(formatValue(row("ups.efficiency"), b(0x2f, 0xc0)), "95.5");
  },
});

Deno.test({
  name: "values: SET encodings and refusals",
  permissions: "none",
  fn: () => {
    const enc = (name: string, text: string, size: number) => {
      const r = encodeValue(row(name), text, size);
      return r && [...r];
    };
    assertEquals(enc("ups.id", "rack-b", 8), [114, 97, 99, 107, 45, 98, 0, 0]);
    assertEquals(enc("battery.date", "2024-03-15", 2), [0x22, 0x88]);
    assertEquals(enc("input.transfer.high", "260", 2), [1, 4]);
    assertEquals(enc("input.transfer.high", "26.5", 2), null);
    assertEquals(enc("input.transfer.high", "70000", 2), null);
    assertEquals(enc("outlet.group.#.delay.shutdown", "disabled", 2), [
      0xff,
      0xff,
    ]);
    assertEquals(enc("outlet.group.#.delay.shutdown", "0x10", 2), [0, 16]);
    assertEquals(enc("ups.display.language", "de", 2), [0, 8]);
    assertEquals(enc("ups.display.language", "-1", 2), null);
    assertEquals(enc("ups.test.interval", "klingon", 2), null);
    assert(enc("battery.date", "1999-12-31", 2) === null);
  },
});

Deno.test({
  name: "descriptor and values: arbitrary bytes never throw",
  permissions: "none",
  fn: () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: 12 + (i % 200) }, rnd);
      const u = parseDescriptor(bytes, 12, 12);
      for (const x of u ?? []) assert(x.size >= 0 && x.offset >= 12);
      for (const r of VALUE_ROWS) {
        formatValue(r, bytes.subarray(0, 1 + (i % 9)));
      }
    }
    // the deepest nesting a full blob allows (every token opens a block):
    // refused instead of overflowing the stack; a few hundred levels pass
    const deep = Uint8Array.from(
      { length: 256 * 32 },
      (_, i) => i < 12 ? 0 : 0xf4,
    );
    assertEquals(parseDescriptor(deep, 12, 0), null);
    assertEquals(parseDescriptor(deep.subarray(0, 400), 12, 0), []);
  },
});
