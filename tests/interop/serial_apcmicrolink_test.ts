/**
 * apcmicrolink (NUT 2.8.5+; Debian's 2.8.0 has no such driver) run as a
 * program against the Microlink simulator on a pty. Expected values are
 * worked out by hand from NUT master's rules (apcmicrolink.c,
 * apcmicrolink-maps.c, apc_common.c) and the raw values the simulated
 * units hold (tests/sim/microlink_units.ts): the `-d 1` dump of two units,
 * the bytes of the handshake and authentication, `-k`'s command write,
 * and the `-L` list (NUT's addvar calls).
 */
import { assert, assertEquals } from "../assert.ts";
import { MicrolinkSim } from "../sim/microlink.ts";
import { smt1500, smt750, smx3000 } from "../sim/microlink_units.ts";
import { parseDump, runOurDriver } from "../sim/harness.ts";
import { runTool, withNutUpsd } from "../sim/tripplite_ser.ts";
import { haveNut, waitFor } from "../net.ts";
import { buildWrite } from "../../drivers/apcmicrolink/link.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (path: string, extra = "") =>
  `[sim]\n driver = apcmicrolink\n port = ${path}\n${extra}`;

/** SMT1500 on line: each value from its raw number (see microlink_units.ts). */
const SMT_DUMP = [
  "battery.charge: 100", // 51200 / 2^9
  "battery.date: 2023-06-01", // day 8552 from 2000-01-01
  "battery.lifetime.status: LifeTimeStatusOK",
  "battery.lowruntimewarning: 150",
  "battery.runtime: 3720",
  "battery.temperature: 24.5", // 3136 / 2^7
  "battery.voltage: 27.3125", // 874 / 2^5
  "device.mfr: APC",
  "device.model: Smart-UPS 1500",
  "device.serial: AS1234567890",
  "experimental.battery.sku: APCRBC133",
  "experimental.battery.test.result: Passed", // bit 2
  "experimental.device.sku: SMT1500RMI2U",
  "experimental.device.status: OL",
  "experimental.outlet.group.0.status.cause: UPSStatusChange",
  "experimental.output.energy: 12345",
  "experimental.output.voltage.setting: VAC230",
  "experimental.statistics.battery.totaltime: 86400",
  "experimental.ups.calibration.result: None",
  "input.frequency: 50",
  "input.quality: Acceptable PoweringLoad",
  "input.transfer.delay: NoDelay",
  "input.transfer.high: 253",
  "input.transfer.low: 208",
  "input.transfer.reason: AcceptableInput", // enum 8
  "input.voltage: 230.40625", // 14746 / 2^6
  "outlet.group.0.delay.reboot: 8",
  "outlet.group.0.delay.shutdown: 90",
  "outlet.group.0.delay.start: Disabled", // -1
  "outlet.group.0.name: Main",
  "outlet.group.0.status: StateOn",
  "outlet.group.1.delay.shutdown: 120",
  "outlet.group.1.name: Group1",
  "outlet.group.1.status: StateOff",
  "outlet.group.1.timer.shutdown: NotActive", // -1
  "outlet.group.1.timer.start: CountdownExpired", // 0
  "outlet.group.count: 2",
  "output.current: 1.25",
  "output.frequency: 50",
  "output.voltage: 230",
  "ups.display.language: en",
  "ups.efficiency: 95.5", // 12224 / 2^7
  "ups.firmware: UPS 09.5 (ID18)",
  "ups.id: rack-a",
  "ups.mfr: APC",
  "ups.mfr.date: 2019-04-12",
  "ups.model: Smart-UPS 1500",
  "ups.power: 25.039062", // 6410 / 2^8 = 25.0390625, glibc's tie to even
  "ups.power.nominal: 1500",
  "ups.productid: 0003",
  "ups.realpower: 23.5",
  "ups.realpower.nominal: 1000",
  "ups.serial: AS1234567890",
  "ups.status: OL",
  "ups.temperature: 24.5",
  "ups.test.interval: OnStartUpPlus14",
  "ups.test.result: None",
  "ups.vendorid: 051d",
];

Deno.test({
  name: "apcmicrolink -d 1: SMT1500 dump, handshake and authentication bytes",
  ...opts,
  fn: async () => {
    const unit = smt1500();
    const sim = new MicrolinkSim(unit);
    try {
      const r = await runOurDriver("apcmicrolink", conf(sim.path), ["-d", "1"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(parseDump(r.stdout), [...SMT_DUMP].sort());
      // 0xFD, then 0xFE for pages 1..12; after the last page the slave
      // password goes to 2:4.8.5 (page/offset of its bytes)
      const [off] = unit.layout.get("2:4.8.5")!;
      const pw = unit.expectedPassword();
      const auth = buildWrite(off / 32 | 0, off % 32, pw);
      const start = [0xfd, ...new Array(unit.count - 1).fill(0xfe), ...auth];
      assertEquals(sim.raw.slice(0, start.length), start);
      assert(sim.authenticated);
      assertEquals(sim.writes.map((w) => w.path), ["2:4.8.5"]);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name:
    "apcmicrolink -d 1: SMX3000 on battery (alarm, three groups, no authentication)",
  ...opts,
  fn: async () => {
    const sim = new MicrolinkSim(smx3000());
    try {
      const r = await runOurDriver("apcmicrolink", conf(sim.path), ["-d", "1"]);
      assertEquals(r.code, 0, r.stderr);
      const dump = parseDump(r.stdout);
      for (
        const line of [
          "ups.status: ALARM OB", // status bits 2 and 5
          "ups.alarm: General fault",
          "experimental.device.status: OB",
          "ups.temperature: -2.5", // -320 / 2^7
          "ups.efficiency: OnBattery", // -4
          "outlet.group.count: 3",
          "outlet.group.2.name: Bank 2",
          "outlet.group.2.status: StateOn PendingOffDelay",
          "outlet.group.2.timer.shutdown: 45",
          "outlet.group.2.delay.shutdown: Disabled",
          "ups.model: Smart-UPS X 3000",
        ]
      ) assert(dump.includes(line), `${line}\n${dump.join("\n")}`);
      assertEquals(sim.writes, []); // page 0 asks for no password
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "apcmicrolink showinternals/showunmapped publish microlink.*",
  ...opts,
  fn: async () => {
    const unit = smt1500();
    const sim = new MicrolinkSim(unit);
    try {
      const r = await runOurDriver(
        "apcmicrolink",
        conf(sim.path, " showinternals = yes\n showunmapped = yes\n"),
        ["-d", "1"],
      );
      assertEquals(r.code, 0, r.stderr);
      // NUT's names here hold ':' (parseDump keeps dotted names only)
      const dump = r.stdout.split("\n");
      const at = (p: string) =>
        unit.layout.get(p)![0].toString(16).padStart(4, "0");
      const pw = [...unit.expectedPassword()].map((b) =>
        b.toString(16).toUpperCase().padStart(2, "0")
      ).join("");
      for (
        const line of [
          "microlink.page.width: 32",
          `microlink.page.count: ${unit.count}`,
          "microlink.flags: 0x09",
          "microlink.flag.auth_required: 1",
          "microlink.flag.descriptor_present: 1",
          "microlink.series.id: 3586", // 0x0E02
          "microlink.descriptor.pointer: 0x0500",
          "microlink.descriptor.data_offset: 160",
          "microlink.session: ready",
          "microlink.descriptor.ready: 1",
          `microlink.unmapped.2:4.5.77: 0xBEEF @ ${at("2:4.5.77")}:2`,
          // the driver's copy of what it wrote
          `microlink.unmapped.2:4.8.5: 0x${pw} @ ${at("2:4.8.5")}:4`,
          `microlink.unmapped.2:4.8.6: 0x12345678 @ ${at("2:4.8.6")}:4`,
        ]
      ) assert(dump.includes(line), `${line}\n${r.stdout}`);
      // the skipped usage stays hidden even then
      assert(!dump.some((l) => l.includes("2:4.9.45")));
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "apcmicrolink -k writes shutdown.return for every outlet group",
  ...opts,
  fn: async () => {
    const unit = smt1500();
    const sim = new MicrolinkSim(unit);
    try {
      const r = await runOurDriver("apcmicrolink", conf(sim.path), ["-k"]);
      assertEquals(r.code, 0, r.stderr);
      // the last write may still be on the line when the driver has exited
      await waitFor(() => sim.writes.length >= 2, 5000, 10, "the command");
      // main (bit 8) + switched 0 (bit 9), shutdown (3) + off delay (7),
      // RJ45 source (14) = 0x4388 into 2:4.B5's four bytes
      const [off] = unit.layout.get("2:4.B5")!;
      const cmd = buildWrite(off / 32 | 0, off % 32, [0, 0, 0x43, 0x88]);
      // the whole exchange: start-up as for -d, then the command write, no poll
      const [pwAt] = unit.layout.get("2:4.8.5")!;
      const auth = buildWrite(
        pwAt / 32 | 0,
        pwAt % 32,
        unit.expectedPassword(),
      );
      assertEquals(sim.raw, [
        0xfd,
        ...new Array(unit.count - 1).fill(0xfe),
        ...auth,
        ...cmd,
      ]);
      assertEquals(sim.writes.map((w) => w.path), ["2:4.8.5", "2:4.B5"]);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name:
    "apcmicrolink -k without outlet groups: nothing to send, exit 1 (as NUT)",
  ...opts,
  fn: async () => {
    const unit = smt750();
    const sim = new MicrolinkSim(unit);
    try {
      const r = await runOurDriver("apcmicrolink", conf(sim.path), ["-k"]);
      assertEquals(r.code, 1, r.stderr);
      assert(r.stderr.includes("failed to issue shutdown.return"), r.stderr);
      await waitFor(() => sim.authenticated, 5000, 10, "the password");
      assertEquals(sim.writes.map((w) => w.path), ["2:4.8.5"]);
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "apcmicrolink -L lists NUT master's addvar variables",
  ...opts,
  fn: async () => {
    const script = new URL("../../drivers/apcmicrolink.ts", import.meta.url);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", script.pathname, "-L"],
    }).output();
    const lines = new TextDecoder().decode(out.stdout).split("\n");
    assertEquals(lines.filter((l) => /^(VALUE|FLAG) /.test(l)), [
      'VALUE baudrate "Serial port baud rate (e.g. 9600, 19200, 38400)"',
      'VALUE showinternals "Show Microlink internal runtime values (yes/no, default follows debug mode)"',
      'VALUE showunmapped "Show unmapped Microlink descriptor values (yes/no, default follows debug mode)"',
      'VALUE cmdsrc "Microlink command source: rj45, usb, localuser, smartslot1, internalnetwork1 (default: rj45)"',
    ]);
    // DRV_EXPERIMENTAL: the banner's warning
    assert(lines.includes("Warning: This is an experimental driver."));
  },
});

Deno.test({
  name:
    "apcmicrolink under NUT's upsd: commands listed, upscmd and upsrw write their bytes",
  ignore: !haveNut(),
  ...opts,
  fn: async () => {
    const unit = smt1500();
    const sim = new MicrolinkSim(unit);
    const ours = [
      Deno.execPath(),
      "run",
      "-A",
      new URL("../../drivers/apcmicrolink.ts", import.meta.url).pathname,
    ];
    try {
      await withNutUpsd("apcmicrolink", ours, sim.path, async (s) => {
        const auth = ["-u", "admin", "-p", "pw", "-w", "-t", "20"];
        const upsc = await runTool("/usr/bin/upsc", [s.target], s.env);
        assert(upsc.out.includes("ups.status: OL"), upsc.out);
        assert(upsc.out.includes("driver.parameter.pollinterval: 0"));
        const list = await runTool("/usr/bin/upscmd", ["-l", s.target], s.env);
        for (
          const c of [
            "test.battery.start",
            "bypass.stop",
            "load.cycle",
            "outlet.group.1.shutdown.reboot.graceful",
          ]
        ) assert(list.out.includes(`${c} - `), list.out);
        const rw = await runTool("/usr/bin/upsrw", [s.target], s.env);
        assert(rw.out.includes("[ups.id]"), rw.out);
        assert(rw.out.includes("Type: STRING"), rw.out);
        const from = sim.writes.length;
        let r = await runTool("/usr/bin/upscmd", [
          ...auth,
          s.target,
          "load.off",
        ], s.env);
        assertEquals(r.code, 0, r.err);
        r = await runTool("/usr/bin/upsrw", [
          "-s",
          "ups.id=rack-z",
          ...auth,
          s.target,
        ], s.env);
        assertEquals(r.code, 0, r.err);
        await waitFor(
          () => sim.writes.length >= from + 2,
          10_000,
          20,
          "writes",
        );
        assertEquals(sim.writes.slice(from).map((w) => [w.path, w.data]), [
          ["2:4.B5", [0, 0, 0x43, 0x04]],
          ["2:4.82", [...new TextEncoder().encode("rack-z"), 0, 0]],
        ]);
        await waitFor(async () =>
          (await runTool("/usr/bin/upsc", [s.target, "ups.id"], s.env)).out
            .trim() === "rack-z"
        );
      });
    } finally {
      await sim.close();
    }
  },
});
