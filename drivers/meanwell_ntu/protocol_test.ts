/**
 * meanwell_ntu's parsers on answers written from NUT master's
 * meanwell_ntu.c (its sscanf formats, "%.1f"/"%.2f" of floats, the PPP
 * fallback, the bit names and derived status): expected values worked out
 * by hand from that source.
 */
import { assertEquals } from "../../tests/assert.ts";
import { NTU_BITS, parseI, parseQ } from "./protocol.ts";

const zeroBits = (on: number[]) =>
  NTU_BITS.map((n, i) => [n, on.includes(i) ? "1" : "0"] as [string, string]);
const asMap = (v: Array<[string, string]>) => Object.fromEntries(v);

Deno.test({
  name: "meanwell_ntu: Q on utility, charging (NUT's example record)",
  permissions: "none",
  fn: () => {
    const r = parseQ(
      "(120 025 28.8 100 19.7 118 00.0 000 011 0011000000000000000)",
    )!;
    assertEquals(r.status, ["OL", "CHRG"]);
    assertEquals(asMap(r.vars), {
      "output.voltage": "120.0",
      "battery.voltage": "28.80",
      "battery.charge": "100",
      "ups.temperature": "19.7",
      "ups.load": "11",
      ...asMap(zeroBits([2, 3])),
      "input.voltage": "118",
      "ups.mode": "line-interactive",
    });
  },
});

Deno.test({
  name: "meanwell_ntu: Q on battery, low, bypass and overheat",
  permissions: "none",
  fn: () => {
    const bits = (on: number[]) =>
      "0".repeat(19).split("").map((_, i) => (on.includes(i) ? "1" : "0"))
        .join("");
    const low = parseQ(
      `(120 025 22.3 015 19.7 000 59.9 000 000 ${bits([0, 6])})`,
    )!;
    assertEquals(low.status, ["OB", "LB", "DISCHRG"]);
    const m = asMap(low.vars);
    assertEquals(m["ups.load"], "25"); // PPP 0: the coarse step
    assertEquals(m["output.frequency"], "59.9");
    assertEquals(m["battery.charge"], "15");
    assertEquals(m["input.voltage"], "0");
    assertEquals(m["battery.voltage"], "22.30");
    const by = parseQ(
      `(000 025 28.8 100 19.7 118 00.0 000 011 ${bits([1, 2])}`,
    )!;
    assertEquals(by.status, ["BYPASS", "OL"]);
    // output.voltage set twice: 0.0 then the input voltage
    assertEquals(by.vars.filter(([n]) => n === "output.voltage"), [
      ["output.voltage", "0.0"],
      ["output.voltage", "118"],
    ]);
    assertEquals(asMap(by.vars)["ups.mode"], "bypass");
    const hot = parseQ(
      `(120 025 28.8 100 61.25 118 0 0 5 ${bits([2, 13, 16])}`,
    )!;
    assertEquals(hot.status, ["OL", "OVER"]);
    assertEquals(asMap(hot.vars)["experimental.inverter.fault"], "1");
    assertEquals(asMap(hot.vars)["ups.temperature"], "61.2"); // glibc: tie to even
    // a short flags field sets only the bits it has
    const short = parseQ("(120 0 28.8 100 19.7 118 0 0 7 1")!;
    assertEquals(short.status, ["OB", "DISCHRG"]);
  },
});

Deno.test({
  name: "meanwell_ntu: bad Q answers are refused",
  permissions: "none",
  fn: () => {
    for (
      const bad of [
        "",
        "120 025 28.8 100 19.7 118 00.0 000 011 0011", // no '('
        "(120 025 28.8 100 19.7 118 00.0 000 011", // nine fields
        "(120 025 x8.8 100 19.7 118 00.0 000 011 0011",
        "\x7f#@!)0001 110 000",
      ]
    ) assertEquals(parseQ(bad), null, JSON.stringify(bad));
  },
});

Deno.test({
  name: "meanwell_ntu: I answer, and a partial one",
  permissions: "none",
  fn: () => {
    assertEquals(
      parseI(
        "#00.0 00.0 22.0 20.25 00.0 MEANWELL LOC-0123456789 REV:01.8 NTU-1200-124 1 00/00/0000",
      ),
      [
        ["device.mfr", "MEANWELL"],
        ["ups.mfr", "MEANWELL"],
        ["device.serial", "LOC-0123456789"],
        ["ups.serial", "LOC-0123456789"],
        ["device.firmware", "01.8"],
        ["ups.firmware", "01.8"],
        ["device.model", "NTU-1200-124"],
        ["ups.model", "NTU-1200-124"],
        ["battery.alarm.voltage", "22.0"],
        ["battery.shutdown.voltage", "20.2"],
      ],
    );
    // numbers only, then a firmware without REV: — the model is not reached
    assertEquals(parseI("#1 2 23.46 21 0 ACME SN1 FW9 M1"), [
      ["device.mfr", "ACME"],
      ["ups.mfr", "ACME"],
      ["device.serial", "SN1"],
      ["ups.serial", "SN1"],
      ["battery.alarm.voltage", "23.5"],
      ["battery.shutdown.voltage", "21.0"],
    ]);
    assertEquals(parseI("#1 2 3 4"), []);
    assertEquals(parseI("garbage"), []);
  },
});
