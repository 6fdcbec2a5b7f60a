/**
 * Differential test of `nut-scanner -S`: Debian's nut-scanner 2.8.0 and ours
 * scan the same snmpsimd agents (every corpus recording, community = its
 * name; SNMPv3 users) and must print the same. nut-scanner has no SNMP port
 * option, so snmpsimd listens on port 161 of a loopback address of its own.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { fakeIo } from "../fake_io.ts";
import {
  fixtureNames,
  haveSnmpsim,
  type SnmpSim,
  startSnmpSim,
} from "../sim/snmpsim.ts";
import { run, type RunResult } from "../e2e/clients_helpers.ts";
import { BINARIES } from "../../scripts/binaries.ts";
import { scannerMain } from "../../cli/nut_scanner.ts";

const NUT_SCANNER = "/usr/bin/nut-scanner";
const ENTRY = new URL("../../cli/nut_scanner.ts", import.meta.url).pathname;
const PERMS = BINARIES.find((b) => b.name === "nut-scanner")!.permissions;
const HOST = "127.0.53.2";
const V3_REC = "cyberpower";
const USERS = [
  {
    name: "scan_md5_des",
    authProto: "MD5",
    authKey: "authpass01",
    privProto: "DES",
    privKey: "privpass01",
  },
  {
    name: "scan_sha_aes",
    authProto: "SHA",
    authKey: "authpass02",
    privProto: "AES",
    privKey: "privpass02",
  },
  { name: "scan_sha256", authProto: "SHA256", authKey: "authpass03" },
  { name: "scan_none" },
] as const;

const enabled = haveNut() && haveSnmpsim();

function theirs(args: string[]): Promise<RunResult> {
  return run(NUT_SCANNER, args, { timeoutMs: 60_000 });
}

function ours(args: string[]): Promise<RunResult> {
  return run(Deno.execPath(), [
    "run",
    "--quiet",
    "--no-prompt",
    ...PERMS,
    ENTRY,
    ...args,
  ], { timeoutMs: 60_000 });
}

async function oursInProcess(args: string[]): Promise<[string, string]> {
  const io = fakeIo();
  const code = await scannerMain(args, io, { usbIds: [] });
  assertEquals(code, 0);
  return [io.stdout, io.stderr];
}

let simP: Promise<SnmpSim> | undefined;
function sim(): Promise<SnmpSim> {
  simP ??= startSnmpSim({
    recordings: fixtureNames(),
    users: USERS,
    v3Default: V3_REC,
    host: HOST,
    port: 161,
  });
  return simP;
}

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "nut-scanner -S -P: same devices as NUT 2.8.0 for every recording",
  ignore: !enabled,
  ...opts,
  async fn() {
    await sim();
    const diffs: string[] = [];
    let found = 0;
    // Four recordings at a time: NUT's nut-scanner spends most of its run
    // loading Net-SNMP's MIBs.
    const names = fixtureNames();
    for (let i = 0; i < names.length; i += 4) {
      await Promise.all(
        names.slice(i, i + 4).map(async (name) => {
          const args = ["-S", "-s", HOST, "-c", name, "-t", "2", "-P", "-q"];
          const [n, [o]] = await Promise.all([
            theirs(args),
            oursInProcess(args),
          ]);
          if (n.stdout !== o) {
            diffs.push(`${name}:\nNUT:\n${n.stdout}ours:\n${o}`);
          }
          if (n.stdout) found++;
        }),
      );
    }
    assertEquals(diffs, []);
    assert(found > 40, `NUT found devices in only ${found} recordings`);
  },
});

Deno.test({
  name:
    "nut-scanner -S (ups.conf form, CLI process): byte-identical to NUT 2.8.0",
  ignore: !enabled,
  ...opts,
  async fn(t) {
    await sim();
    const cases = [
      ["-S", "-s", HOST, "-c", "cyberpower", "-t", "2"],
      ["-S", "-e", HOST, "-c", "eaton-mgeups_9px", "-t", "2", "-N"],
      ["-S", "-m", `${HOST}/32`, "-c", "apc_ap7900b", "-t", "2", "-q"],
      ["-S", "-s", HOST, "-c", "huaweiups_ups2000", "-t", "2", "-P"],
      // a range where only one address answers (the others time out)
      [
        "-S",
        "-s",
        "127.0.53.1",
        "-e",
        "127.0.53.3",
        "-c",
        "deltaups",
        "-t",
        "1",
        "-P",
      ],
      // no start address
      ["-S", "-c", "deltaups"],
    ];
    for (const args of cases) {
      await t.step(args.join(" "), async () => {
        const [n, o] = await Promise.all([theirs(args), ours(args)]);
        assertEquals(o.stdout, n.stdout);
        assertEquals(o.stderr, n.stderr);
        assertEquals(o.code, n.code);
      });
    }
  },
});

Deno.test({
  name:
    "nut-scanner -S with SNMPv3 users (and bad v3 settings): same as NUT 2.8.0",
  ignore: !enabled,
  ...opts,
  async fn(t) {
    await sim();
    const v3 = (
      ...more: string[]
    ) => ["-S", "-s", HOST, "-t", "2", "-P", "-q", ...more];
    const cases = [
      v3(
        "-l",
        "authPriv",
        "-u",
        "scan_md5_des",
        "-W",
        "authpass01",
        "-X",
        "privpass01",
      ),
      v3(
        "-l",
        "authPriv",
        "-u",
        "scan_sha_aes",
        "-w",
        "SHA",
        "-W",
        "authpass02",
        "-x",
        "AES",
        "-X",
        "privpass02",
      ),
      v3(
        "-l",
        "authNoPriv",
        "-u",
        "scan_sha256",
        "-w",
        "SHA256",
        "-W",
        "authpass03",
      ),
      v3("-l", "noAuthNoPriv", "-u", "scan_none"),
      // wrong pass phrase: nothing found
      v3(
        "-l",
        "authNoPriv",
        "-u",
        "scan_sha256",
        "-w",
        "SHA256",
        "-W",
        "wrongpass",
      ),
      // settings NUT refuses, per address
      v3("-l", "bogus", "-u", "x"),
      v3("-l", "authPriv", "-u", "x", "-W", "authpass01"),
      v3("-l", "authNoPriv"),
      v3("-l", "authNoPriv", "-u", "x", "-w", "SHA1", "-W", "authpass01"),
      v3(
        "-l",
        "authPriv",
        "-u",
        "x",
        "-W",
        "authpass01",
        "-X",
        "privpass01",
        "-x",
        "3DES",
      ),
      v3("-l", "authNoPriv", "-u", "x", "-W", "short"),
    ];
    let found = 0;
    for (const args of cases) {
      await t.step(args.slice(7).join(" "), async () => {
        const [n, [out, err]] = await Promise.all([
          theirs(args),
          oursInProcess(args),
        ]);
        assertEquals(out, n.stdout);
        assertEquals(err, n.stderr);
        if (n.stdout.includes("snmp_version")) found++;
      });
    }
    assertEquals(found, 4, "NUT found the v3 agent with each good user");
  },
});

Deno.test({
  name: "nut-scanner -S -J: the JSON form carries the same devices",
  ignore: !enabled,
  ...opts,
  async fn() {
    await sim();
    const base = ["-S", "-s", HOST, "-c", "cyberpower", "-t", "2", "-q"];
    const [parsable] = await oursInProcess([...base, "-P"]);
    const [json] = await oursInProcess([...base, "-J"]);
    const list = JSON.parse(json) as Array<
      {
        type: string;
        driver: string;
        port: string;
        options: Record<string, string>;
      }
    >;
    const asLines = list.map((d) =>
      `${d.type}:driver="${d.driver}",port="${d.port}"` +
      Object.entries(d.options).map(([k, v]) => `,${k}="${v}"`).join("") + "\n"
    ).join("");
    assertEquals(asLines, parsable);
    assertEquals(list.length, 2);
  },
});

Deno.test({
  name: "stop the SNMP simulator",
  ignore: !enabled,
  ...opts,
  async fn() {
    if (simP) await (await simP).stop();
  },
});
