/**
 * Differential tests: the same scenarios through NUT 2.8.0's upsmon and
 * ours (both `-p -F`), against NUT's dummy-ups + upsd. Both must give the
 * same notifications, shutdown decision, POWERDOWNFLAG and `-K` answer.
 * NUT's upsmon writes /run/nut/upsmon.pid, so scenarios run one at a time.
 */
import { assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import {
  checkK,
  lines,
  type MonConf,
  type NutStack,
  query,
  startNutStack,
  startUpsmon,
  waitChildrenGone,
  waitNutPidFree,
  writeMonConf,
} from "../fixtures/upsmon/harness.ts";

const HAVE = haveNut();

interface Outcome {
  notifications: string[];
  shutdown: string[];
  flag: string | undefined;
  k: number;
  upsdStatus: string;
}

interface Scenario {
  seq: string;
  conf?: MonConf;
  /** Before upsmon starts (e.g. plant a stale flag). */
  before?(dir: string): Promise<void>;
  /** While upsmon runs; resolve when the scenario is over. */
  during?(stack: NutStack, dir: string): Promise<void>;
  /** Max run time when upsmon does not exit by itself. */
  runMs: number;
}

async function play(impl: "ours" | "nut", s: Scenario): Promise<Outcome> {
  for (let attempt = 0;; attempt++) {
    if (impl === "nut") await waitNutPidFree();
    const r = await playOnce(impl, s);
    // another NUT upsmon (another test file) took /run/nut/upsmon.pid
    if (r !== "busy" || attempt >= 5) {
      if (r === "busy") throw new Error("NUT upsmon kept refusing to start");
      return r;
    }
  }
}

async function playOnce(
  impl: "ours" | "nut",
  s: Scenario,
): Promise<Outcome | "busy"> {
  const stack = await startNutStack(s.seq);
  try {
    const dir = await writeMonConf(stack, impl, s.conf);
    await s.before?.(dir);
    const mon = startUpsmon(impl, dir);
    try {
      const exited = mon.proc.status.then(() => true);
      const during = s.during?.(stack, dir) ?? Promise.resolve();
      await Promise.race([
        exited,
        during.then(() => new Promise((r) => setTimeout(r, s.runMs))),
        new Promise((r) => setTimeout(r, s.runMs + 20_000)),
      ]);
    } finally {
      await mon.stop();
    }
    if ((await mon.output).includes("previous upsmon instance")) return "busy";
    // notifiers run in the background: wait until the last one is gone
    await waitChildrenGone(dir);
    let upsdStatus = "";
    try {
      upsdStatus = await query(stack.port, "GET VAR seq ups.status");
    } catch {
      upsdStatus = "(upsd down)";
    }
    const port = String(stack.port);
    return {
      notifications: (await lines(`${dir}/notify.log`)).map((l) =>
        l.replace(port, "PORT")
      ),
      shutdown: await lines(`${dir}/shutdown.log`),
      flag: await Deno.readTextFile(`${dir}/killpower`).catch(() => undefined),
      k: await checkK(impl, dir),
      upsdStatus,
    };
  } finally {
    await stack.stop();
  }
}

async function both(s: Scenario): Promise<Outcome> {
  await Deno.mkdir("/run/nut", { recursive: true });
  const nut = await play("nut", s);
  const ours = await play("ours", s);
  // NUT forks one notifier per event, so events of one poll cycle can land
  // in notify.log in any order: compare NUT's as a multiset
  assertEquals(
    { ...ours, notifications: [...ours.notifications].sort() },
    { ...nut, notifications: [...nut.notifications].sort() },
  );
  return ours;
}

const UPS = "seq@127.0.0.1:PORT";
const opts = { ignore: !HAVE };

Deno.test("interop upsmon: power loss to LB on a primary", opts, async () => {
  const r = await both({
    seq:
      "ups.status: OL\nTIMER 2\nups.status: OB\nTIMER 2\nups.status: OB LB\nTIMER 10000\n",
    runMs: 15_000,
  });
  assertEquals(r.notifications, [
    `ONBATT ${UPS}`,
    `LOWBATT ${UPS}`,
    "SHUTDOWN ",
  ]);
  assertEquals(r.shutdown, ["shutdown"]);
  assertEquals(r.flag, "upsmon-shutdown-file");
  assertEquals(r.k, 0);
  assertEquals(r.upsdStatus, 'VAR seq ups.status "FSD OB LB"');
});

Deno.test(
  "interop upsmon: power back before LB; stale flag removed at start",
  opts,
  async () => {
    const r = await both({
      seq:
        "ups.status: OL\nTIMER 2\nups.status: OB\nTIMER 5\nups.status: OL\nTIMER 10000\n",
      before: (dir) =>
        Deno.writeTextFile(`${dir}/killpower`, "upsmon-shutdown-file"),
      during: (_s, dir) =>
        waitFor(
          async () => (await lines(`${dir}/notify.log`)).length >= 2,
          15_000,
        ),
      runMs: 1500,
    });
    assertEquals(r.notifications, [`ONBATT ${UPS}`, `ONLINE ${UPS}`]);
    assertEquals([r.shutdown, r.flag, r.k], [[], undefined, 1]);
  },
);

Deno.test(
  "interop upsmon: secondary on OB+LB gives up on the primary",
  opts,
  async () => {
    const r = await both({
      seq: "ups.status: OL\nTIMER 2\nups.status: OB LB\nTIMER 10000\n",
      conf: { role: "secondary", hostSync: 2 },
      runMs: 15_000,
    });
    assertEquals(r.notifications, [
      `ONBATT ${UPS}`,
      `LOWBATT ${UPS}`,
      "SHUTDOWN ",
    ]);
    assertEquals([r.shutdown, r.flag, r.k], [
      ["shutdown"],
      "upsmon-shutdown-file",
      0,
    ]);
    // a secondary never sets FSD
    assertEquals(r.upsdStatus, 'VAR seq ups.status "OB LB"');
  },
);

Deno.test(
  "interop upsmon: upsd lost while on battery shuts down after DEADTIME",
  opts,
  async () => {
    const r = await both({
      seq: "ups.status: OL\nTIMER 2\nups.status: OB\nTIMER 10000\n",
      during: async (stack, dir) => {
        await waitFor(
          async () => (await lines(`${dir}/notify.log`)).length >= 1,
          15_000,
        );
        await stack.stopUpsd();
      },
      runMs: 10_000,
    });
    assertEquals(r.notifications, [
      `ONBATT ${UPS}`,
      `COMMBAD ${UPS}`,
      "SHUTDOWN ",
    ]);
    assertEquals([r.shutdown, r.k], [["shutdown"], 0]);
  },
);

Deno.test(
  "interop upsmon: driver gone while on line: COMMBAD, no shutdown",
  opts,
  async () => {
    const r = await both({
      seq: "ups.status: OL\nTIMER 10000\n",
      during: async (stack, dir) => {
        // upsmon is logged in (and polls right after its login)
        await waitFor(
          async () =>
            (await query(stack.port, "GET NUMLOGINS seq")) ===
              "NUMLOGINS seq 1",
          15_000,
        );
        await stack.stopDriver();
        await waitFor(
          async () => (await lines(`${dir}/notify.log`)).length >= 1,
          15_000,
        );
      },
      runMs: 5000,
    });
    assertEquals(r.notifications, [`COMMBAD ${UPS}`]);
    assertEquals([r.shutdown, r.flag, r.k], [[], undefined, 1]);
  },
);
