/**
 * everups end to end on a pty (Debian's NUT 2.8.0 does not build
 * everups, so there is no NUT binary to run beside it): our binary's
 * `-d 1` dump from the Ever simulator, its `-k` bytes as NUT's source
 * sends them, and `-L` listing no variables of its own.
 */
import { assert, assertEquals } from "../assert.ts";
import { EverSim } from "../sim/everups.ts";
import { parseDump, runOurDriver } from "../sim/harness.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = everups\n port = ${path}\n`;

Deno.test({
  name: "everups binary: dump, -k bytes and -L",
  ...opts,
  fn: async () => {
    const a = new EverSim(), b = new EverSim();
    b.model.state = "low";
    try {
      const [d, k] = await Promise.all([
        runOurDriver("everups", conf(a.path), ["-d", "1"]),
        runOurDriver("everups", conf(b.path), ["-k"]),
      ]);
      assertEquals(d.code, 0, d.stderr);
      const dump = parseDump(d.stdout);
      for (
        const line of [
          "ups.status: OL",
          "battery.voltage: 12.30",
          "battery.charge: 94.9",
          "input.voltage: 230",
          "device.model: NET 1000-DPC",
        ]
      ) assert(dump.includes(line), dump.join("\n"));
      assertEquals(k.code, 0, k.stderr);
      await b.drained();
      assertEquals(
        [...b.raw].map((c) => c.charCodeAt(0)),
        [208, 173, 208, 28, 1, 208, 13, 8],
      );
    } finally {
      await a.close();
      await b.close();
    }
    const l = await runOurDriver("everups", "", ["-L"]);
    assertEquals(l.stdout.split("\n").slice(1).filter((x) => x), []);
    assert(
      l.stdout.startsWith("Network UPS Tools - Ever UPS driver (serial) 0.04"),
    );
  },
});
