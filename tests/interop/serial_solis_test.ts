/**
 * Differential tests: NUT 2.8.0's `solis` and ours read the same
 * kind of Microsol packet stream on a pty (one simulator each, at once).
 * The `-d 1` dumps (driver.* aside) must match for each model and state
 * (input volts from byte 6 on either curve, autonomy windows with and
 * without battery extension, the BZ1200-BR's own lines and frequency,
 * negative temperature); `-L` and the
 * `-k` bytes must match; served by NUT's upsd, both instant commands send
 * the same bytes and both follow a change of state. Bad input (silence,
 * noise, cut and spoiled packets) is in drivers/microsol/solis_test.ts:
 * NUT 2.8.0's solis never resynchronises and keeps its last values fresh.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { type MicrosolRaw, MicrosolSim, MS_FLAG } from "../sim/microsol.ts";
import { runTool } from "../sim/tripplite_ser.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import {
  listVarLines,
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";

const nut = haveNut();
const NAME = "solis";
const OURS = ourDriverArgv("solis");
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string) => `[sim]\n driver = ${NAME}\n port = ${path}\n`;
const F = MS_FLAG;

const CASES: Array<[Partial<MicrosolRaw>, string, string]> = [
  [
    { model: 173, relay: 190, realPower: 50, battV: 150 },
    "",
    "ups.model: Solis 1.5",
  ],
  [
    {
      model: 174,
      relay: 200,
      realPower: 600,
      battV: 160,
      flags: F.inverter | F.onBatt,
    },
    "",
    "ups.status: OB",
  ],
  [
    {
      model: 175,
      relay: 100,
      battV: 135,
      realPower: 700,
      flags: F.inverter | F.out220 | F.in220,
    },
    " battext = 80\n",
    "ups.status: OL LB",
  ],
  [{ model: 186, flags: F.inverter | F.charging }, "", "input.frequency: 50.0"],
  [
    { model: 186, flags: F.inverter | F.onBatt, battV: 100 },
    "",
    "ups.status: OB LB",
  ],
  [
    {
      model: 170,
      temp: 0x85,
      flags: F.over | F.hot | F.inverter,
      relay: 196,
      realPower: 300,
      battV: 180,
    },
    " battext = 40\n",
    "ups.temperature: -123.00",
  ],
];

Deno.test({
  name:
    "solis -d 1 matches NUT 2.8.0 (Solis 1.0-3.0, BZ1200-BR; battery extension)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    await Promise.all(CASES.map(async ([raw, extra, expect]) => {
      const a = new MicrosolSim(raw), b = new MicrosolSim(raw);
      try {
        const [t, o] = await Promise.all([
          runNutDriver(NAME, conf(a.path) + extra, ["-d", "1"]),
          runOurDriver("solis", conf(b.path) + extra, ["-d", "1"]),
        ]);
        assertEquals(o.code, t.code, o.stderr);
        const theirs = parseDump(t.stdout);
        assertEquals(parseDump(o.stdout), theirs, JSON.stringify(raw));
        assert(theirs.includes(expect), theirs.join("\n"));
        // NUT's resync flushes both queues (TCIOFLUSH): on a busy machine
        // its 0xCC CR may be dropped before the simulator reads it
        await waitFor(() => b.received.length >= 2);
        assertEquals(b.received, [0xcc, 0x0d]);
        if (a.received.length) assertEquals(a.received, b.received);
      } finally {
        await a.close();
        await b.close();
      }
    }));
  },
});

Deno.test({
  name: "solis -L and -k bytes match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    assertEquals(
      await listVarLines(OURS),
      await listVarLines([`/lib/nut/${NAME}`]),
    );
    const a = new MicrosolSim(), b = new MicrosolSim();
    try {
      const [t, o] = await Promise.all([
        runNutDriver(NAME, conf(a.path), ["-k"]),
        runOurDriver("solis", conf(b.path), ["-k"]),
      ]);
      assertEquals(t.code, 0, t.stderr);
      assertEquals(o.code, 0, o.stderr);
      await waitFor(() => a.received.length >= 1 && b.received.length >= 1);
      assertEquals(b.received, a.received);
      assertEquals(a.received, [0xde]); // -k reads no packet: "on line"
    } finally {
      await a.close();
      await b.close();
    }
  },
});

Deno.test({
  name: "solis under NUT upsd: same commands and bytes; a new state is seen",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const run = async (argv: string[]) => {
      const sim = new MicrosolSim();
      try {
        return await withUpsdFor(NAME, argv, sim.path, async (s) => {
          const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
          const cmds =
            (await runTool("/usr/bin/upscmd", ["-l", s.target], s.env)).out;
          const from = sim.received.length;
          for (const cmd of ["shutdown.return", "shutdown.stayoff"]) {
            const r = await runTool(
              "/usr/bin/upscmd",
              [...auth, s.target, cmd],
              s.env,
            );
            assertEquals(r.code, 0, `${cmd}: ${r.err}`);
          }
          await waitFor(() => sim.received.length >= from + 2);
          const sent = sim.received.slice(from);
          const status = async () => {
            const r = await runTool(
              "/usr/bin/upsc",
              [s.target, "ups.status"],
              s.env,
            );
            return r.out.trim();
          };
          sim.raw.flags = F.inverter | F.onBatt;
          await waitFor(async () => (await status()) === "OB", 20_000);
          return { cmds, sent };
        }, " pollinterval = 1\n");
      } finally {
        await sim.close();
      }
    };
    const [theirs, mine] = await Promise.all([
      run([`/lib/nut/${NAME}`]),
      run(OURS),
    ]);
    assertEquals(mine.cmds, theirs.cmds);
    assertEquals(mine.sent, theirs.sent);
    assertEquals(theirs.sent, [0xde, 0xdd]);
  },
});
