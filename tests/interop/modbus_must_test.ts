/**
 * must_ep2000pro (NUT master only, not in Debian's 2.8.0): our driver run
 * as a process against a MUST EP2000Pro simulator on a pty, written from
 * the register map in NUT's source. The `-d 1` dump carries the values the
 * registers give (tenths, states, alarms); `-L` lists lowbatt; `-k` reads
 * the start-up registers and writes 1 to 32002 with function 16.
 */
import { assert, assertEquals } from "../assert.ts";
import { ModbusSim } from "../sim/modbus.ts";
import { mustMap, type MustState } from "../sim/modbus_devices.ts";
import { parseDump, runOurDriver } from "../sim/harness.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (port: string, extra = "") =>
  `[sim]\n driver = must_ep2000pro\n port = ${port}\n${extra}`;

async function dump(state: MustState, extra = ""): Promise<string[]> {
  const sim = new ModbusSim(mustMap(state), 10);
  try {
    await sim.rtu();
    const r = await runOurDriver("must_ep2000pro", conf(sim.ptyPath, extra), [
      "-d",
      "1",
    ]);
    assertEquals(r.code, 0, r.stderr);
    return parseDump(r.stdout);
  } finally {
    await sim.close();
  }
}

Deno.test({
  name: "must_ep2000pro -d 1 decodes the EP2000Pro registers",
  ...opts,
  fn: async () => {
    const online = await dump({});
    for (
      const line of [
        "battery.charge.low: 15",
        "battery.charger.status: charging",
        "battery.voltage: 27.2",
        "battery.voltage.high: 28.2",
        "battery.voltage.low: 21.0",
        "battery.voltage.nominal: 24",
        "input.voltage: 229.5",
        "output.frequency.nominal: 50",
        "output.voltage.nominal: 230",
        "ups.beeper.status: enabled",
        "ups.firmware: 112",
        "ups.load: 41",
        "ups.power.nominal: 2000",
        "ups.status: BOOST OL",
      ]
    ) assert(online.includes(line), `${line}\n${online.join("\n")}`);
    // on battery at 10 %: low, overload alarm state, fault 7, alarm bits
    const bad = await dump({
      30002: 3,
      30017: 10,
      30013: 2,
      30019: 1,
      30021: 7,
      30022: 0x1e,
      31006: 1,
    }, " lowbatt = 12\n");
    for (
      const line of [
        "battery.charge.low: 12",
        "battery.charger.status: discharging",
        "ups.alarm: [OVERLOAD] [Overload] [Parameter error]",
        "ups.beeper.status: disabled",
        "ups.status: ALARM TRIM OVER OB LB LB OVER HB",
      ]
    ) assert(bad.includes(line), `${line}\n${bad.join("\n")}`);
    const off = await dump({ 30002: 5, 30021: 99, 30024: 1, 30023: 2 });
    assert(off.includes("ups.status: ALARM BOOST OFF"), off.join("\n"));
    assert(off.includes("ups.alarm: [Generic fault]"), off.join("\n"));
    assert(off.includes("battery.charger.status: floating"), off.join("\n"));
  },
});

Deno.test({
  name: "must_ep2000pro -L and -k bytes as NUT's source sends them",
  ...opts,
  fn: async () => {
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/must_ep2000pro.ts", import.meta.url).pathname,
        "-L",
      ],
    }).output();
    assertEquals(
      new TextDecoder().decode(l.stdout).split("\n").slice(1),
      ['VALUE lowbatt "Low battery level (default 15)"', ""],
    );
    const sim = new ModbusSim(mustMap(), 10);
    try {
      await sim.rtu();
      const r = await runOurDriver("must_ep2000pro", conf(sim.ptyPath), ["-k"]);
      assertEquals(r.code, 0, r.stderr);
      await sim.idle();
      assertEquals(sim.hex(), [
        "0375300005",
        "0379180004",
        "107d020001020001",
      ]);
      assertEquals(sim.map.writes, [{ fc: 16, addr: 32002, values: [1] }]);
    } finally {
      await sim.close();
    }
  },
});
