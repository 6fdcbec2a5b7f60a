import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { Watchdog } from "./watchdog.ts";

const pure = { permissions: "none" } as const;

function after<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => {
    AbortSignal.timeout(ms).addEventListener("abort", () => resolve(value));
  });
}

const never = () => new Promise<never>(() => {});
const timedOut = () => new Error("timed out");

Deno.test("Watchdog: an operation in time gives its value", pure, async () => {
  const w = new Watchdog();
  let expired = 0;
  assertEquals(await w.run(after(5, "v"), 200, () => expired++, timedOut), "v");
  assertEquals(expired, 0);
});

Deno.test(
  "Watchdog: a hung operation expires once, at its deadline",
  pure,
  async () => {
    const w = new Watchdog();
    let expired = 0;
    const t0 = performance.now();
    await assertRejects(
      () => w.run(never(), 40, () => expired++, timedOut),
      Error,
      "timed out",
    );
    const took = performance.now() - t0;
    assertEquals(expired, 1);
    assert(took >= 39 && took < 400, `expired after ${took} ms`);
  },
);

Deno.test(
  "Watchdog: each operation has its own deadline on the shared timer",
  pure,
  async () => {
    const w = new Watchdog();
    let expired = 0;
    // three 30 ms operations under a 60 ms deadline: 90 ms in all, none late
    for (let i = 0; i < 3; i++) {
      assertEquals(await w.run(after(30, i), 60, () => expired++, timedOut), i);
    }
    assertEquals(expired, 0);
    // the timer armed for the first operation fires mid-way through this one
    // and re-arms: it expires 60 ms after its own start, not at the first's
    const t0 = performance.now();
    await assertRejects(() => w.run(never(), 60, () => expired++, timedOut));
    const took = performance.now() - t0;
    assertEquals(expired, 1);
    assert(took >= 59 && took < 400, `expired after ${took} ms`);
  },
);

Deno.test(
  "Watchdog: a shorter deadline than the armed timer's is kept",
  pure,
  async () => {
    const w = new Watchdog();
    assertEquals(await w.run(after(1, "a"), 5000, () => {}, timedOut), "a");
    const t0 = performance.now();
    await assertRejects(() => w.run(never(), 30, () => {}, timedOut));
    const took = performance.now() - t0;
    assert(took < 1000, `expired after ${took} ms, not at the 5 s timer`);
  },
);

Deno.test(
  "Watchdog: 0 or an infinite time means no deadline",
  pure,
  async () => {
    const w = new Watchdog();
    assertEquals(await w.run(after(20, 1), 0, () => {}, timedOut), 1);
    assertEquals(await w.run(after(20, 2), Infinity, () => {}, timedOut), 2);
  },
);
