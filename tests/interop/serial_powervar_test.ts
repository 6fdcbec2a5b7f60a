/**
 * powervar_cx_ser (NUT master only; Debian's NUT 2.8.0 lacks it) on the
 * CUSPP simulator over a pty. Expected values are worked out from NUT
 * master's powervar_cx.c for the simulator's answers
 * (tests/sim/powervar_expect.ts): the wake-up bytes and start-up requests,
 * the `-d 1` dump per state, `-k` (SET.OFFDLY.W=<offdelay>), -L, every
 * instant command's requests, SETs, a unit that is no CUSPP unit, and
 * garbage, short answers and silence going stale and recovering.
 */
import { assert, assertEquals } from "../assert.ts";
import { CusppModel, PowervarSim } from "../sim/powervar.ts";
import {
  PVAR_CMD_LIST,
  PVAR_CMDS,
  PVAR_POLL,
  PVAR_POLL_REQS,
  PVAR_STARTUP,
  PVAR_STATIC,
} from "../sim/powervar_expect.ts";
import { parseDump, runOurDriver, startOurs } from "../sim/harness.ts";
import { def } from "../../drivers/powervar_cx_ser.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = powervar_cx_ser\n port = ${path}\n${extra}`;

Deno.test({
  name:
    "powervar_cx_ser -d 1: wake-up, start-up requests and values from NUT master's source",
  ...opts,
  fn: async () => {
    for (const state of ["online", "low", "badbattery", "boost"] as const) {
      const sim = new PowervarSim(new CusppModel());
      sim.model.state = state;
      try {
        const o = await runOurDriver("powervar_cx_ser", conf(sim.path), [
          "-d",
          "1",
        ]);
        assertEquals(o.code, 0, o.stderr);
        assertEquals(
          parseDump(o.stdout),
          [...PVAR_STATIC, ...PVAR_POLL[state]].sort(),
          state,
        );
        await sim.drained();
        assert(sim.raw.startsWith("\r\n\r\nPID.FORMAT\r"), sim.raw);
        assertEquals(
          sim.requests.slice(0, PVAR_STARTUP.length + PVAR_POLL_REQS.length),
          [...PVAR_STARTUP, ...PVAR_POLL_REQS],
        );
      } finally {
        await sim.close();
      }
    }
  },
});

Deno.test({
  name:
    "powervar_cx_ser -k sends SET.OFFDLY.W=<offdelay>; -L; not a CUSPP unit",
  ...opts,
  fn: async () => {
    const sim = new PowervarSim();
    try {
      const o = await runOurDriver(
        "powervar_cx_ser",
        conf(sim.path, " offdelay = 30\n"),
        ["-k"],
      );
      assertEquals(o.code, 0, o.stderr);
      await sim.drained();
      assertEquals(sim.requests, [...PVAR_STARTUP, "SET.OFFDLY.W=30"]);
      sim.requests.length = 0;
      sim.model.override.set("PID", "PID=1.2;XYZ;UID");
      const bad = await runOurDriver("powervar_cx_ser", conf(sim.path), [
        "-d",
        "1",
      ]);
      assertEquals(bad.code, 1);
      assert(bad.stderr.includes("Not a UPS that handles CUSPP"), bad.stderr);
      await sim.drained();
      assertEquals(sim.requests, ["PID.FORMAT", "PID"]);
    } finally {
      await sim.close();
    }
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/powervar_cx_ser.ts", import.meta.url).pathname,
        "-L",
      ],
    }).output();
    assertEquals(new TextDecoder().decode(l.stdout).split("\n").slice(1), [
      "Warning: This is an experimental driver.",
      "Some features may not function correctly.",
      "",
      'VALUE startdelay "Change start delay time from the 1 second default (1-65535)."',
      'VALUE offdelay "Change shutdown delay time from 0 second default (1-65535)."',
      'VALUE disptesttime "Change display test time from the 10 second default (UPM only, 11-255)."',
      'VALUE pvbaud "(UPM dev only) *Possibly* use a baud rate other than the default of 9600."',
      "",
    ]);
  },
});

Deno.test({
  name:
    "powervar_cx_ser: commands, SETs; garbage, short and silence go stale, then recover",
  ...opts,
  fn: async () => {
    const sim = new PowervarSim();
    const { running } = await startOurs(def, sim.path, { startdelay: "7" });
    try {
      const drv = running.driver, t = running.state.tree;
      assertEquals(t.cmds(), [...PVAR_CMD_LIST].sort());
      for (const [cmd, reqs] of PVAR_CMDS) {
        const n = sim.requests.length;
        assertEquals(await drv.instcmd!(cmd), "handled", cmd);
        await sim.drained();
        assertEquals(sim.requests.slice(n), reqs, cmd);
      }
      assertEquals(await drv.instcmd!("calibrate.start"), "unknown");
      let n = sim.requests.length;
      assertEquals(await drv.setvar!("ups.delay.shutdown", "45"), "handled");
      assertEquals(await drv.setvar!("ups.delay.shutdown", "70000"), "unknown");
      assertEquals(await drv.instcmd!("load.off.delay"), "handled");
      assertEquals(await drv.setvar!("battery.date", "202503"), "handled");
      assertEquals(await drv.setvar!("battery.date", "2025"), "unknown");
      assertEquals(await drv.setvar!("ups.start.auto", "NO"), "handled");
      assertEquals(await drv.setvar!("ups.start.auto", "maybe"), "unknown");
      await sim.drained();
      assertEquals(sim.requests.slice(n), [
        "SET.OFFDLY.W=45",
        "SYS.BATDTE.W=202503",
        "SET.ATOSRT.W=0",
      ]);
      assertEquals(t.get("battery.date"), "202503 (yyyymm)");
      assertEquals(t.get("ups.start.auto"), "no");
      await running.update();
      assertEquals(t.get("ups.timer.shutdown"), "45");
      n = sim.requests.length;
      await running.update();
      assertEquals(sim.requests.slice(n), [...PVAR_POLL_REQS]);
      for (const fault of ["garbled", "short", "silent"] as const) {
        sim.fault = fault;
        sim.model.state = "battery";
        await running.update();
        assert(running.state.stale, fault);
        assertEquals(t.get("ups.status"), "OL", fault);
        sim.fault = "none";
        await running.update();
        assert(!running.state.stale, `${fault}: not recovered`);
        assertEquals(t.get("ups.status"), "OB");
        sim.model.state = "online";
        await running.update();
      }
    } finally {
      await running.stop();
      await sim.close();
    }
  },
});
