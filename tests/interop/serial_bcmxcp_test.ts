/**
 * Differential tests: NUT 2.8.0's bcmxcp and ours read the same XCP
 * simulator on a pty (tests/sim/xcp.ts): same `-d 1` dump on line, on
 * battery and low (meters in float, fixed-point, long, BCD date and time
 * formats, alarms, calculated load, limits, configuration, topology), the
 * same requests in the same order; served by NUT's upsd the same listing
 * and the same frames for upscmd and upsrw; `-k` puts the same bytes on the
 * line.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { runCmd, snapshot } from "../sim/apc_smart.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";
import {
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";
import { XcpSerialSim, type XcpState } from "../sim/xcp.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const OURS = ourDriverArgv("bcmxcp");
const conf = (path: string, extra = "") =>
  `[sim]\n driver = bcmxcp\n port = ${path}\n${extra}`;

for (
  const [state, status] of [
    ["online", "OL"],
    ["battery", "ALARM OB"],
    ["low", "ALARM LB OB"],
  ] as Array<[XcpState, string]>
) {
  Deno.test({
    name: `bcmxcp -d 1 matches NUT 2.8.0 (${state})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const sims = [new XcpSerialSim(), new XcpSerialSim()];
      for (const s of sims) s.model.state = state;
      try {
        const [theirs, mine] = await Promise.all([
          runNutDriver("bcmxcp", conf(sims[0]!.path), ["-d", "1"]),
          runOurDriver("bcmxcp", conf(sims[1]!.path), ["-d", "1"]),
        ]);
        assertEquals(theirs.code, 0, theirs.stderr);
        assertEquals(mine.code, 0, mine.stderr);
        const t = parseDump(theirs.stdout);
        assertEquals(parseDump(mine.stdout), t);
        assert(t.includes(`ups.status: ${status}`), t.join("\n"));
        assert(t.includes("ups.model: PW9130 1500i"), t.join("\n"));
        assert(t.includes("ups.time: 13:30:45.07"), t.join("\n"));
        // start-up and the first poll, request for request
        const n = sims[0]!.model.requests, o = sims[1]!.model.requests;
        const first = Math.min(n.length, o.length);
        assert(first >= 17, `${first} requests`);
        assertEquals(o.slice(0, first), n.slice(0, first));
      } finally {
        for (const s of sims) await s.close();
      }
    },
  });
}

Deno.test({
  name: "bcmxcp under NUT upsd: same listing and command frames as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const results = [];
    for (const driver of [["/lib/nut/bcmxcp"], OURS]) {
      const sim = new XcpSerialSim();
      try {
        results.push(
          await withUpsdFor("bcmxcp", driver, sim.path, async (s) => {
            const snap = await snapshot(s);
            const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "30"];
            for (
              const c of ["test.battery.start", "beeper.mute", "load.on"]
            ) {
              const r = await runCmd("/usr/bin/upscmd", [
                ...auth,
                s.target,
                c,
              ], s.env);
              assert((r.out + r.err).includes("SUCCESS"), c + r.out + r.err);
            }
            for (
              const set of [
                "battery.runtime.low=5",
                "output.voltage.nominal=240",
              ]
            ) {
              const r = await runCmd("/usr/bin/upsrw", [
                "-s",
                set,
                ...auth,
                s.target,
              ], s.env);
              assert((r.out + r.err).includes("SUCCESS"), set + r.out + r.err);
            }
            return { snap, commands: [...sim.model.commands] };
          }, " shutdown_delay = 45\n"),
        );
      } finally {
        await sim.close();
      }
    }
    const [theirs, mine] = results;
    assertEquals(mine!.snap, theirs!.snap);
    assertEquals(mine!.commands, theirs!.commands);
    assertEquals(theirs!.commands, [
      "b1 0a 1e",
      "95 06 02 00",
      "89",
      "95 05 05 00",
      "95 0b f0 00",
    ]);
  },
});

Deno.test({
  name: "bcmxcp -k puts the same bytes on the line as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sims = [new XcpSerialSim(), new XcpSerialSim()];
    try {
      const extra = " shutdown_delay = 30\n";
      const [theirs, mine] = await Promise.all([
        runNutDriver("bcmxcp", conf(sims[0]!.path, extra), ["-k"]),
        runOurDriver("bcmxcp", conf(sims[1]!.path, extra), ["-k"]),
      ]);
      assertEquals(theirs.code, 0, theirs.stderr);
      assertEquals(mine.code, 0, mine.stderr);
      assertEquals(sims[1]!.bytes(), sims[0]!.bytes());
      // 2.8.0 reads shutdown_delay only in initinfo, which -k skips: 0 s
      assertEquals(sims[0]!.model.commands, ["8a 00 00"]);
    } finally {
      for (const s of sims) await s.close();
    }
  },
});
