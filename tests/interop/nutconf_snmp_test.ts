/**
 * `nutconf --scan-snmp` against snmpsimd agents (corpus recordings, one
 * SNMPv3 user): the devices it lists, and the ups.conf sections it prints
 * with `-v`, must be the ones Debian's nut-scanner 2.8.0 and our
 * nut-scanner report for `-S` on the same agent. The printed sections are
 * saved as ups.conf and read back by NUT's upsdrvctl too. Agents listen on
 * port 161 of their own loopback address (nut-scanner has no port option).
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { fakeIo } from "../fake_io.ts";
import { haveSnmpsim, type SnmpSim, startSnmpSim } from "../sim/snmpsim.ts";
import { run } from "../e2e/clients_helpers.ts";
import { main as nutconf } from "../../cli/nutconf.ts";
import { scannerMain } from "../../cli/nut_scanner.ts";
import { parseUpsConf } from "../../src/config/ups_conf.ts";

const HOST = "127.0.53.4";
const RECORDINGS = [
  "cyberpower",
  "eaton-mgeups_9px",
  "apc_ap7900b",
  "huaweiups_ups2000",
];
const USER = {
  name: "conf_sha_aes",
  authProto: "SHA",
  authKey: "authpass02",
  privProto: "AES",
  privKey: "privpass02",
} as const;

const enabled = haveNut() && haveSnmpsim();
const opts = { sanitizeResources: false, sanitizeOps: false };

/** One scan asked both ways: nutconf attributes and nut-scanner options. */
interface Case {
  label: string;
  attrs: string[];
  scannerArgs: string[];
}

const CASES: Case[] = [
  ...RECORDINGS.map((c) => ({
    label: c,
    attrs: [`community=${c}`],
    scannerArgs: ["-c", c],
  })),
  {
    label: "SNMPv3 authPriv SHA/AES",
    attrs: [
      "sec-level=authPriv",
      `sec-name=${USER.name}`,
      "auth-protocol=SHA",
      `auth-password=${USER.authKey}`,
      "priv-protocol=AES",
      `priv-password=${USER.privKey}`,
    ],
    scannerArgs: [
      "-l",
      "authPriv",
      "-u",
      USER.name,
      "-w",
      "SHA",
      "-W",
      USER.authKey,
      "-x",
      "AES",
      "-X",
      USER.privKey,
    ],
  },
  // an unknown community: nobody finds anything
  {
    label: "no answer",
    attrs: ["community=nosuch"],
    scannerArgs: ["-c", "nosuch"],
  },
];

/** driver, port and options of each section, in order, names left out. */
function devicesOf(upsConf: string): Array<Record<string, string>> {
  const conf = parseUpsConf(upsConf);
  assertEquals(conf.errors, []);
  return conf.sections.map((s) => Object.fromEntries(s.values));
}

async function ourNutconf(args: string[]): Promise<string> {
  const io = fakeIo();
  const code = await nutconf(args, io);
  assertEquals(code, 0, io.stderr);
  return io.stdout;
}

async function ourScanner(args: string[]): Promise<string> {
  const io = fakeIo();
  assertEquals(await scannerMain(args, io, { usbIds: [] }), 0, io.stderr);
  return io.stdout;
}

let simP: Promise<SnmpSim> | undefined;
function sim(): Promise<SnmpSim> {
  simP ??= startSnmpSim({
    recordings: RECORDINGS,
    users: [USER],
    v3Default: "cyberpower",
    host: HOST,
    port: 161,
  });
  return simP;
}

Deno.test({
  name:
    "nutconf --scan-snmp: the devices and ups.conf sections nut-scanner -S reports (NUT 2.8.0's and ours)",
  ignore: !enabled,
  ...opts,
  async fn(t) {
    await sim();
    const dir = await Deno.makeTempDir({ prefix: "nutconf_snmp_" });
    let found = 0;
    try {
      for (const c of CASES) {
        await t.step(c.label, async () => {
          const spec = [
            "--scan-snmp",
            HOST,
            HOST,
            "timeout=2000000",
            ...c.attrs,
          ];
          const scan = ["-S", "-s", HOST, "-t", "2", ...c.scannerArgs];
          const [nutConfForm, nutParsable, oursConfForm, list, sections] =
            await Promise.all([
              run("/usr/bin/nut-scanner", [...scan, "-q"], {
                timeoutMs: 60_000,
              }),
              run("/usr/bin/nut-scanner", [...scan, "-P", "-q"], {
                timeoutMs: 60_000,
              }),
              ourScanner([...scan, "-q"]),
              ourNutconf(["--local", dir, ...spec]),
              ourNutconf(["--local", dir, "-v", ...spec]),
            ]);
          // Plain list: "SNMP snmp-ups <port>" per device, as -P's first fields.
          const expected = nutParsable.stdout.split("\n").filter(Boolean).map(
            (l) => {
              const m = /^(\w+):driver="([^"]*)",port="([^"]*)"/.exec(l);
              assert(m, l);
              return `${m[1]} ${m[2]} ${m[3]}\n`;
            },
          ).join("");
          assertEquals(list, expected);
          // -v prints ups.conf sections: saved as ups.conf, they hold what
          // both nut-scanners write.
          await Deno.writeTextFile(`${dir}/ups.conf`, sections);
          const written = devicesOf(await Deno.readTextFile(`${dir}/ups.conf`));
          assertEquals(written, devicesOf(nutConfForm.stdout));
          assertEquals(written, devicesOf(oursConfForm));
          if (written.length === 0) return;
          found++;
          // NUT's upsdrvctl reads the file nutconf printed: one snmp-ups
          // per section (testing mode starts nothing).
          const names = parseUpsConf(sections).sections.map((s) => s.name);
          const ctl = await run("/sbin/upsdrvctl", ["-t", "start"], {
            timeoutMs: 30_000,
            env: { NUT_CONFPATH: dir },
          });
          for (const n of names) {
            assert(
              ctl.stdout.includes(`snmp-ups -a ${n}`) ||
                ctl.stderr.includes(`snmp-ups -a ${n}`),
              ctl.stdout + ctl.stderr,
            );
          }
        });
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
    assertEquals(found, CASES.length - 1, "every answering agent was found");
  },
});

Deno.test({
  name: "stop the SNMP simulator (nutconf)",
  ignore: !enabled,
  ...opts,
  async fn() {
    if (simP) await (await simP).stop();
  },
});
