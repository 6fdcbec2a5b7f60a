/**
 * nut-scanner's XML (`-M`) and IPMI (`-I`) buses side by side with Debian's
 * NUT 2.8.0 build (nut-xml, nut-ipmi installed). `-M`: simulated network
 * cards (tests/sim/netxml_discovery.ts) on their own loopback addresses
 * answer the UDP `<SCAN_REQUEST/>` on port 4679, as NUT's port is fixed.
 * `-I`: OpenIPMI's ipmi_sim serves one PSU (tests/sim/ipmi_psu.ts) over IPMI
 * LAN on port 623 of its own loopback address (NUT's scan reaches 623 only,
 * so this part needs root). stdout, stderr and exit codes must match; where
 * NUT scans several addresses at once its stderr lines come in thread
 * order, so they are compared as a sorted list.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { run, type RunResult } from "../e2e/clients_helpers.ts";
import { BINARIES } from "../../scripts/binaries.ts";
import {
  NmcDiscoverySim,
  randomLoopback,
  scanAnswer,
} from "../sim/netxml_discovery.ts";
import { IpmiSim, PSU } from "../sim/ipmi_psu.ts";

const nut = haveNut();
const NUT_SCANNER = "/usr/bin/nut-scanner";
const ENTRY = new URL("../../cli/nut_scanner.ts", import.meta.url).pathname;
const PERMS = BINARIES.find((b) => b.name === "nut-scanner")!.permissions;
const root = Deno.uid() === 0;
const ipmiSim = (() => {
  try {
    return Deno.statSync("/usr/bin/ipmi_sim").isFile;
  } catch {
    if (Deno.env.get("CI") === "true") throw new Error("ipmi_sim missing");
    return false;
  }
})();

function theirs(args: string[]): Promise<RunResult> {
  return run(NUT_SCANNER, args, { timeoutMs: 60_000 });
}

function ours(args: string[]): Promise<RunResult> {
  return run(
    Deno.execPath(),
    ["run", "--quiet", "--no-prompt", ...PERMS, ENTRY, ...args],
    { timeoutMs: 60_000 },
  );
}

const sorted = (text: string) => text.split("\n").sort();

/** Runs both, compares; `anyOrder` compares stderr lines as a set. */
async function same(args: string[], anyOrder = false): Promise<RunResult> {
  const [n, o] = await Promise.all([theirs(args), ours(args)]);
  assertEquals(o.stdout, n.stdout);
  if (anyOrder) assertEquals(sorted(o.stderr), sorted(n.stderr));
  else assertEquals(o.stderr, n.stderr);
  assertEquals(o.code, n.code);
  return n;
}

/** `n` consecutive loopback addresses from base.10. */
function block(n = 5): string[] {
  const [a, b] = randomLoopback().split(".").slice(1);
  return Array.from({ length: n }, (_, i) => `127.${a}.${b}.${10 + i}`);
}

/**
 * Replies that probe NUT's XML parsing (a push parser fed one datagram):
 * prolog, entities, quotes, truncated tags, nesting, a second root, text
 * around the root, encodings, a reply longer than NUT's 520-byte buffer.
 */
const ODD_REPLIES = [
  '<A type="x">garbage<<<',
  '<A type="x"></B>',
  '<A type="x">',
  '<?xml version="1.0"?>\n<!-- c --><A type="x"/>',
  'hello <A type="x"/>',
  "<A type='x'/>",
  '<ns:A xmlns:ns="u" type="x"/>',
  '<A type="x" class="DEV.PDU"/>',
  '<A type="a&b"/>',
  '<A type="x"><B/></A>',
  '<A type="x"/><B/>',
  '<A type="x" n="' + "y".repeat(600) + '"/>',
  '<A type="x&#65;&lt;"/>',
  '<A\ntype = "x"/>',
  '<A type="x"/>\u0000',
  '<A type="x"/><A type="y"/>',
  '<A type=""/>',
  '<?xml version="1.0" encoding="ISO-8859-1"?><A type="\xe9"/>',
  '<A type="x"/>junk',
  '<A type="x"> <!-- c --> <B a="1">t</B><C/></A>  ',
  '<A type="x"><B></A>',
  '<A type="x" n="1',
  '<A type="x" n=1',
  '<A n="1" ',
  '<A type="x"><B c="1" c="2"/></A>',
  '<A type="x">a & b</A>',
  '<?xml version="1.0"?>',
  "",
  '<A type="x"/><!-- c -->',
];

Deno.test({
  name: "nut-scanner -a and -I in-band: same as NUT 2.8.0",
  ignore: !nut,
  async fn() {
    // NUT's build lists every bus in its order; ours has the same but
    // Avahi (README: nut-scanner)
    const [n, o] = await Promise.all([theirs(["-a"]), ours(["-a"])]);
    assertEquals(n.stdout.split("\n").includes("IPMI"), true);
    assertEquals(o.stdout, n.stdout.replace("AVAHI\n", ""));
    assertEquals([o.stderr, o.code], [n.stderr, n.code]);
    // no local BMC here: both say they scan, find nothing, exit 0
    for (const args of [["-I"], ["-I", "-P"], ["-I", "-q", "-L", "1"]]) {
      await same(args);
    }
  },
});

Deno.test({
  name: "nut-scanner -M: same devices and messages as NUT 2.8.0",
  ignore: !nut,
  async fn(t) {
    const ip = block();
    const sims = await Promise.all([
      NmcDiscoverySim.start(ip[0]!),
      // an ePDU speaks XML v4 only: NUT refuses it
      NmcDiscoverySim.start(
        ip[1]!,
        '<?xml version="1.0"?><SCAN_ANSWER class="DEV.PDU" type="ePDU"/>',
      ),
      NmcDiscoverySim.start(ip[2]!, "not xml at all"),
      NmcDiscoverySim.start(ip[3]!, '<SCAN_ANSWER name="no type"/>'),
      NmcDiscoverySim.start(
        ip[4]!,
        scanAnswer("Network Management Card &amp; Co"),
      ),
    ]);
    try {
      const cases: Array<[string[], boolean]> = [
        [["-M", "-s", ip[0]!], false],
        [["-M", "-s", ip[0]!, "-P", "-q"], false],
        [["-M", "-e", ip[4]!, "-N"], false],
        [["-M", "-s", ip[1]!, "-t", "1"], false],
        [["-M", "-s", ip[2]!, "-q"], false],
        [["-M", "-m", `${ip[3]}/32`], false],
        // a range: every card asked, the two UPS cards listed
        [["-M", "-s", ip[0]!, "-e", ip[1]!, "-P"], true],
        [["-M", "-s", ip[4]!, "-e", ip[3]!, "-q", "-T", "1"], true],
      ];
      for (const [args, anyOrder] of cases) {
        await t.step(args.join(" "), async () => {
          await same(args, anyOrder);
        });
      }
      await t.step("odd replies, one range (any order)", async () => {
        const odd = block(ODD_REPLIES.length);
        const cards = await Promise.all(
          ODD_REPLIES.map((r, i) => NmcDiscoverySim.start(odd[i]!, r)),
        );
        try {
          const args = ["-M", "-s", odd[0]!, "-e", odd.at(-1)!, "-P", "-q"];
          const [n, o] = await Promise.all([theirs(args), ours(args)]);
          assertEquals(sorted(o.stdout), sorted(n.stdout));
          assertEquals(sorted(o.stderr), sorted(n.stderr));
          assertEquals(o.code, n.code);
          // both kinds present: some accepted, some refused
          assertEquals(n.stdout.includes("XML:"), true);
          assertEquals(n.stderr.includes("not deemed compatible"), true);
        } finally {
          for (const c of cards) await c.close();
        }
      });
      await t.step("one unparsable address is sent as is", async () => {
        // NUT skips the range check for one address (inet_pton fails, the
        // request goes to 0.0.0.0); a range is checked
        await Promise.all([
          same(["-M", "-s", "127.0.0.256", "-t", "1"]),
          same(["-M", "-s", "127.0.0.256", "-e", ip[1]!, "-t", "1"]),
        ]);
      });
      await t.step("a silent address: three tries of -t each", async () => {
        await sims[0]!.close();
        const t0 = Date.now();
        const n = await same(["-M", "-s", ip[0]!, "-t", "1", "-P"]);
        assertEquals(n.stdout, "");
        assertEquals(Date.now() - t0 >= 3000, true);
      });
      assertEquals(
        sims[0]!.requests.every((r) => r === "<SCAN_REQUEST/>"),
        true,
      );
    } finally {
      for (const s of sims.slice(1)) await s.close();
    }
  },
});

Deno.test({
  name: "nut-scanner -I over IPMI LAN: same as NUT 2.8.0 against ipmi_sim",
  ignore: !nut || !ipmiSim || !root,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const ip = block();
    const host = ip[0]!;
    const sim = await IpmiSim.start(PSU, { host, port: 623 });
    // a FRU id under 10: NUT's hex and our decimal agree
    assert(PSU.fruId < 10);
    const found = `IPMI:driver="nut-ipmipsu",port="id${PSU.fruId}@${host}"\n`;
    try {
      const cred = ["-b", "admin", "-B", "pw"];
      const cases = [
        ["-I", "-s", host, ...cred],
        ["-I", "-s", host, ...cred, "-P", "-q"],
        ["-I", "-m", `${host}/32`, ...cred, "-d", "NONE", "-q"],
        ["-I", "-e", host, ...cred, "-d", "STRAIGHT_PASSWORD_KEY", "-L", "0"],
        ["-I", "-s", host, ...cred, "-d", "MD6", "-q"],
        ["-I", "-s", host, "-b", "admin", "-B", "wrong", "-q"],
        ["-I", "-s", host, "-q"],
      ];
      for (const args of cases) {
        await t.step(args.join(" "), async () => {
          await same(args);
        });
      }
      await t.step("the found PSU, parsable", async () => {
        assertEquals(
          (await theirs(["-I", "-s", host, ...cred, "-P", "-q"])).stdout,
          found,
        );
      });
      // NUT 2.8.0 probes every address of a range (5 s per silent one) but
      // drops what it finds: ours keeps it (fixed in later NUT)
      await t.step(
        "a range: NUT 2.8.0 loses the PSU, ours lists it",
        async () => {
          const args = ["-I", "-s", host, "-e", ip[1]!, ...cred, "-P", "-q"];
          const [n, o] = await Promise.all([theirs(args), ours(args)]);
          assertEquals(n.stdout, "");
          assertEquals(o.stdout, found);
          assertEquals([o.stderr, o.code], [n.stderr, n.code]);
        },
      );
    } finally {
      await sim.close();
    }
  },
});
