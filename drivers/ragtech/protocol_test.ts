/**
 * ragtech's frames, model table and conversions against values worked out
 * by hand from NUT master's ragtech.c.
 */
import { assertEquals } from "../../tests/assert.ts";
import {
  FALLBACK_MODEL,
  frame,
  frequency,
  RAGTECH_MODELS,
  ratings,
  reading,
} from "./protocol.ts";

const main = (set: Record<number, number>) => {
  const r = new Uint8Array(30);
  for (const [a, v] of Object.entries(set)) r[Number(a) - 0x80] = v;
  return r;
};

Deno.test({
  name: "ragtech: frames and the model table",
  permissions: "none",
  fn: () => {
    assertEquals([...frame(4, 0x80, 30)], [0xaa, 4, 0, 0x80, 30, 0x9e]);
    assertEquals([...frame(2, 0x80, ~1)], [0xaa, 2, 0, 0x80, 0xfe, 0x7e]);
    assertEquals([...frame(4, 0x202, 2)], [0xaa, 4, 2, 2, 2, 6]);
    assertEquals(RAGTECH_MODELS.length, 20);
    assertEquals(RAGTECH_MODELS[9], {
      name: "Easy 1300 M2",
      va: 1300,
      imult: 5.11,
      vmult: 1.03,
      bmult: 0.134,
      vout: 220,
      pf: 0.7,
    });
    assertEquals(RAGTECH_MODELS[7]!.bmult, 0.067);
    assertEquals(RAGTECH_MODELS[18]!.imult, 17.52);
  },
});

Deno.test({
  name: "ragtech: ratings, measurements, status and alarms",
  permissions: "none",
  fn: () => {
    const m2 = RAGTECH_MODELS[3]!; // Easy 700 M2
    const r = main({ 0x8b: 208, 0x9b: 15, 0x9d: 213, 0x8c: 12, 0x87: 128 });
    assertEquals(ratings(r, m2, 700), [
      ["ups.model", "Easy 700 M2"],
      ["ups.power.nominal", "700"],
      ["ups.realpower.nominal", "490"],
      ["input.voltage.nominal", "220"], // 208 * 1.06 > 150
      ["output.voltage.nominal", "220"],
      ["battery.voltage.nominal", "12"],
      ["ups.firmware", "1.5"],
    ]);
    assertEquals(ratings(r, FALLBACK_MODEL, 0).map(([n]) => n).slice(0, 2), [
      "ups.model",
      "input.voltage.nominal",
    ]);
    const cal = { iout: 16, osc53: 0, osc57: 0 };
    const x = reading(r, m2, 700, cal);
    const v = Object.fromEntries(x.vars);
    assertEquals(v["battery.charge"], "50.2"); // 128 / 2.55
    assertEquals(v["output.voltage"], "219.4"); // 213 * 1.03
    assertEquals(v["output.current"], "1.72"); // 12 * 2.3 is 27.599999… in doubles: / 16 → 1.7249…
    assertEquals(v["output.frequency"], "0.00"); // no oscillator calibration
    assertEquals(v["ups.load"], "54.1"); // 219.39 * 1.725 / 700 * 100
    assertEquals(x.status, ["OL"]);
    assertEquals(x.alarms, null);
    const bad = reading(main({ 0x90: 0x47, 0x91: 0xcb }), m2, 0, cal);
    assertEquals(bad.status, ["OB", "LB", "OVER", "CAL", "RB"]);
    assertEquals(bad.alarms, [
      "Overtemperature",
      "Inverter fault",
      "Short circuit",
    ]);
    assertEquals(Object.fromEntries(bad.vars)["ups.load"], "0.0");
    assertEquals(
      frequency(100, { iout: 16, osc53: 100, osc57: 140 }).toFixed(4),
      "53.4318", // 53 * 0.9806 + 1.46
    );
  },
});
