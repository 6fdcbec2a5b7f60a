import { assertEquals } from "../../tests/assert.ts";
import {
  parseFru,
  parseRaw,
  parseSdr,
  parseSensors,
  psuSensorIds,
} from "./records.ts";
import { parsePort } from "./driver.ts";

// ipmi-fru -e 2 (FreeIPMI 1.6) against tests/sim/ipmi_psu.ts, recorded
const FRU = `FRU Inventory Device: PSU1 (ID 02h)

  FRU Board Manufacturing Date/Time: 03/18/11 - 13:20:00
  FRU Board Manufacturer: DELTA
  FRU Board Product Name: DPS-500AB
  FRU Board Serial Number: PSU0001234
  FRU Board Part Number: 0RN442

  FRU Power Supply Overall Capacity: 500 Watts
  FRU Power Supply Low End Input Voltage 1: 90000 mV
  FRU Power Supply High End Input Voltage 1: 264000 mV
  FRU Power Supply Low End Acceptable Frequency: 47 Hz
  FRU Power Supply High End Acceptable Frequency: 63 Hz
  FRU Power Supply Voltage 1: 3.3V
`;

Deno.test({
  name: "ipmipsu: FRU text to NUT's fields (mV to V, 3.3 V stored as 3)",
  permissions: "none",
  fn() {
    const i = parseFru(FRU);
    assertEquals(
      [i.manufacturer, i.product, i.serial, i.part, i.date],
      ["DELTA", "DPS-500AB", "PSU0001234", "0RN442", "03/18/11 - 13:20:00"],
    );
    assertEquals(
      [i.capacity, i.minVoltage, i.maxVoltage, i.minFreq, i.maxFreq, i.voltage],
      [500, 90, 264, 47, 63, 3],
    );
    const bare = parseFru(
      "  FRU Board Manufacturing Date/Time: 01/01/96 - 00:00:00\n",
    );
    assertEquals([bare.manufacturer, bare.product, bare.serial], [
      "Generic IPMI manufacturer",
      "Generic PSU",
      undefined,
    ]);
    assertEquals(parseFru("").capacity, -1);
  },
});

Deno.test({
  name: "ipmipsu: SDR walk picks the FRU entity's sensors, or none",
  permissions: "none",
  fn() {
    const r = parseRaw(
      "rcvd: 23 00 02 00 01 00 51 11 0F 20 02 80 00 00 10 00 0A 01 00 C4\n",
    )!;
    assertEquals([r.cmd, r.ccode, r.data[0]], [0x23, 0, 2]);
    const fru = parseSdr(r.data.slice(2))!;
    assertEquals(fru, {
      id: 1,
      type: 0x11,
      logical: true,
      fruId: 2,
      entity: 10,
      instance: 1,
    });
    const sensor = (id: number, type: number, entity: number) =>
      parseSdr([id, 0, 0x51, type, 40, 0x20, 0, 0x30, entity, 1])!;
    const recs = [fru, sensor(2, 1, 7), sensor(3, 2, 10), sensor(5, 1, 10)];
    assertEquals(psuSensorIds(recs, 2), [3, 5]);
    assertEquals(psuSensorIds(recs, 3), []);
    assertEquals(parseRaw("ipmi-raw: connection timeout"), undefined);
  },
});

Deno.test({
  name: "ipmipsu: sensor lines to values and status, in NUT's order",
  permissions: "none",
  fn() {
    // ipmi-sensors --comma-separated-output --no-header-output, recorded
    const ok = `3,Presence,Entity Presence,N/A,N/A,'Entity Present'
4,Status,Power Supply,N/A,N/A,'Presence detected'
5,Current,Current,0.20,A,'OK'
6,Voltage,Voltage,236.00,V,'OK'
7,Temp,Temperature,38.00,C,'OK'
`;
    assertEquals(parseSensors(ok), {
      vars: [
        ["input.current", "0.20"],
        ["input.voltage", "236.00"],
        ["ambient.temperature", "38.00"],
      ],
      status: "OL",
      ok: true,
    });
    const lost = ok.replace(
      "'Presence detected'",
      "'Presence detected' 'Power Supply input lost (AC/DC)'",
    );
    // Presence is read first, so input lost wins: OFF, data still good
    assertEquals(parseSensors(lost).status, "OFF");
    assertEquals(parseSensors(lost).ok, true);
    // in the other order NUT's later "Entity Present" overrides it
    const swapped = lost.split("\n");
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    assertEquals(parseSensors(swapped.join("\n")).status, "OL");
    const absent = ok.replace("'Entity Present'", "'Entity Absent'");
    assertEquals(parseSensors(absent).status, "OFF");
    assertEquals(parseSensors(absent).ok, false);
    assertEquals(parseSensors("garbage\n,,,\n").ok, false);
    assertEquals(parseSensors("5,Current,Current,N/A,A,'N/A'").vars, []);
  },
});

Deno.test({
  name: "ipmipsu: port forms (NUT's atoi after id; our @host for LAN)",
  permissions: "none",
  fn() {
    assertEquals(parsePort("id2"), { fruId: 2 });
    assertEquals(parsePort("psu1"), { fruId: -1 });
    assertEquals(parsePort("idx"), { fruId: 0 });
    assertEquals(parsePort("id3@10.0.0.5:623"), {
      fruId: 3,
      host: "10.0.0.5:623",
    });
  },
});
