/**
 * A `#` (and `\`) inside a value, across the four combinations of NUT
 * 2.8.0's upsd/upsc and ours: both upsds send the same bytes (`\#` inside
 * the quotes, since NUT's parser refuses a bare `#` there) and both upscs
 * print the same text. Fed once by NUT's dummy-ups, once by ours; only the
 * drivers differ: NUT's copies ups.mfr/model/serial to device.* already
 * escaped, so its device.mfr reads `Acme\#1` (see README, Drivers).
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  DUMMY_DEV,
  freePort,
  LineClient,
  makeTree,
  type Proc,
  ROOT,
  spawn,
  startDummy,
  startNutUpsd,
  startOurUpsd,
  upsConf,
  UPSD_USERS,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { run } from "./clients_helpers.ts";

const DEV =
  DUMMY_DEV.replace("ups.mfr: Dummy Manufacturer", "ups.mfr: Acme\\#1") +
  'ups.model: "Smart \\# 1500"\nups.serial: "a\\\\\\#b"\n';
const VARS = [
  "ups.mfr",
  "ups.model",
  "ups.serial",
  "device.mfr",
  "device.model",
  "device.serial",
];

type Driver = "NUT" | "ours";

async function withServers(
  driver: Driver,
  fn: (ports: { nut: number; ours: number }) => Promise<void>,
): Promise<void> {
  const nut = freePort();
  const ours = freePort();
  const files = {
    "ups.conf": upsConf(["dummy"]),
    "upsd.users": UPSD_USERS,
    "dummy.dev": DEV,
  };
  const nutTree = makeTree({
    ...files,
    "upsd.conf": `LISTEN 127.0.0.1 ${nut}\n`,
  });
  const ourTree = makeTree(
    { ...files, "upsd.conf": `LISTEN 127.0.0.1 ${ours}\n` },
    nutTree.state,
  );
  const procs: Proc[] = [];
  try {
    if (driver === "NUT") procs.push(await startDummy(nutTree, "dummy"));
    else {
      procs.push(spawn(
        Deno.execPath(),
        [
          "run",
          "--allow-all",
          `${ROOT}drivers/dummy_ups.ts`,
          "-a",
          "dummy",
          "-u",
          "root",
          "-F",
        ],
        { ...nutTree.env, NUT_ALTPIDPATH: nutTree.state },
        nutTree.dir,
      ));
      await waitFor(
        () =>
          Deno.stat(`${nutTree.state}/dummy-ups-dummy`).then(
            () => true,
            () => false,
          ),
        30_000,
        20,
        "our dummy-ups socket",
      );
    }
    procs.push(await startNutUpsd(nutTree, nut));
    procs.push(await startOurUpsd(ourTree, ours));
    // both servers hold the driver's data
    for (const port of [nut, ours]) {
      const c = await LineClient.connect(port);
      try {
        await waitFor(
          async () =>
            (await c.ask("GET VAR dummy device.serial"))?.startsWith("VAR ") ??
              false,
          30_000,
          50,
          "driver data in upsd",
        );
      } finally {
        c.close();
      }
    }
    await fn({ nut, ours });
  } finally {
    for (const p of procs.reverse()) await p.kill();
    ourTree.remove();
    nutTree.remove();
  }
}

/** GET VAR of each variable and the whole LIST VAR, as sent. */
async function wire(port: number): Promise<string[]> {
  const c = await LineClient.connect(port);
  try {
    const out: string[] = [];
    for (const v of VARS) out.push((await c.ask(`GET VAR dummy ${v}`))!);
    return [...out, ...await c.list("LIST VAR dummy")];
  } finally {
    c.close();
  }
}

/** upsc's output: the whole list, then each variable alone. */
async function upsc(cmd: string[], port: number): Promise<string[]> {
  const out: string[] = [];
  for (const extra of [[], ...VARS.map((v) => [v])]) {
    const r = await run(cmd[0]!, [
      ...cmd.slice(1),
      `dummy@127.0.0.1:${port}`,
      ...extra,
    ], {
      timeoutMs: 30_000,
    });
    assertEquals(r.code, 0, r.stderr);
    out.push(r.stdout);
  }
  return out;
}

const NUT_UPSC = ["/usr/bin/upsc"];
const OUR_UPSC = [Deno.execPath(), "run", "--allow-all", `${ROOT}cli/upsc.ts`];

for (const driver of ["NUT", "ours"] as const) {
  Deno.test({
    name:
      `# in values (${driver} dummy-ups): our upsd sends NUT's bytes; our upsc prints what NUT's prints`,
    ignore: !haveNut(),
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      await withServers(driver, async ({ nut, ours }) => {
        const nutWire = await wire(nut);
        assertEquals(await wire(ours), nutWire);
        // the escape on the wire, as NUT's upsd sends it
        assert(
          nutWire.includes('VAR dummy ups.mfr "Acme\\#1"'),
          nutWire.join("\n"),
        );
        const reference = await upsc(NUT_UPSC, nut);
        assertEquals(await upsc(OUR_UPSC, nut), reference);
        assertEquals(await upsc(NUT_UPSC, ours), reference);
        assertEquals(await upsc(OUR_UPSC, ours), reference);
        const printed = reference[1 + VARS.indexOf("device.mfr")];
        assertEquals(reference[1 + VARS.indexOf("ups.mfr")], "Acme#1\n");
        // NUT's driver escapes its device.* copy twice; ours does not
        assertEquals(printed, driver === "NUT" ? "Acme\\#1\n" : "Acme#1\n");
      });
    },
  });
}
