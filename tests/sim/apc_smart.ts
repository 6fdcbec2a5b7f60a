/**
 * An APC Smart-UPS model (protocol-reference.md §4 of the serial corpus):
 * single-character commands answered with CR LF lines, smart mode entered
 * with `Y`, the `a` command set and `^Z` capability table, the `Q` status
 * byte, enumerated settings stepped with `-`, 8-character strings, `K`/`Z`
 * needing a second character, `@nnn`, and alert characters pushed when the
 * script changes the power state (`!` line lost, `%` battery low, `$`/`+`
 * power back, `?`/`=` overload, `#` replace battery).
 *
 * `ApcSmartSim` runs the model on a pty; `attachMemory` on the in-memory
 * twin.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import type { MemoryTransport } from "../../src/transport/memory.ts";

/** Power states a script can set. */
export type ApcPowerState = "online" | "battery" | "low";

/** Options of the model. */
export interface ApcModelOptions {
  /** Answer shutdown commands with `*` (old units) instead of `OK`. */
  starReply?: boolean;
  /** Command set of `a` (null: the unit answers `NA`, an old model). */
  cmdset?: string | null;
  /** Firmware answered by `b` (`V` answers NA). */
  firmware?: string;
}

/** `a`: protocol 3, alerts, commands (a Smart-UPS 1500, locale D). */
export const SMART_UPS_CMDSET =
  "3.!$%+?=#|.\x01\x0e\x1a')+-789@ABCDEFGKLMNOPQRSTUWXYZabcefgjklmnopqrsuxyz~\x7f";

/** `^Z`: command, locale, count, length, values (locale I rows ignored on a D unit). */
export const SMART_UPS_CAPS = "#" +
  "uD43127130133136uI43253257261265lD43106103100097lI43208204200196" +
  "e44200152590oD13115s441HMLLq44202050710p443020180300600k4410TLN" +
  "r443000060180300E443336168ON OFF";

type Values = Record<string, string>;

const STATIC: Values = {
  "\x01": "Smart-UPS 1500",
  n: "AS0935123456",
  m: "08/26/09",
  C: "036.0",
  E: "336",
  X: "OK",
  r: "000",
  p: "020",
  c: "UPS_IDEN",
  s: "H",
  "9": "FF",
  l: "106",
  u: "127",
  o: "115",
  e: "00",
  g: "024",
  q: "02",
  k: "0",
  x: "01/15/20",
  T: "168.0",
};

const BY_STATE: Record<ApcPowerState, Values> = {
  online: {
    L: "118.3",
    F: "60.00",
    M: "119.6",
    N: "117.8",
    O: "118.3",
    P: "023.5",
    f: "100.0",
    B: "27.36",
    j: "0327:",
  },
  battery: {
    L: "000.0",
    F: "00.00",
    M: "118.9",
    N: "000.0",
    O: "117.0",
    P: "025.1",
    f: "064.0",
    B: "25.12",
    j: "0142:",
  },
  low: {
    L: "000.0",
    F: "00.00",
    M: "000.0",
    N: "000.0",
    O: "116.2",
    P: "025.4",
    f: "011.0",
    B: "22.80",
    j: "0004:",
  },
};

/** The device model; `handle` takes one received byte and returns the bytes to send. */
export class ApcSmartModel {
  state: ApcPowerState = "online";
  overload = false;
  replaceBattery = false;
  calibrating = false;
  /** Set by a shutdown command the UPS took (S, @nnn, K K, Z Z). */
  shutdowns: string[] = [];
  /** Settings changed with `-`, as raw values. */
  readonly settings: Values = { ...STATIC };
  lastTransfer = "O";
  smart = false;
  #opts: ApcModelOptions;
  #selected = "";
  #collect: { cmd: string; need: number; got: string } | null = null;
  #armed: { cmd: string; at: number } | null = null;

  constructor(opts: ApcModelOptions = {}) {
    this.#opts = opts;
  }

  /** The status byte. */
  statusByte(): number {
    let s = 0;
    if (this.calibrating) s |= 0x01;
    if (this.state === "online") s |= 0x08;
    else s |= 0x10;
    if (this.overload) s |= 0x20;
    if (this.state === "low") s |= 0x40;
    if (this.replaceBattery) s |= 0x80;
    return s;
  }

  /** The allowed values of `cmd` for this unit's locale (D and 4). */
  choices(cmd: string): string[] | undefined {
    const caps = SMART_UPS_CAPS.slice(1);
    for (let p = 0; p < caps.length;) {
      const [c, loc] = [caps[p]!, caps[p + 1]!];
      const n = caps.charCodeAt(p + 2) - 48, len = caps.charCodeAt(p + 3) - 48;
      const vals: string[] = [];
      for (let i = 0; i < n; i++) {
        vals.push(caps.slice(p + 4 + i * len, p + 4 + (i + 1) * len));
      }
      p += 4 + n * len;
      if (c === cmd && (loc === "D" || loc === "4")) return vals;
    }
    return undefined;
  }

  #value(cmd: string): string | undefined {
    return BY_STATE[this.state][cmd] ?? this.settings[cmd];
  }

  /** One received byte -> the reply bytes (empty: nothing). */
  handle(ch: string): string {
    if (this.#collect) {
      const c = this.#collect;
      c.got += ch;
      if (c.got.length < c.need) return "";
      this.#collect = null;
      if (c.cmd === "@") {
        this.shutdowns.push("@" + c.got);
        return this.#sdReply();
      }
      this.settings[c.cmd] = c.got.replace(/\r+$/, "");
      return "OK\r\n|";
    }
    if (!this.smart) {
      if (ch === "Y") {
        this.smart = true;
        return "SM\r\n";
      }
      return "";
    }
    const armed = this.#armed;
    this.#armed = null;
    switch (ch) {
      case "Y":
        return "SM\r\n";
      case "R":
        this.smart = false;
        return "BYE\r\n";
      case "\x1b":
        return "NA\r\n";
      case "a":
        return this.#opts.cmdset === null
          ? "NA\r\n"
          : (this.#opts.cmdset ?? SMART_UPS_CMDSET) + "\r\n";
      case "\x1a":
        return SMART_UPS_CAPS + "\r\n";
      case "V":
        return "NA\r\n";
      case "b":
        return (this.#opts.firmware ?? "652.13.D") + "\r\n";
      case "Q":
        return this.statusByte().toString(16).toUpperCase().padStart(2, "0") +
          "\r\n";
      case "G":
        return this.lastTransfer + "\r\n";
      case "S":
        if (this.state === "online") return "NA\r\n";
        this.shutdowns.push("S");
        return this.#sdReply();
      case "@":
        this.#collect = { cmd: "@", need: 3, got: "" };
        return "";
      case "K":
      case "Z":
      case "\x0e":
        if (armed?.cmd === ch && Date.now() - armed.at < 5000) {
          this.shutdowns.push(ch + ch);
          return ch === "K" ? this.#sdReply() : "";
        }
        this.#armed = { cmd: ch, at: Date.now() };
        return "";
      case "D":
        this.calibrating = !this.calibrating;
        return "OK\r\n";
      case "W":
      case "A":
      case "U":
      case "\x7f":
        return "OK\r\n";
      case "-":
        return this.#next();
    }
    const v = this.#value(ch);
    if (v === undefined) return "NA\r\n";
    this.#selected = ch;
    return v + "\r\n";
  }

  #sdReply(): string {
    return this.#opts.starReply ? "*" : "OK\r\n";
  }

  /** `-` after a query: next enumerated value, or take an 8-char string. */
  #next(): string {
    const cmd = this.#selected;
    if (cmd === "c" || cmd === "x") {
      this.#collect = { cmd, need: 8, got: "" };
      return "";
    }
    const list = this.choices(cmd);
    if (!list) return "NO\r\n";
    const i = list.indexOf(this.settings[cmd] ?? "");
    this.settings[cmd] = list[(i + 1) % list.length]!;
    return "OK\r\n|";
  }

  /** Script: mains lost (OB) - the alert characters a unit sends. */
  lineLost(): string {
    this.state = "battery";
    this.lastTransfer = "L";
    return "!";
  }

  /** Script: battery low. */
  batteryLow(): string {
    this.state = "low";
    return "%";
  }

  /** Script: mains back (and battery above the low mark). */
  powerBack(): string {
    const wasLow = this.state === "low";
    this.state = "online";
    return wasLow ? "$+" : "$";
  }

  /** Script: overload on/off. */
  setOverload(on: boolean): string {
    this.overload = on;
    return on ? "?" : "=";
  }

  /** Script: battery needs replacing. */
  batteryBad(): string {
    this.replaceBattery = true;
    return "#";
  }
}

/** The model on a pty, with scripted events that push alerts. */
export class ApcSmartSim extends SerialSim {
  readonly model: ApcSmartModel;

  constructor(opts: ApcModelOptions = {}) {
    const model = new ApcSmartModel(opts);
    super((cmd) => model.handle(cmd) || null, "char");
    this.model = model;
  }

  /** Every byte the simulator received, as one string. */
  bytes(): string {
    return this.received.join("");
  }

  /** Sets the power state, sending the alerts a unit would. */
  async setState(state: ApcPowerState): Promise<void> {
    const m = this.model;
    let alerts = "";
    if (state === "online" && m.state !== "online") alerts = m.powerBack();
    if (state !== "online" && m.state === "online") alerts += m.lineLost();
    if (state === "low" && m.state !== "low") alerts += m.batteryLow();
    if (state === "battery" && m.state === "low") {
      m.state = "battery";
      alerts += "+";
    }
    await this.send(alerts);
  }
}

/** Runs the model behind an in-memory port. */
export function attachMemory(
  port: MemoryTransport,
  model = new ApcSmartModel(),
): ApcSmartModel {
  port.handler = (data, p) => {
    for (const b of data) {
      const out = model.handle(String.fromCharCode(b));
      if (out) p.push(out);
    }
  };
  return model;
}

const dec = new TextDecoder();

/** Runs a program to completion. */
export async function runCmd(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** What a test gets while a driver is served by NUT's upsd. */
export interface Served {
  /** `sim@127.0.0.1:<port>` */
  target: string;
  env: Record<string, string>;
  dir: string;
}

/**
 * Runs `driver` (argv of a foreground driver: NUT's or ours) as `[sim]`
 * on `port` under NUT 2.8.0's upsd in a temp dir, waits until upsc sees
 * it, runs `fn`, then stops both processes.
 */
export async function withUpsd<T>(
  driver: string[],
  port: string,
  fn: (s: Served) => Promise<T>,
  extraConf = "",
): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "apcsmart-upsd-" });
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tcp = (l.addr as Deno.NetAddr).port;
  l.close();
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `[sim]\n driver = apcsmart\n port = ${port}\n${extraConf}`,
  );
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${tcp}\n`);
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n",
  );
  const procs: Deno.ChildProcess[] = [];
  const spawn = (argv: string[]) => {
    const p = new Deno.Command(argv[0]!, {
      args: argv.slice(1),
      env,
      stdout: "null",
      stderr: "null",
    }).spawn();
    procs.push(p);
  };
  const target = `sim@127.0.0.1:${tcp}`;
  try {
    spawn([...driver, "-a", "sim", "-u", "root", "-F"]);
    spawn(["/lib/nut/upsd", "-u", "root", "-F"]);
    const end = Date.now() + 30_000;
    while (true) {
      const r = await runCmd("/usr/bin/upsc", [target, "ups.status"], env);
      if (r.code === 0 && r.out.trim()) break;
      if (Date.now() > end) throw new Error(`no data from ${target}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return await fn({ target, env, dir });
  } finally {
    for (const p of procs.reverse()) {
      try {
        p.kill("SIGTERM");
      } catch { /* gone */ }
      const timer = setTimeout(() => {
        try {
          p.kill("SIGKILL");
        } catch { /* gone */ }
      }, 5000);
      await p.status;
      clearTimeout(timer);
    }
    await Deno.remove(dir, { recursive: true });
  }
}

/** upsc's listing, upsrw's listing and upscmd -l, without driver.* lines. */
export async function snapshot(s: Served): Promise<{
  vars: string[];
  rw: string;
  cmds: string;
}> {
  const upsc = await runCmd("/usr/bin/upsc", [s.target], s.env);
  const rw = await runCmd("/usr/bin/upsrw", [s.target], s.env);
  const cmds = await runCmd("/usr/bin/upscmd", ["-l", s.target], s.env);
  return {
    vars: upsc.out.split("\n").filter((l) => l && !l.startsWith("driver.")),
    rw: rw.out,
    cmds: cmds.out,
  };
}
