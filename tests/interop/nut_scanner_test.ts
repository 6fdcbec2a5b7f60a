/**
 * Differential test: Debian's nut-scanner 2.8.0 (shipped in nut-server) and
 * ours run with the same arguments against the same NUT upsd and the same
 * Q1 simulator; stdout, exit code and stderr must match (NUT's stderr
 * without libupsclient's NSS notice, which ours deliberately lacks; the
 * usage text is compared only where it is not printed, see below). 2.8.0 has no `-n`, so the simulation scan
 * has no counterpart here.
 */
import { assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { versionNote } from "../../src/version.ts";
import { QxSim } from "../sim/qx.ts";
import { BINARIES } from "../../scripts/binaries.ts";
import {
  dropNssNotice,
  run,
  type RunResult,
  startNutServer,
} from "../e2e/clients_helpers.ts";

const nut = haveNut();
const NUT_SCANNER = "/usr/bin/nut-scanner";
const ENTRY = new URL("../../cli/nut_scanner.ts", import.meta.url).pathname;
const PERMS = BINARIES.find((b) => b.name === "nut-scanner")!.permissions;

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

async function both(args: string[]): Promise<[RunResult, RunResult]> {
  return await Promise.all([theirs(args), ours(args)]);
}

Deno.test({
  name: "nut-scanner -O: same output as NUT 2.8.0 against NUT's upsd",
  ignore: !nut,
  async fn(t) {
    const server = await startNutServer("nut");
    try {
      const p = String(server.port);
      const cases = [
        ["-O", "-s", "127.0.0.1", "-p", p],
        ["-O", "-s", "127.0.0.1", "-p", p, "-P", "-q"],
        ["-O", "-m", "127.0.0.1/32", "-p", p, "-N", "-q"],
        ["-O", "-e", "127.0.0.1", "-p", p, "-q", "-T", "1", "-t", "3"],
      ];
      for (const args of cases) {
        await t.step(args.join(" "), async () => {
          const [n, o] = await both(args);
          assertEquals(n.stdout.length > 0, true, "NUT found nothing");
          assertEquals(o.stdout, n.stdout);
          assertEquals(o.stderr, dropNssNotice(n.stderr));
          assertEquals(o.code, n.code);
        });
      }
    } finally {
      await server.stop();
    }
  },
});

Deno.test({
  name: "nut-scanner messages and exit codes match NUT 2.8.0",
  ignore: !nut,
  async fn(t) {
    const cases: Array<[string[], "all" | "stderr-only"]> = [
      [["-O"], "all"],
      [["-O", "-m", "foo"], "all"],
      [["-O", "-s", "127.0.0.256"], "all"],
      [["-O", "-t", "0", "-T", "0"], "all"],
      [["-O", "-t", "abc", "-q"], "all"],
      [["-V"], "all"],
      [["-Z"], "stderr-only"],
      [["-x"], "stderr-only"],
      // in-band IPMI, no BMC here: "Scanning IPMI bus.", nothing found
      [["-I"], "all"],
      [["-I", "-q", "-P"], "all"],
    ];
    // `-S` depends on the build: NUT's says "No start IP, skipping SNMP" when
    // it found libnetsnmp, else it prints the "not enabled" warning and the
    // usage. Ours has SNMP scanning once it is built in (not through
    // libnetsnmp). Both say which buses they have in `-a`: `-S` is compared
    // with NUT whenever both builds agree on SNMP, and skipped (with the
    // reason) when they do not, since then NUT's output is no reference.
    const snmp = await Promise.all([theirs(["-a"]), ours(["-a"])]);
    const [nutSnmp, ourSnmp] = snmp.map((r) =>
      r.stdout.split("\n").includes("SNMP")
    );
    cases.push([["-S"], "stderr-only"]);
    for (const [args, what] of cases) {
      const snmpMismatch = args[0] === "-S" && nutSnmp !== ourSnmp;
      if (snmpMismatch) {
        console.log(
          `-S not compared: SNMP in NUT's build ${nutSnmp}, in ours ${ourSnmp}`,
        );
      }
      await t.step({
        name: args.join(" "),
        ignore: snmpMismatch,
        fn: async () => {
          const [n, o] = await both(args);
          // glibc's getopt names argv[0], here NUT's full path
          let nutErr = n.stderr.replaceAll(`${NUT_SCANNER}:`, "nut-scanner:");
          // -V: our deno-nut line follows on stderr (README: -V)
          if (args[0] === "-V") nutErr += versionNote();
          assertEquals(o.stderr, nutErr);
          assertEquals(o.code, n.code);
          // usage text differs (no avahi here, -n added): compare it only
          // where it is not printed
          if (what === "all") assertEquals(o.stdout, n.stdout);
        },
      });
    }
  },
});

Deno.test({
  name: "nut-scanner -E: same result as NUT 2.8.0 on a Q1 simulator pty",
  ignore: !nut,
  async fn() {
    const sim = new QxSim();
    try {
      // one after the other: both open the same pty
      const n = await theirs(["-E", sim.path, "-P", "-q"]);
      const o = await ours(["-E", sim.path, "-P", "-q"]);
      assertEquals(
        n.stdout,
        `EATON_SERIAL:driver="blazer_ser",port="${sim.path}"\n`,
      );
      assertEquals(o.stdout, n.stdout);
      assertEquals(o.stderr, dropNssNotice(n.stderr));
      assertEquals(o.code, n.code);
    } finally {
      await sim.close();
    }
  },
});
