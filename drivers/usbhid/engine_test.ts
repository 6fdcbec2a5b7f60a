import { assert, assertEquals } from "../../tests/assert.ts";
import { DriverStateImpl } from "../../src/driver/state.ts";
import type { DriverContext } from "../../src/driver/types.ts";
import { silentLogger } from "../../src/log.ts";
import { parseRecording, ReplayOpener } from "../../src/hid/replay.ts";
import { UsbHidEngine } from "./engine.ts";

const FIX = new URL("../../tests/fixtures/hid/", import.meta.url);

function setup(
  file: string,
  values: Record<string, string> = {},
  mutate?: (j: Record<string, unknown>) => void,
) {
  const j = JSON.parse(Deno.readTextFileSync(new URL(file, FIX)));
  mutate?.(j);
  const opener = new ReplayOpener(parseRecording(JSON.stringify(j)));
  const state = new DriverStateImpl();
  let now = 1_000_000;
  const ctx: DriverContext = {
    config: {
      upsName: "ups",
      port: "auto",
      values: new Map(Object.entries(values)),
      flags: new Set(),
    },
    log: silentLogger(),
    state,
    signal: new AbortController().signal,
  };
  const engine = new UsbHidEngine(ctx, { opener, now: () => now });
  return { engine, state, opener, tick: (ms: number) => (now += ms) };
}

Deno.test("APC Back-UPS 500 replay publishes NUT's DDL values", async () => {
  const { engine, state } = setup("apc-back-ups-500.json");
  await engine.init();
  await engine.update();
  const t = state.tree;
  const expect: Record<string, string> = {
    "battery.charge": "100",
    "battery.charge.low": "10",
    "battery.charge.warning": "50",
    "battery.mfr.date": "2004/07/03",
    "battery.runtime": "2580",
    "battery.type": "PbAc",
    "battery.voltage": "13.6",
    "battery.voltage.nominal": "12.0",
    "ups.mfr": "American Power Conversion",
    "ups.model": "Back-UPS 500",
    "ups.firmware": " 6.5.I",
    "ups.firmware.aux": " c1 ",
    "ups.mfr.date": "2004/07/03",
    "ups.serial": "AB0427******",
    "ups.status": "OL",
    "ups.timer.reboot": "0",
    "ups.vendorid": "051d",
    "ups.productid": "0002",
    "driver.version.data": "APC HID 0.98",
  };
  for (const [k, v] of Object.entries(expect)) assertEquals(t.get(k), v, k);
  assert(t.hasCmd("test.panel.start") && t.hasCmd("shutdown.reboot"));
});

Deno.test("CyberPower CP1500AVRLCDa replay", async () => {
  const { engine, state } = setup("cyberpower-cp1500avrlcda.json");
  await engine.init();
  await engine.update();
  const t = state.tree;
  for (
    const [k, v] of Object.entries({
      "battery.charge": "100",
      "battery.charge.low": "10",
      "battery.charge.warning": "20",
      "battery.mfr.date": "CPS",
      "battery.runtime": "2343",
      "battery.runtime.low": "300",
      "battery.type": "PbAcid",
      "battery.voltage.nominal": "24",
      "ups.mfr": "CPS",
      "ups.model": "CP1500AVRLCDa",
      "ups.status": "OL",
      "ups.delay.shutdown": "20",
      "ups.delay.start": "30",
    })
  ) assertEquals(t.get(k), v, k);
});

Deno.test("Eaton 3S 700 replay, shutdown.return writes delays, loss marks stale then reconnects", async () => {
  const { engine, state, opener, tick } = setup(
    "eaton-3s-700.json",
    {},
    (j) => {
      j.faults = { vanishAfter: 200 };
    },
  );
  await engine.init();
  await engine.update();
  const t = state.tree;
  for (
    const [k, v] of Object.entries({
      "battery.charge": "92",
      "battery.charge.low": "20",
      "battery.runtime": "2737",
      "battery.type": "PbAc",
      "ups.firmware": "02",
      "ups.load": "8",
      "ups.mfr": "EATON",
      "ups.power.nominal": "700",
      "output.voltage": "230.0",
      "output.frequency.nominal": "50",
      // NUT 2.8.0 hides CHRG/DISCHRG while ABM is unknown (no ABMEnable)
      "ups.status": "OL",
      // mge_format_model: iProduct + iModel
      "ups.model": "Eaton 3S 700",
      "ups.timer.shutdown": "-1",
      "ups.delay.shutdown": "20",
      "outlet.1.status": "on",
      "outlet.desc": "Main Outlet",
      "ups.beeper.status": "disabled",
    })
  ) assertEquals(t.get(k), v, k);
  assertEquals(await engine.instcmd("shutdown.return"), "handled");
  assertEquals(opener.writes.map((w) => w[0]), [0x0a, 0x09]);
  // poll until the recording's first session vanishes: data goes stale
  let sawStale = false;
  for (let i = 0; i < 100 && opener.sessions === 1; i++) {
    tick(31_000);
    await engine.update();
    if (state.stale) sawStale = true;
  }
  assert(sawStale, "data marked stale on loss");
  // the reconnect walk ran: a further poll publishes fresh data
  tick(31_000);
  await engine.update();
  assert(!state.stale);
  assert(opener.sessions >= 2, "reconnected after the device vanished");
  assertEquals(t.get("ups.status"), "OL");
  await engine.close();
});

Deno.test("a device no subdriver claims is refused", async () => {
  const { engine } = setup("apc-back-ups-500.json", {}, (j) => {
    j.vendorId = "1234";
  });
  let msg = "";
  try {
    await engine.init();
  } catch (e) {
    msg = (e as Error).message;
  }
  assertEquals(msg, "No matching HID UPS found");
});

Deno.test("two CyberPower instances in one process learn their own battery scaling", async () => {
  // 0764:0501 may report the battery 3/2 too high: its instance learns a
  // 2/3 scale from the first reading above 1.4 x nominal. Another CPS model
  // (0005) reading the same 40.5 V must not inherit that scale.
  const highBattery = (j: Record<string, unknown>) => {
    j.reports = (j.reports as string[]).map((r) =>
      r.startsWith("0a ") ? "0a 95 01" : r
    );
  };
  const a = setup("cyberpower-cp1500avrlcda.json", {}, highBattery);
  const b = setup("cyberpower-cp1500avrlcda.json", {}, (j) => {
    highBattery(j);
    j.productId = "0005";
  });
  await a.engine.init();
  await a.engine.update();
  await b.engine.init();
  await b.engine.update();
  await a.engine.update();
  assertEquals(a.state.tree.get("ups.productid"), "0501");
  assertEquals(b.state.tree.get("ups.productid"), "0005");
  assertEquals(a.state.tree.get("battery.voltage.nominal"), "24");
  assertEquals(a.state.tree.get("battery.voltage"), "27.0");
  assertEquals(b.state.tree.get("battery.voltage"), "40.5");
});
