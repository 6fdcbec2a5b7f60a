/**
 * The SITOP word parser: known words set the status, bytes that start no
 * word are skipped one at a time, a cut word waits for its end.
 */
import { assertEquals } from "../../tests/assert.ts";
import { parseWords, type SitopStatus } from "./driver.ts";

const fresh = (): SitopStatus => ({
  batteryAlarm: false,
  dcLow: false,
  onBattery: false,
  above85: false,
});

Deno.test({
  name: "sitop: words, noise and a cut word",
  permissions: "none",
  fn: () => {
    const st = fresh();
    let r = parseWords("ALARMDC_LO*BAT*BA>85", st);
    assertEquals(r, { rest: "", found: true });
    assertEquals(st, {
      batteryAlarm: true,
      dcLow: true,
      onBattery: true,
      above85: true,
    });
    r = parseWords("\x00xx*****BUF", st);
    assertEquals(r, { rest: "BUF", found: true });
    assertEquals(st.onBattery, false);
    r = parseWords(r.rest + "RDBA<", st);
    assertEquals(r, { rest: "BA<", found: true });
    assertEquals(st.batteryAlarm, false);
    // noise only: nothing found, at most four bytes kept
    r = parseWords("#~%BUF*BA\x7f", st);
    assertEquals(r.found, false);
    assert4(r.rest);
  },
});

function assert4(rest: string): void {
  assertEquals(rest.length <= 4, true, rest);
}
