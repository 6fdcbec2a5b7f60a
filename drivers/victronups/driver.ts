/**
 * victronups: NUT 2.8.0's `victronups` 0.21 (GE/IMV/Victron Match and
 * Smart units). Every query is `v<code>?` CR, answered by one CR-ended line
 * that repeats the code before the value (`vAa2`). The first poll probes
 * which optional values the unit has ("NA" answers); any unanswered query
 * ends the poll with stale data. `-k` sends `vCc0!` then `vCb<usd>!`.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
// printf("%.1f") with glibc's rounding, shared with powercom
import { cFixed } from "../powercom/types.ts";

/** ups.conf variables of victronups (upsdrv_makevartable). */
export const VICTRON_VARS: readonly DriverVar[] = [
  { name: "usd", kind: "value", desc: "Seting delay before shutdown" },
  { name: "modelname", kind: "value", desc: "Seting model name" },
];

/** Opens the port (tests may pass their own). */
export type VictronPortOpener = (path: string) => Promise<LineTransport>;

async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 1200 });
}

/** Pause after each query before reading (UPS_DELAY) and during wake-up. */
const UPS_DELAY_MS = 150, UPS_LONG_DELAY_MS = 450, LINE_WAIT_MS = 3000;

/** atoi. */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}
/** atof (decimal forms). */
function atof(s: string): number {
  const m = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(s);
  return m ? parseFloat(m[0]) : 0;
}

/** Instant commands and the query each sends; `test` is what it starts. */
const CMDS: ReadonlyArray<[string, string, number | null]> = [
  ["test.battery.start", "vTi4!", 4],
  ["test.battery.stop", "vTi2!", null],
  ["calibrate.start", "vTi5!", 5],
  ["calibrate.stop", "vTi2!", null],
  ["test.panel.start", "vTi3!", 3],
  ["test.panel.stop", "vTi2!", null],
  ["bypass.start", "vTi101!", 101],
  ["bypass.stop", "vTi2!", null],
];
const CALIBRATION = 5, NO_TEST = 1;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A victronups instance. */
export class VictronDriver implements DriverInstance {
  readonly ctx: DriverContext;
  #open: VictronPortOpener;
  #line: LineTransport | null = null;
  #pending: number[] = [];
  #sdwdelay = 0;
  #model: string | undefined;
  #probed = false;
  #has = {
    serial: false,
    upsTemp: false,
    outCurrent: false,
    charge: false,
    battCurrent: false,
    battTemp: false,
    runtime: false,
  };
  #test = NO_TEST;
  #busy: Promise<unknown> = Promise.resolve();

  #short: number;
  #long: number;

  /** `pace` scales the protocol's pauses (tests pass 0). */
  constructor(
    ctx: DriverContext,
    open: VictronPortOpener = openSerialPort,
    pace = 1,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#short = UPS_DELAY_MS * pace;
    this.#long = UPS_LONG_DELAY_MS * pace;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** ser_get_line: up to CR (LF ignored) within the wait; null if none came. */
  async #getLine(): Promise<string | null> {
    const end = Date.now() + LINE_WAIT_MS;
    let s = "";
    while (true) {
      if (!this.#pending.length) {
        const left = end - Date.now();
        if (left <= 0) return s.length ? s : null;
        const got = await this.#line!.read(left, 256);
        if (!got.length) return s.length ? s : null;
        this.#pending.push(...got);
      }
      const c = String.fromCharCode(this.#pending.shift()!);
      if (c === "\r") return s;
      if (c !== "\n") s += c;
    }
  }

  /** get_data: send, pause, read one line; a missing or empty one makes data stale. */
  async #get(query: string): Promise<string | null> {
    await this.#line!.write(`${query}\r`);
    await sleep(this.#short);
    const line = await this.#getLine();
    if (!line) {
      this.ctx.state.dataStale();
      return null;
    }
    return line;
  }

  /** upsdrv_initups: open at 1200 bps, wake the unit with CR and three `?`. */
  async initups(): Promise<void> {
    if (this.#line) return;
    const usd = this.ctx.config.values.get("usd");
    if (usd !== undefined) this.#sdwdelay = atoi(usd);
    this.#model = this.ctx.config.values.get("modelname");
    this.#line = await this.#open(this.ctx.config.port);
    await this.#line.write("\r");
    await sleep(this.#long);
    for (const pause of [this.#long, this.#long, this.#short]) {
      await this.#line.write("?\r");
      await sleep(pause);
      await this.#getLine();
    }
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    if (this.#model !== undefined) st.set("ups.model", this.#model);
    for (const [cmd] of CMDS) st.addCmd(cmd);
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #probe(): Promise<boolean> {
    const has = (v: string | null, skip: number) =>
      v === null ? null : v.slice(skip) !== "NA";
    const probes: Array<[string, number, (h: boolean) => void]> = [
      ["vDS?", 3, (h) => h && (this.#has.serial = true)],
      ["vBT?", 3, (h) => h && (this.#has.upsTemp = true)],
      ["vO0I?", 4, (h) => h && (this.#has.outCurrent = true)],
      ["vBC?", 3, (h) => h && (this.#has.charge = true)],
      // 2.8.0 records vBI under the charge (a copy slip): battery.current
      // never shows and an NA charge does; the current is meant here
      ["vBI?", 3, (h) => h && (this.#has.battCurrent = true)],
      ["vBT?", 3, (h) => h && (this.#has.battTemp = true)],
      ["vBt?", 3, (h) => h && (this.#has.runtime = true)],
    ];
    for (const [q, skip, set] of probes) {
      const h = has(await this.#get(q), skip);
      if (h === null) return false;
      set(h);
    }
    this.#probed = true;
    return true;
  }

  async #update(): Promise<void> {
    if (!this.#probed && !(await this.#probe())) return;
    const st = this.ctx.state;
    const flags = await this.#get("vAa?");
    if (flags === null) return;
    const f = atoi(flags.slice(3));
    const status: string[] = [];
    if (f & 128) status.push("OVER");
    if (f & 1) status.push("RB");
    if (f & 4) status.push("LB");
    status.push(f & 2 ? "OB" : "OL");
    const tr = await this.#get("vTr?");
    if (tr === null) return;
    if ((await this.#get("vTd?")) === null) return;
    const result = atoi(tr.slice(3));
    if (result >= 1 && result <= 4) this.#test = NO_TEST;
    else if (result === 5 && this.#test === CALIBRATION) status.push("CAL");
    st.setStatus(status);
    // each value: query, characters of code to skip, variable, conversion
    const rows: Array<
      [string, number, string, (v: string) => string, boolean]
    > = [
      ["vDM?", 3, "ups.model", (v) => v, this.#model === undefined],
      ["vDm?", 3, "ups.mfr", (v) => v, true],
      ["vDS?", 3, "ups.serial", (v) => v, this.#has.serial],
      ["vDV?", 3, "ups.firmware", (v) => v, true],
      ["vBT?", 3, "ups.temperature", (v) => v, this.#has.upsTemp],
      ["vO0L?", 4, "ups.load", (v) => v, true],
      ["vI0U?", 4, "input.voltage", (v) => v, true],
      ["vFi?", 3, "input.transfer.low", (v) => v, true],
      ["vFj?", 3, "input.transfer.high", (v) => v, true],
      ["vI0f?", 4, "input.frequency", tenth, true],
      ["vO0U?", 4, "output.voltage", (v) => v, true],
      ["vOf?", 3, "output.frequency", tenth, true],
      ["vO0I?", 4, "output.current", tenth, this.#has.outCurrent],
      ["vBC?", 3, "battery.charge", (v) => v, this.#has.charge],
      ["vBU?", 3, "battery.voltage", tenth, true],
      ["vBI?", 3, "battery.current", tenth, this.#has.battCurrent],
      ["vBT?", 3, "battery.temperature", (v) => v, this.#has.battTemp],
      [
        "vBt?",
        3,
        "battery.runtime",
        (v) => String(atoi(v) * 60),
        this.#has.runtime,
      ],
    ];
    for (const [q, skip, name, conv, wanted] of rows) {
      if (!wanted) continue;
      const v = await this.#get(q);
      if (v === null) return;
      st.set(name, conv(v.slice(skip)));
    }
    st.dataOk();
  }

  /** upsdrv_instcmd: a failed query reports the command as unknown, as NUT. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const row = CMDS.find(([name]) => name === cmd.toLowerCase());
      if (!row) {
        this.ctx.log.debug(
          1,
          `instcmd: unknown command: [${cmd}] [${param ?? "(null)"}]`,
        );
        return "unknown";
      }
      if ((await this.#get(row[1])) === null) return "unknown";
      if (row[2] !== null) this.#test = row[2];
      return "handled";
    });
  }

  /** upsdrv_shutdown. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.#line!.write("vCc0!\r");
      await sleep(this.#short);
      await this.#line!.write(`vCb${this.#sdwdelay}!\r`);
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

/** "%2.1f" of atof(v) / 10. */
function tenth(v: string): string {
  return cFixed(atof(v) / 10.0, 1).padStart(2, " ");
}
