/**
 * apc_modbus (NUT master only, not in Debian's 2.8.0): our driver run as a
 * process against a Smart-UPS simulator over RTU on a pty and Modbus/TCP,
 * written from the register map in NUT's source. The `-d 1` dump carries
 * the values the registers give (fixed point by 2^scale, strings, dates,
 * timers, outlet groups, status and alarm bits); `-L` lists the options of
 * the build with USB; `-k` reads the inventory, then writes
 * shutdown.return for both outlet groups to 1538.
 */
import { assert, assertEquals } from "../assert.ts";
import { ModbusSim } from "../sim/modbus.ts";
import { apcMap, type ApcState } from "../sim/modbus_devices.ts";
import { parseDump, runOurDriver } from "../sim/harness.ts";

const opts = { sanitizeOps: false, sanitizeResources: false };

async function run(
  mode: "tcp" | "rtu",
  state: ApcState,
  args: string[],
): Promise<{ dump: string[]; frames: string[]; code: number; err: string }> {
  const sim = new ModbusSim(apcMap(state), 1);
  try {
    const port = mode === "tcp" ? sim.tcp() : (await sim.rtu(), sim.ptyPath);
    const extra = ` porttype = ${mode === "tcp" ? "tcp" : "serial"}\n`;
    const r = await runOurDriver(
      "apc_modbus",
      `[sim]\n driver = apc_modbus\n port = ${port}\n${extra}`,
      args,
    );
    await sim.idle();
    return {
      dump: parseDump(r.stdout),
      frames: sim.hex(),
      code: r.code,
      err: r.stderr,
    };
  } finally {
    await sim.close();
  }
}

const ONLINE = [
  "battery.charge: 100.00",
  "battery.date: 2023-06-01",
  "battery.date.maintenance: 2028-05-01",
  "battery.runtime: 3540",
  "battery.temperature: 25.50",
  "battery.voltage: 27.31",
  "experimental.output.energy: 123456",
  "experimental.ups.calibration.result: ",
  "input.transfer.high: 253",
  "input.transfer.low: 200",
  "input.transfer.reason: AcceptableInput",
  "input.voltage: 229.50",
  "outlet.group.0.delay.reboot: 8",
  "outlet.group.0.delay.shutdown: 90",
  "outlet.group.0.designator: Main",
  "outlet.group.0.id: MOG",
  "outlet.group.0.name: Main",
  "outlet.group.0.status: on",
  "outlet.group.1.delay.shutdown: 30",
  "outlet.group.1.delay.start: 10",
  "outlet.group.1.id: SOG0",
  "outlet.group.1.name: Group1",
  "outlet.group.1.status: off",
  "outlet.group.1.timer.shutdown: 30",
  "outlet.group.1.timer.start: CountdownExpired",
  "outlet.group.count: 2",
  "output.current: 2.50",
  "output.frequency: 50.00",
  "output.voltage: 230.00",
  "ups.delay.shutdown: 90",
  "ups.efficiency: 95.5",
  "ups.firmware: UPS 09.8 / ID=20",
  "ups.id: apcups",
  "ups.load: 23.50",
  "ups.mfr: American Power Conversion",
  "ups.mfr.date: 2021-03-15",
  "ups.model: Smart-UPS 2200",
  "ups.power: 550.00",
  "ups.power.nominal: 2200",
  "ups.realpower: 465.30",
  "ups.realpower.nominal: 1980",
  "ups.serial: AS1234567890",
  "ups.status: OL",
  "ups.test.result: Passed, Source: Protocol",
  "ups.timer.reboot: 120",
  "ups.timer.shutdown: NotActive",
  "ups.timer.start: CountdownExpired",
];

Deno.test({
  name: "apc_modbus -d 1 decodes a Smart-UPS over RTU and TCP",
  ...opts,
  fn: async () => {
    for (const mode of ["rtu", "tcp"] as const) {
      const { dump, frames, code, err } = await run(mode, {}, ["-d", "1"]);
      assertEquals(code, 0, err);
      for (const line of ONLINE) {
        assert(dump.includes(line), `${mode} ${line}\n${dump.join("\n")}`);
      }
      assert(!dump.some((l) => l.startsWith("outlet.group.2")), "no SOG1");
      // inventory, then status, dynamic and static blocks
      assertEquals(frames.slice(0, 4), [
        "0302040078",
        "030000001b",
        "030080002c",
        "0304020016",
      ]);
    }
    // on battery, low, replace battery, errors, eco, boost, no input
    const { dump } = await run("tcp", {
      1: (1 << 2) | (1 << 5) | (1 << 7) | (1 << 13),
      0: (1 << 21) >> 16,
      18: 2,
      21: 0x2001,
      22: 0x05,
      24: 2,
      150: 1 << 5,
      151: 0xffff,
      154: 0xfffc,
      2: 13,
    }, ["-d", "1"]);
    for (
      const line of [
        "ups.status: ALARM OB TEST OVER LB RB CAL BOOST",
        "ups.alarm: General fault Power system - Output overload Power system - Inverter fault Battery system - Disconnected Battery system - Needs replacement",
        "experimental.ups.mode.buzzwords: vendor:apc:HE",
        "experimental.ups.calibration.result: InProgress",
        "input.voltage: NA",
        "ups.efficiency: OnBattery",
        "input.transfer.reason: LowBatteryVoltage",
      ]
    ) assert(dump.includes(line), `${line}\n${dump.join("\n")}`);
  },
});

Deno.test({
  name: "apc_modbus -L and -k frames as NUT's source sends them",
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
    const lines = new TextDecoder().decode(l.stdout).split("\n");
    // the build with USB (its list: tests/interop/modbus_apc_usb_test.ts)
    assertEquals(lines.length, 25);
    assertEquals(
      lines[16],
      'VALUE porttype "Modbus port type (serial, tcp, usb, default=usb)"',
    );
    for (const mode of ["rtu", "tcp"] as const) {
      const { frames, code, err } = await run(mode, {}, ["-k"]);
      assertEquals(code, 0, err);
      // shutdown.return: output shutdown + off delay, MOG and SOG0 targets
      assertEquals(frames, ["0302040078", "10060200020400000388"]);
    }
  },
});
