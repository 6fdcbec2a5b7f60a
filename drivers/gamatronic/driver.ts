/**
 * gamatronic: NUT 2.8.0's `gamatronic` 0.03, UPSes speaking the SEC
 * protocol. A message is `^`, a mode letter (P poll, S set), three digits
 * of length and the command plus data, with no line end; the UPS answers
 * one CR-ended line: `^0` refused, `^1` done, or `^D` with three digits of
 * length and comma-separated fields. Start-up finds the speed (1200 to
 * 19200 bps) by asking `MAN`, reads the supported variable numbers
 * (`AP1`, `AP2`), builds one query per command and reads the start-up-only
 * ones; each poll reads the others. A field is published only when it
 * changed. `-k` sends four SETs: cancel, auto restart, type, 5 s delay.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import {
  fromLatin1,
  type LineTransport,
  readUntil,
} from "../../src/transport/mod.ts";
import {
  MAX_FIELDS,
  MAX_QUERIES,
  SEC_SPEEDS,
  SEC_STATUS,
  SEC_VARS,
  SOURCE_STATUS,
} from "./table.ts";

/** A port whose speed can change (the start-up probe). */
export type SecLine = LineTransport & { setSpeed?(speed: number): void };
/** Opens the port (tests may pass their own). */
export type SecPortOpener = (path: string) => Promise<SecLine>;

async function openSerialPort(path: string): Promise<SecLine> {
  const { openSerial, configureTty } = await import(
    "../../src/transport/serial.ts"
  );
  const t = openSerial(path, { speed: SEC_SPEEDS[0] });
  return Object.assign(t, {
    setSpeed: (speed: number) => configureTty(t.fd, { speed }),
  });
}

const WAIT_MS = 1000, LINE_MAX = 139;

/** An answer: refused, done, or data. */
export type SecReply = { kind: "nak" | "ack" } | { kind: "data"; data: string };

/** sec_upsrecv's reading of one line (null: unusable). */
export function parseReply(line: string): SecReply | null {
  if (line[0] !== "^") return null;
  if (line[1] === "0") return { kind: "nak" };
  if (line[1] === "1") return { kind: "ack" };
  if (line[1] !== "D") return null;
  const len = atoi(line.slice(2, 5));
  return len > 0 ? { kind: "data", data: line.slice(5, 5 + len) } : null;
}

/** A SEC message: `^`, mode, length of command + data, command, data. */
export function secMessage(mode: "P" | "S", cmd: string, data = ""): string {
  const len = String(data.length + 3).padStart(3, "0");
  return `^${mode}${len}${cmd}${data}`;
}

function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}

function atof(s: string): number {
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m ? parseFloat(m[0]) : 0;
}

/** sec_setinfo: the published text of a raw field. */
export function secValue(num: number, raw: string): string | null {
  const v = SEC_VARS[num];
  if (!v?.nut) return null;
  if (v.kind === "text" || v.unit === 1) return raw;
  if (v.kind === "mul") return atoi(raw) < 0 ? "0" : String(atoi(raw) * v.unit);
  return (atof(raw) / v.unit).toFixed(1);
}

interface Query {
  cmd: string;
  once: boolean;
  /** variable number per field (0: none) */
  vars: number[];
}

/** A gamatronic instance. */
export class GamatronicDriver implements DriverInstance {
  readonly ctx: DriverContext;
  line: SecLine | null = null;
  /** the queries built from the UPS's list */
  readonly queries: Query[] = [];
  /** last raw value per variable number */
  readonly #raw = new Map<number, string>();
  #open: SecPortOpener;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open: SecPortOpener = openSerialPort) {
    this.ctx = ctx;
    this.#open = open;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  /** One CR-ended line (up to a second per read), parsed. */
  async receive(): Promise<SecReply | null> {
    const r = await readUntil(this.line!, 0x0d, WAIT_MS, LINE_MAX);
    return r.complete ? parseReply(fromLatin1(r.data).slice(0, -1)) : null;
  }

  /** sec_cmd: the data of the answer ("" for an ack), null on failure. */
  async command(
    mode: "P" | "S",
    cmd: string,
    data = "",
  ): Promise<string | null> {
    await this.line!.write(secMessage(mode, cmd, data));
    const r = await this.receive();
    if (!r || r.kind === "nak") return null;
    return r.kind === "data" ? r.data : "";
  }

  /** upsdrv_initups: open and find the speed the UPS answers at. */
  async initups(): Promise<void> {
    if (this.line) return;
    const port = this.ctx.config.port;
    this.line = await this.#open(port);
    for (const speed of SEC_SPEEDS) {
      this.line.setSpeed?.(speed);
      await this.line.write(secMessage("P", "MAN"));
      const r = await this.receive();
      if (r) {
        this.ctx.log.info(`Connected to UPS on ${port} baudrate: ${speed}`);
        return;
      }
    }
    this.line.close();
    this.line = null;
    throw new DriverFatalError(
      `Can't talk to UPS on port ${port}!\n` +
        "Check the cabling and portname and try again\n" +
        "Please note that this driver only support UPS Models with SEC Protorol",
    );
  }

  /** addquery: one query per command, in the order the UPS lists them. */
  #addQuery(num: number): void {
    const v = SEC_VARS[num]!;
    let q = this.queries.find((x) => x.cmd === v.cmd);
    if (!q) {
      if (this.queries.length >= MAX_QUERIES) return;
      q = { cmd: v.cmd, once: v.once, vars: new Array(MAX_FIELDS).fill(0) };
      this.queries.push(q);
    }
    if (v.field >= 1 && v.field <= MAX_FIELDS) q.vars[v.field - 1] = num;
  }

  async init(): Promise<void> {
    await this.initups();
    const p1 = await this.command("P", "AP1");
    const p2 = await this.command("P", "AP2");
    const list = [p1, p2].filter((x) => x !== null).join(",");
    if (!list) throw new DriverFatalError("No available variables found!");
    for (const tok of list.split(",")) {
      if (!tok) continue;
      const num = atoi(tok), v = SEC_VARS[num];
      if (!v || v.kind === "wonly") continue;
      this.#addQuery(num);
    }
    await this.#poll(true);
    const st = this.ctx.state;
    this.ctx.log.info(
      `UPS: ${st.tree.get("ups.mfr") ?? "(null)"} ${
        st.tree.get("ups.model") ?? "(null)"
      }`,
    );
  }

  /** sec_poll: the queries of one kind; alarms raised and failures. */
  async #poll(once: boolean): Promise<{ alarms: string[]; failed: number }> {
    const alarms: string[] = [];
    let failed = 0;
    for (const q of this.queries) {
      if (q.once !== once) continue;
      const data = await this.command("P", q.cmd);
      if (data === null) {
        // 2.8.0 takes the failure for an empty first field; we keep the
        // last values and mark the data stale (README)
        failed++;
        continue;
      }
      const fields = data.split(",");
      for (let f = 0; f < MAX_FIELDS && f < fields.length; f++) {
        const num = q.vars[f]!, raw = fields[f]!;
        if (num <= 0) continue;
        if ((this.#raw.get(num) ?? "") !== raw) {
          this.#raw.set(num, raw);
          const text = secValue(num, raw);
          if (text !== null) this.ctx.state.set(SEC_VARS[num]!.nut, text);
        }
        // NUT tests the kind as a bit mask: "mul" rows count as alarms too
        const kind = SEC_VARS[num]!.kind;
        if ((kind === "alarm" || kind === "mul") && raw === "1") {
          alarms.push(SEC_VARS[num]!.label);
        }
      }
    }
    return { alarms, failed };
  }

  update(): Promise<void> {
    return this.#exclusive(async () => {
      const { alarms, failed } = await this.#poll(false);
      const st = this.ctx.state, raw = (n: number) => this.#raw.get(n) ?? "";
      st.setAlarms(alarms);
      const status: string[] = [];
      if (raw(SEC_STATUS.outputOff) === "1") status.push("OFF");
      const src = SOURCE_STATUS[raw(SEC_STATUS.outputSource)];
      if (src) status.push(src);
      if (raw(SEC_STATUS.overload) === "1") status.push("OVER");
      if (raw(SEC_STATUS.batteryStatus) === "1") status.push("LB");
      if (raw(SEC_STATUS.batteryCondition) === "2") status.push("RB");
      st.setStatus(status);
      if (failed) st.dataStale();
      else st.dataOk();
    });
  }

  /** upsdrv_shutdown: cancel, auto restart on, type 2, shut down in 5 s. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.command("S", "PSD", "-1");
      await this.command("S", "ATR", "1");
      await this.command("S", "SDA", "2");
      await this.command("S", "PSD", "5");
      return "handled" as const;
    });
  }

  close(): Promise<void> {
    this.line?.close();
    this.line = null;
    return Promise.resolve();
  }
}
