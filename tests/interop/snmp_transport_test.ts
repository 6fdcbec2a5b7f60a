/**
 * The net-snmp transport against Debian's snmpsimd serving the corpus
 * recordings: v2c walks of every recording compared with the recording
 * itself, v1 quirks, SET through snmpsim's writecache, every SNMPv3
 * auth/priv pair NUT offers, and failures (timeout, bad password).
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import {
  fixtureNames,
  fixturePath,
  freeUdpPort,
  haveSnmpsim,
  type SimAuth,
  type SimPriv,
  type SimUser,
  type SnmpSim,
  startSnmpSim,
} from "../sim/snmpsim.ts";
import { openSnmp } from "../../src/transport/snmp.ts";
import {
  SnmpError,
  type SnmpOptions,
  type SnmpValue,
  type Varbind,
} from "../../src/transport/snmp_link.ts";
import { parseSnmprec } from "../../src/transport/snmprec.ts";

const AUTHS = ["MD5", "SHA", "SHA256", "SHA384", "SHA512"] as const;
/** NUT's privProtocol → snmpsimd's (Net-SNMP's AES192/256 are Blumenthal's). */
const PRIVS: ReadonlyArray<readonly [SnmpOptions["privProtocol"], SimPriv]> = [
  ["DES", "DES"],
  ["AES", "AES"],
  ["AES192", "AES192BLMT"],
  ["AES256", "AES256BLMT"],
];
const V3_REC = "apc_smart1500";
const RW = [
  "1.3.6.1.2.1.1.1.0|4|writable agent",
  "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999",
  "1.3.6.1.4.1.99999.1.0|2:writecache|value=5",
  "1.3.6.1.4.1.99999.2.0|4:writecache|value=abc",
  "1.3.6.1.4.1.99999.3.0|2|7",
].join("\n") + "\n";

function users(): SimUser[] {
  const out: SimUser[] = [{ name: "plain" }];
  for (const a of AUTHS) {
    out.push({
      name: `auth_${a}`,
      authProto: a as SimAuth,
      authKey: `pw-${a}-auth`,
    });
    for (const [p, sp] of PRIVS) {
      out.push({
        name: `priv_${a}_${p}`,
        authProto: a as SimAuth,
        authKey: `pw-${a}-auth`,
        privProto: sp,
        privKey: `pw-${p}-priv`,
      });
    }
  }
  return out;
}

const enabled = haveSnmpsim();
let simP: Promise<SnmpSim> | undefined;
function sim(): Promise<SnmpSim> {
  simP ??= startSnmpSim({
    recordings: fixtureNames(),
    files: { rw_agent: RW },
    users: users(),
    v3Default: V3_REC,
  });
  return simP;
}

async function withSession<T>(
  o: Partial<SnmpOptions>,
  fn: (s: ReturnType<typeof openSnmp>) => Promise<T>,
): Promise<T> {
  const s = await sim();
  const session = openSnmp({
    host: s.host,
    port: s.port,
    version: "v2c",
    timeoutMs: 2000,
    retries: 1,
    ...o,
  });
  try {
    return await fn(session);
  } finally {
    session.close();
  }
}

/**
 * Recordings walked over v2c: plain ones, hex-padded strings, NULL values,
 * leading-dot OIDs, CRLF and raw bytes, variation modules, a 4k-line ePDU,
 * and one out of OID order.
 */
const WALKED = [
  "apc_smart1500",
  "deltaups",
  "netagent2",
  "phoenixtec-power",
  "eastpower-istars-swv053",
  "marathonups",
  "eaton-mgeups_9px",
  "cyberpower",
  "tripplite-poweralert",
  "apc-epdu_epdu1132m",
  "dell-ups_rack3750w",
];

/** Raw tag per OID as written in the file, and whether the file is in OID order. */
function rawTags(text: string): { tags: Map<string, string>; sorted: boolean } {
  const tags = new Map<string, string>();
  let prev = "";
  let sorted = true;
  for (const line of text.split(/\r?\n/)) {
    const [oid, tag] = line.split("|");
    if (!oid || tag === undefined || oid.startsWith("#")) continue;
    const o = oid.replace(/^\./, "");
    if (prev && cmp(prev, o) > 0) sorted = false;
    prev = o;
    tags.set(o, tag);
  }
  return { tags, sorted };
}

/** snmpsimd strips trailing blanks off a line, so off a plain string value. */
function asServed(v: SnmpValue, tag: string): SnmpValue {
  if (v.type !== "OctetString" || tag.includes("x")) return v;
  let end = v.value.length;
  while (end > 0 && [0x20, 0x09].includes(v.value[end - 1]!)) end--;
  return { type: "OctetString", value: v.value.subarray(0, end) };
}

function show(v: SnmpValue): string {
  if ("value" in v) {
    const x = v.value;
    return `${v.type}:${
      x instanceof Uint8Array ? [...x].join(",") : String(x)
    }`;
  }
  return v.type;
}

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "v2c walks serve what the recordings hold (snmpsim's quirks aside)",
  ignore: !enabled,
  ...opts,
  async fn() {
    const diffs: string[] = [];
    let total = 0;
    for (const name of WALKED) {
      const bytes = await Deno.readFile(fixturePath(name));
      const want = parseSnmprec(bytes).varbinds;
      const { tags, sorted } = rawTags(new TextDecoder("latin1").decode(bytes));
      const got = await withSession({ community: name }, (s) => s.walk("1"));
      total += got.length;
      assertEquals(
        got.map((v) => v.oid),
        [...got.map((v) => v.oid)].sort(cmp),
        `${name}: walk in OID order`,
      );
      const recorded = new Map(want.map((v) => [v.oid, v.value]));
      const served = new Map(got.map((v) => [v.oid, v.value]));
      for (const [oid, v] of served) {
        const w = recorded.get(oid);
        const tag = tags.get(oid) ?? "";
        if (!w) diffs.push(`${name} ${oid}: served, not recorded`);
        else if (
          tag.includes(":")
            ? v.type !== w.type // a variation module computes the value
            : show(v) !== show(asServed(w, tag))
        ) {
          diffs.push(`${name} ${oid}: got ${show(v)}, recorded ${show(w)}`);
        }
      }
      // snmpsim's GETNEXT follows file order: out-of-order files lose rows.
      if (sorted && served.size !== recorded.size) {
        diffs.push(`${name}: ${served.size} served, ${recorded.size} recorded`);
      }
      if (!sorted) assert(served.size > 0 && served.size < recorded.size, name);
    }
    assert(total > 1_000, `walked ${total} varbinds`);
    assertEquals(diffs, []);
  },
});

function cmp(a: string, b: string): number {
  const x = a.split(".").map(Number);
  const y = b.split(".").map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! - y[i]!;
  }
  return x.length - y.length;
}

Deno.test({
  name:
    "missing OIDs: v2c exceptions, v1 noSuchName per OID, getNext at the end",
  ignore: !enabled,
  ...opts,
  async fn() {
    const oids = [
      "1.3.6.1.2.1.1.2.0",
      "1.3.6.1.2.1.1.99.0",
      "1.3.6.1.2.1.1.5.0",
    ];
    for (const version of ["v1", "v2c"] as const) {
      const got = await withSession(
        { version, community: "apc_smart1500" },
        (s) => s.get(oids),
      );
      assertEquals(got.map((v) => v.oid), oids, version);
      assertEquals(got[0]!.value, {
        type: "ObjectIdentifier",
        value: "1.3.6.1.4.1.318.1.3.27",
      });
      assert(
        got[1]!.value.type === "NoSuchObject" ||
          got[1]!.value.type === "NoSuchInstance",
        `${version}: ${show(got[1]!.value)}`,
      );
      assertEquals(got[2]!.value.type, "OctetString");
      const end = await withSession(
        { version, community: "apc_smart1500" },
        (s) => s.getNext(["2.999"]),
      );
      assertEquals(end.map((v) => v.value.type), ["EndOfMibView"], version);
    }
    const v1walk = await withSession(
      { version: "v1", community: "apc_smart1500" },
      (s) => s.walk("1.3.6.1.4.1.318"),
    );
    const v2walk = await withSession(
      { community: "apc_smart1500" },
      (s) => s.walk("1.3.6.1.4.1.318"),
    );
    assert(v1walk.length > 5, `v1 walk: ${v1walk.length}`);
    assertEquals(v1walk.map((v) => v.oid), v2walk.map((v) => v.oid));
  },
});

Deno.test({
  name: "SET reaches the agent (snmpsim's writecache stores it)",
  ignore: !enabled,
  ...opts,
  async fn() {
    await withSession({ community: "rw_agent" }, async (s) => {
      await s.set("1.3.6.1.4.1.99999.1.0", { type: "Integer", value: 42 });
      await s.set(".1.3.6.1.4.1.99999.2.0", {
        type: "OctetString",
        value: new TextEncoder().encode("xyz"),
      });
      const got = await s.get([
        "1.3.6.1.4.1.99999.1.0",
        "1.3.6.1.4.1.99999.2.0",
      ]);
      assertEquals(got.map((v) => show(v.value)), [
        "Integer:42",
        `OctetString:${[..."xyz"].map((c) => c.charCodeAt(0)).join(",")}`,
      ]);
    });
  },
});

Deno.test({
  name: "SNMPv3: every auth protocol and every auth/priv pair NUT offers",
  ignore: !enabled,
  ...opts,
  async fn() {
    const rec = parseSnmprec(await Deno.readFile(fixturePath(V3_REC))).varbinds;
    const want = (oid: string) => show(rec.find((v) => v.oid === oid)!.value);
    // sysDescr, sysObjectID and the first few APC rows of the recording.
    const apc = rec.filter((v) => v.oid.startsWith("1.3.6.1.4.1.318."));
    const oids = [
      ...apc.slice(0, 3).map((v) => v.oid),
      "1.3.6.1.2.1.1.1.0",
      "1.3.6.1.2.1.1.2.0",
    ];
    const check = async (o: Partial<SnmpOptions>, label: string) => {
      const got: Varbind[] = await withSession(
        { version: "v3", ...o },
        (s) => s.get(oids),
      );
      assertEquals(got.map((v) => show(v.value)), oids.map(want), label);
    };
    await check({ secLevel: "noAuthNoPriv", secName: "plain" }, "noAuthNoPriv");
    for (const a of AUTHS) {
      const auth = { authProtocol: a, authPassword: `pw-${a}-auth` };
      await check({ secLevel: "authNoPriv", secName: `auth_${a}`, ...auth }, a);
      for (const [p] of PRIVS) {
        await check({
          secLevel: "authPriv",
          secName: `priv_${a}_${p}`,
          ...auth,
          privProtocol: p!,
          privPassword: `pw-${p}-priv`,
        }, `${a}/${p}`);
      }
    }
    // A v3 walk goes through GETBULK too.
    const walk = await withSession({
      version: "v3",
      secLevel: "authPriv",
      secName: "priv_SHA_AES",
      authProtocol: "SHA",
      authPassword: "pw-SHA-auth",
      privProtocol: "AES",
      privPassword: "pw-AES-priv",
    }, (s) => s.walk("1"));
    assertEquals(walk.length, rec.length);
  },
});

Deno.test({
  name: "failures: wrong v3 password, unknown community, silent agent",
  ignore: !enabled,
  ...opts,
  async fn() {
    const fail = async (o: Partial<SnmpOptions>): Promise<SnmpError> => {
      try {
        await withSession(
          { timeoutMs: 300, retries: 0, ...o },
          (s) => s.get(["1.3.6.1.2.1.1.2.0"]),
        );
      } catch (e) {
        assert(e instanceof SnmpError, String(e));
        return e;
      }
      throw new Error("request succeeded");
    };
    const bad = await fail({
      version: "v3",
      secLevel: "authPriv",
      secName: "priv_SHA_AES",
      authProtocol: "SHA",
      authPassword: "wrong-password",
      privProtocol: "AES",
      privPassword: "pw-AES-priv",
    });
    assert(bad.kind === "auth" || bad.kind === "timeout", bad.kind);
    assertEquals((await fail({ community: "no_such_agent" })).kind, "timeout");
    const t0 = Date.now();
    const silent = await fail({ port: await freeUdpPort(), retries: 1 });
    assertEquals(silent.kind, "timeout");
    assert(Date.now() - t0 < 2000, "timeout bounded by timeoutMs × tries");
  },
});

Deno.test({
  name: "SNMPv3 session recovers after the agent restarts (new engine)",
  ignore: !enabled,
  ...opts,
  async fn() {
    const user = {
      name: "restart",
      authProto: "SHA" as const,
      authKey: "pw-restart",
      privProto: "AES" as const,
      privKey: "pw-restart-priv",
    };
    const port = await freeUdpPort();
    const start = () =>
      startSnmpSim({
        recordings: [V3_REC],
        users: [user],
        v3Default: V3_REC,
        port,
      });
    let agent = await start();
    const s = openSnmp({
      host: "127.0.0.1",
      port,
      version: "v3",
      secLevel: "authPriv",
      secName: "restart",
      authProtocol: "SHA",
      authPassword: "pw-restart",
      privProtocol: "AES",
      privPassword: "pw-restart-priv",
      timeoutMs: 400,
      retries: 0,
    });
    const sysOid = async () => (await s.get(["1.3.6.1.2.1.1.2.0"]))[0]!.value;
    try {
      const first = await sysOid();
      await agent.stop();
      let down: unknown;
      try {
        await sysOid();
      } catch (e) {
        down = e;
      }
      assert(
        down instanceof SnmpError && down.kind === "timeout",
        String(down),
      );
      agent = await start();
      assertEquals(await sysOid(), first);
    } finally {
      s.close();
      await agent.stop();
    }
  },
});

Deno.test({
  name: "stop the simulator",
  ignore: !enabled,
  ...opts,
  async fn() {
    if (simP) await (await simP).stop();
  },
});
