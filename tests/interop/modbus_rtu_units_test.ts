/**
 * Differential tests: NUT 2.8.0's `phoenixcontact_modbus` and
 * `socomec_jbus` (libmodbus RTU on a pty) and ours read the same register
 * maps: the same `-d 1` dumps and request frames for several states and
 * models, the same `-L`, and the same refusal of `-k` (no frame sent).
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { ModbusSim } from "../sim/modbus.ts";
import type { RegisterMap } from "../../src/modbus/device.ts";
import { phoenixMap, socomecMap } from "../sim/modbus_devices.ts";
import { parseDump, runNutDriver, runOurDriver } from "../sim/harness.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const conf = (driver: string, port: string) =>
  `[sim]\n driver = ${driver}\n port = ${port}\n`;

/** Both drivers on twin simulators; dumps, frames and exit codes. */
async function sideBySide(
  driver: string,
  map: () => RegisterMap,
  unit: number,
  args: string[],
) {
  const a = new ModbusSim(map(), unit), b = new ModbusSim(map(), unit);
  try {
    await a.rtu();
    await b.rtu();
    const [t, o] = await Promise.all([
      runNutDriver(driver, conf(driver, a.ptyPath), args),
      runOurDriver(driver, conf(driver, b.ptyPath), args),
    ]);
    await Promise.all([a.idle(), b.idle()]);
    return { t, o, theirs: a.hex(), mine: b.hex() };
  } finally {
    await a.close();
    await b.close();
  }
}

function firstPoll(frames: string[], from: number): string[] {
  const n = frames.indexOf(frames[from]!, from + 1);
  return frames.slice(0, n < 0 ? frames.length : n);
}

const UNITS: Array<[string, number, string, () => RegisterMap, string]> = [
  [
    "phoenixcontact_modbus",
    192,
    "online",
    () => phoenixMap({ charging: true }),
    "ups.status: OL CHRG",
  ],
  [
    "phoenixcontact_modbus",
    192,
    "on battery, shutdown event, alarms",
    () => phoenixMap({ onBattery: true, shutdownEvent: true, alarms: 0x7ef0 }),
    "ups.status: ALARM OB LB",
  ],
  [
    "socomec_jbus",
    1,
    "1-phase DELPHYS MX online",
    () => socomecMap(),
    "ups.status: OL",
  ],
  [
    "socomec_jbus",
    1,
    "3-phase on battery with alarms and ambient",
    () =>
      socomecMap({
        threePhase: true,
        runtime: 40,
        code: 130,
        alarms: [0x05f7, 0x8000, 0x1000, 0x485b],
        ambient: 24,
      }),
    "ups.status: ALARM OB",
  ],
  [
    "socomec_jbus",
    1,
    "unknown code, NUL in the serial, low runtime",
    () =>
      socomecMap({ code: 777, kva10: 0, serial: "AB\0DEFGHIJ", runtime: 9 }),
    "ups.status: LB",
  ],
  [
    "socomec_jbus",
    1,
    "clock and alarm blocks refused: read as zeros",
    () => {
      const m = socomecMap({ runtime: 20 });
      m.tables.holding.delete(0x1363);
      m.tables.holding.delete(0x1043);
      return m;
    },
    "ups.date: 2000/00/00",
  ],
];

Deno.test({
  name: "phoenixcontact_modbus and socomec_jbus -d 1 match NUT 2.8.0",
  ignore: !nut,
  ...opts,
  fn: async () => {
    for (const [driver, unit, name, map, expect] of UNITS) {
      const { t, o, theirs, mine } = await sideBySide(driver, map, unit, [
        "-d",
        "1",
      ]);
      assertEquals(o.code, t.code, o.stderr);
      const dump = parseDump(t.stdout);
      assertEquals(parseDump(o.stdout), dump, `${driver}: ${name}`);
      assert(dump.includes(expect), dump.join("\n"));
      // socomec's identity block is read once, then each poll
      const from = driver === "socomec_jbus" ? 1 : 0;
      assertEquals(firstPoll(mine, from), firstPoll(theirs, from), name);
    }
  },
});

Deno.test({
  name: "phoenixcontact_modbus and socomec_jbus -L and -k match NUT",
  ignore: !nut,
  ...opts,
  fn: async () => {
    for (
      const [driver, unit, map] of [
        ["phoenixcontact_modbus", 192, () => phoenixMap()],
        ["socomec_jbus", 1, () => socomecMap()],
      ] as const
    ) {
      const lst = async (cmd: string, args: string[]) =>
        new TextDecoder().decode(
          (await new Deno.Command(cmd, { args: [...args, "-L"] }).output())
            .stdout,
        ).split("\n").slice(1);
      assertEquals(
        await lst(Deno.execPath(), [
          "run",
          "-A",
          new URL(`../../drivers/${driver}.ts`, import.meta.url).pathname,
        ]),
        await lst(`/lib/nut/${driver}`, []),
      );
      const { t, o, theirs, mine } = await sideBySide(driver, map, unit, [
        "-k",
      ]);
      assertEquals([o.code, mine], [t.code, theirs]);
      assert(t.code !== 0 && /shutdown not supported/.test(o.stderr), o.stderr);
    }
  },
});
