import { assertEquals } from "../../tests/assert.ts";
import { Backoff } from "./backoff.ts";

Deno.test({
  name: "Backoff: doubles up to the ceiling, resets on success",
  permissions: "none",
  fn() {
    let t = 0;
    const b = new Backoff(100, 350, () => t);
    assertEquals(b.ready(), true);
    const delays = [];
    for (let i = 0; i < 4; i++) {
      b.failed();
      delays.push(b.delayMs);
      assertEquals(b.ready(), false);
      t += b.delayMs;
      assertEquals(b.ready(), true);
    }
    assertEquals(delays, [100, 200, 350, 350]);
    b.succeeded();
    b.failed();
    assertEquals(b.delayMs, 100);
  },
});
