import { assertEquals } from "../../tests/assert.ts";
import { nutPort, scanNut, type UpsLister } from "./nut.ts";
import { mapBounded } from "./pool.ts";

const pure = { permissions: "none" } as const;

Deno.test("nutPort: host as given, IPv6 bracketed", pure, () => {
  assertEquals(nutPort("ups", "127.0.0.1"), "ups@127.0.0.1");
  assertEquals(nutPort("ups", "::1"), "ups@[::1]");
});

Deno.test(
  "scanNut: every UPS of every answering host, in host order",
  pure,
  async () => {
    const seen: Array<[string, number, number]> = [];
    const lister: UpsLister = async (host, port, timeoutMs) => {
      seen.push([host, port, timeoutMs]);
      // the first host answers last: order must still follow the range
      if (host === "10.0.0.1") await new Promise((r) => setTimeout(r, 20));
      if (host === "10.0.0.2") throw new Error("Connection refused");
      return host === "10.0.0.1" ? ["a", "b"] : ["c"];
    };
    const devs = await scanNut(["10.0.0.1", "10.0.0.2", "10.0.0.3"], {
      port: 3493,
      timeoutMs: 5000,
      concurrency: 8,
      lister,
    });
    assertEquals(devs.map((d) => [d.driver, d.port]), [
      ["nutclient", "a@10.0.0.1"],
      ["nutclient", "b@10.0.0.1"],
      ["nutclient", "c@10.0.0.3"],
    ]);
    assertEquals(seen.map((s) => s[1]), [3493, 3493, 3493]);
    assertEquals(seen.map((s) => s[2]), [5000, 5000, 5000]);
  },
);

Deno.test("mapBounded: never more than the limit in flight", pure, async () => {
  let inFlight = 0, peak = 0;
  const out = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return n * 10;
  });
  assertEquals(out, [10, 20, 30, 40, 50, 60, 70]);
  assertEquals(peak, 3);
  const one = await mapBounded(["x", "y"], 0, (s) => Promise.resolve(s + s));
  assertEquals(one, ["xx", "yy"]);
});
