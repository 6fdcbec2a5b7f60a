/**
 * apc_modbus over USB HID (NUT master's build with USB; Debian's 2.8.0 has
 * no apc_modbus) on the USB simulator (tests/sim/usb/apc_modbus_model.ts),
 * against the same unit over Modbus/TCP and RTU (tests/sim/modbus.ts, the
 * same register map): the `-d 1` dump is the same (plus ups.vendorid and
 * ups.productid, which NUT sets on a USB connect) and so are the request
 * frames; `-k` writes the same frames; `-L` is NUT master's list for the
 * USB build; no unit found exits as NUT's modbus_connect failure. In
 * process: the same instant-command and SET writes as over TCP, report
 * ids read from the descriptor, garbage / short / silent answers go stale
 * (never a crash) and recover, and an unplug goes stale until the replug.
 */
import { assert, assertEquals } from "../assert.ts";
import { ModbusSim } from "../sim/modbus.ts";
import { apcMap } from "../sim/modbus_devices.ts";
import { parseDump, runOurDriver, testCtx } from "../sim/harness.ts";
import { UsbSimServer } from "../sim/usb/server.ts";
import { ApcModbusUsbModel } from "../sim/usb/apc_modbus_model.ts";
import { waitFor } from "../net.ts";
import { ApcModbusDriver } from "../../drivers/modbus/apc.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (port: string, extra = "") =>
  `[sim]\n driver = apc_modbus\n port = ${port}\n${extra}`;

async function overModbusSim(mode: "tcp" | "serial", args: string[]) {
  const sim = new ModbusSim(apcMap(), 1);
  try {
    const port = mode === "tcp" ? sim.tcp() : (await sim.rtu(), sim.ptyPath);
    const r = await runOurDriver(
      "apc_modbus",
      conf(port, ` porttype = ${mode}\n`),
      args,
    );
    await sim.idle();
    assertEquals(r.code, 0, r.stderr);
    return { dump: parseDump(r.stdout), frames: sim.hex() };
  } finally {
    await sim.close();
  }
}

Deno.test({
  name: "apc_modbus over USB: -d 1 and -k give what TCP and RTU give",
  ...opts,
  fn: async () => {
    const tcp = await overModbusSim("tcp", ["-d", "1"]);
    const rtu = await overModbusSim("serial", ["-d", "1"]);
    assertEquals(rtu.dump, tcp.dump);
    assert(tcp.dump.includes("ups.status: OL"), tcp.dump.join("\n"));
    const tcpK = await overModbusSim("tcp", ["-k"]);
    const srv = new UsbSimServer();
    try {
      const m = new ApcModbusUsbModel(apcMap());
      srv.add(m);
      const env = { USBSIM_SOCKET: srv.path };
      // porttype defaults to usb, port = auto as NUT's USB drivers
      const r = await runOurDriver(
        "apc_modbus",
        conf("auto"),
        ["-d", "1"],
        30_000,
        env,
      );
      assertEquals(r.code, 0, r.stderr);
      const dump = parseDump(r.stdout);
      assertEquals(
        dump.filter((l) => !/^ups\.(vendor|product)id:/.test(l)),
        tcp.dump,
      );
      assert(dump.includes("ups.vendorid: 051d"), dump.join("\n"));
      assert(dump.includes("ups.productid: 0003"), dump.join("\n"));
      assertEquals(m.hex(), tcp.frames);
      const n = m.frames.length;
      const k = await runOurDriver(
        "apc_modbus",
        conf("auto", " porttype = usb\n"),
        ["-k"],
        30_000,
        env,
      );
      assertEquals(k.code, 0, k.stderr);
      assertEquals(m.hex(n), tcpK.frames);
      assertEquals(tcpK.frames, ["0302040078", "10060200020400000388"]);
    } finally {
      await srv.close();
    }
  },
});

Deno.test({
  name: "apc_modbus over USB: -L of NUT master's USB build, matching, no unit",
  ...opts,
  fn: async () => {
    const l = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        new URL("../../drivers/apc_modbus.ts", import.meta.url).pathname,
        "-L",
      ],
    }).output();
    const tune = "Deeper tuning of USB communications for complex devices";
    assertEquals(new TextDecoder().decode(l.stdout).split("\n").slice(1), [
      'VALUE vendor "Regular expression to match UPS Manufacturer string"',
      'VALUE product "Regular expression to match UPS Product string"',
      'VALUE serial "Regular expression to match UPS Serial number"',
      'VALUE vendorid "Regular expression to match UPS Manufacturer numerical ID (4 digits hexadecimal)"',
      'VALUE productid "Regular expression to match UPS Product numerical ID (4 digits hexadecimal)"',
      'VALUE bus "Regular expression to match USB bus name"',
      'VALUE device "Regular expression to match USB device name"',
      'VALUE busport "Regular expression to match USB bus port name"',
      'FLAG allow_duplicates "If you have several UPS devices which may not be uniquely identified by options above, allow each driver instance with this option to take the first match if available, or try another (association of driver to device may vary between runs)"',
      'VALUE usb_set_altinterface "Force redundant call to usb_set_altinterface() (value=bAlternateSetting; default=0)"',
      `VALUE usb_config_index "${tune}"`,
      `VALUE usb_hid_rep_index "${tune}"`,
      `VALUE usb_hid_desc_index "${tune}"`,
      `VALUE usb_hid_ep_in "${tune}"`,
      `VALUE usb_hid_ep_out "${tune}"`,
      'VALUE porttype "Modbus port type (serial, tcp, usb, default=usb)"',
      'VALUE slaveid "Modbus slave id (default=1)"',
      'VALUE response_timeout_ms "Modbus response timeout in milliseconds (default=500, 2000 for TCP)"',
      'VALUE modbus_retries "Number of retries for Modbus register reads on timeout errors (default=3)"',
      'VALUE baudrate "Modbus serial RTU communication speed in baud (default=9600)"',
      'VALUE parity "Modbus serial RTU parity (N=none, E=even, O=odd, default=N)"',
      'VALUE databits "Modbus serial RTU data bit count (default=8)"',
      'VALUE stopbits "Modbus serial RTU stop bit count (default=1)"',
      "",
    ]);
    const srv = new UsbSimServer();
    try {
      const m = new ApcModbusUsbModel(apcMap());
      const dev = srv.add(m);
      const env = { USBSIM_SOCKET: srv.path };
      // a regex that excludes the unit: nothing found, as NUT says it
      const miss = await runOurDriver(
        "apc_modbus",
        conf("auto", " serial = XYZ.*\n"),
        ["-d", "1"],
        30_000,
        env,
      );
      assertEquals(miss.code, 1);
      assert(
        miss.stderr.includes(
          "modbus_connect: unable to connect: No such device",
        ),
        miss.stderr,
      );
      assertEquals(m.frames.length, 0);
      srv.unplug(dev);
      const none = await runOurDriver(
        "apc_modbus",
        conf("auto"),
        ["-d", "1"],
        30_000,
        env,
      );
      assertEquals(none.code, 1);
      assert(none.stderr.includes("No such device"), none.stderr);
    } finally {
      await srv.close();
    }
  },
});

/** Runs `cmds` and SETs on an open driver; returns the writes the map saw. */
async function commandWrites(d: ApcModbusDriver, writes: () => unknown[]) {
  const cmds = [
    "load.off",
    "shutdown.stayoff",
    "outlet.group.1.load.on",
    "outlet.group.0.load.cycle",
    "test.battery.start",
    "bypass.start",
    "beeper.mute",
  ];
  for (const c of cmds) assertEquals(await d.instcmd(c), "handled", c);
  assertEquals(await d.setvar("ups.id", "rack7"), "handled");
  assertEquals(await d.setvar("ups.delay.shutdown", "-5"), "handled");
  return writes();
}

Deno.test({
  name:
    "apc_modbus over USB: commands as over TCP; faults and unplug go stale, then recover",
  ...opts,
  fn: async () => {
    // the same commands over TCP, for the writes to compare with
    const sim = new ModbusSim(apcMap(), 1);
    const tcp = testCtx(sim.tcp(), { porttype: "tcp" });
    const td = new ApcModbusDriver(tcp.ctx, undefined, 0.01);
    let tcpWrites: unknown[];
    try {
      await td.init();
      tcpWrites = await commandWrites(td, () => [...sim.map.writes]);
    } finally {
      await td.close();
      await sim.close();
    }
    const srv = new UsbSimServer();
    // report ids other than libmodbus's defaults: read from the descriptor
    const m = new ApcModbusUsbModel(apcMap(), { rx: 0x71, tx: 0x72 });
    const dev = srv.add(m);
    Deno.env.set("USBSIM_SOCKET", srv.path);
    const t = testCtx("auto");
    const d = new ApcModbusDriver(t.ctx, undefined, 0.01);
    try {
      await d.init();
      await d.update();
      assert(!t.state.stale);
      assertEquals(t.state.tree.get("ups.status"), "OL");
      assertEquals(t.state.tree.get("ups.vendorid"), "051d");
      assertEquals(
        await commandWrites(d, () => [...m.map.writes]),
        tcpWrites,
      );
      assertEquals(t.state.tree.get("ups.id"), "rack7");
      for (const fault of ["garbled", "short", "silent"] as const) {
        m.fault = fault;
        await d.update();
        assert(t.state.stale, `${fault}: not stale`);
        await d.update(); // still bad at the reopen: stale, no throw
        assert(t.state.stale, `${fault}: not stale at the reopen`);
        m.fault = "none";
        const before = m.frames.length;
        await d.update();
        assert(!t.state.stale, `${fault}: not recovered`);
        assertEquals(m.hex(before)[0], "0302040078", "inventory first");
      }
      srv.unplug(dev);
      await d.update();
      assert(t.state.stale, "unplugged: not stale");
      await d.update();
      assert(t.state.stale, "still unplugged");
      srv.plug(dev);
      await waitFor(
        async () => {
          await d.update();
          return !t.state.stale;
        },
        10_000,
        100,
        "recovery after the replug",
      );
      assertEquals(t.state.tree.get("ups.status"), "OL");
    } finally {
      Deno.env.delete("USBSIM_SOCKET");
      await d.close();
      await srv.close();
    }
  },
});
