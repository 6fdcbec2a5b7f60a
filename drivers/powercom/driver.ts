/**
 * powercom: NUT 2.8.0's `powercom` 0.19 (Trust, Egys, KP625AP, IMP, KIN,
 * BNT, BNT-other, OPTI). The unit answers the byte 0x01 with a raw frame
 * of 11 or 16 bytes at 1200 bps; a short frame or one failing the type's
 * validation bytes makes the data stale. KIN/BNT/IMP/OPTI types read a
 * frame at start-up to detect the model and line voltage, then start a
 * battery test unless `nobt`. `-k` sends the restart-with-counter bytes.
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
import { PcCalc } from "./calc.ts";
import {
  BNT_MODELS,
  cFixed,
  IMP_MODELS,
  KIN_MODELS,
  OPTI_MODELS,
  PC_CMD,
  type PcType,
  pcTypes,
  RAW,
  VOLTAGES,
} from "./types.ts";

/** ups.conf variables (upsdrv_makevartable, as 2.8.0's -L lists them). */
export const PC_VARS: readonly DriverVar[] = [
  [
    "type",
    "Type of UPS: 'Trust','Egys','KP625AP','IMP','KIN','BNT','BNT-other','OPTI'\n (default: 'Trust')",
  ],
  ["manufacturer", "Manufacturer name (default: 'PowerCom')"],
  ["modelname", "Model name [cannot be detected] (default: Unknown)"],
  ["serialnumber", "Serial number [cannot be detected] (default: Unknown)"],
  [
    "shutdownArguments",
    "Delay values for shutdown: Minutes, Seconds, UseMinutes?'y'or'n'",
  ],
  ["linevoltage", "Line voltage 110-120 or 220-240 V (default: 230)"],
  ["numOfBytesFromUPS", "The number of bytes in a UPS frame"],
  [
    "methodOfFlowControl",
    "Flow control method for UPS: 'dtr0rts1' or 'no_flow_control'",
  ],
  ["validationSequence", "Validation values: ByteIndex, ByteValue x 3"],
  ["frequency", "Frequency conversion values: FreqFactor, FreqConst"],
  [
    "loadPercentage",
    "Load conversion values: OffFactor, OffConst, OnFactor, OnConst",
  ],
  [
    "batteryPercentage",
    "Battery conversion values: OffFactor, LoadFactor, OffConst, OnFactor, OnConst",
  ],
  [
    "voltage",
    "Voltage conversion values: 240VFactor, 240VConst, 120VFactor, 120VConst",
  ],
  ["nobt", "Disable battery test at driver init/startup"],
].map(([name, desc]) => ({
  name: name!,
  kind: name === "nobt" ? "flag" as const : "value" as const,
  desc: desc!,
}));

/** Opens the port (tests may pass their own). */
export type PcPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 1200 });
}

/** Numbers in a `{…}` option (sscanf-like: stops at the first mismatch). */
function numbers(v: string, hexAt: number[] = []): number[] {
  const out: number[] = [];
  for (const m of v.matchAll(/[-+]?(?:0[xX])?[0-9a-fA-F.eE]+/g)) {
    const i = out.length;
    const n = hexAt.includes(i) ? parseInt(m[0], 16) : Number(m[0]);
    if (Number.isNaN(n)) break;
    out.push(n);
  }
  return out;
}

const READ_WINDOW_MS = 3000;

/** A powercom instance. */
export class PowercomDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: PcPortOpener;
  #line: LineTransport | null = null;
  #types = pcTypes();
  #t: PcType = this.#types[0]!;
  /** the type name as detection left it (formulas follow it) */
  #name = "Trust";
  #linevoltage = 230;
  #mfr = "PowerCom";
  #model = "Unknown";
  #serial = "Unknown";
  #raw = new Uint8Array(16);
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open: PcPortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  #val(name: string): string | undefined {
    return this.ctx.config.values.get(name);
  }

  #options(): void {
    const bad = (what: string, v: string) => {
      throw new DriverFatalError(`Given ${what} '${v}' isn't valid!`);
    };
    this.#mfr = this.#val("manufacturer") ?? this.#mfr;
    this.#model = this.#val("modelname") ?? this.#model;
    this.#serial = this.#val("serialnumber") ?? this.#serial;
    const type = this.#val("type");
    if (type !== undefined) {
      const t = this.#types.find((x) => x.name === type);
      if (!t) {
        throw new DriverFatalError(`Given UPS type '${type}' isn't valid!`);
      }
      this.#t = t;
    }
    this.#name = this.#t.name;
    const t = this.#t;
    const lv = this.#val("linevoltage");
    if (lv !== undefined) {
      const n = parseInt(lv, 10) || 0;
      if (!((n >= 200 && n <= 240) || (n >= 100 && n <= 120))) {
        throw new DriverFatalError(
          `Given line voltage '${n}' is out of range (100-120 or 200-240 V)`,
        );
      }
      this.#linevoltage = n;
    }
    const nb = this.#val("numOfBytesFromUPS");
    if (nb !== undefined) {
      const n = parseInt(nb, 10) || 0;
      if (!(n > 0 && n <= 16)) {
        throw new DriverFatalError(
          `Given numOfBytesFromUPS '${n}' is out of range (1 to 16)`,
        );
      }
      t.bytes = n;
    }
    const fc = this.#val("methodOfFlowControl");
    if (fc !== undefined) {
      if (fc !== "dtr0rts1" && fc !== "no_flow_control") {
        bad("methodOfFlowControl", fc);
      }
      t.flow = fc as PcType["flow"];
    }
    const vs = this.#val("validationSequence");
    if (vs !== undefined) {
      const n = numbers(vs, [1, 3, 5]);
      if (n.length < 6) bad("validationSequence", vs);
      t.validation = [[n[0]!, n[1]!], [n[2]!, n[3]!], [n[4]!, n[5]!]];
    }
    const sa = this.#val("shutdownArguments");
    if (sa !== undefined) {
      const m = /^\{\{(\d+),(\d+)\},(.)\}/.exec(sa);
      if (!m) bad("shutdownArguments", sa);
      t.delay = [Number(m![1]) & 0xff, Number(m![2]) & 0xff];
      t.useMinutes = m![3]!;
    }
    for (
      const [key, field, count] of [
        ["frequency", "freq", 2],
        ["loadPercentage", "loadpct", 4],
        ["batteryPercentage", "battpct", 5],
        ["voltage", "voltage", 4],
      ] as const
    ) {
      const v = this.#val(key);
      if (v === undefined) continue;
      const n = numbers(v);
      if (n.length < count) bad(key, v);
      t[field] = n.slice(0, count).map(Math.fround);
    }
  }

  /** ups_getinfo: send 0x01, read the frame, validate it. */
  async #getinfo(): Promise<boolean> {
    const line = this.#line!;
    const want = this.#t.bytes;
    await line.write(new Uint8Array([PC_CMD.SEND_DATA]));
    const got: number[] = [];
    const end = Date.now() + READ_WINDOW_MS;
    while (got.length < want && Date.now() < end) {
      const part = await line.read(end - Date.now(), want - got.length);
      if (!part.length) break;
      got.push(...part);
    }
    this.#raw.set(got.slice(0, want));
    if (got.length !== want) {
      this.ctx.log.notice(
        `data receiving error (${got.length} instead of ${want} bytes)`,
      );
      this.ctx.state.dataStale();
      return false;
    }
    if (this.#t.validation.some(([i, v]) => this.#raw[i] !== v)) {
      this.ctx.log.notice("data receiving error (validation check)");
      this.ctx.state.dataStale();
      return false;
    }
    return true;
  }

  /** upsdrv_initups: options, port at 1200 bps, flow control, model detection. */
  async initups(): Promise<void> {
    if (this.#line) return;
    this.#options();
    this.#line = await this.#open(this.ctx.config.port);
    if (this.#t.flow === "dtr0rts1") {
      // NUT ignores a port that has no modem lines (ioctl errors)
      await this.#line.setLines({ dtr: false, rts: true }).catch((e) =>
        this.ctx.log.debug(2, `DTR/RTS not set: ${e}`)
      );
      this.ctx.log.debug(2, "DTR => 0, RTS => 1");
    }
    const n = this.#name;
    if (!n.startsWith("BNT") && n !== "KIN" && n !== "IMP" && n !== "OPTI") {
      return;
    }
    if (!(await this.#getinfo())) return;
    const r = this.#raw, hi = r[RAW.MODELNUMBER]! >> 4;
    const mn = r[RAW.MODELNAME]!;
    let model = 0;
    if (mn === 0x42 || mn === 0x4b || mn === 0x4f) {
      if (r[RAW.VERSION] === 0xff) {
        this.#name = "IMP";
        model = IMP_MODELS[hi]!;
      } else {
        model = BNT_MODELS[hi]!;
        if (this.#name === "BNT-other") { /* stays */ }
        else if (mn === 0x42) this.#name = "BNT";
        else if (mn === 0x4b) {
          this.#name = "KIN";
          model = KIN_MODELS[hi]!;
        } else {
          this.#name = "OPTI";
          model = OPTI_MODELS[hi]!;
        }
      }
    } else if (r[RAW.VERSION] === 0xff) {
      this.#name = "IMP";
      model = IMP_MODELS[hi]!;
    }
    this.#linevoltage = VOLTAGES[r[RAW.MODELNUMBER]! % 16]!;
    if (this.#model === "Unknown") {
      this.#model = this.#name === "OPTI"
        ? `${this.#name}-${model}`
        : `${this.#name}-${model}AP`;
    }
    if (this.ctx.config.flags.has("nobt")) {
      this.ctx.log.notice("nobt flag set, skipping battery test as requested");
    } else {
      this.ctx.log.notice(
        "nobt flag not set, performing battery test as requested",
      );
      await this.#line.write(new Uint8Array([PC_CMD.BATTERY_TEST]));
    }
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    st.set("ups.mfr", this.#mfr);
    st.set("ups.model", this.#model);
    st.set("ups.serial", this.#serial);
    st.set("ups.model.type", this.#name);
    st.set("input.voltage.nominal", String(this.#linevoltage));
    for (
      const c of ["test.battery.start", "shutdown.return", "shutdown.stayoff"]
    ) {
      st.addCmd(c);
    }
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(async () => {
      if (!(await this.#getinfo())) return;
      const c = new PcCalc(this.#name, this.#t, this.#linevoltage, this.#raw);
      const st = this.ctx.state;
      st.set("input.frequency", cFixed(c.inputFreq(), 2));
      st.set("output.frequency", cFixed(c.outputFreq(), 2));
      st.set("ups.load", cFixed(c.load(), 1));
      st.set("battery.charge", cFixed(c.charge(), 1));
      st.set("input.voltage", cFixed(c.inputVoltage(), 1));
      st.set("output.voltage", cFixed(c.outputVoltage(), 1));
      st.setStatus(c.status());
      st.dataOk();
    });
  }

  /** The delay bytes after a shutdown command (minutes only when 'y'… or anything but 'n'). */
  #delayBytes(): number[] {
    const t = this.#t;
    return t.useMinutes !== "n" ? [t.delay[0], t.delay[1]] : [t.delay[1]];
  }

  async #send(bytes: number[], log: string): Promise<void> {
    for (const b of bytes) await this.#line!.write(new Uint8Array([b]));
    this.ctx.log.info(log);
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const name = cmd.toLowerCase();
      if (name === "test.battery.start") {
        await this.#line!.write(new Uint8Array([PC_CMD.BATTERY_TEST]));
      } else if (name === "shutdown.return") {
        await this.#send(
          [PC_CMD.RESTART, PC_CMD.COUNTER, ...this.#delayBytes()],
          "Shutdown (return) initiated.",
        );
      } else if (name === "shutdown.stayoff") {
        await this.#send(
          [PC_CMD.SHUTDOWN, ...this.#delayBytes()],
          "Shutdown (stayoff) initiated.",
        );
      } else {
        this.ctx.log.notice(
          `instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`,
        );
        return "unknown";
      }
      return "handled";
    });
  }

  /** upsdrv_shutdown: restart with counter (shutdown.return). */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.#send(
        [PC_CMD.RESTART, PC_CMD.COUNTER, ...this.#delayBytes()],
        "Shutdown (return) initiated.",
      );
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.#line?.close();
    this.#line = null;
    return Promise.resolve();
  }
}
