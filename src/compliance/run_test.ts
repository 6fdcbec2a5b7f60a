import { assertEquals } from "../../tests/assert.ts";
import { formatVerdict } from "./run.ts";

Deno.test({
  name: "formatVerdict: garbage from a server is escaped and cut",
  permissions: "none",
  fn() {
    assertEquals(formatVerdict({ name: "VER", status: "pass" }), "PASS VER");
    assertEquals(
      formatVerdict({
        name: "X",
        status: "fail",
        detail: 'got "\u0001\u00e9\n"',
      }),
      'FAIL X: got "\\x01\\xe9\\x0a"',
    );
    const long = formatVerdict({
      name: "X",
      status: "fail",
      detail: "a".repeat(500),
    });
    assertEquals(long, `FAIL X: ${"a".repeat(200)}...`);
  },
});
