import { assertEquals } from "../../tests/assert.ts";
import { formAccepted } from "./driver.ts";

Deno.test({
  name: "netxml-ups form answer: 2xx, and a body status when there is one",
  permissions: "none",
  fn() {
    const cases: Array<[number, string, boolean]> = [
      [200, "<html><body>OK</body></html>", true],
      [204, "", true],
      [200, '<SET_OBJECT status="OK"/>', true],
      [200, "<RESULT><STATUS> success </STATUS></RESULT>", true],
      [200, "<x status='0'/>", true],
      [200, '<SET_OBJECT status="error"/>', false],
      [200, "<STATUS>denied</STATUS>", false],
      [302, "", false],
      [401, "", false],
      [403, "Forbidden", false],
      [500, "OK", false],
    ];
    for (const [code, body, want] of cases) {
      assertEquals(formAccepted(code, body), want, `${code} ${body}`);
    }
  },
});
