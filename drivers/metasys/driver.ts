/**
 * metasys: NUT 2.8.0's `metasys` 0.08, Meta System UPSes (HF Line, ECO,
 * ally HF, Megaline...). A packet is STX (0x02), a length (data bytes + 1),
 * the data and a checksum (length + data, mod 256); the first data byte is
 * the command and the answer starts with the same byte. Words are little
 * endian. A command is tried up to five times (one second per byte read;
 * input flushed after the fourth and fifth tries); an answer on the fifth
 * try counts (2.8.0 counts it as a failure). Start-up sends 100
 * zero bytes. `-k` enables auto restart (unless the unit has it) and
 * schedules a shutdown in 150 s with restart 1 s later.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { type LineTransport, readCount } from "../../src/transport/mod.ts";
import { METASYS_MODELS, MS } from "./models.ts";
import { metasysCommand } from "./commands.ts";
import { long, metasysPacket, sword, tenths, word } from "./link.ts";

/** Opens the port (tests may pass their own). */
export type MetasysPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

const WAIT_MS = 1000, TRIES = 5;

/** A metasys instance. */
export class MetasysDriver implements DriverInstance {
  readonly ctx: DriverContext;
  line: LineTransport | null = null;
  nominalPower = 0;
  /** the unit restarts by itself after a discharge (times on battery) */
  autorestart = 0;
  /** how long the battery test runs before its answer is read */
  testWaitMs = 15_000;
  #open: MetasysPortOpener;
  #wait: number;
  #busy: Promise<unknown> = Promise.resolve();

  /** `waitMs`: how long each byte may take (tests shorten it). */
  constructor(
    ctx: DriverContext,
    open: MetasysPortOpener = openSerialPort,
    waitMs = WAIT_MS,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#wait = waitMs;
  }

  /** Runs `fn` alone (polls and commands share the line). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  #fail(msg: string): null {
    this.ctx.log.warn(msg);
    return null;
  }

  /** get_answer: one packet's data (checksum checked), or null. */
  async answer(): Promise<Uint8Array | null> {
    const line = this.line!;
    const stx = await readCount(line, 1, this.#wait);
    if (!stx.complete) return this.#fail("Receive error (STX): 0!!!");
    if (stx.data[0] !== 0x02) {
      return this.#fail("Receive error (STX): packet not on start!!");
    }
    const l = await readCount(line, 1, this.#wait);
    if (!l.complete) return this.#fail("Receive error (length): 0!!!");
    const len = l.data[0]!;
    if (len < 2) {
      return this.#fail(`Receive error (length): packet length ${len}!!!`);
    }
    const body = await readCount(line, len, this.#wait);
    if (!body.complete) {
      return this.#fail(
        `Receive error (data): got ${body.data.length} bytes instead of ${len}!!!`,
      );
    }
    let sum = len;
    for (let i = 0; i < len - 1; i++) sum += body.data[i]!;
    if ((sum & 0xff) !== body.data[len - 1]) {
      return this.#fail("checksum error!");
    }
    return body.data.slice(0, len - 1);
  }

  /** command_read/write_sequence: `data` sent, the answer to it, or null. */
  async sequence(data: readonly number[]): Promise<Uint8Array | null> {
    let ans: Uint8Array | null = null, tries = 0;
    while (!ans && tries < TRIES) {
      await this.line!.write(metasysPacket(data));
      ans = await this.answer();
      if (tries > 2) await this.line!.flush();
      tries++;
    }
    // 2.8.0 also fails when the answer came on the last try (retry == 5)
    if (!ans || ans[0] !== data[0]) {
      this.ctx.log.warn(`Error executing command ${data[0]}`);
      this.ctx.state.dataStale();
      return null;
    }
    return ans;
  }

  /** upsdrv_initups: 2400 bps, then 100 zero bytes to reset the port. */
  async initups(): Promise<void> {
    if (this.line) return;
    this.line = await this.#open(this.ctx.config.port);
    await this.line.write(new Uint8Array(100));
  }

  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    // placeholders until the first poll, writable as in NUT
    for (const name of INITIAL) {
      st.set(name, "-1");
      st.setFlags(name, ["RW"]);
    }
    st.set("ups.test.result", "not yet done...");
    st.setFlags("ups.test.result", ["RW", "STRING"]);
    st.setAux("ups.test.result", 20);
    const a = await this.sequence([MS.info]);
    if (!a) throw new DriverFatalError("Could not communicate with the ups");
    st.set("ups.mfr", "Meta System");
    const model = METASYS_MODELS[a[1]! * 10 + a[2]!];
    if (!model) throw new DriverFatalError("Unknown UPS");
    st.set("ups.model", model[0]);
    this.nominalPower = model[1];
    if (a.length < 7) {
      throw new DriverFatalError("Could not communicate with the ups");
    }
    const serial = String.fromCharCode(...a.slice(7, 19));
    const nul = serial.indexOf("\0");
    st.set("ups.serial", nul < 0 ? serial : serial.slice(0, nul));
    st.set("ups.firmware", `${a[5]}.${a[6]}`);
    this.ctx.log.info(
      `Detected ${model[0]} [${st.tree.get("ups.serial")}] v.${
        st.tree.get("ups.firmware")
      } on ${this.ctx.config.port}`,
    );
    for (
      const c of [
        "shutdown.return",
        "shutdown.stayoff",
        "shutdown.stop",
        "test.failure.start",
        "test.failure.stop",
        "test.battery.start",
        "beeper.enable",
        "beeper.mute",
        "beeper.on",
        "beeper.off",
      ]
    ) st.addCmd(c);
  }

  update(): Promise<void> {
    return this.exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    // values that may read "overrange" (-1) or "not available" (-2)
    const special = (name: string, v: number, ok: () => string) => {
      if (v > 0) st.set(name, ok());
      else if (v === -1) st.set(name, "overrange");
      else if (v === -2) st.set(name, "not available");
    };
    let a = await this.sequence([MS.output]);
    if (a) {
      const w = word(a, 1);
      st.set(
        "ups.load",
        this.nominalPower
          ? Math.trunc(w * 100 / this.nominalPower).toFixed(1)
          : "not available",
      );
      special("output.voltage", sword(a, 3), () => String(word(a!, 3)));
      special("output.current", sword(a, 5), () => tenths(a!, 5));
    }
    a = await this.sequence([MS.input]);
    if (a) {
      special("input.voltage", sword(a, 3), () => String(word(a!, 3)));
    }
    a = await this.sequence([MS.battery]);
    if (a) st.set("battery.voltage", tenths(a, 1));
    a = await this.sequence([MS.getTimesOnBattery]);
    if (a) this.autorestart = a[5] ?? 0;
    a = await this.sequence([MS.getSchedule]);
    if (a) {
      const off = long(a, 1), on = long(a, 5);
      st.set("ups.delay.shutdown", off === 0xffffffff ? "120" : String(off));
      st.set("ups.delay.start", on === 0xffffffff ? "0" : String(on));
    }
    a = await this.sequence([MS.status]);
    if (!a) return;
    const temp = (a[3]! - 128) & 0xff;
    st.set("ups.temperature", temp > 0 ? String(temp) : "not available");
    const status: string[] = [];
    const s = ["OL", "OB", "LB", "BY", "BY"][a[1]!];
    if (s) status.push(s);
    else this.ctx.log.info("status unknown");
    if (a[2] === 1) status.push("OVER");
    else if (a[2] === 5) status.push("RB");
    else if (a[2]! > 5) this.ctx.log.info("status unknown");
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.exclusive(() => metasysCommand(this, cmd));
  }

  /** upsdrv_shutdown: shut down in 150 s, restart 1 s later. */
  shutdown(): Promise<CommandResult> {
    return this.exclusive(async () => {
      await this.initups();
      await this.scheduleOff(0x96, [1, 0, 0, 0]);
      return "handled" as const;
    });
  }

  /** Auto restart on (unless set), then the shutdown schedule. */
  async scheduleOff(secs: number, restart: number[]): Promise<void> {
    if (!this.autorestart) {
      await this.sequence([MS.setTimesOnBattery, 0, 0, 0, 0, 1]);
    }
    await this.sequence([MS.setSchedule, secs, 0, 0, 0, ...restart]);
  }

  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}

// NUT 2.8.0 is built without EXTRADATA: no power, peak currents, battery
// thresholds or history
const INITIAL = [
  "output.voltage",
  "output.current",
  "input.voltage",
  "battery.voltage",
  "ups.load",
  "ups.delay.shutdown",
  "ups.delay.start",
  "ups.temperature",
];
