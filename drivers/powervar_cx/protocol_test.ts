/**
 * CUSPP substring rules from NUT master's powervar_cx.c: format names
 * shorter than three characters are not counted, `.` splits format names,
 * empty data fields are skipped (strtok), values are cut to 47 characters.
 */
import { assertEquals } from "../../tests/assert.ts";
import {
  positions,
  sourceStatus,
  substringFrom,
  substringPosition,
} from "./protocol.ts";

Deno.test({
  name: "powervar_cx: substring positions and values",
  permissions: "none",
  fn: () => {
    const f = "OUT.FORMAT=SOURCE;FQ;FREQ;VOLT.X;AMP;PERCNT\r";
    assertEquals(substringPosition(f, "SOURCE"), 1);
    assertEquals(substringPosition(f, "FREQ"), 2); // "FQ" is not counted
    assertEquals(substringPosition(f, "VOLT"), 3); // "X" is not counted
    assertEquals(substringPosition(f, "PERCNT"), 5);
    assertEquals(substringPosition(f, "TEMP"), 0);
    assertEquals(substringPosition("no equals sign", "TEMP"), 0);
    const d = "OUT=1;;60.0;120\r";
    assertEquals(substringFrom(d, 1), "1");
    assertEquals(substringFrom(d, 2), "60.0"); // the empty field is skipped
    assertEquals(substringFrom(d, 4), null);
    assertEquals(substringFrom(d, 0), null);
    assertEquals(substringFrom(`X=${"a".repeat(60)}`, 1), "a".repeat(47));
    assertEquals(positions(null, { a: "SOURCE" }), { a: 0 });
    assertEquals(
      ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"].map(sourceStatus),
      [
        "OFF",
        "OL",
        null,
        "OB",
        "BOOST",
        "BOOST",
        "TRIM",
        "TRIM",
        "BOOST",
        null,
      ],
    );
  },
});
