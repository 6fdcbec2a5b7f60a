/**
 * nhs_ser (NUT master only; Debian's NUT 2.8.0 lacks it) on the NHS
 * simulator over a pty. Expected values are worked out by hand from NUT
 * master's nhs_ser.c for the simulator's packets (C float arithmetic
 * included): a data packet before the hardware packet (no power figures,
 * default 96 V threshold), the long init string and the identity, then the
 * full set; status chain and alarms per state; `-k` refused with no byte
 * sent; `-L`; `ah` required; `numbatteries`; garbage, a packet split over
 * two polls, a bad checksum and silence.
 */
import { assert, assertEquals } from "../assert.ts";
import { NhsModel, NhsSim } from "../sim/nhs.ts";
import { parseDump, runOurDriver, testCtx } from "../sim/harness.ts";
import { NhsDriver } from "../../drivers/nhs_ser/driver.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = nhs_ser\n port = ${path}\n${extra}`;
const INIT_LONG = [0xff, 0x09, 0x53, 0x83, 0x00, 0x00, 0x00, 0xdf, 0xfe];

/** Values with no hardware packet yet (VA unknown, 96 V threshold). */
const FIRST = {
  "ups.temperature": "31.50",
  "ups.load": "35",
  "ups.efficiency": "153.13", // float 120.1 * 127.5 / 100
  "output.voltage": "120.10",
  "input.voltage": "127.50",
  "input.voltage.maximum": "118.00", // NUT swaps min and max
  "input.voltage.minimum": "131.20",
  "battery.charge": "96", // 11.5 * 100 / 12
  "battery.voltage": "11.50",
  "battery.current": "0.00",
  "battery.current.total": "0.00",
  "battery.temperature": "32",
  "battery.packs": "0",
  "battery.voltage.nominal": "12",
  "battery.capacity": "7",
  "battery.capacity.nominal": "6.30",
  "battery.runtime.low": "30",
  "battery.charger.status": "CHARGING",
  "ups.status": "CHRG",
};
/** Added once the hardware packet (model 33: 1500 VA, 1 battery, 120 V) came. */
const FULL = {
  ...FIRST,
  "device.model": "PDV SENOIDAL 1500VA",
  "device.mfr": "NHS Sistemas Eletronicos LTDA",
  "device.serial": "NHS0123456789ABC",
  "ups.model": "PDV SENOIDAL 1500VA",
  "ups.mfr": "NHS Sistemas Eletronicos LTDA",
  "ups.serial": "NHS0123456789ABC",
  "ups.firmware": "17",
  "ups.firmware.aux": "2",
  "ups.power": "472.50", // 1500 * 0.9 (float) * 0.35
  "ups.realpower": "473",
  "ups.power.nominal": "1500",
  "ups.realpower.nominal": "1350",
  "output.realpower": "525",
  "output.power": "472.50",
  "output.power.maximum": "472.50",
  "output.power.minimum": "0.00",
  "output.power.percent": "35",
  "output.power.maximum.percent": "35",
  "output.power.minimum.percent": "0",
  "ups.beeper.status": "1",
  "input.voltage.low.warning": "99.84", // 96 + 96 * 2 * 2 %
  "input.voltage.low.critical": "97.92",
  "input.voltage.high.warning": "150.80",
  "input.voltage.high.critical": "147.90",
  "input.transfer.low": "96",
  "input.transfer.high": "145",
  "input.voltage.nominal": "115",
  "output.voltage.nominal": "115",
  "battery.packs": "1",
  "battery.current": "41.09", // 472.5 / 11.5 / 1
  "battery.current.total": "41.09",
  "battery.runtime": "640", // 7 Ah / (472.5 W / 12 V) in seconds
};

function pick(t: { get(n: string): string | undefined }, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, t.get(k)]));
}

Deno.test({
  name: "nhs_ser: data, init string, identity, full values; states; bad input",
  ...opts,
  fn: async () => {
    const sim = new NhsSim(new NhsModel());
    const t = testCtx(sim.path, { ah: "7" });
    const drv = new NhsDriver(t.ctx, undefined, 0);
    const tree = t.state.tree;
    try {
      await drv.init();
      await sim.emitData();
      await drv.update();
      assertEquals(pick(tree, Object.keys(FIRST)), FIRST);
      assertEquals(tree.get("ups.power"), undefined);
      assert(!t.state.stale);
      await sim.drained();
      assertEquals(sim.raw, INIT_LONG);
      assertEquals(sim.model.inits, [true]);
      await drv.update(); // the hardware packet
      assertEquals(tree.get("device.model"), "PDV SENOIDAL 1500VA");
      await sim.emitData();
      await drv.update();
      assertEquals(pick(tree, Object.keys(FULL)), FULL);
      assertEquals(sim.raw.length, INIT_LONG.length); // no more init strings
      const states: Array<[NhsModel["state"], string, string | undefined]> = [
        ["online", "OL", undefined],
        ["battery", "ALARM OB", "[NETWORK FAILURE]"],
        ["low", "ALARM OB LB", "[LOW BATTERY] [NETWORK FAILURE]"],
      ];
      for (const [state, status, alarm] of states) {
        sim.model.state = state;
        await sim.emitData();
        await drv.update();
        assertEquals(tree.get("ups.status"), status, state);
        assertEquals(tree.get("ups.alarm"), alarm, state);
      }
      assertEquals(tree.get("battery.charger.status"), "DISCHARGING");
      assertEquals(tree.get("battery.charge"), "91"); // float 10.9 * 100 / 12
      sim.model.state = "online";
      // garbage without a packet start, then silence: stale
      await sim.send("\x01\x02garbage\x03");
      await drv.update();
      assert(t.state.stale, "garbage");
      await drv.update();
      assert(t.state.stale, "silence");
      // a packet split over two polls completes on the second
      const p = String.fromCharCode(...sim.model.data());
      await sim.send(p.slice(0, 10));
      await drv.update();
      assert(t.state.stale, "half a packet");
      await sim.send(p.slice(10));
      await drv.update();
      assert(!t.state.stale, "not recovered");
      assertEquals(tree.get("ups.status"), "OL");
      // a bad checksum is dropped
      const bad = sim.model.data();
      bad[7] = 99;
      sim.model.state = "battery";
      await sim.send(String.fromCharCode(...bad));
      await drv.update();
      assert(t.state.stale, "bad checksum");
      assertEquals(tree.get("ups.status"), "OL");
      await sim.emitData();
      await drv.update();
      assert(!t.state.stale);
      assertEquals(tree.get("output.power.maximum"), "472.50");
    } finally {
      await drv.close();
      await sim.close();
    }
  },
});

Deno.test({
  name: "nhs_ser: numbatteries overrides the unit's battery count",
  ...opts,
  fn: async () => {
    const sim = new NhsSim(new NhsModel());
    const t = testCtx(sim.path, { ah: "7", numbatteries: "2" });
    const drv = new NhsDriver(t.ctx, undefined, 0);
    try {
      await drv.init();
      await sim.emitData();
      await drv.update();
      await drv.update(); // the hardware packet (1 battery)
      await sim.emitData();
      await drv.update();
      const got = pick(t.state.tree, [
        "battery.packs",
        "battery.current",
        "battery.current.total",
      ]);
      // NUT bug: master reads an undeclared `numbat`, so it shows the unit's 1 pack and 41.09 A
      assertEquals(FULL["battery.packs"], "1");
      assertEquals(got, {
        "battery.packs": "2",
        "battery.current": "20.54", // 472.5 W / 11.5 V / 2
        "battery.current.total": "41.09",
      });
    } finally {
      await drv.close();
      await sim.close();
    }
  },
});

Deno.test({
  name: "nhs_ser -d 1 on a streaming unit; ah required; -k refused; -L",
  ...opts,
  fn: async () => {
    const sim = new NhsSim();
    sim.stream(40);
    try {
      const o = await runOurDriver("nhs_ser", conf(sim.path, " ah = 7\n"), [
        "-d",
        "1",
      ]);
      assertEquals(o.code, 0, o.stderr);
      const dump = parseDump(o.stdout);
      // -d 1 dumps after three updates, as NUT's: data, identity, data
      for (const [k, v] of Object.entries(FULL)) {
        assert(dump.includes(`${k}: ${v}`), `${k}: ${v}\n${dump.join("\n")}`);
      }
      assertEquals(sim.model.inits[0], true);
      const noAh = await runOurDriver("nhs_ser", conf(sim.path), ["-d", "1"]);
      assertEquals(noAh.code, 1);
      assert(noAh.stderr.includes("Please set AH"), noAh.stderr);
      sim.stream(0);
      await sim.drained();
      sim.raw = [];
      const k = await runOurDriver("nhs_ser", conf(sim.path, " ah = 7\n"), [
        "-k",
      ]);
      assertEquals(k.code, 1);
      assert(k.stderr.includes("shutdown not supported"), k.stderr);
      await sim.drained();
      assertEquals(sim.raw, []);
      const bad = await runOurDriver(
        "nhs_ser",
        conf(sim.path, " ah = 7\n baud = 1234\n"),
        ["-d", "1"],
      );
      assertEquals(bad.code, 1);
      assert(bad.stderr.includes("Invalid baud value '1234'"), bad.stderr);
    } finally {
      await sim.close();
    }
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/nhs_ser.ts", import.meta.url).pathname,
        "-L",
      ],
    }).output();
    const names = new TextDecoder().decode(l.stdout).split("\n").slice(1)
      .filter((s) => s).map((s) => s.split(" ").slice(0, 2).join(" "));
    assertEquals(names, [
      "VALUE baud",
      "VALUE serial_data_bits",
      "VALUE serial_parity",
      "VALUE serial_stop_bits",
      "VALUE serial_flow_control",
      "VALUE serial_read_timeout_ms",
      "VALUE serial_send_pace_us",
      "VALUE ah",
      "VALUE va",
      "VALUE pf",
      "VALUE vin_low_warn_perc",
      "VALUE vin_low_crit_perc",
      "VALUE vin_high_warn_perc",
      "VALUE vin_high_crit_perc",
      "VALUE numbatteries",
      "VALUE vbat",
      "FLAG debug_pkt_raw",
      "FLAG debug_pkt_data",
      "FLAG debug_pkt_hwinfo",
    ]);
  },
});
