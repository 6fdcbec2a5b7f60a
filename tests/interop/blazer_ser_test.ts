/**
 * Differential tests for blazer_ser: NUT 2.8.0's /lib/nut/blazer_ser and
 * ours read the same Q1 simulator; variables (driver.* aside) and the
 * killpower bytes must match, including ondelay in minutes.
 */
import { assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  FLAVORS,
  type PowerState,
  QxSim,
  ReplaySim,
  SILENT_COMMANDS,
} from "../sim/qx.ts";
import {
  ourDump,
  parseDump,
  runNutDriver,
  runOurDriver,
  startOurs,
} from "../sim/harness.ts";
import type { SerialSim } from "../sim/serial_sim.ts";
import { def } from "../../drivers/blazer_ser.ts";

const nut = haveNut();

function conf(path: string, values: Record<string, string>, flags: string[]) {
  return `[sim]\n driver = blazer_ser\n port = ${path}\n` +
    Object.entries(values).map(([k, v]) => ` ${k} = "${v}"\n`).join("") +
    flags.map((f) => ` ${f}\n`).join("");
}

async function compare(
  sim: SerialSim,
  values: Record<string, string> = {},
  flags: string[] = [],
) {
  const theirs = await runNutDriver(
    "blazer_ser",
    conf(sim.path, values, flags),
    [
      "-d",
      "1",
    ],
  );
  // the framework's start-up (main.c's order), device.* copies included
  const { running } = await startOurs(def, sim.path, values, flags);
  let mine: string[];
  try {
    mine = ourDump(running.state);
  } finally {
    await running.stop();
  }
  assertEquals(mine, parseDump(theirs.stdout));
  return mine;
}

for (const state of ["online", "battery", "low"] as PowerState[]) {
  Deno.test({
    name: `blazer_ser matches NUT 2.8.0 (${state})`,
    ignore: !nut,
    fn: async () => {
      const sim = new QxSim();
      sim.state = state;
      try {
        const mine = await compare(sim);
        // the legacy names, and ondelay published in seconds from minutes
        assertEquals(mine.includes("ups.mfr: SIMULATOR"), true);
        // copied by the framework after start-up, as main.c does
        assertEquals(mine.includes("device.mfr: SIMULATOR"), true);
        assertEquals(mine.includes("ups.delay.start: 180"), true);
      } finally {
        await sim.close();
      }
    },
  });
}

Deno.test({
  name: "blazer_ser matches NUT 2.8.0 (options, mustek, per-cell battery)",
  ignore: !nut,
  fn: async () => {
    const cases: Array<[() => SerialSim, Record<string, string>, string[]]> = [
      [() => new QxSim(), { ondelay: "5", offdelay: "45" }, ["novendor"]],
      [() => new QxSim({ statusQuery: "QS" }), {}, ["norating"]],
      [() => new QxSim(), { runtimecal: "240,100,720,50" }, []],
      [
        () =>
          new ReplaySim(
            new Map([
              ["Q1", "(215.0 195.0 230.0 014 49.0 2.27 30.0 00101000\r"],
              ["F", "#230.0 000 024.0 50.0\r"],
              ["I", "#NOT_A_LIVE_UPS  TESTING    TESTING   \r"],
            ]),
          ),
        {},
        [],
      ],
      [() => new ReplaySim(new Map(Object.entries(FLAVORS.mecer!))), {}, []],
    ];
    for (const [make, values, flags] of cases) {
      const sim = make();
      try {
        await compare(sim, values, flags);
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "blazer_ser -k sends the same killpower commands as NUT",
  ignore: !nut,
  fn: async () => {
    for (
      const values of [{}, { ondelay: "0", offdelay: "120" }, {
        ondelay: "7",
        offdelay: "20",
      }] as Array<Record<string, string>>
    ) {
      const make = () =>
        new ReplaySim(
          new Map([["Q1", "(231.0 231.0 230.0 021 50.0 27.3 25.0 00001001\r"]]),
          "echo",
          SILENT_COMMANDS,
        );
      const simA = make(), simB = make();
      try {
        await runNutDriver("blazer_ser", conf(simA.path, values, []), ["-k"]);
        // ours through its command line: -k runs initups only (no probe)
        const mine = await runOurDriver(
          "blazer_ser",
          conf(simB.path, values, []),
          ["-k"],
        );
        assertEquals(mine.code, 0, mine.stderr);
        await Promise.all([simA.drained(), simB.drained()]);
        assertEquals(simB.received, simA.received, JSON.stringify(values));
        assertEquals(simB.received.length >= 2, true);
      } finally {
        await simA.close();
        await simB.close();
      }
    }
  },
});
