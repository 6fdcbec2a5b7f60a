/**
 * nut-ipmipsu against a BMC simulated by OpenIPMI's ipmi_sim over IPMI LAN
 * on loopback (tests/sim/ipmi_psu.ts). NUT 2.8.0's binary talks in-band
 * only (/dev/ipmi0, absent here), so side by side there is its -L and its
 * in-band start-up failure and -k; our values are checked against the
 * simulator's records as ipmitool (another IPMI stack) reads them; status
 * follows the PSU's sensors through NUT's upsd (input lost, absent); a
 * silent BMC gives stale data, then fresh.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { IpmiSim, PSU, SENSOR } from "../sim/ipmi_psu.ts";
import {
  ourDriverArgv,
  parseDump,
  runNutDriver,
  runOurDriver,
} from "../sim/harness.ts";
import { runTool } from "../sim/tripplite_ser.ts";
import { withUpsdFor } from "../sim/upsd_serve.ts";

const nut = haveNut();
/** ipmi_sim, ipmitool and FreeIPMI's tools (.ci/apt-packages installs them). */
const tools = ["/usr/bin/ipmi_sim", "/usr/bin/ipmitool", "/usr/sbin/ipmi-raw"]
  .every((p) => {
    try {
      return Deno.statSync(p).isFile;
    } catch {
      if (Deno.env.get("CI") === "true") throw new Error(`${p} missing`);
      return false;
    }
  });
const opts = { sanitizeOps: false, sanitizeResources: false };
const OURS = ourDriverArgv("nut_ipmipsu");
const dec = new TextDecoder();
const lan = (sim: IpmiSim) =>
  ` username = admin\n password = pw\n port = id${PSU.fruId}@127.0.0.1:${sim.port}\n`;

async function ipmitool(sim: IpmiSim, ...args: string[]): Promise<string> {
  const r = await new Deno.Command("/usr/bin/ipmitool", {
    args: [
      "-I",
      "lanplus",
      "-C",
      "3",
      "-H",
      "127.0.0.1",
      "-p",
      String(sim.port),
      "-U",
      "admin",
      "-P",
      "pw",
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return dec.decode(r.stdout);
}

Deno.test({
  name: "nut-ipmipsu -L: NUT 2.8.0's lines, plus our LAN username/password",
  ignore: !nut,
  fn: async () => {
    const run = async (argv: string[]) => {
      const r = await new Deno.Command(argv[0]!, {
        args: [...argv.slice(1), "-L"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      return (dec.decode(r.stdout) + dec.decode(r.stderr)).split("\n")
        .slice(1);
    };
    const theirs = await run(["/lib/nut/nut-ipmipsu"]);
    const ours = await run(OURS);
    assertEquals(ours.filter((l) => theirs.includes(l)), theirs);
    assertEquals(ours.filter((l) => !theirs.includes(l)), [
      'VALUE username "Remote server username"',
      'UNKNOWN password "Remote server password"',
    ]);
  },
});

Deno.test({
  name: "nut-ipmipsu in-band without a BMC: start-up and -k fail as NUT's",
  ignore: !nut,
  ...opts,
  fn: async () => {
    let bmc = true;
    try {
      Deno.statSync("/dev/ipmi0");
    } catch {
      bmc = false;
    }
    if (bmc) return; // a real BMC would answer both
    const conf = "[sim]\n driver = nut-ipmipsu\n port = id2\n";
    for (const args of [["-d", "1"], ["-k"]]) {
      const theirs = await runNutDriver("nut-ipmipsu", conf, args);
      const ours = await runOurDriver("nut_ipmipsu", conf, args);
      assertEquals(theirs.code, 1, args.join(" "));
      assertEquals(ours.code, theirs.code, `${args}: ${ours.stderr}`);
    }
  },
});

Deno.test({
  name:
    "nut-ipmipsu over IPMI LAN: FRU and sensor values as ipmitool reads them",
  ignore: !tools,
  ...opts,
  fn: async () => {
    const sim = await IpmiSim.start();
    try {
      const r = await runOurDriver(
        "nut_ipmipsu",
        `[sim]\n driver = nut-ipmipsu\n${lan(sim)}`,
        ["-d", "1"],
      );
      assertEquals(r.code, 0, r.stderr);
      const dump = new Map(
        parseDump(r.stdout).map((l) => l.split(": ", 2) as [string, string]),
      );
      const fru = await ipmitool(sim, "fru", "print", String(PSU.fruId));
      const field = (k: string) =>
        new RegExp(`${k}\\s*: (.*)`).exec(fru)?.[1]?.trim();
      assertEquals(dump.get("device.mfr"), field("Board Mfg"));
      assertEquals(dump.get("device.model"), field("Board Product"));
      assertEquals(dump.get("device.serial"), field("Board Serial"));
      assertEquals(dump.get("device.part"), field("Board Part Number"));
      // ipmitool: "Fri Mar 18 13:20:00 2011 UTC"; NUT: %D - %T local time
      const d = new Date(field("Board Mfg Date")!.replace(/^\w+ /, ""));
      const two = (n: number) => String(n).padStart(2, "0");
      assertEquals(
        dump.get("device.mfr.date"),
        `${two(d.getMonth() + 1)}/${two(d.getDate())}/${
          two(d.getFullYear() % 100)
        } - ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`,
      );
      const sdr = await ipmitool(sim, "sdr", "elist", "all");
      const reading = (name: string) =>
        Number.parseFloat(
          new RegExp(`^${name}\\s*\\|.*\\|\\s*([-\\d.]+) `, "m").exec(sdr)![1]!,
        ).toFixed(2);
      assertEquals(dump.get("input.voltage"), reading("Voltage"));
      assertEquals(dump.get("input.current"), reading("Current"));
      // the PSU's temperature, not the board's (another entity, read later)
      assertEquals(dump.get("ambient.temperature"), reading("Temp"));
      assert(reading("Board Temp") !== reading("Temp"));
      assertEquals(dump.get("ups.status"), "OL");
      assertEquals(dump.get("ups.id"), String(PSU.fruId));
      // the power supply record (ipmitool does not print it): as stored
      assertEquals(dump.get("ups.realpower.nominal"), String(PSU.capacityW));
      assertEquals(dump.get("input.voltage.minimum"), String(PSU.lowV / 100));
      assertEquals(dump.get("input.voltage.maximum"), String(PSU.highV / 100));
      assertEquals(dump.get("input.frequency.low"), String(PSU.lowHz));
      assertEquals(dump.get("input.frequency.high"), String(PSU.highHz));
      assertEquals(dump.get("ups.voltage"), "12");
    } finally {
      await sim.close();
    }
  },
});

Deno.test({
  name: "nut-ipmipsu status through NUT's upsd: input lost, absent, silent BMC",
  ignore: !nut || !tools,
  ...opts,
  fn: async () => {
    const sim = await IpmiSim.start();
    try {
      await withUpsdFor(
        "nut-ipmipsu",
        OURS,
        `id${PSU.fruId}@127.0.0.1:${sim.port}`,
        async (s) => {
          const upsc = async () => {
            const r = await runTool("/usr/bin/upsc", [s.target], s.env);
            return r.out + r.err;
          };
          const until = (text: string, what: string) =>
            waitFor(
              async () => (await upsc()).includes(text),
              20_000,
              100,
              what,
            );
          await until("ups.status: OL", "OL");
          // Power Supply sensor: bit 3, input lost (AC/DC)
          await sim.command(`sensor_set_bit 0x20 0 ${SENSOR.status} 3 1 0`);
          await until("ups.status: OFF", "input lost");
          assert(!(await upsc()).includes("Data stale"));
          await sim.command(`sensor_set_bit 0x20 0 ${SENSOR.status} 3 0 0`);
          await until("ups.status: OL", "input back");
          // Entity Presence: absent (bit 1) → OFF and stale, as NUT
          await sim.command(
            `sensor_set_bit_clr_rest 0x20 0 ${SENSOR.presence} 1 1 0`,
          );
          await until("Data stale", "absent");
          await sim.command(
            `sensor_set_bit_clr_rest 0x20 0 ${SENSOR.presence} 0 1 0`,
          );
          await until("ups.status: OL", "present again");
          // a silent BMC: stale, then fresh once it answers
          sim.pause(true);
          try {
            await until("Data stale", "silent");
          } finally {
            sim.pause(false);
          }
          await sim.command(`sensor_set_value 0x20 0 ${SENSOR.voltage} 110 0`);
          await until("input.voltage: 220.00", "answers again");
          assert(!(await upsc()).includes("Data stale"));
        },
        " username = admin\n password = pw\n pollinterval = 1\n",
      );
    } finally {
      await sim.close();
    }
  },
});
