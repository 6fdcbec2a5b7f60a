/**
 * liebert-gxe: NUT's `liebert-gxe` 0.05 (Liebert GXE series over YDN23;
 * experimental upstream, not in Debian's NUT 2.8.0). Start-up reads the
 * vendor information (fatal without it); polls cycle system parameters ->
 * warnings -> on/off states -> analog values, and stay on analog values
 * until a data flag asks for on/off (bit 4) or warnings (bit 0). Each poll
 * tries three times; three failed polls still count as fresh, the fourth
 * makes the data stale (`retry` changes three). Instant commands are
 * remote commands (2A45) in the probe's field order (VER 21, then the
 * address; NUT swaps them); warning i is read at register i (NUT: 1 + i).
 * `-k` does nothing (the unit cannot fully shut down) and fails.
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
import { fromLatin1, type LineTransport } from "../../src/transport/mod.ts";
import { cFixed } from "../powercom/types.ts";
import {
  buildFrame,
  hexText,
  hexVal,
  parseFrame,
  reg,
  YDN23,
  type Ydn23Frame,
} from "./ydn23.ts";

/** ups.conf variables (upsdrv_makevartable). */
export const GXE_VARS: readonly DriverVar[] = [
  { name: "addr", kind: "value", desc: "Override default UPS address" },
  { name: "retry", kind: "value", desc: "Override default retry" },
];

/** Opens the port (tests pass their own). */
export type GxePortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 9600 });
}

const TRIES = 3;

/** The warning answer's registers 0..25 (null: the data flag, user-defined). */
export const GXE_WARNINGS: ReadonlyArray<string | null> = [
  null,
  "Inverter Out-of-Sync",
  "Unhealthy Main Circuit",
  "Rectifier Failure",
  "Inverter Failure",
  "Unhealthy Bypass",
  "Unhealthy Battery Voltage",
  null,
  null,
  "Power Module Overheated",
  "Unhealthy Fan",
  "Netural Input Missing",
  "Master Line Abnormally Turned-off",
  "Charger Failure",
  "Battery Discharge Declined",
  "Backup Power Supply Failure",
  "Ouput Overloaded",
  "Ouput Shorted",
  "Overload Timed-out",
  "Unhealthy Parallel Machine Current",
  "Parallel Machine Connection Failure",
  "Parallel Machine Address Error",
  "Unhealthy Internal Communication",
  "System Overloaded",
  "Battery Installed Backwards",
  "Battery Not Found",
];

const REMOTE: Readonly<Record<string, string>> = {
  "test.battery.start": "1002",
  "test.battery.stop": "1003",
  "load.on": "2001",
  "load.off": "2003",
};

type PollState = "onoff" | "analog" | "warning" | "sysparam";

/** "%.02f" of a hex register / 100 in single precision. */
const hundredths = (v: number) => cFixed(Math.fround(v / 100), 2);

/** A liebert-gxe instance. */
export class GxeDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: GxePortOpener;
  #readMs: number;
  line: LineTransport | null = null;
  addr = "01";
  #staleRetries = 3;
  #staleRetry = 3;
  /** The next poll. */
  state: PollState = "sysparam";
  #status: string[] = [];
  #busy: Promise<unknown> = Promise.resolve();

  constructor(
    ctx: DriverContext,
    open: GxePortOpener = openSerialPort,
    readMs = 2000,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#readMs = readMs;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** One answer frame (up to its CR, or what came within the read time). */
  async #readFrame(): Promise<string> {
    let s = "";
    const end = Date.now() + this.#readMs;
    while (!s.endsWith("\r") && s.length < 160) {
      const left = end - Date.now();
      if (left <= 0) break;
      const got = await this.line!.read(left, 160 - s.length);
      if (!got.length) break;
      s += fromLatin1(got);
    }
    return s;
  }

  /** A request tried three times; the answer or null. */
  async request(
    cid: string,
    info = "",
    ver = "21",
    adr = this.addr,
  ): Promise<Ydn23Frame | null> {
    const frame = buildFrame(ver, adr, cid, info);
    for (let i = 0; i < TRIES; i++) {
      await this.line!.flush();
      await this.line!.write(frame);
      const raw = await this.#readFrame();
      if (!raw) continue;
      const f = parseFrame(raw);
      if (typeof f !== "string") return f;
      this.ctx.log.warn(`ydn23_frame_read: ${f}, frame dropped`);
    }
    return null;
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    if (this.line) return;
    this.line = await this.#open(this.ctx.config.port);
    const v = this.ctx.config.values;
    this.addr = v.get("addr") ?? "01";
    const r = v.get("retry");
    if (r !== undefined) this.#staleRetries = parseInt(r, 10) || 0;
    this.#staleRetry = this.#staleRetries;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const f = await this.request(YDN23.vendorInfo);
    if (!f) throw new DriverFatalError("liebert-gxe: failed reading response");
    const st = this.ctx.state;
    st.set("ups.mfr", "EmersonNetworkPower");
    st.set("ups.model", hexText(f.info, 10));
    st.set("ups.id", this.addr);
    for (const c of Object.keys(REMOTE)) st.addCmd(c);
    this.state = "sysparam";
  }

  /** TRY_STALE: a failed poll is fresh `retry` times, then stale. */
  #failed(what: string): void {
    this.ctx.log.warn(`failed reading ${what} data, retry`);
    if (this.#staleRetry-- > 0) this.ctx.state.dataOk();
    else this.ctx.state.dataStale();
  }

  /** upsdrv_updateinfo: one request of the cycle. */
  update(): Promise<void> {
    return this.#exclusive(async () => {
      const cid = {
        analog: YDN23.analogD,
        onoff: YDN23.onoff,
        warning: YDN23.warning,
        sysparam: YDN23.sysparamD,
      }[this.state];
      const f = await this.request(cid);
      if (!f) return this.#failed(this.state.toUpperCase());
      this.#staleRetry = this.#staleRetries;
      const st = this.ctx.state, info = f.info;
      if (this.state === "sysparam") {
        this.state = "warning";
        st.set("output.voltage.nominal", String(reg(info, 9, 4)));
        st.set("output.frequency.nominal", String(reg(info, 11, 4)));
        if (reg(info, 17, 4) === 1) {
          const high = Math.fround(reg(info, 9, 4) * Math.fround(1.15));
          st.set("input.transfer.bypass.high", cFixed(high, 6));
        }
        if (reg(info, 19, 4) === 1) st.set("input.transfer.bypass.low", "120");
        st.set("ups.test.interval", String(reg(info, 39, 4) * 3 * 108000));
      } else if (this.state === "warning") {
        this.state = "onoff";
        const alarms: string[] = [];
        // register i, as the table's data flag at 0 says (NUT reads 1 + i: one late)
        GXE_WARNINGS.forEach((name, i) => {
          if (!name) return;
          const v = reg(info, i, 2);
          if ([1, 2, 3, 0xf0].includes(v)) alarms.push(name);
          else if (![0, 0x0e, 0xe0].includes(v)) {
            this.ctx.log.warn(`unexpected warning val ${v.toString(16)}`);
          }
        });
        st.setAlarms(alarms);
      } else if (this.state === "onoff") {
        this.#onoff(info);
      } else this.#analog(info);
      st.dataOk();
    });
  }

  #flags(dflag: number): void {
    if (dflag & 0x10) this.state = "onoff";
    if (dflag & 0x01) this.state = "warning";
  }

  #onoff(info: string): void {
    const st = this.ctx.state;
    this.state = "analog";
    this.#flags(reg(info, 0, 2));
    const pwr = reg(info, 1, 2), rect = reg(info, 3, 2);
    if (pwr === 1) this.#status = [rect === 0xe2 ? "OB" : "OL"];
    else if (pwr === 2) this.#status = ["OL", "BYPASS"];
    else {
      this.#status = [];
      this.ctx.log.warn(
        `unknown ups state: ${pwr.toString(16)} ${rect.toString(16)}`,
      );
    }
    st.setStatus(this.#status);
    const charger = ({
      0xe0: "resting",
      0xe1: "charging",
      0xe2: "charging",
      0xe3: "discharging",
    } as Record<number, string>)[
      reg(info, 4, 2)
    ];
    if (charger) st.set("battery.charger.status", charger);
    else this.ctx.log.warn("unknown battery status, ignored");
    const test =
      ({ 0xe0: "In progress", 0xe1: "Idle" } as Record<number, string>)[
        reg(info, 5, 2)
      ];
    if (test) st.set("ups.test.result", test);
    else this.ctx.log.warn("unknown battery test state, ignored");
  }

  #analog(info: string): void {
    const st = this.ctx.state;
    this.#flags(hexVal(info, 0, 2));
    const volt = Math.trunc(reg(info, 1, 4) / 100);
    if (volt === 0 && this.#status.includes("OL")) {
      this.#status = ["OB"]; // power failed, still on line?
      st.setStatus(this.#status);
      this.state = "warning";
    }
    if (volt > 0 && this.#status.includes("OB")) {
      this.#status = ["OL"];
      st.setStatus(this.#status);
      this.state = "warning";
    }
    for (
      const [name, r] of [
        ["input.voltage", 1],
        ["output.voltage", 7],
        ["output.current", 13],
        ["battery.voltage", 19],
        ["output.frequency", 21],
        ["input.frequency", 27],
      ] as const
    ) st.set(name, hundredths(reg(info, r, 4)));
    st.set("ups.realpower", String(reg(info, 33, 4) * 10));
    st.set("ups.power", String(reg(info, 35, 4) * 10));
    st.set("battery.runtime", String(reg(info, 41, 4) * 60));
  }

  /** upsdrv_instcmd: a remote command; the next poll re-reads the system parameters. */
  instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    return this.#exclusive(async (): Promise<CommandResult> => {
      const data = REMOTE[cmd.toLowerCase()];
      if (!data) {
        this.ctx.log.notice(`instcmd: unknown command [${cmd}]`);
        return "unknown";
      }
      // VER 21 then the address, as every other frame (NUT swaps them here)
      if (await this.request(YDN23.remote, data)) {
        this.state = "sysparam";
        return "handled";
      }
      this.ctx.log.warn("instcmd: remote failed response, try again");
      return "failed";
    });
  }

  /** upsdrv_shutdown: nothing is sent; the shutdown fails. */
  shutdown(): Promise<CommandResult> {
    this.ctx.log.info("Liebert GXE UPS can't fully shutdown, NOOP");
    return Promise.resolve("failed");
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
