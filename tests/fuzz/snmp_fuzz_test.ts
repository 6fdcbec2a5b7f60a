/**
 * Fuzz: a hostile SNMP agent (tests/fuzz/snmp_agent.ts) answers every
 * request with bursts of malformed and mutated datagrams.
 * - Our SNMP session (v1, v2c, v3) takes >= 10,000 of them: every request
 *   settles (values or an SnmpError), nothing throws out of the event loop,
 *   memory stays bounded, and once the agent behaves the same session
 *   walks the recording exactly.
 * - The snmp-ups driver process polls through >= 10,000 of them and stays
 *   up with bounded RSS; when the agent behaves again it serves the data.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { waitFor } from "../net.ts";
import { fixturePath } from "../sim/snmpsim.ts";
import {
  alive,
  closeQuietly,
  int,
  killPid,
  LineReader,
  pick,
  rng,
  rssKiB,
  writeAll,
} from "./gen.ts";
import { startFuzzAgent } from "./snmp_agent.ts";
import { openSnmp } from "../../src/transport/snmp.ts";
import {
  SnmpError,
  type SnmpValue,
  type Varbind,
} from "../../src/transport/snmp_link.ts";
import { parseSnmprec } from "../../src/transport/snmprec.ts";

const REC = "apc_smart1500";
/** A recording NUT 2.8.0's snmp-ups reads (mge mapping). */
const DRIVER_REC = "eaton-mgeups_9px";
const DRIVER = new URL("../../drivers/snmp_ups.ts", import.meta.url).pathname;
const TYPES = new Set([
  "Integer",
  "OctetString",
  "ObjectIdentifier",
  "IpAddress",
  "Counter",
  "Gauge",
  "TimeTicks",
  "Counter64",
  "Opaque",
  "Null",
  "NoSuchObject",
  "NoSuchInstance",
  "EndOfMibView",
]);

function wellFormed(vbs: readonly Varbind[]): boolean {
  return vbs.every((vb) =>
    typeof vb.oid === "string" && TYPES.has(vb.value.type) && valueOk(vb.value)
  );
}

function valueOk(v: SnmpValue): boolean {
  switch (v.type) {
    case "OctetString":
    case "Opaque":
      return v.value instanceof Uint8Array;
    case "Counter64":
      return typeof v.value === "bigint";
    case "ObjectIdentifier":
    case "IpAddress":
      return typeof v.value === "string";
    case "Integer":
    case "Counter":
    case "Gauge":
    case "TimeTicks":
      return Number.isFinite(v.value);
    default:
      return true;
  }
}

function recording(name = REC): Varbind[] {
  return [...parseSnmprec(Deno.readFileSync(fixturePath(name))).varbinds];
}

Deno.test({
  name:
    "SNMP session: 10,000+ malformed responses, every request settles, memory bounded",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const data = recording();
    const agent = await startFuzzAgent(data, 20261207);
    const r = rng(7);
    let warned = 0;
    const session = (version: "v1" | "v2c" | "v3") =>
      openSnmp({
        host: "127.0.0.1",
        port: agent.port,
        version,
        community: "fuzz",
        secLevel: "authPriv",
        secName: "fuzz",
        authProtocol: "SHA",
        authPassword: "fuzzpass1",
        privProtocol: "AES",
        privPassword: "fuzzpass2",
        timeoutMs: 80,
        retries: 0,
      }, { warn: () => warned++ });
    const sessions = {
      v1: session("v1"),
      v2c: session("v2c"),
      v3: session("v3"),
    };
    const oids = data.map((v) => v.oid);
    let ok = 0;
    let failed = 0;
    let rssMid = 0;
    try {
      for (let i = 0; agent.mutated < 11_000; i++) {
        if (i === 60) rssMid = Deno.memoryUsage().rss;
        const s = sessions[pick(r, ["v1", "v2c", "v2c", "v3"] as const)];
        const op = int(r, 4);
        try {
          const got = op === 0
            ? await s.get([pick(r, oids), pick(r, oids)])
            : op === 1
            ? await s.getNext([pick(r, oids)])
            : op === 2
            ? await s.walk("1.3.6.1.4.1.318.1.1.1.2")
            : (await s.set(pick(r, oids), { type: "Integer", value: 1 }), []);
          assert(wellFormed(got), "values are well-formed SnmpValues");
          ok++;
        } catch (e) {
          assert(e instanceof SnmpError, `only SnmpError escapes: ${e}`);
          failed++;
        }
      }
      const rssEnd = Deno.memoryUsage().rss;
      assert(agent.mutated >= 10_000, `${agent.mutated} bad datagrams sent`);
      assert(ok > 50 && failed > 10, `ok ${ok}, failed ${failed}`);
      assert(warned > 100, `dropped datagrams reported: ${warned}`);
      assert(
        rssEnd - rssMid < 64 * 1024 * 1024,
        `RSS grew ${((rssEnd - rssMid) / 1048576).toFixed(1)} MB`,
      );
      // A good agent again: the very same sessions read the recording right.
      agent.hostile = false;
      const walked = await sessions.v2c.walk("1");
      assertEquals(walked.map((v) => v.oid), oids);
      const v1walk = await sessions.v1.walk("1.3.6.1.4.1.318");
      assertEquals(
        v1walk.length,
        oids.filter((o) => o.startsWith("1.3.6.1.4.1.318.")).length,
      );
    } finally {
      for (const s of Object.values(sessions)) s.close();
      await agent.close();
    }
  },
});

async function dumpAll(sock: string): Promise<string[]> {
  const c = await Deno.connect({ transport: "unix", path: sock });
  const rd = new LineReader(c);
  try {
    await writeAll(c, "DUMPALL\n");
    await rd.until((l) => l.includes("DUMPDONE"), 10_000, "DUMPDONE");
    return rd.lines.slice(0, rd.lines.indexOf("DUMPDONE") + 1);
  } finally {
    closeQuietly(c);
    await rd.done;
  }
}

Deno.test({
  name:
    "snmp-ups driver: polls through 10,000+ malformed responses, stays up, recovers",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const agent = await startFuzzAgent(recording(DRIVER_REC), 424242);
    agent.hostile = false;
    const dir = Deno.makeTempDirSync({ prefix: "snmpfuzz_" });
    const state = `${dir}/state`;
    Deno.mkdirSync(state);
    Deno.writeTextFileSync(
      `${dir}/ups.conf`,
      `[fz]\n  driver = snmp-ups\n  port = 127.0.0.1:${agent.port}\n` +
        `  community = ${DRIVER_REC}\n  mibs = mge\n  pollfreq = 1\n` +
        `  snmp_timeout = 1\n  snmp_retries = 0\n`,
    );
    const env = {
      NUT_CONFPATH: dir,
      NUT_STATEPATH: state,
      NUT_ALTPIDPATH: state,
    };
    const sock = `${state}/snmp-ups-fz`;
    let pid = 0;
    try {
      const launch = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", DRIVER, "-a", "fz", "-u", "root"],
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      assertEquals(launch.code, 0, new TextDecoder().decode(launch.stderr));
      pid = Number(Deno.readTextFileSync(`${state}/snmp-ups-fz.pid`));
      await waitFor(() => Deno.statSync(sock).isSocket === true, 20_000);
      const before = await dumpAll(sock);
      assert(
        before.some((l) => l.startsWith("SETINFO ups.status")),
        before.join("\n"),
      );

      agent.hostile = true;
      agent.burst = 50;
      agent.dropPercent = 2;
      // the baseline is taken once the storm is under way: V8 sizes its
      // heap for the load first; bounded memory means no growth after that
      await waitFor(
        () => agent.mutated >= 2_000,
        240_000,
        100,
        "2,000 bad datagrams",
      );
      const rssStart = rssKiB(pid);
      await waitFor(
        () => agent.mutated >= 12_500,
        240_000,
        100,
        "12,500 bad datagrams",
      );
      assert(alive(pid), "driver still running");
      const rssEnd = rssKiB(pid);
      assert(
        rssEnd - rssStart < 64 * 1024,
        `driver RSS grew ${rssEnd - rssStart} KiB`,
      );
      // Still answering its socket under fire.
      const during = await dumpAll(sock);
      assert(during.at(-1) === "DUMPDONE");

      agent.hostile = false;
      // recovered: fresh data again once a whole walk got through (under a
      // loaded machine that takes a varying number of polls)
      let after: string[] = [];
      await waitFor(
        async () => {
          after = await dumpAll(sock);
          return after.some((l) => l.startsWith("SETINFO ups.status")) &&
            !after.includes("DATASTALE");
        },
        60_000,
        200,
        "fresh data after the storm",
      );
      assert(
        after.some((l) => l.startsWith("SETINFO ups.status")),
        after.join("\n"),
      );
      assert(!after.includes("DATASTALE"), "data fresh again");
      assert(alive(pid), "driver still running");
    } finally {
      if (pid) await killPid(pid);
      await agent.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  },
});
