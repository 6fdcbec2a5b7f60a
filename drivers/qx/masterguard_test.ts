import { assertEquals } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { FLAVORS } from "../../tests/sim/qx.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { QxDriver } from "./driver.ts";
import {
  MANDATORY_2_8_0,
  MASTERGUARD,
  masterguardWith,
} from "./masterguard.ts";

/** A Masterguard A700-19 answering NUT's sample answers; slave address `addr`. */
function unit(sent: string[], addr = { id: "00" }) {
  const table = FLAVORS.masterguard!;
  return new MemoryTransport((data, port) => {
    const cmd = String.fromCharCode(...data).replace(/\r$/, "");
    sent.push(cmd);
    const key = cmd.replace(new RegExp(`,${addr.id}$`), ",00");
    const a = table[key];
    if (a) port.push(a.replace("(00", `(${addr.id}`));
    else {
      // commands: a bare CR (an empty answer is an accepted command)
      if (cmd.startsWith("SS") && cmd.endsWith("--," + addr.id)) {
        addr.id = cmd.slice(2, 4);
      }
      port.push("\r");
    }
  });
}

Deno.test("masterguard with NUT 2.8.0's claim list gives up before sending anything", async () => {
  const sent: string[] = [];
  const t = testCtx("/dev/mem-twin", { protocol: "masterguard" });
  const drv = new QxDriver(
    t.ctx,
    [masterguardWith(MANDATORY_2_8_0)],
    () => unit(sent),
  );
  let err = "";
  try {
    await drv.init();
  } catch (e) {
    err = (e as Error).message;
  }
  await drv.close();
  assertEquals(err, "No supported UPS detected");
  assertEquals(sent, []);
});

Deno.test("masterguard (2.8.1's fixed claim, as shipped) reads NUT's sample answers", async () => {
  const sent: string[] = [];
  const t = testCtx("/dev/mem-twin", { protocol: "masterguard" });
  const sub = MASTERGUARD;
  const drv = new QxDriver(t.ctx, [sub], () => unit(sent));
  await drv.init();
  await drv.update();
  const get = (n: string) => t.state.tree.get(n);
  const want: Record<string, string> = {
    "device.mfr": "Masterguard",
    "device.model": "A700-19",
    "device.part": "6A1212",
    "device.serial": "2782",
    "device.uptime": "161550397",
    "ups.id": "00",
    "ups.firmware": "10.06",
    "ups.firmware.aux": "03.09",
    "ups.power.nominal": "700",
    "ups.power": "302",
    "ups.load": "43",
    "ups.type": "online",
    "ups.status": "OL",
    "ups.test.result": "no test in progress",
    "ups.beeper.status": "enabled",
    "battery.voltage.nominal": "27.60",
    "battery.voltage": "27.24",
    "battery.runtime": "1023",
    "battery.charge": "100",
    "battery.packs": "0",
    "input.voltage": "225.9",
    "input.voltage.nominal": "230",
    "input.frequency.nominal": "50.00",
    "input.frequency.low": "47.00",
    "input.voltage.high.critical": "276",
    "ambient.0.temperature.low": "10",
    "ambient.0.temperature": "23.4",
    "output.voltage": "229.3",
    "output.current": "1.32",
    "output.voltage.nominal": "230",
    "output.current.nominal": "3.06",
    "ups.delay.shutdown": "30",
  };
  for (const [k, v] of Object.entries(want)) assertEquals(get(k), v, k);
  assertEquals(t.state.tree.getVar("output.voltage.nominal")?.enums, [
    "220",
    "230",
    "240",
  ]);
  assertEquals(t.state.tree.getVar("battery.packs")?.ranges, [[0, 0]]);
  assertEquals(
    t.logs.some(([, m]) =>
      m ===
        "experimental.fault_1: 60486: inverter mode outpt short-circuit fault (43V)"
    ),
    true,
  );
  // addressed queries carry the slave address
  assertEquals(sent.includes("GS,00"), true);

  sent.length = 0;
  assertEquals(await drv.instcmd("beeper.disable"), "handled");
  assertEquals(await drv.instcmd("test.battery.start", "120"), "handled");
  assertEquals(await drv.instcmd("test.battery.start", "30"), "failed");
  assertEquals(await drv.instcmd("shutdown.return"), "handled");
  assertEquals(await drv.instcmd("shutdown.stayoff"), "handled");
  assertEquals(await drv.setvar("device.uptime", "90061"), "handled");
  assertEquals(await drv.setvar("output.voltage.nominal", "240"), "handled");
  // as in NUT, the setvar row has no enum of its own: not checked
  assertEquals(await drv.setvar("output.voltage.nominal", "250"), "handled");
  assertEquals(await drv.setvar("ups.id", "5"), "handled");
  assertEquals(await drv.instcmd("beeper.enable"), "handled");
  assertEquals(sent, [
    "SS---0,00",
    "T02",
    "S.5R0180",
    "S.5",
    "SRC0001:01:01:01,00",
    "PNV=240",
    "PNV=250",
    "SS05--,00",
    "SS---1,05",
  ]);
  // the new address is used from then on
  sent.length = 0;
  await drv.update();
  assertEquals(sent.includes("GS,05"), true, sent.join(" "));
  await drv.close();
});
