/**
 * powerpanel's binary protocol ("Powerpanel-Binary 0.5", 1200 bps): `F`
 * identifies (".model.V.Hz.firmware", 20 bytes or more), `R<id>` reads a
 * setting as a signed step and `Q<id><step>` sets it, `D` answers a
 * 14-byte status whose two flag pairs add up to 255. OP-series units
 * (model "OP…" or numeric "rO…") scale raw readings; commands are
 * acknowledged by their echo.
 *
 * @module
 */
import type { CommandResult, DriverContext } from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { cFixed } from "../powercom/types.ts";
import type { PpLink, PpSubdriver } from "./link.ts";

const MAXTRIES = 3;

type Steps = ReadonlyArray<readonly [string, number]>;
const steps = (vals: string[], first: number, by: number[] = []): Steps =>
  vals.map((v, i) => [v, by.length ? by[i]! : first + i] as const);

/** Settable values: id byte and the steps of the PR and OP series. */
const VARS: ReadonlyArray<readonly [string, number, Steps, Steps]> = [
  [
    "input.transfer.high",
    0x02,
    steps([
      "138",
      "139",
      "140",
      "141",
      "142",
      "143",
      "144",
      "145",
      "146",
      "147",
    ], -9),
    steps([
      "140",
      "141",
      "142",
      "143",
      "144",
      "145",
      "146",
      "147",
      "148",
      "149",
      "150",
    ], -5),
  ],
  [
    "input.transfer.low",
    0x04,
    steps(["88", "89", "90", "91", "92", "93", "94", "95", "96", "97"], 0),
    steps(
      ["85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95"],
      -5,
    ),
  ],
  [
    "battery.charge.low",
    0x08,
    steps(["25", "30", "35", "40", "45", "50", "55", "60"], 0, [
      -6,
      -5,
      -3,
      -1,
      0,
      2,
      4,
      6,
    ]),
    steps(
      [
        "15",
        "18",
        "19",
        "20",
        "22",
        "24",
        "25",
        "26",
        "28",
        "30",
        "32",
        "34",
        "35",
        "36",
        "38",
        "40",
      ],
      -8,
    ),
  ],
  [
    "ups.start.battery",
    0x0f,
    steps(["yes", "no"], 0, [2, 0]),
    steps(["yes", "no"], 0, [2, 0]),
  ],
  [
    "output.voltage.nominal",
    0x18,
    steps(["110", "120", "130"], 0, [-10, 0, 10]),
    steps(["110", "115", "120", "124", "128", "130"], 0, [-2, -1, 0, 1, 2, 3]),
  ],
];

/** Instant commands: their bytes (the echo acknowledges all but the CR). */
const CMDS: ReadonlyArray<readonly [string, string]> = [
  ["test.battery.start.quick", "T\x98\r"],
  ["test.battery.stop", "CT\r"],
  ["beeper.toggle", "B\r"],
  ["shutdown.reboot", "S\0\0R\0\x01W\r"],
  ["shutdown.stayoff", "S\0\0W\r"],
  ["shutdown.stop", "C\r"],
];

/** Numeric OP model codes. */
const MODELS: ReadonlyArray<readonly [string, string]> = [
  ["rO10", "OP1000AVR"],
  ["rO27", "OP320AVR"],
  ["rO29", "OP500AVR"],
  ["rO31", "OP800AVR"],
  ["rO33", "OP850AVR"],
  ["rO37", "OP900AVR"],
  ["rO39", "OP650AVR"],
  ["rO41", "OP700AVR"],
  ["rO43", "OP1250AVR"],
  ["rO45", "OP1500AVR"],
];

/** A step as the C table holds it (char) compared with a received byte. */
const signedByte = (b: number) => (b > 127 ? b - 256 : b);

/** The binary protocol of one unit. */
export class PpBinary implements PpSubdriver {
  readonly version = "binary";
  /** OP series (scaled readings, other steps). */
  op = false;
  #answer = "";
  constructor(readonly ctx: DriverContext, readonly link: PpLink) {}

  /** powpan_command: `len` bytes sent, `len - 1` read. */
  async command(cmd: string): Promise<number> {
    await this.link.flush();
    await this.link.send(cmd);
    await this.link.sleep(100);
    const r = await this.link.getBuf(cmd.length - 1);
    this.#answer = r.data;
    return r.ret > 0 ? r.ret : -1;
  }

  async initups(): Promise<number> {
    await this.link.send("\r\r");
    for (let i = 0; i < MAXTRIES; i++) {
      await this.link.flush();
      await this.link.send("F\r");
      await this.link.sleep(200);
      const r = await this.link.getLine();
      this.#answer = r.data;
      if (r.ret < 20 || r.data[0] !== ".") continue;
      if (r.data.startsWith("OP", 1) || r.data.startsWith("rO", 1)) {
        this.op = true;
      }
      for (const v of ["ondelay", "offdelay"]) {
        if (this.ctx.config.values.has(v)) {
          throw new DriverFatalError(
            `Setting '${v}' not supported by binary driver`,
          );
        }
      }
      return r.ret;
    }
    return -1;
  }

  async initinfo(): Promise<void> {
    const st = this.ctx.state;
    st.set("ups.delay.start", "45");
    st.set("ups.delay.shutdown", "0");
    // F's answer from detection, a C string cut in "." pieces
    const f = this.#answer.slice(1).split("\0")[0]!.split(".").filter((p) => p);
    if (f[0] !== undefined) {
      const m = MODELS.find(([code]) => f[0]!.startsWith(code));
      st.set("ups.model", m ? m[1] : f[0].replace(/ +$/, ""));
    }
    if (f[1] !== undefined) {
      st.set("input.voltage.nominal", String(f[1].charCodeAt(0)));
    }
    if (f[2] !== undefined) {
      st.set("input.frequency.nominal", String(f[2].charCodeAt(0)));
    }
    if (f[3] !== undefined) {
      const c = (i: number) => f[3]![i] ?? "\0";
      st.set("ups.firmware", `${c(0)}.${c(1)}${c(2)}${c(3)}`.split("\0")[0]!);
    }
    for (const [c] of CMDS) st.addCmd(c);
    for (const [name, id, pr, op] of VARS) {
      if ((await this.command(`R${String.fromCharCode(id)}\r`)) < 2) continue;
      const table = this.op ? op : pr;
      const got = this.#answer.charCodeAt(1);
      // The byte is a signed step (2.8.0 compares it unsigned, so negative steps never matched)
      const hit = table.find(([, step]) => step === signedByte(got));
      if (hit) st.set(name, hit[0]);
      if (st.tree.get(name) === undefined) {
        this.ctx.log.warn(
          `warning: [${got}] unknown value for [${name}]!`,
        );
        continue;
      }
      st.setFlags(name, ["RW"]);
      for (const [v] of table) st.addEnum(name, v);
    }
    if (this.ctx.log.debugLevel > 2) {
      for (const id of [0x29, 0x2b, 0x3d]) {
        await this.command(`R${String.fromCharCode(id)}\r`);
      }
    }
    st.addCmd("shutdown.stayoff");
    st.addCmd("shutdown.reboot");
  }

  async updateinfo(): Promise<number> {
    await this.link.flush();
    await this.link.send("D\r");
    await this.link.sleep(200);
    const r = await this.link.getBuf(14);
    if (r.ret <= 0) return -1;
    const b = (i: number) => r.data.charCodeAt(i);
    if (b(9) + b(10) !== 255 || b(11) + b(12) !== 255) return -1;
    const st = this.ctx.state;
    const [iv, ov, load, chrg, temp, freq, flags] = [
      b(1),
      b(2),
      b(3),
      b(5),
      b(6),
      b(7),
      b(9),
    ];
    const nominalOut = () => st.tree.get("output.voltage.nominal") ?? "(null)";
    if (this.op) {
      const volt = (
        x: number,
      ) => (x < 26 ? 0 : Math.trunc(Math.fround(x * 200 / 230) + 6));
      st.set("input.voltage", String(volt(iv)));
      // NUT prints the input reading as the output voltage on this series
      st.set("output.voltage", flags & 0x84 ? nominalOut() : String(volt(iv)));
      st.set(
        "ups.load",
        String(load > 108 ? 200 : Math.trunc((load * 200) / 108)),
      );
      st.set(
        "battery.charge",
        String(
          chrg > 197
            ? 100
            : chrg < 151
            ? 0
            : Math.trunc(((chrg - 151) * 100) / 46),
        ),
      );
      st.set("ups.temperature", cFixed(Math.fround((temp / 32) ** 2 + 10), 1));
      st.set("input.frequency", cFixed(Math.fround(12600 / (freq + 32)), 1));
    } else {
      st.set("input.voltage", String(iv));
      st.set("output.voltage", flags & 0x84 ? nominalOut() : String(ov));
      st.set("ups.load", String(load));
      st.set("battery.charge", String(chrg));
      st.set("ups.temperature", String(temp));
      st.set(
        "input.frequency",
        cFixed(freq === 0 ? 0 : 45 + Math.fround(freq / 10), 1),
      );
    }
    st.set("ups.beeper.status", flags & 0x01 ? "enabled" : "disabled");
    const status = [flags & 0x80 ? "OB" : "OL"];
    if (flags & 0x40) status.push("LB");
    if (!(flags & 0x84)) {
      if (ov < 0.5 * iv) { /* too low */ }
      else if (ov < 0.95 * iv) status.push("TRIM");
      else if (ov < 1.05 * iv) { /* normal */ }
      else if (ov < 1.5 * iv) status.push("BOOST");
    }
    if (flags & 0x04) status.push("TEST");
    if (flags === 0) status.push("OFF");
    st.setStatus(status);
    return flags & 0x80 ? 1 : 0;
  }

  async instcmd(cmd: string): Promise<CommandResult> {
    const c = CMDS.find(([n]) => n === cmd.toLowerCase());
    if (!c) {
      this.ctx.log.error(`powpan_instcmd: command [${cmd}] not found`);
      return "unknown";
    }
    const want = c[1].slice(0, -1);
    if ((await this.command(c[1])) === want.length && this.#answer === want) {
      return "handled";
    }
    this.ctx.log.error(`powpan_instcmd: command [${cmd}] failed`);
    return "failed";
  }

  async setvar(name: string, value: string): Promise<CommandResult> {
    const v = VARS.find(([n]) => n === name.toLowerCase());
    if (!v) return "unknown";
    const st = this.ctx.state;
    if (value.toLowerCase() === (st.tree.get(v[0]) ?? "").toLowerCase()) {
      return "handled";
    }
    const step = (this.op ? v[3] : v[2]).find(([s]) =>
      s === value.toLowerCase()
    );
    if (!step) {
      this.ctx.log.error(
        `powpan_setvar: [${value}] is not valid for variable [${name}]`,
      );
      return "unknown";
    }
    // "Q<id>%c\r": a 0 step is a NUL byte, sent all the same (4 bytes)
    const cmd = `Q${String.fromCharCode(v[1])}${
      String.fromCharCode(step[1] & 0xff)
    }\r`;
    if ((await this.command(cmd)) === 3 && this.#answer === cmd.slice(0, 3)) {
      st.set(v[0], value);
      return "handled";
    }
    this.ctx.log.error(
      `powpan_setvar: setting variable [${name}] to [${value}] failed`,
    );
    return "unknown";
  }
}
