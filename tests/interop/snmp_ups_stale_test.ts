/**
 * snmp-ups behind our upsd when the agent goes silent: NUT's upsc must
 * report "Data stale" within upsd's MAXAGE (15 s) of the agent stopping,
 * and fresh data once it answers again. The agent is snmpsimd behind a
 * relay that drops requests while paused.
 */
import { assert } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { haveSnmpsim, startSnmpSim } from "../sim/snmpsim.ts";
import { startRelay } from "../sim/snmp_capture.ts";
import { collect, run, startStack } from "./snmp_diff.ts";

Deno.test({
  name: "snmp-ups: a silent agent shows as stale within MAXAGE, then recovers",
  ignore: !haveNut() || !haveSnmpsim(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const name = "apc_smx750";
    const sim = await startSnmpSim({ recordings: [name] });
    const relay = await startRelay(sim.port);
    const stack = await startStack("ours", relay, [name]);
    const upsc = () =>
      run("/usr/bin/upsc", [stack.target(name), "ups.status"], stack.env);
    try {
      const first = await collect(stack, [name]);
      assert(
        first.get(name)!.some((l) => l.startsWith("ups.status: OL")),
        first.get(name)!.join("\n"),
      );
      relay.paused = true;
      const t0 = Date.now();
      await waitFor(
        async () => (await upsc()).err.includes("Data stale"),
        20_000,
        300,
        "stale",
      );
      const staleAfter = Date.now() - t0;
      console.log(`stale ${staleAfter} ms after the agent went silent`);
      assert(staleAfter < 15_000, `stale only after ${staleAfter} ms`);
      relay.paused = false;
      await waitFor(
        async () => {
          const r = await upsc();
          return r.code === 0 && r.out.trim() === "OL";
        },
        20_000,
        300,
        "fresh data",
      );
    } finally {
      await stack.stop();
      await relay.close();
      await sim.stop();
    }
  },
});
