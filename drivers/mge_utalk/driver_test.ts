/**
 * mge-utalk against the simulator's model on an in-memory line (pauses
 * shrunk): the full re-read once pollinterval has passed, the status words,
 * silence, short answers and garbage (stale, the link re-enabled, then
 * recovered), and the bytes of each instant command and SET as NUT's
 * source sends them.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { UtalkModel } from "../../tests/sim/mge_utalk.ts";
import { ModelLine } from "../../tests/sim/model_line.ts";
import { cFormat, UtalkDriver } from "./driver.ts";
import { DriverFatalError } from "../../src/driver/types.ts";

const FAST = { gap: 0, connect: 0, read: 20 };

function start(values: Record<string, string> = { pollinterval: "0" }) {
  const model = new UtalkModel();
  const line = new ModelLine((c) => {
    const a = model.answer(c);
    return a === null ? null : `${a}\r`;
  });
  const t = testCtx("/dev/null", values);
  const drv = new UtalkDriver(t.ctx, () => Promise.resolve(line), FAST);
  return { model, line, t, drv };
}

Deno.test({
  name: "mge-utalk: printf forms as glibc (exact binary value, ties to even)",
  permissions: "none",
  fn: () => {
    assertEquals(cFormat("%05.1f", 0.01 * 215), "002.1");
    assertEquals(cFormat("%05.1f", 0.25), "000.2");
    assertEquals(cFormat("%05.2f", 50), "50.00");
    assertEquals(cFormat("%05d", 23.9), "00023");
    assertEquals(cFormat("%05.1f", -1.5), "-01.5");
  },
});

Deno.test({
  name: "mge-utalk: a poll past pollinterval re-reads every answered value",
  permissions: "none",
  fn: async () => {
    const { model, line, t, drv } = start();
    await drv.init();
    assertEquals(t.state.tree.get("ups.model"), "Pulsar EX 10");
    assertEquals(t.state.tree.get("output.current"), "002.1");
    assertEquals(t.state.tree.get("ups.test.interval"), undefined);
    model.values.set("Uv", "241");
    model.state = "bypass";
    await new Promise((r) => setTimeout(r, 1100)); // whole seconds, as time()
    line.sent.length = 0;
    await drv.update();
    assertEquals(t.state.tree.get("input.voltage"), "241.0");
    assertEquals(t.state.tree.get("ups.status"), "OL CHRG BYPASS");
    assertEquals(line.sent.slice(0, 7), [
      "Z",
      "Z",
      "Si",
      "Ss",
      "Bs",
      "Ls",
      "Ps",
    ]);
    assert(!line.sent.includes("Bp ?"), "unsupported value polled again");
  },
});

Deno.test({
  name: "mge-utalk: silence, short answers and garbage go stale, then recover",
  permissions: "none",
  fn: async () => {
    const { line, t, drv } = start({ pollinterval: "3600" });
    await drv.init();
    await drv.update();
    assert(!t.state.stale);
    for (const fault of ["silent", "short", "garbage"] as const) {
      line.fault = fault;
      line.sent.length = 0;
      await drv.update();
      assert(t.state.stale, `${fault}: not stale`);
      // eleven tries of the status words, then Ax 0 and a fresh enable
      assertEquals(line.sent.filter((c) => c === "Ss").length, 11);
      assert(line.sent.includes("Ax 0") && line.sent.includes("Ax 1"));
      assertEquals(t.state.tree.get("ups.status"), "OL CHRG");
      line.fault = "none";
      await drv.update();
      assert(!t.state.stale, `${fault}: not recovered`);
    }
  },
});

Deno.test({
  name: "mge-utalk: instant commands and SET send NUT's commands",
  permissions: "none",
  fn: async () => {
    const { model, line, drv } = start();
    await drv.init();
    const expect: Array<[string, string[]]> = [
      ["test.battery.start", ["Bx 1"]],
      ["test.panel.start", ["Sx 129"]],
      ["load.off", ["Wy 65535", "Wx 0"]],
      ["load.on", ["Wy 65535", "Wx 1"]],
      ["bypass.start", ["Ps", "Px 3"]],
      ["shutdown.stayoff", ["Sx 0", "Ax 0"]],
      ["shutdown.return", ["Sx 5", "Sx 0", "Ax 0"]],
    ];
    for (const [cmd, sent] of expect) {
      model.enabled = true;
      line.sent.length = 0;
      assertEquals(await drv.instcmd(cmd), "handled", cmd);
      assertEquals(line.sent, sent, cmd);
    }
    model.state = "bypass";
    model.enabled = true;
    line.sent.length = 0;
    await drv.instcmd("bypass.stop");
    assertEquals(line.sent, ["Ps", "Px 2"]);
    line.sent.length = 0;
    assertEquals(await drv.setvar("battery.charge.low", "25"), "unknown");
    await drv.setvar("input.transfer.high", "270");
    await drv.setvar("ups.test.interval", "7"); // not answered at start-up
    assertEquals(line.sent, ["Bl 25", "Eu 270"]);
    assertEquals(await drv.instcmd("beeper.off"), "unknown");
  },
});

Deno.test({
  name: "mge-utalk: a unit that never answers ends start-up fatally",
  permissions: "none",
  fn: async () => {
    const { line, t } = start();
    const drv = new UtalkDriver(t.ctx, () => Promise.resolve(line), {
      ...FAST,
      read: 2,
    });
    line.fault = "silent";
    const err = await drv.init().then(() => null, (e) => e);
    // 2.8.0 bug: its retry counter runs past MAXTRIES before the test, so it never gave up.
    // Measured once (351 s on a pty unit answering "?"): the same 11 "Si 1" and 121 "Ss",
    // then "Detected (null)", an empty ups.status and exit 0.
    assert(err instanceof DriverFatalError, String(err));
    assertEquals(err.message, "Could not get status from UPS.");
    assertEquals(err.exitCode, 1);
    // eleven rounds of identification, each with eleven tries of the status words
    assertEquals(line.sent.filter((c) => c === "Si 1").length, 11);
    assertEquals(line.sent.filter((c) => c === "Ss").length, 121);
    assertEquals(line.sent.filter((c) => c === "Bs" || c === "Ls").length, 242);
  },
});
