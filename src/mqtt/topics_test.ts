import { assert, assertEquals } from "../../tests/assert.ts";
import {
  binaryConfig,
  buttonConfig,
  deviceOf,
  discoveryTopic,
  objectId,
  prefixOf,
  sensorConfig,
  topicLevel,
  Topics,
  unitOf,
} from "./topics.ts";

const opts = { permissions: "none" } as const;

Deno.test(
  "topic names: prefix from the URL path, wildcards kept out",
  opts,
  () => {
    assertEquals(prefixOf(new URL("mqtt://h:1883")), "nut");
    assertEquals(prefixOf(new URL("mqtt://h/home/nut/")), "home/nut");
    assertEquals(topicLevel("a+b#c/d"), "a_b_c_d");
    assertEquals(objectId("ups-1", "battery.charge"), "ups-1_battery_charge");
    const t = new Topics("nut");
    assertEquals(
      t.variable("ups1", "battery.charge"),
      "nut/ups1/var/battery.charge",
    );
    assertEquals(t.parseCommand("nut/ups1/cmd/load.off"), {
      ups: "ups1",
      cmd: "load.off",
    });
    assertEquals(t.parseCommand("nut/ups1/var/load.off"), undefined);
    assertEquals(t.parseCommand("other/ups1/cmd/x"), undefined);
    assertEquals(
      discoveryTopic("sensor", "ups1", "input.voltage"),
      "homeassistant/sensor/ups1_input_voltage/config",
    );
  },
);

Deno.test("units and device classes follow NUT's variable names", opts, () => {
  assertEquals(unitOf("input.voltage"), { unit: "V", deviceClass: "voltage" });
  assertEquals(unitOf("battery.charge"), { unit: "%", deviceClass: "battery" });
  assertEquals(unitOf("ups.load"), { unit: "%" });
  assertEquals(unitOf("battery.runtime"), {
    unit: "s",
    deviceClass: "duration",
  });
  assertEquals(unitOf("ups.realpower.nominal"), {
    unit: "W",
    deviceClass: "power",
  });
  assertEquals(unitOf("ups.power"), {
    unit: "VA",
    deviceClass: "apparent_power",
  });
  assertEquals(unitOf("ups.mfr"), undefined);
});

Deno.test("discovery payloads: sensor, binary sensor, button", opts, () => {
  const t = new Topics("nut");
  const dev = deviceOf(
    "ups1",
    "rack",
    new Map([["device.mfr", "Acme"], ["ups.serial", "S1"]]),
  );
  assertEquals(dev, {
    name: "ups1",
    desc: "rack",
    mfr: "Acme",
    model: undefined,
    serial: "S1",
  });
  const s = sensorConfig(t, dev, "input.voltage", "230.5");
  assertEquals(s.unit_of_measurement, "V");
  assertEquals(s.state_class, "measurement");
  assertEquals(s.device, {
    identifiers: ["nut_ups1"],
    name: "ups1 (rack)",
    manufacturer: "Acme",
    serial_number: "S1",
  });
  // a text value gets no unit (HA would refuse a non-numeric measurement)
  const text = sensorConfig(t, dev, "input.voltage", "n/a");
  assert(!("unit_of_measurement" in text) && !("state_class" in text));
  const b = binaryConfig(t, dev, {
    flag: "LB",
    name: "Low battery",
    deviceClass: "battery",
  });
  assertEquals(b.state_topic, "nut/ups1/var/ups.status");
  assertEquals(b.device_class, "battery");
  const k = buttonConfig(t, dev, "load.off");
  assertEquals([k.command_topic, k.payload_press], [
    "nut/ups1/cmd/load.off",
    "PRESS",
  ]);
  assertEquals(k.availability_mode, "all");
});
