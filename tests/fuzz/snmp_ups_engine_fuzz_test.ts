/**
 * snmp-ups driver fuzz, in process: the in-memory agent serves real
 * recordings whose values are mutated at random (wrong BER types, random
 * bytes, huge and empty strings, OIDs pointing anywhere including at
 * themselves, extreme integers, vanished OIDs, errors and silence), and
 * the driver starts up and polls through every mapping. More than 10,000
 * mutated answers in all: the driver must never throw out of update(),
 * must publish only printable single-line-safe values of bounded length,
 * and its memory must stay bounded. The wire decoder's own fuzz is
 * tests/fuzz/snmp_fuzz_test.ts.
 */
import { assert } from "../assert.ts";
import { parseSnmprec } from "../../src/transport/snmprec.ts";
import { MemoryAgent } from "../../src/transport/snmp_memory.ts";
import type { SnmpValue, Varbind } from "../../src/transport/snmp_link.ts";
import { readMapping } from "../../drivers/snmp/definition.ts";

const FIX = new URL("../fixtures/corpus/snmp/", import.meta.url);
const RECS = [
  "librenms/cyberpower",
  "librenms/apc_smx750",
  "librenms/eaton-mgeups_9px",
  "snmpsim-data/apc-8641",
  "librenms/eatonupsm2_9px",
  "snmpsim-data/eastpower-istars-swv053",
];

/** xorshift32: reproducible randomness. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function mutate(
  v: Varbind,
  all: readonly Varbind[],
  r: () => number,
): SnmpValue {
  const pick = Math.floor(r() * 12);
  const bytes = (n: number) =>
    Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
  switch (pick) {
    case 0:
      return { type: "Integer", value: Math.floor(r() * 2 ** 32) - 2 ** 31 };
    case 1:
      return { type: "OctetString", value: bytes(Math.floor(r() * 300)) };
    case 2:
      return { type: "OctetString", value: new Uint8Array(0) };
    case 3:
      return { type: "ObjectIdentifier", value: v.oid }; // points at itself
    case 4:
      return {
        type: "ObjectIdentifier",
        value: all[Math.floor(r() * all.length)]!.oid,
      };
    case 5:
      return { type: "Counter64", value: BigInt(Math.floor(r() * 2 ** 53)) };
    case 6:
      return { type: "Null" };
    case 7:
      return { type: "TimeTicks", value: Math.floor(r() * 2 ** 32) };
    case 8:
      return { type: "Gauge", value: Math.floor(r() * 2 ** 32) };
    case 9:
      return { type: "IpAddress", value: "10.0.0.1" };
    case 10:
      return { type: "NoSuchInstance" };
    default:
      return { type: "Opaque", value: bytes(Math.floor(r() * 40)) };
  }
}

Deno.test({
  name: "snmp-ups survives 10,000+ mutated agent answers, bounded memory",
  permissions: { read: [FIX] },
  fn: async () => {
    const r = rng(20261207);
    let answers = 0;
    let rounds = 0;
    const heap0 = Deno.memoryUsage().heapUsed;
    while (answers < 12_000) {
      const rec = RECS[rounds % RECS.length]!;
      const base = parseSnmprec(
        Deno.readFileSync(new URL(`${rec}.snmprec`, FIX)),
      );
      const agent = new MemoryAgent(base);
      const all = base.varbinds;
      // Keep detection possible most of the time; mutate a share of the rest.
      const rate = 0.05 + r() * 0.5;
      for (const vb of all) {
        if (vb.oid.startsWith("1.3.6.1.2.1.1.2.") && r() < 0.8) continue;
        if (r() < rate) {
          if (r() < 0.1) agent.remove(vb.oid);
          else agent.put(vb.oid, mutate(vb, all, r));
        }
      }
      rounds++;
      let res;
      try {
        res = await readMapping(agent.session(), { pollfreq: "0" });
      } catch (e) {
        // Refusing the device at start-up is allowed; crashing otherwise is not.
        assert(
          /MIB wasn't found|No supported device|did not match/.test(
            (e as Error).message,
          ),
          `${rec}: ${(e as Error).stack}`,
        );
        answers += agent.requests;
        continue;
      }
      // More polls with fresh mutations, errors and silence in between.
      for (let i = 0; i < 3; i++) {
        for (const vb of all) {
          if (r() < 0.2) agent.put(vb.oid, mutate(vb, all, r));
        }
        agent.silent = r() < 0.2;
        agent.setPolicy = r() < 0.3 ? () => 5 : undefined;
        await res.driver.update();
        await res.driver.setvar("ups.delay.shutdown", "20");
        await res.driver.instcmd("load.off");
      }
      for (const v of res.state.tree.vars()) {
        assert(v.value.length <= 255, `${v.name} too long`);
      }
      answers += agent.requests;
    }
    assert(rounds > 10);
    const grown = Deno.memoryUsage().heapUsed - heap0;
    assert(grown < 64 * 1024 * 1024, `heap grew ${grown} bytes`);
    console.log(`${answers} mutated answers over ${rounds} driver runs`);
  },
});
