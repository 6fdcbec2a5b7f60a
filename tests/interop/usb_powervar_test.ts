/**
 * powervar_cx_usb (NUT master only; Debian's NUT 2.8.0 lacks it) over
 * our USB layer on the USB simulator (tests/sim/usb/powervar_model.ts):
 * the same CUSPP unit and the same expected values as the serial driver
 * (worked out from NUT master's powervar_cx.c), here through HID
 * SET_REPORT requests and 8-byte interrupt answers. Checked: the wake-up
 * report and start-up requests, the `-d 1` dump with ups.vendorid and
 * ups.productid, `-k`, -L (only the three delay variables, as NUT), no
 * unit found, every command's requests, and garbage, short answers and
 * silence going stale, the reconnect and start-up again, and recovery.
 */
import { assert, assertEquals } from "../assert.ts";
import { UsbSimServer } from "../sim/usb/server.ts";
import { PowervarUsbModel } from "../sim/usb/powervar_model.ts";
import {
  PVAR_CMDS,
  PVAR_POLL,
  PVAR_POLL_REQS,
  PVAR_STARTUP,
  PVAR_STATIC,
} from "../sim/powervar_expect.ts";
import { parseDump, runOurDriver, testCtx } from "../sim/harness.ts";
import { PowervarUsbDriver } from "../../drivers/powervar_cx/usb.ts";
import { SimUsbBus } from "../../src/transport/usb_sim.ts";

const CONF = "[sim]\n driver = powervar_cx_usb\n port = auto\n";

Deno.test("usb powervar_cx_usb -d 1: start-up and values from NUT master's source", async () => {
  for (const state of ["online", "low"] as const) {
    const srv = new UsbSimServer();
    try {
      const m = new PowervarUsbModel();
      m.unit.state = state;
      srv.add(m);
      const o = await runOurDriver(
        "powervar_cx_usb",
        CONF,
        ["-d", "1"],
        30_000,
        {
          USBSIM_SOCKET: srv.path,
        },
      );
      assertEquals(o.code, 0, o.stderr);
      assertEquals(
        parseDump(o.stdout),
        [
          ...PVAR_STATIC,
          ...PVAR_POLL[state],
          "ups.productid: 0002",
          "ups.vendorid: 4234",
        ].sort(),
        state,
      );
      assertEquals(m.reports[0], "\r\n\r");
      assertEquals(m.reports[1], "PID.FORMAT\r");
      assertEquals(
        m.requests.slice(0, PVAR_STARTUP.length + PVAR_POLL_REQS.length),
        [...PVAR_STARTUP, ...PVAR_POLL_REQS],
      );
    } finally {
      await srv.close();
    }
  }
});

Deno.test("usb powervar_cx_usb -k, -L, and no unit found", async () => {
  const srv = new UsbSimServer();
  try {
    const m = new PowervarUsbModel();
    const dev = srv.add(m);
    const env = { USBSIM_SOCKET: srv.path };
    const o = await runOurDriver(
      "powervar_cx_usb",
      CONF + " offdelay = 20\n",
      ["-k"],
      30_000,
      env,
    );
    assertEquals(o.code, 0, o.stderr);
    assertEquals(m.requests, [...PVAR_STARTUP, "SET.OFFDLY.W=20"]);
    srv.unplug(dev);
    const none = await runOurDriver(
      "powervar_cx_usb",
      CONF,
      ["-d", "1"],
      30_000,
      env,
    );
    assertEquals(none.code, 1);
    assert(none.stderr.includes("No matching USB/HID UPS found"), none.stderr);
  } finally {
    await srv.close();
  }
  const l = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../drivers/powervar_cx_usb.ts", import.meta.url).pathname,
      "-L",
    ],
  }).output();
  assertEquals(new TextDecoder().decode(l.stdout).split("\n").slice(1), [
    'VALUE startdelay "Change start delay time from the 1 second default (1-65535)."',
    'VALUE offdelay "Change shutdown delay time from 0 second default (1-65535)."',
    'VALUE disptesttime "Change display test time from the 10 second default (UPM only, 11-255)."',
    "",
  ]);
});

Deno.test("usb powervar_cx_usb: commands; garbage, short and silence go stale, reconnect, recover", async () => {
  const srv = new UsbSimServer();
  const m = new PowervarUsbModel();
  srv.add(m);
  const t = testCtx("auto", { startdelay: "7" });
  const drv = new PowervarUsbDriver(
    t.ctx,
    () => Promise.resolve(new SimUsbBus(srv.path)),
  );
  try {
    await drv.init();
    await drv.update();
    assertEquals(t.state.tree.get("ups.status"), "OL");
    for (const [cmd, reqs] of PVAR_CMDS) {
      const n = m.requests.length;
      assertEquals(await drv.instcmd(cmd), "handled", cmd);
      assertEquals(m.requests.slice(n), reqs, cmd);
    }
    for (const fault of ["garbled", "short", "silent"] as const) {
      m.fault = fault;
      m.unit.state = "battery";
      await drv.update();
      assert(t.state.stale, fault);
      assertEquals(t.state.tree.get("ups.status"), "OL", fault);
      if (fault === "silent") {
        // still silent at the reconnect: start-up fails, stays stale, no exit
        const n = m.requests.length;
        await drv.update();
        assert(t.state.stale);
        assertEquals(m.requests.slice(n, n + 1), ["PID.FORMAT"]);
      }
      m.fault = "none";
      const n = m.requests.length;
      await drv.update();
      assert(!t.state.stale, `${fault}: not recovered`);
      assertEquals(t.state.tree.get("ups.status"), "OB");
      // a timed-out answer makes the next poll reconnect and start up again
      const again = m.requests.slice(n, n + PVAR_STARTUP.length);
      assertEquals(
        again[0] === "PID.FORMAT",
        fault !== "garbled",
        `${fault}: ${again.join(",")}`,
      );
      m.unit.state = "online";
      await drv.update();
    }
  } finally {
    await drv.close();
    await srv.close();
  }
});
