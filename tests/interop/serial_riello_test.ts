/**
 * Differential tests: NUT 2.8.0's riello_ser and ours read the same GPSER
 * simulator on a pty (tests/sim/riello.ts). The `-d 1` dumps (driver.*
 * aside) must match for one- and three-phase units, with the byte sum and
 * with the CRC, on line, on battery and low; served by NUT's upsd, the same
 * variables and commands must be listed and upscmd must put the same
 * frames on the line; `-k` must send the same bytes from open to exit.
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
import {
  type RielloPhases,
  RielloSerialSim,
  type RielloState,
  SentrSerialSim,
} from "../sim/riello.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const OURS = ourDriverArgv("riello_ser");

function conf(path: string): string {
  return `[sim]\n driver = riello_ser\n port = ${path}\n`;
}

for (
  const [phases, crc, state] of [
    ["1", false, "online"],
    ["1", true, "battery"],
    ["3", true, "low"],
    ["4", false, "bypass"],
  ] as Array<[RielloPhases, boolean, RielloState]>
) {
  Deno.test({
    name: `riello_ser -d 1 matches NUT 2.8.0 (phases ${phases}, ${
      crc ? "CRC" : "sum"
    }, ${state})`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const sims = [new RielloSerialSim(), new RielloSerialSim()];
      for (const s of sims) {
        s.model.phases = phases;
        s.model.state = state;
      }
      // NUT 2.8.0's CRC is broken (fixed upstream in 87b1e2eb, NUT 2.8.1):
      // it reads a CRC unit's identification (GI always uses the sum), then
      // every request fails the unit's check. Ours talks CRC; NUT gets the
      // same unit in sum mode, and the values must still match.
      sims[1]!.model.crc = crc;
      try {
        const [theirs, mine] = await Promise.all([
          runNutDriver("riello_ser", conf(sims[0]!.path), ["-d", "1"]),
          runOurDriver("riello_ser", conf(sims[1]!.path), ["-d", "1"]),
        ]);
        assertEquals(theirs.code, 0, theirs.stderr);
        assertEquals(mine.code, 0, mine.stderr);
        const t = parseDump(theirs.stdout);
        assertEquals(parseDump(mine.stdout), t);
        assert(t.includes("ups.model: iDialog 1500 VA"), t.join("\n"));
        const status = {
          online: "OL CHRG",
          battery: "OB",
          low: "OB LB",
          bypass: "OL BYPASS CHRG",
          boost: "OL BOOST CHRG",
        }[state];
        assert(t.includes(`ups.status: ${status}`), t.join("\n"));
        // the same requests in the same order, with the same check kind
        // (NUT's -d runs more polls than asked: compare start-up + one poll)
        assertEquals(
          sims[1]!.model.commands.slice(0, 5),
          sims[0]!.model.commands.slice(0, 5),
        );
        assertEquals(sims[0]!.model.commands.slice(0, 5), [
          "GI",
          "GI",
          "GN",
          "RS",
          "RE",
        ]);
      } finally {
        for (const s of sims) await s.close();
      }
    },
  });
}

Deno.test({
  name: "NUT 2.8.0's riello_ser cannot talk to a CRC unit (the bug we fix)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sim = new RielloSerialSim();
    sim.model.crc = true;
    try {
      const r = await runNutDriver("riello_ser", conf(sim.path), ["-d", "1"]);
      assert(r.code !== 0, r.stdout);
      // the unit saw its GI, then nothing with a valid check
      assertEquals(sim.model.commands, ["GI", "GI"]);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "riello_ser under NUT upsd: same listing and instcmd frames as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const results: Array<{ snap: unknown; frames: number[][] }> = [];
    for (const driver of [["/lib/nut/riello_ser"], OURS]) {
      const sim = new RielloSerialSim();
      try {
        results.push(
          await withUpsdFor("riello_ser", driver, sim.path, async (s) => {
            const snap = await snapshot(s);
            const frames: number[][] = [];
            for (
              const cmd of [
                "load.off",
                "load.on.delay",
                "shutdown.stop",
                "test.panel.start",
                "test.battery.start",
                "shutdown.return",
              ]
            ) {
              const before = sim.bytes().length;
              const r = await runCmd("/usr/bin/upscmd", [
                "-u",
                "admin",
                "-p",
                "pw",
                "-w",
                "-t",
                "20",
                s.target,
                cmd,
              ], s.env);
              // shutdown.return is refused on line (2.8.0's rule)
              const want = cmd === "shutdown.return"
                ? "ERR UNKNOWN"
                : "SUCCESS";
              assert(
                (r.out + r.err).includes(want),
                `${cmd}: ${r.out}${r.err}`,
              );
              const sent = sim.bytes().slice(before);
              // only the command's own frame (polls may interleave)
              const stx = sent.flatMap((b, i) => b === 2 ? [i] : []);
              frames.push(
                stx.map((i) => sent.slice(i, sent.indexOf(3, i) + 1))
                  .filter((f) => f[3] !== 0x52 && f[3] !== 0x47)
                  .flat(),
              );
            }
            return { snap, frames };
          }),
        );
      } finally {
        await sim.close();
      }
    }
    const [theirs, mine] = results;
    assertEquals(mine!.snap, theirs!.snap);
    assertEquals(mine!.frames, theirs!.frames);
    const text = theirs!.frames.map((f) => String.fromCharCode(...f));
    assert(text[0]!.includes("CS040000"), JSON.stringify(text));
    assert(text[1]!.includes("CR0800000005"), JSON.stringify(text));
  },
});

Deno.test({
  name: "riello_ser -k puts the same bytes on the line as NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const sims = [new RielloSerialSim(), new RielloSerialSim()];
    try {
      const [theirs, mine] = await Promise.all([
        runNutDriver("riello_ser", conf(sims[0]!.path), ["-k"]),
        runOurDriver("riello_ser", conf(sims[1]!.path), ["-k"]),
      ]);
      // 2.8.0 never reads the status before -k, so it takes the unit as on
      // line, refuses shutdown.return and fails after three cancels
      assertEquals(theirs.code, 1, theirs.stderr);
      assertEquals(mine.code, theirs.code, mine.stderr);
      assert(theirs.stderr.includes("Shutdown failed!"), theirs.stderr);
      assertEquals(sims[1]!.bytes(), sims[0]!.bytes());
      assertEquals(sims[0]!.model.commands, ["GI", "CD", "CD", "CD"]);
    } finally {
      for (const s of sims) await s.close();
    }
  },
});

for (const onBattery of [false, true]) {
  Deno.test({
    name: `riello_ser -d 1 matches NUT 2.8.0 on a SENTR unit (${
      onBattery ? "battery" : "online"
    })`,
    ignore: !nut,
    ...opts,
    fn: async () => {
      const sims = [new SentrSerialSim(), new SentrSerialSim()];
      for (const s of sims) s.model.onBattery = onBattery;
      try {
        const [theirs, mine] = await Promise.all([
          runNutDriver("riello_ser", conf(sims[0]!.path), ["-d", "1"]),
          runOurDriver("riello_ser", conf(sims[1]!.path), ["-d", "1"]),
        ]);
        assertEquals(theirs.code, 0, theirs.stderr);
        assertEquals(mine.code, 0, mine.stderr);
        const t = parseDump(theirs.stdout);
        assertEquals(parseDump(mine.stdout), t);
        assert(
          t.includes(`ups.status: ${onBattery ? "OB" : "OL"}`),
          t.join("\n"),
        );
        assert(t.includes("ups.firmware: 12.34"), t.join("\n"));
        // detection with 192, then the unit asked for 240 polls
        assertEquals(sims[1]!.model.polls.slice(0, 3), [192, 192, 240]);
        assertEquals(sims[0]!.model.polls.slice(0, 3), [192, 192, 240]);
      } finally {
        for (const s of sims) await s.close();
      }
    },
  });
}
