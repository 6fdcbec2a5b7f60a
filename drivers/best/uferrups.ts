/**
 * bestuferrups: NUT 2.8.0's `bestuferrups` 0.04 (Best Power Micro-Ferrups
 * ME, RE and MD) over the Ferrups dialogue (`ferrups.ts`). `id` answers
 * `Unit ID "ME3.1K12345"`: characters 9-10 name the family, which fixes the
 * rating and the `d` settings read for the battery range (the full-charge
 * value is then replaced by a constant, as NUT does). Each poll reads `f`
 * and the load (`d 16`, MD `d 22`; RE also its heat-sink temperature,
 * `d 12`). `-k` sends `pw377` and `off 1 a`.
 *
 * Unlike NUT, a record that is not 74 hex digits up to its line status
 * is not parsed (NUT reads garbage, or past its end) and makes the data
 * stale.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { atoi, cprintf } from "./cfmt.ts";
import { executeUf, ferrupsStatus, scan1, syncSerial } from "./ferrups.ts";
import { F, field, isRecord } from "./frecord.ts";
import { BestLink, type BestPortOpener } from "./link.ts";

const f32 = Math.fround;

/** Families: model label, VA, W, [d number, format] of empty and full volts, full override, load query. */
export const UFERRUPS_MODELS = Object.freeze(
  {
    ME: {
      label: "ME",
      va: 3100,
      watts: 2200,
      empty: ["d 29\r", "29 LowBat   %f"],
      full: ["d 31\r", "31 HiBatt   %f"],
      fullVolts: 54.2,
      load: ["d 16\r", "16 FullLoad%% %d"],
    },
    RE: {
      label: "RE",
      va: 1800,
      watts: 1200,
      empty: ["d 29\r", "29 LowBat   %f"],
      full: ["d 31\r", "31 HiBatt   %f"],
      fullVolts: 54.2,
      load: ["d 16\r", "16 FullLoad%% %d"],
    },
    C1: {
      label: "MD",
      va: 1100,
      watts: 770,
      empty: ["d 27\r", "27 LowBatt  %f"],
      full: ["d 28\r", "28 Hi Batt  %f"],
      fullVolts: 13.7,
      load: ["d 22\r", "22 FullLoad%% %d"],
    },
  } as const,
);

type Model = (typeof UFERRUPS_MODELS)[keyof typeof UFERRUPS_MODELS];

/** A bestuferrups instance. */
export class UferrupsDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: BestLink;
  #model: Model | null = null;
  #empty = 0;
  #full = 0;
  #busy: Promise<unknown> = Promise.resolve();

  constructor(ctx: DriverContext, open?: BestPortOpener, pace = 1) {
    this.ctx = ctx;
    this.link = new BestLink(ctx.log, open, pace);
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#busy.then(fn, fn);
    this.#busy = run.catch(() => {});
    return run;
  }

  #exec(cmd: string): Promise<string | null> {
    return executeUf(this.link, cmd);
  }

  /** upsdrv_initups: sync, `time`, `id`, the battery range. */
  async initups(): Promise<void> {
    if (this.#model) return;
    await this.link.open(this.ctx.config.port, { speed: 1200 });
    if (!(await syncSerial(this.link, 0))) {
      throw new DriverFatalError("Error connecting to UPS");
    }
    const time = await this.#exec("time\r");
    if (!time) throw new DriverFatalError("Error connecting to UPS");
    this.ctx.log.info(`UPS Time: ${time}`);
    const id = await this.#exec("id\r");
    if (!id) throw new DriverFatalError("Failed execute in ups_ident()");
    if (!id.startsWith("Unit")) {
      throw new DriverFatalError(
        `Bad response from formatconfig command in ups_ident()\nid: ${id}\n`,
      );
    }
    const code = id.slice(9, 11);
    const m = (UFERRUPS_MODELS as Record<string, Model>)[code];
    if (!m) throw new DriverFatalError(`Unknown model ${code} in ups_ident()`);
    let r = await this.#exec(m.empty[0]);
    if (r) this.#empty = f32(scan1(r, m.empty[1], this.#empty));
    r = await this.#exec(m.full[0]);
    if (r) this.#full = f32(scan1(r, m.full[1], this.#full));
    this.#full = f32(m.fullVolts);
    this.#model = m;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const m = this.#model!;
    this.ctx.state.set("ups.mfr", "Best Power");
    this.ctx.state.set("ups.model", `Micro Ferrups (${m.label}) ${m.va}`);
    const ideal = f32((this.#full - this.#empty) * 0.7 + this.#empty);
    this.ctx.log.info(
      `Best Power Micro Ferrups (${m.label}) ${m.va} detected`,
    );
    this.ctx.log.info(
      cprintf(
        "Battery voltages %5.1f nominal, %5.1f full, %5.1f empty",
        ideal,
        this.#full,
        this.#empty,
      ),
    );
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state, m = this.#model!;
    const rec = await this.#exec("f\r");
    if (!rec || !isRecord(rec)) {
      st.dataStale();
      return;
    }
    const n = (f: readonly [number, number]) => atoi(field(rec, f));
    const inverter = n(F.inverter), vin = n(F.vin), vout = n(F.vout);
    const vbatt = n(F.vbatt) / 10.0;
    const alarms = n(F.alarm1) | (n(F.alarm2) << 8);
    const hz = n(F.hz4) / 100.0;
    const runtime = n(F.runtime), amb = n(F.temp);
    let load = 0, hs = 0;
    let r = await this.#exec(m.load[0]);
    if (r) load = scan1(r, m.load[1], 0);
    if (m.label === "RE") {
      r = await this.#exec("d 12\r");
      if (r) hs = scan1(r, "12 HS Temp  %dC", 0);
    }
    let pct = (vbatt - this.#empty) / (this.#full - this.#empty) * 100.0;
    pct = Math.min(100, Math.max(0, pct));
    st.setStatus(ferrupsStatus(inverter, alarms, n(F.line), vin));
    st.set("input.voltage", cprintf("%05.1f", vin));
    st.set("output.voltage", cprintf("%05.1f", vout));
    st.set("battery.charge", cprintf("%02.1f", pct));
    st.set("ups.load", cprintf("%02.1f", load));
    st.set("battery.voltage", cprintf("%02.1f", vbatt));
    st.set("input.frequency", cprintf("%05.2f", hz));
    st.set("ups.temperature", cprintf("%05.1f", hs));
    st.set("battery.runtime", cprintf("%d", runtime));
    st.set("ambient.temperature", cprintf("%05.1f", amb));
    st.dataOk();
  }

  /** upsdrv_shutdown: the password, then off in 1 s, back with the line. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.link.send("pw377\r");
      await this.link.send("off 1 a\r");
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
