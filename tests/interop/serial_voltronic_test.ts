/**
 * Differential tests for the Voltronic family: NUT 2.8.0's nutdrv_qx and
 * ours read the same simulator on a pty. Published variables (driver.*
 * aside), the settings sent from ups.conf and the killpower bytes must
 * match; a scripted power event moves our status the way the unit does.
 */
import { assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { type VoltronicPower, VoltronicSim } from "../sim/voltronic.ts";
import { FLAVORS, ReplaySim, SILENT_COMMANDS } from "../sim/qx.ts";
import { ourDump, parseDump, runNutDriver, testCtx } from "../sim/harness.ts";
import type { SerialSim } from "../sim/serial_sim.ts";
import { QxDriver } from "../../drivers/qx/driver.ts";
import { SUBDRIVERS } from "../../drivers/qx/subdrivers.ts";

const nut = haveNut();

function confOf(path: string, values: Record<string, string>): string {
  const extra = Object.entries(values).map(([k, v]) => ` ${k} = "${v}"\n`)
    .join("");
  return `[sim]\n driver = nutdrv_qx\n port = ${path}\n${extra}`;
}

async function ours(sim: SerialSim, values: Record<string, string> = {}) {
  const t = testCtx(sim.path, values);
  const drv = new QxDriver(t.ctx, SUBDRIVERS);
  try {
    await drv.init();
    await drv.update();
    return { dump: ourDump(t.state), t };
  } finally {
    await drv.close();
  }
}

/** Runs NUT then ours on `sim`; returns both dumps and what each sent. */
async function both(sim: SerialSim, values: Record<string, string> = {}) {
  const theirs = await runNutDriver("nutdrv_qx", confOf(sim.path, values), [
    "-d",
    "1",
  ]);
  const nutSent = sim.received.splice(0);
  const mine = await ours(sim, values);
  return {
    nut: parseDump(theirs.stdout),
    mine: mine.dump,
    nutSent,
    mineSent: sim.received.splice(0),
    t: mine.t,
  };
}

for (const power of ["online", "battery", "low", "overload"] as const) {
  Deno.test({
    name: `voltronic: same variables as NUT 2.8.0 (${power})`,
    ignore: !nut,
    fn: async () => {
      const sim = new VoltronicSim();
      sim.power = power as VoltronicPower;
      try {
        const r = await both(sim);
        assertEquals(r.mine, r.nut);
        const status = r.mine.find((l) => l.startsWith("ups.status: "));
        assertEquals(
          status,
          {
            online: "ups.status: OL",
            battery: "ups.status: OB",
            low: "ups.status: OB LB",
            overload: "ups.status: OL OVER",
          }[power],
        );
      } finally {
        await sim.close();
      }
    },
  });
}

Deno.test({
  name: "voltronic: multi-phase and P31 protocols publish what NUT does",
  ignore: !nut,
  fn: async () => {
    for (const protocol of [0, 3, 9, 10, 31, 99]) {
      const sim = new VoltronicSim({ protocol });
      try {
        const r = await both(sim);
        assertEquals(r.mine, r.nut, `P${protocol}`);
        assertEquals(
          r.mine.includes(
            `ups.firmware.aux: P${String(protocol).padStart(2, "0")}`,
          ),
          true,
        );
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name: "voltronic: ups.conf capability and limit settings send NUT's commands",
  ignore: !nut,
  fn: async () => {
    const sim = new VoltronicSim();
    try {
      const r = await both(sim, {
        bypass_alarm: "disabled",
        alarm_control: "disabled",
        eco_mode: "enabled",
        battery_number: "3",
        max_bypass_volt: "276",
        min_bypass_freq: "46.0",
        max_bypass_freq: "99.0",
        output_phase_angle: "240",
      });
      const isQuery = (c: string) =>
        /^Q/.test(c) || ["F", "I", "M", "RE0"].includes(c);
      const mine = r.mineSent.filter((c) => !isQuery(c));
      assertEquals(mine, r.nutSent.filter((c) => !isQuery(c)));
      // out-of-range max_bypass_freq is not sent; the rest is
      assertEquals(mine, [
        "PDP",
        "PDA",
        "PEE",
        "PHV276",
        "PSF46.0",
        "BATN3",
        "PPD003",
      ]);
      assertEquals(r.mine, r.nut);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "voltronic and voltronic-qs: -k sends NUT's bytes",
  ignore: !nut,
  fn: async () => {
    const cases: Array<[() => SerialSim, Record<string, string>]> = [
      [() => new VoltronicSim(), {}],
      [() => new VoltronicSim(), { offdelay: "120", ondelay: "0" }],
      [() => new VoltronicSim(), { offdelay: "48", stayoff: "" }],
      [
        () =>
          new ReplaySim(
            new Map(Object.entries(FLAVORS["voltronic-qs"]!)),
            "echo",
            SILENT_COMMANDS,
          ),
        { offdelay: "90" },
      ],
    ];
    for (const [make, values] of cases) {
      const simA = make(), simB = make();
      try {
        const flags = "stayoff" in values ? ["stayoff"] : [];
        const vals = { ...values };
        delete vals.stayoff;
        const conf = confOf(simA.path, vals) +
          flags.map((f) => ` ${f}\n`).join("");
        await runNutDriver("nutdrv_qx", conf, ["-k"]);
        const t = testCtx(simB.path, vals, flags);
        const drv = new QxDriver(t.ctx, SUBDRIVERS);
        try {
          assertEquals(await drv.shutdown(), "handled");
        } finally {
          await drv.close();
        }
        const cmds = (s: SerialSim) =>
          s.received.filter((c) => /^(S|C)/.test(c) && c !== "QS");
        assertEquals(cmds(simB), cmds(simA), JSON.stringify(values));
        assertEquals(cmds(simB).some((c) => /^S/.test(c)), true);
      } finally {
        await simA.close();
        await simB.close();
      }
    }
  },
});

Deno.test({
  name: "voltronic-qs and voltronic-qs-hex: same variables as NUT 2.8.0",
  ignore: !nut,
  fn: async () => {
    for (const flavor of ["voltronic-qs", "voltronic-qs-hex"]) {
      const sim = new ReplaySim(new Map(Object.entries(FLAVORS[flavor]!)));
      try {
        const r = await both(sim);
        assertEquals(r.mine, r.nut, flavor);
        assertEquals(
          r.t.state.tree.get("driver.version.data")?.toLowerCase()
            .startsWith(flavor),
          true,
        );
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test("voltronic: a scripted power event and a garbled line move our status", async () => {
  const sim = new VoltronicSim();
  const t = testCtx(sim.path, { pollfreq: "0" });
  const drv = new QxDriver(t.ctx, SUBDRIVERS);
  try {
    await drv.init();
    const second = () => Math.floor(Date.now() / 1000);
    // as in NUT, a full poll needs a new wall-clock second since the last
    let polled = second();
    const seen: string[] = [];
    for (const p of ["online", "battery", "low", "online"] as const) {
      sim.power = p;
      await waitFor(() => second() > polled, 2000, 10, "a new second");
      await drv.update();
      polled = second();
      seen.push(
        `${t.state.tree.get("ups.status")}|${
          t.state.tree.get("ups.alarm") ?? ""
        }|${t.state.tree.get("battery.charge")}`,
      );
    }
    assertEquals(seen, [
      "OL||100",
      "OB||70",
      "ALARM OB LB|UPS warnings: Low battery.|15",
      "OL||100",
    ]);
    sim.fault = "garbled";
    for (let i = 0; i < 5; i++) await drv.update();
    assertEquals(t.state.stale, true);
    sim.fault = "none";
    await drv.update();
    assertEquals(t.state.stale, false);
  } finally {
    await drv.close();
    await sim.close();
  }
});
