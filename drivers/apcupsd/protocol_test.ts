import { assertEquals } from "../../tests/assert.ts";
import {
  atof,
  fixed,
  frame,
  ROWS,
  rowValue,
  splitLine,
  STATUS_REQUEST,
  statusTokens,
} from "./protocol.ts";
import { parseTarget } from "./driver.ts";

const row = (name: string) => ROWS.find((r) => r.name === name)!;

Deno.test({
  name: "apcupsd NIS: framing, line split and conversions",
  permissions: "none",
  fn() {
    assertEquals([...STATUS_REQUEST], [
      0,
      6,
      0x73,
      0x74,
      0x61,
      0x74,
      0x75,
      0x73,
    ]);
    assertEquals([...frame("")], [0, 0]);
    assertEquals(splitLine("MODEL    : Back-UPS RS 1500G \n"), {
      item: "MODEL",
      data: "Back-UPS RS 1500G ",
    });
    assertEquals(splitLine("CUMONBATT: 0 Seconds"), {
      item: "CUMONBATT",
      data: "0 Seconds",
    });
    // no value: an error line, as strtok finds nothing after the item
    assertEquals(splitLine("ALONE\n"), undefined);
    assertEquals(splitLine(" : \n"), undefined);
    assertEquals(atof("54.3 Minutes"), 54.3);
    assertEquals(atof("N/A"), 0);
    assertEquals(fixed(0.125, 2), "0.12");
    assertEquals(fixed(0.375, 2), "0.38");
    assertEquals(fixed(45.25, 1), "45.2");
    assertEquals(rowValue(row("battery.runtime"), "2.5 Minutes"), "150.0");
    assertEquals(rowValue(row("battery.runtime.low"), "3 Minutes"), "180");
    assertEquals(
      rowValue(row("ups.date"), "2026-12-07 16:00:00 +0000  "),
      "2026-12-07",
    );
    assertEquals(
      rowValue(row("ups.time"), "2026-12-07 16:00:00 +0000  "),
      "16:00:00",
    );
    assertEquals(rowValue(row("ups.time"), "2026-12-07"), undefined);
    assertEquals(
      rowValue(row("ups.firmware"), "COM 03.1 / UPS 03.4"),
      "COM 03.1",
    );
    assertEquals(
      rowValue(row("ups.firmware.aux"), "COM 03.1 / UPS 03.4"),
      "UPS 03.4",
    );
    assertEquals(
      rowValue(row("ups.firmware"), "865.L7 .D USB FW:L7"),
      "865.L7 .D USB FW:L7",
    );
    assertEquals(
      rowValue(row("ups.firmware.aux"), "865.L7 .D USB FW:L7"),
      undefined,
    );
    assertEquals(rowValue(row("input.sensitivity"), "Medium"), "M");
    assertEquals(statusTokens("ONBATT LOWBATT "), ["OB", "LB"]);
    assertEquals(statusTokens("COMMLOST"), ["OFF"]);
    assertEquals(statusTokens("SELFTEST"), ["OB"]);
    // two words, so never the "SHUTTING DOWN" of NUT's table
    assertEquals(statusTokens("SHUTTING DOWN"), []);
    assertEquals(parseTarget(""), { host: "localhost", port: 3551 });
    assertEquals(parseTarget("ups.lan"), { host: "ups.lan", port: 3551 });
    assertEquals(parseTarget("127.0.0.1:3552"), {
      host: "127.0.0.1",
      port: 3552,
    });
    assertEquals(parseTarget("h:0"), undefined);
    assertEquals(parseTarget("h:65536"), undefined);
  },
});
