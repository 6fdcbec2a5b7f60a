/**
 * Differential tests: NUT 2.8.0's `belkinunv` and ours on the same Belkin
 * "Universal UPS" simulator on a pty (cases at once). The `-d 1` dumps
 * (driver.* aside) and the register reads up to the second poll must
 * match per state; `-x wait` (NUT's standalone mode) must print the same
 * status lines, send the same writes and exit alike (plain, dumbterm with
 * flash, a battery level reached later, nohang on a dead unit); `-L`, the
 * `-k` writes and the DTR/RTS wake-up (tests/sim/modem_lines.ts) must
 * match; under NUT's upsd the listings, every
 * instant command and every SET must send the same writes.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { UnvModel, UnvSim } from "../sim/belkinunv.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";
import { LineFiles, runNutLined, runOurLined } from "../sim/modem_lines.ts";

const nut = haveNut();
const OURS = ourDriverArgv("belkinunv");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = belkinunv\n port = ${path}\n${extra}`;

async function both(
  tweak: (m: UnvModel) => void,
  args: string[],
  extra = "",
) {
  const a = new UnvSim(), b = new UnvSim();
  tweak(a.model);
  tweak(b.model);
  try {
    const [t, o] = await Promise.all([
      runNutDriver("belkinunv", conf(a.path, extra), args),
      runOurDriver("belkinunv", conf(b.path, extra), args),
    ]);
    await Promise.all([a.drained(), b.drained()]);
    return { t, o, nutReq: [...a.requests], ourReq: [...b.requests] };
  } finally {
    await a.close();
    await b.close();
  }
}

type State = "online" | "battery" | "low" | "off" | "alarms";
const STATES: Array<[State, string]> = [
  ["online", "ups.status: OL CHRG"],
  ["battery", "ups.status: OB ACFAIL"],
  ["low", "ups.status: OB ACFAIL LB"],
  ["off", "ups.status: OFF CHRG"],
  ["alarms", "ups.status: OL OVER OVERHEAT COMMFAULT CHRG DEPLETED RB"],
];

/** The battery level climbs past 80 % after a few reads. */
function charging(m: UnvModel): void {
  m.regs.set(0x21, 74);
  let reads = 0;
  const answer = m.answer.bind(m);
  m.answer = (type, reg, value) => {
    if (type === 3 && reg === 0x21 && ++reads === 3) m.regs.set(0x21, 91);
    return answer(type, reg, value);
  };
}

Deno.test({
  name: "belkinunv -d 1 and -x wait match NUT 2.8.0",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const dumps = STATES.map(([s]) => both((m) => m.setState(s), ["-d", "1"]));
    const waits = [
      both(() => {}, ["-d", "1"], " wait\n"),
      both(() => {}, ["-d", "1"], " wait = 50\n flash\n dumbterm\n"),
      both(charging, ["-d", "1"], " wait = 80\n dumbterm\n"),
      both((m) => (m.silent = true), ["-d", "1"], " wait\n nohang\n"),
    ];
    const runs = await Promise.all(dumps);
    runs.forEach((r, i) => {
      const [state, expect] = STATES[i]!;
      assertEquals(r.o.code, r.t.code, r.o.stderr);
      const theirs = parseDump(r.t.stdout);
      assertEquals(parseDump(r.o.stdout), theirs, state);
      assert(theirs.includes(expect), theirs.join("\n"));
      const n = r.nutReq.indexOf("R:22", r.nutReq.indexOf("R:22") + 1);
      assertEquals(r.ourReq.slice(0, n), r.nutReq.slice(0, n), state);
    });
    const w = await Promise.all(waits);
    w.forEach((r, i) => {
      assertEquals(r.o.code, r.t.code, `${i}: ${r.o.stderr}`);
      assertEquals(r.o.stdout, r.t.stdout, `wait case ${i}`);
      assertEquals(r.o.stderr, r.t.stderr, `wait case ${i}`);
      assertEquals(r.ourReq, r.nutReq, `wait case ${i}`);
    });
    assertEquals(w[1]!.nutReq.slice(-2), ["W:16=2", "W:15=1"]);
    assert(w[2]!.t.stdout.includes("battery level: 91%"), w[2]!.t.stdout);
    assertEquals(w[3]!.t.code, 1);
    assert(w[3]!.t.stdout.includes("UPS is not responding"), w[3]!.t.stdout);
  },
});

Deno.test({
  name: "belkinunv -L and -k writes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines(["/lib/nut/belkinunv"]),
    );
    // -h: the variables, then the driver's own help text
    const help = async (argv: string[]) => {
      const out = new TextDecoder().decode(
        (await new Deno.Command(argv[0]!, { args: [...argv.slice(1), "-h"] })
          .output()).stdout,
      );
      return out.slice(out.indexOf("Acceptable values"));
    };
    const theirHelp = await help(["/lib/nut/belkinunv"]);
    assertEquals(await help(OURS), theirHelp);
    assert(theirHelp.includes("Writable variables"), theirHelp);
    const a = new UnvSim(), b = new UnvSim();
    const la = await LineFiles.create(), lb = await LineFiles.create();
    try {
      const [t, o] = await Promise.all([
        runNutLined("belkinunv", conf(a.path), ["-k"], la),
        runOurLined("belkinunv", conf(b.path), ["-k"], lb),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await Promise.all([a.drained(), b.drained()]);
      assertEquals(b.requests, a.requests);
      assertEquals(a.requests, ["W:16=10", "W:15=1"]);
      // DTR low, RTS high: the wake-up into the smart protocol
      assertEquals(await lb.changes(), await la.changes());
      assertEquals(await la.changes(), ["dtr=0 rts=0", "dtr=0 rts=1"]);
    } finally {
      await a.close();
      await b.close();
      await la.remove();
      await lb.remove();
    }
  },
});

const CMDS = [
  "test.failure.start",
  "test.failure.stop",
  "test.battery.start",
  "test.battery.stop",
  "beeper.disable",
  "beeper.enable",
  "beeper.mute",
  "beeper.on",
  "beeper.off",
  "shutdown.stayoff",
  "shutdown.reboot",
  "shutdown.reboot.graceful",
  "reset.input.minmax",
];
const SETS = [
  "input.sensitivity=low",
  "ups.beeper.status=muted",
  "input.transfer.low=92",
  "input.transfer.high=140",
];

Deno.test({
  name: "belkinunv under NUT upsd: same listings and writes as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new UnvSim();
      try {
        return await withNutUpsd("belkinunv", argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const list =
            (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env))
              .out;
          const rw = (await runTool("/usr/bin/upsrw", [s.target], s.env)).out;
          for (const c of CMDS) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, c],
              s.env,
            );
            assertEquals(r.code, 0, `${c}: ${r.err}`);
          }
          for (const set of SETS) {
            const r = await runTool(
              "/usr/bin/upsrw",
              ["-s", set, ...auth, s.target],
              s.env,
            );
            assertEquals(r.code, 0, `${set}: ${r.err}`);
          }
          await sim.drained();
          return { list, rw, sent: sim.writes };
        });
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run(["/lib/nut/belkinunv"]),
      run(OURS),
    ]);
    assertEquals(mine, theirs);
    assert(theirs.sent.includes("W:15=40"), JSON.stringify(theirs.sent));
    assert(theirs.sent.includes("W:0c=2"), JSON.stringify(theirs.sent));
  },
});
