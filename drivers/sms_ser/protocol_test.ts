/**
 * sms_ser's frames and parsers against values worked out by hand from NUT
 * master's sms_ser.c: the check byte ((sum of five bytes) * 255 mod 256),
 * integer tenths, NUL bytes skipped in texts, atoi into uint8_t, the
 * charger and status precedence, and strtol (NUT passed the boot delay as
 * its base; ours parses delays in base 10).
 */
import { assertEquals } from "../../tests/assert.ts";
import {
  chargerStatus,
  emptyIdentity,
  measurements,
  parseFeatures,
  parseInformation,
  parseStatus,
  smsFrame,
  statusWord,
  strtolBase,
} from "./protocol.ts";

const bytes = (s: string) =>
  Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

Deno.test({
  name: "sms_ser: request frames",
  permissions: "none",
  fn: () => {
    assertEquals([...smsFrame("Q")], [0x51, 255, 255, 255, 255, 0xb3, 13]);
    assertEquals([...smsFrame("F")].slice(5), [0xbe, 13]);
    assertEquals([...smsFrame("I")].slice(5), [0xbb, 13]);
    assertEquals([...smsFrame("T", 10)], [0x54, 10, 255, 255, 255, 0xa5, 13]);
    assertEquals([...smsFrame("S", 64)], [0x53, 64, 255, 255, 255, 0x70, 13]);
    assertEquals([...smsFrame("S", 300)].slice(1, 2), [44]); // delay % 256
  },
});

Deno.test({
  name: "sms_ser: Q, I and F answers",
  permissions: "none",
  fn: () => {
    const q = Uint8Array.from([
      0x3d,
      0,
      0,
      0x08,
      0x9d,
      0x04,
      0xae,
      0x01,
      0x63,
      0x02,
      0x59,
      0x03,
      0x69,
      0x01,
      0x83,
      0x89,
      0,
      13,
    ]);
    const s = parseStatus(q)!;
    // 2205/10 = 220, 1198 -> 119, 355 -> 35, 601 -> 60, 873 -> 87, 387 -> 38
    assertEquals(
      [s.input, s.output, s.load, s.hz, s.charge, s.temperature],
      [220, 119, 35, 60, 87, 38],
    );
    assertEquals([s.beep, s.ok, s.onBattery, s.low], [true, true, true, false]);
    assertEquals(statusWord(s), "OB");
    assertEquals(chargerStatus(s), "discharging");
    assertEquals(parseStatus(Uint8Array.from([0x3b, ...q.slice(1)])), null);
    assertEquals(parseStatus(q.slice(0, 17)), null);
    const id = emptyIdentity();
    parseFeatures(bytes(";115/220005024600\r"), id);
    parseInformation(bytes(";NET4+\x001200VA2.1\x00\r"), id);
    assertEquals(id, {
      model: "NET4+1200VA",
      version: "2.1",
      voltageRange: "115/220",
      currentRange: "005",
      batteryVolts: 24,
      frequency: 60,
    });
    assertEquals(parseFeatures(bytes("=115/220005024600\r"), id), false);
    const m = Object.fromEntries(measurements(id, s));
    assertEquals(m["battery.voltage"], "20.88"); // float 24 * 87 / 100
    assertEquals(m["battery.packs"], "2");
    assertEquals(m["input.voltage"], "220.00");
    // "300" into uint8_t: 44
    parseFeatures(bytes(";115/220005300600\r"), id);
    assertEquals(id.batteryVolts, 44);
  },
});

Deno.test({
  name: "sms_ser: status precedence and charger status",
  permissions: "none",
  fn: () => {
    const base = parseStatus(
      Uint8Array.from([0x3d, ...new Array(14).fill(0), 0x08, 0, 13]),
    )!;
    const with_ = (o: Partial<typeof base>) => ({ ...base, ...o });
    assertEquals(
      statusWord(with_({ bypass: true, onBattery: true })),
      "BYPASS",
    );
    assertEquals(statusWord(with_({ low: true, ok: false })), "LB");
    assertEquals(statusWord(with_({ ok: false, boost: true })), "RB");
    assertEquals(statusWord(with_({ boost: true })), "BOOST");
    assertEquals(statusWord(base), "OL");
    assertEquals(chargerStatus(with_({ charge: 100 })), "resting");
    assertEquals(chargerStatus(with_({ charge: 99 })), "charging");
    assertEquals(
      chargerStatus(with_({ charge: 100, onBattery: true })),
      "floating",
    );
    assertEquals(chargerStatus(with_({ charge: 356 })), "resting"); // uint8_t: 100
  },
});

Deno.test({
  name: "sms_ser: strtol with a given base (NUT's bug used the boot delay)",
  permissions: "none",
  fn: () => {
    assertEquals(strtolBase("30", 64), 0); // no such base
    assertEquals(strtolBase("30", 10), 30);
    assertEquals(strtolBase("30", 16), 48);
    assertEquals(strtolBase("0x1f", 0), 31);
    assertEquals(strtolBase("017", 0), 15);
    assertEquals(strtolBase(" -12z", 10), -12);
  },
});
