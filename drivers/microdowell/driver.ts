/**
 * microdowell: NUT 2.8.0's `microdowell` 0.02 (Microdowell Enterprise
 * B8/B10/N-series). 19200 bps with DTR and RTS dropped; each exchange
 * drops pending input, sends one frame and reads the answer. Start-up
 * reads ten 8-byte EEPROM blocks (model, serial, production data, battery
 * dates, life data, three threshold tables, option bytes, sensitivity)
 * and sets the UPS clock; each poll asks status, measures and
 * battery/load, and any failure makes the data stale. `-k` asks the
 * status and sends a one-shot shutdown with NUT's -k delays (6 s, no
 * restart delay: ups.conf's are only read by a running driver).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { EEP, MD_CMD, mdComplete, mdFrame, mdParse } from "./protocol.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const MICRODOWELL_VARS: readonly DriverVar[] = [
  {
    name: "ups.delay.shutdown",
    kind: "value",
    desc: "Override shutdown delay (120s)",
  },
  {
    name: "ups.delay.start",
    kind: "value",
    desc: "Override restart delay (10s)",
  },
];

const MAX_START = 999999, MAX_SHUTDOWN = 32767;
const clamp = (x: number, lo: number, hi: number) =>
  x < lo ? lo : x > hi ? hi : x;
const p2 = (n: number) => String(n).padStart(2, "0");
/** C's atoi. */
const atoi = (s: string) => parseInt(/^\s*[+-]?\d+/.exec(s)?.[0] ?? "0", 10);
/** printf("%.<d>f"), rounding half to even on exact ties as glibc. */
function fixed(x: number, d: number): string {
  const s = x.toFixed(d);
  const exact = Math.abs(x).toFixed(Math.min(100, d + 40));
  const tail = exact.slice(exact.indexOf(".") + 1 + d);
  if (!/^50*$/.test(tail)) return s;
  const down = (Math.sign(x) * Math.floor(Math.abs(x) * 10 ** d)) / 10 ** d;
  const last = Math.floor(Math.abs(x) * 10 ** d) % 2;
  return last === 0 ? down.toFixed(d) : s;
}

/** Opens the port (tests may pass their own). */
export type MdPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 19200 });
}

const cstr = (b: readonly number[]) => {
  const z = b.indexOf(0);
  return String.fromCharCode(...(z < 0 ? b : b.slice(0, z)));
};

/** A microdowell instance. */
export class MicrodowellDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: MdPortOpener;
  line: LineTransport | null = null;
  /** last error text (PrintErr) */
  lastError = "";
  #status = 0;
  #shutdownDelay = 0;
  #wakeUpDelay = 0;
  #ge2kva = false;
  #waitMs: number;
  #busy: Promise<unknown> = Promise.resolve();

  /** One exchange at a time: a command never lands inside a poll's. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** `waitMs` bounds one answer (NUT: 10 ms of silence ends it). */
  constructor(
    ctx: DriverContext,
    open: MdPortOpener = openSerialPort,
    waitMs = 1000,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#waitMs = waitMs;
  }

  /** upsdrv_initups: 19200 bps, DTR and RTS off. */
  async initups(): Promise<void> {
    if (this.line) return;
    this.line = await this.#open(this.ctx.config.port);
    await this.line.flush();
    await this.line.setLines({ dtr: false, rts: false }).catch(() => {});
  }

  /**
   * CmdSerial: one exchange; the answer's frame or null. We wait for a
   * whole frame (up to `waitMs`) where NUT stops at 10 ms of silence.
   */
  async cmd(payload: number[]): Promise<number[] | null> {
    const line = this.line!;
    await line.flush();
    await line.write(new Uint8Array(mdFrame(payload)));
    const buf: number[] = [];
    const end = Date.now() + this.#waitMs;
    while (!mdComplete(buf)) {
      const left = end - Date.now();
      if (left <= 0) break;
      const got = await line.read(left, 256);
      if (!got.length) break;
      buf.push(...got);
    }
    const r = mdParse(buf);
    if ("error" in r) {
      this.lastError = r.error;
      return null;
    }
    this.lastError = "OK";
    return r.frame;
  }

  /** An 8-byte EEPROM block, or null. */
  async eeprom(addr: number): Promise<number[] | null> {
    const f = await this.cmd([MD_CMD.getEepBlock, addr, 8]);
    return f ? f.slice(5, 13) : null;
  }

  async #detect(): Promise<boolean> {
    const st = this.ctx.state, log = this.ctx.log;
    let model: number[] | null = null, retries = 0;
    for (; retries <= 4; retries++) {
      model = await this.eeprom(EEP.model);
      if (model) break;
      log.error(
        `[${retries}] Unable to identify UPS model [${this.lastError}]`,
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    if (retries === 4) return false; // NUT's test: even a fifth-try success
    const serial = await this.eeprom(EEP.serial);
    if (!serial) return this.#fail("Unable to identify UPS serial #");
    const prod = await this.eeprom(EEP.prodDate);
    if (!prod) return this.#fail("Unable to read Production date");
    for (
      const [addr, what] of [
        [EEP.battSubst, "Battery Subst. Dates"],
        [EEP.minVbatt, "UPS life info"],
        [EEP.threshold0, "Thresholds table 0"],
        [EEP.threshold1, "Thresholds table 1"],
        [EEP.threshold2, "Thresholds table 2"],
      ] as const
    ) {
      if (!await this.eeprom(addr)) return this.#fail(`Unable to read ${what}`);
    }
    const opt = await this.eeprom(EEP.optionBytes);
    if (!opt) return this.#fail("Unable to read Option Bytes");
    st.set("input.voltage.nominal", opt[3]! & 0x02 ? "110" : "230");
    st.set("input.frequency", opt[3]! & 0x01 ? "60.0" : "50.0");
    const fp = await this.eeprom(EEP.faultPoints);
    if (!fp) return this.#fail("Unable to read Input Sensitivity");
    st.set(
      "input.sensitivity",
      ({ 1: "H", 2: "M" } as Record<number, string>)[fp[0]!] ?? "L",
    );
    const now = new Date();
    const clock = await this.cmd([
      MD_CMD.setTimer,
      (now.getDay() + 6) % 7,
      now.getHours(),
      now.getMinutes(),
      now.getSeconds(),
    ]);
    if (!clock) return this.#fail("Unable to set UPS internal clock");
    this.#identity = { model: cstr(model ?? []), serial: cstr(serial), prod };
    return true;
  }

  #identity = { model: "", serial: "", prod: [] as number[] };

  #fail(what: string): boolean {
    this.ctx.log.error(`${what} [${this.lastError}]`);
    return false;
  }

  /** upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const cfg = this.ctx.config.values, st = this.ctx.state;
    const sd = cfg.get("ups.delay.shutdown"), wu = cfg.get("ups.delay.start");
    this.#shutdownDelay = sd !== undefined
      ? clamp(atoi(sd), 0, MAX_SHUTDOWN)
      : 120;
    this.#wakeUpDelay = wu !== undefined ? clamp(atoi(wu), 0, MAX_START) : 10;
    if (!await this.#detect()) {
      throw new DriverFatalError(
        `Unable to detect a Microdowell's  Enterprise UPS on port ${this.ctx.config.port}\nCheck the cable, port name and try again`,
      );
    }
    const { model, serial, prod } = this.#identity;
    const tail = model.slice(3), n = atoi(tail);
    st.set("ups.model", `Enterprise N${tail}`);
    st.set("ups.power.nominal", String(n * 100));
    st.set("ups.realpower.nominal", String(n * 60));
    this.#ge2kva = n >= 20;
    st.set("ups.type", "online-interactive");
    st.set("ups.serial", serial);
    const hi = (b: number) => (b >> 4) & 0x0f, lo = (b: number) => b & 0x0f;
    st.set("ups.firmware", `${hi(prod[5]!)}.${lo(prod[5]!)} (${prod[6]})`);
    st.set(
      "ups.firmware.aux",
      `${hi(prod[3]!)}.${lo(prod[3]!)} ${hi(prod[4]!)}.${lo(prod[4]!)}`,
    );
    st.set("ups.mfr", "Microdowell");
    st.set(
      "ups.mfr.date",
      `${String(2000 + prod[0]!).padStart(4, "0")}/${p2(prod[1]!)}/${
        p2(prod[2]!)
      }`,
    );
    st.set("battery.packs", String(prod[7]));
    const rw = (name: string, v: number, aux: number) => {
      st.set(name, String(v));
      st.setFlags(name, ["RW", "STRING"]);
      st.setAux(name, aux);
    };
    rw("ups.delay.start", this.#wakeUpDelay, 6);
    rw("ups.delay.shutdown", this.#shutdownDelay, 5);
    for (
      const c of ["load.on", "load.off", "shutdown.return", "shutdown.stayoff"]
    ) {
      st.addCmd(c);
    }
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    const s = await this.cmd([MD_CMD.getStatus]);
    if (!s) {
      st.dataStale();
      return;
    }
    const p = s.slice(3);
    this.#status = (p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24)) >>> 0;
    const status: string[] = [];
    if (p[0]! & 0x01) status.push("OB");
    if (p[0]! & 0x02) status.push("LB");
    if (p[0]! & 0x08) status.push("OL");
    if (p[1]! & 0xc0) status.push("OVER");
    if (p[0]! & 0xe0) status.push("OFF");
    if (p[4]! & 0x04) status.push("BOOST");
    if (p[4]! & 0x08) status.push("TRIM");
    st.set("ups.time", `${p2(p[6]!)}:${p2(p[7]!)}:${p2(p[8]!)}`);
    const m = await this.cmd([MD_CMD.getMeasures]);
    if (!m) {
      this.ctx.log.error(`get 'Get Measures': ${this.lastError}`);
      st.dataStale();
      return;
    }
    const q = m.slice(3), w = (i: number) => q[i]! * 256 + q[i + 1]!;
    st.set("input.voltage", String(Math.trunc(w(2) / 36.4)));
    const big = this.#ge2kva;
    st.set("output.voltage", String(Math.trunc(w(6) / (big ? 63.8 : 36.4))));
    st.set("output.current", fixed(w(8) / (big ? 635.0 : 1350.0), 0));
    st.set("battery.voltage", fixed(w(4) / (big ? 329.0 : 585.0), 1));
    st.set("ups.temperature", String(Math.trunc((w(10) - 202.97) / 1.424051)));
    const b = await this.cmd([MD_CMD.getBattLoad]);
    if (!b) {
      this.ctx.log.error(`get 'Get Batt+Load Status': ${this.lastError}`);
      st.dataStale();
      return;
    }
    const r = b.slice(3);
    st.set("ups.power", String(r[4]! * 256 + r[5]!));
    st.set("battery.charge", String(r[0]));
    st.set("ups.load", String(r[6]));
    st.setStatus(status);
    st.dataOk();
  }

  /** The one-shot shutdown frame: type by status, delays as they stand. */
  #oneshot(onBattery: boolean, wake: number): number[] {
    if (this.#shutdownDelay < 6) this.#shutdownDelay = 6;
    const sd = this.#shutdownDelay;
    return [
      MD_CMD.sdOneshot,
      0xff,
      onBattery ? 0x02 : 0x01,
      (sd >> 8) & 0xff,
      sd & 0xff,
      (wake >> 16) & 0xff,
      (wake >> 8) & 0xff,
      wake & 0xff,
    ];
  }

  /** upsdrv_instcmd (a failed exchange is still "handled", as NUT). */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#instcmd(cmd));
  }

  async #instcmd(cmd: string): Promise<CommandResult> {
    const c = cmd.toLowerCase();
    const onBatt = (this.#status & 0x01) !== 0;
    const frames: Record<string, () => number[]> = {
      "load.on": () => [MD_CMD.sdOneshot, 0xff, 0x08, 0, 0, 0, 0, 0],
      "load.off": () => [MD_CMD.sdOneshot, 0xff, 0x04, 0, 0, 0, 0, 0],
      "shutdown.return": () => this.#oneshot(onBatt, this.#wakeUpDelay),
      "shutdown.stayoff": () => this.#oneshot(onBatt, 0),
    };
    const f = frames[c];
    if (!f) return "unknown";
    if (!await this.cmd(f())) {
      this.ctx.log.error(`'${c}': ${this.lastError}`);
    }
    return "handled";
  }

  /** setvar: ups.delay.start / ups.delay.shutdown, clamped. */
  setvar(name: string, value: string): Promise<CommandResult> {
    const m = /^\s*([+-]?\d+)/.exec(value);
    if (!m) return Promise.resolve("unknown");
    // sscanf("%u"): a negative number wraps to a huge one, then the clamp
    let v = Number(BigInt.asUintN(32, BigInt(m[1]!)));
    const n = name.toLowerCase();
    if (n === "ups.delay.start") {
      v = clamp(v, 0, MAX_START);
      this.#wakeUpDelay = v;
    } else if (n === "ups.delay.shutdown") {
      v = clamp(v, 0, MAX_SHUTDOWN);
      this.#shutdownDelay = v;
    } else return Promise.resolve("unknown");
    this.ctx.state.set(n, String(v));
    this.ctx.state.dataOk();
    return Promise.resolve("handled");
  }

  /** upsdrv_shutdown: status, then the one-shot shutdown. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    let onBatt = false;
    const s = await this.cmd([MD_CMD.getStatus]);
    if (s) onBatt = (s[3]! & 0x01) !== 0;
    if (!await this.cmd(this.#oneshot(onBatt, this.#wakeUpDelay))) {
      this.ctx.log.error(
        `Shutdown command(SD=${this.#shutdownDelay}, WU=${this.#wakeUpDelay}): ${this.lastError}`,
      );
    }
    return "handled";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
