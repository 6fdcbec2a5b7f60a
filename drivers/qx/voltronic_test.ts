import { assertEquals } from "../../tests/assert.ts";
import { sprintf } from "./item.ts";
import { faultText, warningText } from "./voltronic_text.ts";

Deno.test("sprintf: the widths the Voltronic setvar commands use", {
  permissions: "none",
}, () => {
  assertEquals(sprintf("HEH%03.0f\r", 242), "HEH242\r");
  assertEquals(sprintf("PSF%04.1f\r", 5), "PSF05.0\r");
  assertEquals(sprintf("BATN%1.0f\r", 3), "BATN3\r");
  assertEquals(sprintf("%03d", 0), "000");
  assertEquals(sprintf(",%4s", "750"), ", 750");
  assertEquals(sprintf("%.2f", 2.005), "2.00");
});

Deno.test("voltronic: QFS fault codes by protocol", {
  permissions: "none",
}, () => {
  assertEquals(faultText("14", 2), {
    text: "Inverter short-circuited.",
    over: false,
  });
  assertEquals(
    faultText("1B", 2).text,
    "L2 inverter negative power out of acceptable range.",
  );
  assertEquals(faultText("43", 2), { text: "Overload fault.", over: true });
  assertEquals(faultText("07", 31), { text: "Overload fault.", over: true });
  assertEquals(faultText("1A", 31).text, "Unknown fault [1A]");
  assertEquals(faultText("2A", 2).text, "Unknown fault [2A]");
});

Deno.test("voltronic: QWS warning bits, known and unknown", {
  permissions: "none",
}, () => {
  const logged: string[] = [];
  const bits = "0".repeat(7) + "11" + "0".repeat(49) + "1" + "0".repeat(5);
  const r = warningText(bits, (m) => logged.push(m));
  assertEquals(
    r?.text,
    "Low battery. Overload alarm. Unknown warnings [bit: #59]",
  );
  assertEquals(r?.status, ["LB", "OVER"]);
  assertEquals(logged.length, 3);
  assertEquals(warningText("0".repeat(64), () => {}), null);
});
