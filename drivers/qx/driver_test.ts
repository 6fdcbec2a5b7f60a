import { assertEquals, assertStringIncludes } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { QxDriver } from "./driver.ts";
import { SUBDRIVERS } from "./subdrivers.ts";

const Q1 = "(231.0 231.0 230.0 021 50.0 27.3 25.0 00001001\r";

function unit(mode: { reply: "ok" | "garbage" | "half" | "none" }) {
  return new MemoryTransport((data, port) => {
    const cmd = String.fromCharCode(...data).replace(/\r$/, "");
    if (mode.reply === "none") return;
    if (mode.reply === "garbage") return port.push("\x01\x02garbage\r");
    if (mode.reply === "half") return port.push(Q1.slice(0, 20));
    if (cmd === "Q1") port.push(Q1);
    else if (cmd === "F") port.push("#230.0 004 024.0 50.0\r");
    else if (cmd === "I") port.push("#SIMULATOR       QX-SIM     V1.0      \r");
    else if (!/^(C|S.*|T.*|Q)$/.test(cmd)) port.push(cmd + "\r");
  });
}

Deno.test("nutdrv_qx: bad answers make the data stale, recovery makes it ok again", async () => {
  const mode: { reply: "ok" | "garbage" | "half" | "none" } = { reply: "ok" };
  const port = unit(mode);
  const t = testCtx("/dev/mem-twin");
  const drv = new QxDriver(t.ctx, SUBDRIVERS, () => port);
  await drv.init();
  await drv.update();
  assertEquals(t.state.tree.get("ups.status"), "OL");
  assertEquals(t.state.stale, false);
  for (const bad of ["garbage", "half"] as const) {
    mode.reply = bad;
    for (let i = 0; i < 5; i++) await drv.update();
    assertEquals(t.state.stale, true, bad);
    mode.reply = "ok";
    await drv.update();
    assertEquals(t.state.stale, false);
  }
  assertEquals(
    t.logs.some(([, m]) => m === "Communications with the UPS re-established"),
    true,
  );
  await drv.close();
});

Deno.test("nutdrv_qx: a pulled cable is reopened when it comes back", async () => {
  const mode = { reply: "ok" as const };
  let port = unit(mode);
  let present = true;
  const t = testCtx("/dev/mem-twin");
  const drv = new QxDriver(t.ctx, SUBDRIVERS, () => {
    if (!present) throw new Error("No such file or directory");
    return port;
  });
  await drv.init();
  port.unplugged = true;
  present = false;
  for (let i = 0; i < 6; i++) await drv.update();
  assertEquals(t.state.stale, true);
  assertEquals(
    t.logs.filter(([, m]) => m.startsWith("Unable to reopen")).length,
    1,
  );
  port = unit(mode);
  present = true;
  await drv.update();
  assertEquals(t.state.stale, false);
  assertEquals(t.state.tree.get("ups.status"), "OL");
  await drv.close();
});

Deno.test("nutdrv_qx: instant commands and delays as the megatec table builds them", async () => {
  const port = unit({ reply: "ok" });
  const t = testCtx("/dev/mem-twin", { offdelay: "120", ondelay: "300" });
  const drv = new QxDriver(t.ctx, SUBDRIVERS, () => port);
  await drv.init();
  port.written.length = 0;
  assertEquals(await drv.instcmd("shutdown.return"), "handled");
  assertEquals(await drv.instcmd("test.battery.start", "120"), "handled");
  assertEquals(await drv.instcmd("test.battery.start", "30"), "failed");
  assertEquals(await drv.setvar("ups.delay.shutdown", "45"), "handled");
  assertEquals(t.state.tree.get("ups.delay.shutdown"), "42");
  assertEquals(await drv.setvar("ups.delay.shutdown", "9000"), "unknown");
  assertEquals(port.writtenText(), "S02R0005\rT02\r");
  assertEquals(t.state.tree.get("ups.delay.start"), "300");
  await drv.close();
});

Deno.test("serial: a missing port gives NUT's explanation", async () => {
  const { openSerial } = await import("../../src/transport/serial.ts");
  try {
    openSerial("/dev/does-not-exist-ttyX", { speed: 2400 });
    throw new Error("opened");
  } catch (e) {
    const details = (e as { details?: string }).details ?? "";
    assertStringIncludes(
      details,
      "Unable to open /dev/does-not-exist-ttyX: No such file or directory",
    );
    assertStringIncludes(details, " - Check 'port=' in ups.conf");
  }
});
