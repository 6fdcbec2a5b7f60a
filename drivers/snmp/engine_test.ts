/**
 * snmp-ups engine tests over the in-memory agent: the values it publishes
 * for real recordings equal what NUT 2.8.0's own snmp-ups dumped for the
 * same recordings (tests/fixtures/corpus/snmp/nut-2.8.0/, NUT's output),
 * per-instance state, stale/recovery, SETs, and hostile answers.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { parseSnmprec } from "../../src/transport/snmprec.ts";
import { MemoryAgent } from "../../src/transport/snmp_memory.ts";
import type { SnmpValue } from "../../src/transport/snmp_link.ts";
import { readMapping } from "./definition.ts";

const FIX = new URL("../../tests/fixtures/corpus/snmp/", import.meta.url);
const READ = { read: [FIX] };

function recording(name: string): MemoryAgent {
  for (const sub of ["librenms", "snmpsim-data"]) {
    try {
      return new MemoryAgent(
        parseSnmprec(Deno.readFileSync(new URL(`${sub}/${name}.snmprec`, FIX))),
      );
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  throw new Error(`no recording ${name}`);
}

/** NUT's `-d 1` dump, without driver.* and the device.* copies its main.c adds. */
function nutDump(name: string): string[] {
  const text = Deno.readTextFileSync(new URL(`nut-2.8.0/${name}.txt`, FIX));
  return text.split("\n").filter((l) =>
    l.includes(": ") && !l.startsWith("driver.") &&
    !/^device\.(mfr|model|serial|type): /.test(l)
  ).sort();
}

function ours(vars: Readonly<Record<string, string>>): string[] {
  return Object.entries(vars).filter(([k]) =>
    !k.startsWith("driver.") && !/^device\.(mfr|model|serial|type)$/.test(k)
  ).map(([k, v]) => `${k}: ${v.split("\n")[0]}`).sort(); // the dump is line-based
}

/** Mappings this file covers (snmp-engine's); the others have their own tests. */
const MINE = new Set([
  "ietf",
  "tripplite",
  "apcc",
  "mge",
  "pw",
  "pxgx_ups",
  "eaton_epdu",
  "cyberpower",
]);

/** Recordings NUT 2.8.0 read with one of MINE, from its own dumps. */
const CASES: Array<[string, string]> = [];
for (const e of Deno.readDirSync(new URL("nut-2.8.0/", FIX))) {
  const m = /^([^.]+)\.txt$/.exec(e.name);
  if (!m) continue;
  const text = Deno.readTextFileSync(new URL(`nut-2.8.0/${e.name}`, FIX));
  const mib = /^driver\.version\.data: (\S+) MIB/m.exec(text)?.[1];
  if (mib && MINE.has(mib)) CASES.push([m[1]!, mib]);
}
CASES.sort();

for (const [name, mib] of CASES) {
  Deno.test({
    name: `snmp-ups reads ${name} as NUT 2.8.0 does (mibs=${mib})`,
    permissions: READ,
    fn: async () => {
      const agent = recording(name);
      const r = await readMapping(agent.session());
      assertEquals(r.mapping, mib);
      assertEquals(r.stale, false);
      assertEquals(ours(r.vars), nutDump(name));
    },
  });
}

Deno.test({
  name: "snmp-ups: two instances keep their own state (outlet bases, phases)",
  permissions: READ,
  fn: async () => {
    const a = await readMapping(recording("apc_smx750").session());
    const b = await readMapping(recording("eaton-mgeups_9px").session());
    assertEquals(a.mapping, "apcc");
    assertEquals(b.mapping, "mge");
    assert(a.vars["ups.model"] !== b.vars["ups.model"]);
    // A third run of the first recording after the second gives the same data.
    const c = await readMapping(recording("apc_smx750").session());
    assertEquals(c.vars, a.vars);
  },
});

Deno.test({
  name: "snmp-ups: a silent agent turns data stale, an answering one recovers",
  permissions: READ,
  fn: async () => {
    const agent = recording("cyberpower");
    const r = await readMapping(agent.session(), { pollfreq: "0" });
    assertEquals(r.stale, false);
    agent.silent = true;
    await r.driver.update();
    assertEquals(r.state.stale, true);
    agent.silent = false;
    await r.driver.update();
    assertEquals(r.state.stale, false);
    assertEquals(r.state.tree.get("ups.status"), r.vars["ups.status"]);
  },
});

Deno.test({
  name: "snmp-ups: forced mibs, unknown mibs, no device",
  permissions: READ,
  fn: async () => {
    const r = await readMapping(recording("eaton-mgeups_9px").session(), {
      mibs: "mge",
    });
    assertEquals(r.mapping, "mge");
    let msg = "";
    try {
      await readMapping(recording("cyberpower").session(), { mibs: "nope" });
    } catch (e) {
      msg = (e as Error).message;
    }
    assertEquals(msg, "Unknown 'mibs' value: nope");
    try {
      await readMapping(recording("cyberpower").session(), { mibs: "mge" });
    } catch (e) {
      msg = (e as Error).message;
    }
    assertEquals(
      msg,
      "Requested 'mibs' value 'mge' did not match this device [ups] (host memory)",
    );
    try {
      await readMapping(new MemoryAgent([]).session());
    } catch (e) {
      msg = (e as Error).message;
    }
    assertEquals(msg, "No supported device detected at [ups] (host memory)");
  },
});

Deno.test({
  name:
    "snmp-ups: SET VAR and INSTCMD become SNMP SETs (ietf rows, as tripplite)",
  permissions: READ,
  fn: async () => {
    const agent = recording("eastpower-istars-swv053");
    const r = await readMapping(agent.session());
    assertEquals(r.mapping, "tripplite");
    assertEquals(await r.driver.instcmd("test.battery.start.quick"), "handled");
    assertEquals(await r.driver.instcmd("no.such.cmd"), "unknown");
    const last = agent.sets.at(-1)!;
    assertEquals(last.oid, "1.3.6.1.2.1.33.1.7.1.0");
    assertEquals(last.value, { type: "Integer", value: 0 });
    assertEquals(await r.driver.setvar("ups.timer.shutdown", "30"), "handled");
    const v = agent.sets.at(-1)!;
    assertEquals(v.oid, "1.3.6.1.2.1.33.1.8.2.0");
    assertEquals(v.value.type, "OctetString");
    agent.setPolicy = () => 17;
    assertEquals(await r.driver.setvar("ups.timer.shutdown", "40"), "failed");
  },
});

/** Replaces every value of an agent with `v` (hostile agent). */
function poison(agent: MemoryAgent, oids: string[], v: SnmpValue): void {
  for (const o of oids) agent.put(o, v);
}

Deno.test({
  name:
    "snmp-ups: hostile values (self-pointing OIDs, wrong types) never crash",
  permissions: READ,
  fn: async () => {
    const base = recording("cyberpower");
    const oids = base.walk("1.3.6.1").map((v) => v.oid);
    const values: SnmpValue[] = [
      { type: "ObjectIdentifier", value: "1.3.6.1.4.1.3808.1.1.1.4.1.1.0" },
      { type: "Counter64", value: 18446744073709551615n },
      { type: "Null" },
      { type: "OctetString", value: new Uint8Array(5000).fill(0xff) },
      { type: "Integer", value: -2147483648 },
      { type: "IpAddress", value: "1.2.3.4" },
    ];
    for (const v of values) {
      const agent = recording("cyberpower");
      poison(agent, oids.filter((o) => !o.startsWith("1.3.6.1.2.1.1.")), v);
      // Detection needs the model OID; keep it, poison the rest.
      try {
        const r = await readMapping(agent.session(), { mibs: "cyberpower" });
        assert(typeof r.vars["driver.version.data"] === "string");
      } catch (e) {
        assert(/MIB wasn't found|did not match/.test((e as Error).message));
      }
    }
  },
});
