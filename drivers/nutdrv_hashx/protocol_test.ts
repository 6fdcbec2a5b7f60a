/**
 * nutdrv_hashx's parsers on answers from NUT master's nutdrv_hashx.c
 * comments and captures; expected values worked out by hand from that
 * source (its sscanf format, str_to_int/str_to_double, the status bits).
 */
import { assertEquals } from "../../tests/assert.ts";
import {
  parseDeviceInfo,
  parsePowerInfo,
  parseStatus,
  parseVoltageSettings,
  statusValue,
} from "./protocol.ts";

const rec = (bytes: number[]) =>
  "#I239.0O237.0L007B100V27.0F50.1H50.1R040S" + String.fromCharCode(...bytes);

Deno.test({
  name: "nutdrv_hashx: B record values and the captured status bytes",
  permissions: "none",
  fn: () => {
    const full = parseStatus(rec([0x80, 0x84, 0xd0, 0x80, 0x80, 0xc0]))!;
    assertEquals(full.vars, [
      ["input.voltage", "239.0"],
      ["output.voltage", "237.0"],
      ["battery.voltage", "27.0"],
      ["input.frequency", "50.1"],
      ["output.frequency", "50.1"],
      ["ups.load", "7"],
      ["battery.charge", "100"],
      ["battery.runtime", "2400"],
      ["battery.charger.status", "resting"],
    ]);
    assertEquals(full.status, ["OL", "HB"]);
    assertEquals(full.alarm, null);
    const cases: Array<[number[], string[], string, string | null]> = [
      [[0x80, 0x84, 0x90, 0x80, 0x80, 0xc0], ["OL", "HB"], "charging", null],
      [
        [0x88, 0x80, 0x88, 0x88, 0x80, 0xc0],
        ["CAL", "OB", "HB"],
        "discharging",
        null,
      ],
      [
        [0xa0, 0x84, 0x94, 0x80, 0xa0, 0xc0],
        ["OL", "LB"],
        "charging",
        "Battery is critically low, UPS is about to turn off!",
      ],
      [
        [0xe0, 0x83, 0x8c, 0x80, 0xa0, 0xc0],
        ["OB", "LB"],
        "discharging",
        "Battery is critically low, UPS is about to turn off!",
      ],
      [
        [0xa8, 0x80, 0x8c, 0x88, 0xa0, 0xc0],
        ["CAL", "OB", "LB"],
        "discharging",
        "TEST MODE: Battery is critically low!",
      ],
      [
        [0x80, 0x84, 0x94, 0x80, 0xc0, 0xc0],
        ["OL", "HB", "OFF"],
        "charging",
        null,
      ],
    ];
    for (const [bytes, status, charger, alarm] of cases) {
      const r = parseStatus(rec(bytes))!;
      assertEquals(r.status, status, bytes.join(","));
      assertEquals(
        Object.fromEntries(r.vars)["battery.charger.status"],
        charger,
      );
      assertEquals(r.alarm, alarm);
    }
  },
});

Deno.test({
  name: "nutdrv_hashx: partial and bad B records",
  permissions: "none",
  fn: () => {
    // four status bytes: values kept, status untouched
    const few = parseStatus(rec([0x80, 0x84, 0xd0, 0x80]))!;
    assertEquals(few.status, null);
    assertEquals(few.vars.length, 8);
    // only the input voltage scans: only it is published
    assertEquals(parseStatus("#I230.5X"), {
      vars: [["input.voltage", "230.5"]],
      status: null,
      alarm: null,
    });
    assertEquals(parseStatus("#garbage"), null);
    assertEquals(parseStatus("#"), null);
    // the first character is skipped whatever it is, as NUT's buf + 1
    assertEquals(parseStatus("xI1O2")!.vars.length, 2);
  },
});

Deno.test({
  name: "nutdrv_hashx: status values and the X41/X27/X72 lists",
  permissions: "none",
  fn: () => {
    assertEquals(statusValue("#0"), 0);
    assertEquals(statusValue("#-1"), -1);
    assertEquals(statusValue("#-10"), -255); // four characters: not a status
    // NUT bug: str_to_int fails but has zeroed the result, so NUT reads "#x" as 0 (success)
    assertEquals(statusValue("#x"), -255);
    assertEquals(statusValue("#ab"), -255);
    assertEquals(statusValue("x"), -255);
    assertEquals(statusValue(""), -255);
    assertEquals(
      parseDeviceInfo("#1200,PE02022.002,000000000000,000000000000000000"),
      [["device.model", "1200"], ["ups.firmware", "PE02022.002"]],
    );
    assertEquals(parseDeviceInfo("#ABC"), [["device.model", "ABC"]]);
    assertEquals(parseVoltageSettings("#230,290,162,10,300"), [
      ["input.voltage.nominal", "230"],
      ["input.voltage.high.critical", "290"],
      ["input.voltage.low.critical", "162"],
    ]);
    assertEquals(parseVoltageSettings("#230,x9,162"), [
      ["input.voltage.nominal", "230"],
      ["input.voltage.low.critical", "162"],
    ]);
    assertEquals(parseVoltageSettings(""), []);
    assertEquals(parsePowerInfo("#1200,0720,230,40,70,05.20"), {
      vars: [
        ["ups.power.nominal", "1200"],
        ["ups.realpower.nominal", "720"],
        ["input.voltage.nominal", "230"],
        ["input.frequency.low", "40.0"],
        ["input.frequency.high", "70.0"],
        ["output.current.nominal", "5.2"],
      ],
      extra: false,
    });
    assertEquals(parsePowerInfo("#1,2,3,4,5,6.25,7").extra, true);
    assertEquals(parsePowerInfo("#1,2,3,4,5,6.25,7").vars.at(-1), [
      "output.current.nominal",
      "6.2",
    ]);
  },
});
