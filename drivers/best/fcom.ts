/**
 * bestfcom: NUT 2.8.0's `bestfcom` 0.13 (Best Power Ferrups and Fortress
 * II, experimental in NUT) over the Ferrups dialogue (`ferrups.ts`, with
 * bestfcom's own reading of it). Start-up syncs, reads `time`, checks `f`,
 * then asks `fc`: a Fortress II answers the `$` format-config string
 * (rating and battery range in fixed digits); older units refuse it and
 * are told apart by their `id` text (ME, MD, FD, FE), the battery range
 * then coming from `d` settings. Each poll reads `f` (digits read as in
 * NUT's bcd2i) and the load (`d 16`, MD `d 22`). `-k` sends `pw377` and
 * `o 10 a`.
 *
 * Unlike NUT: a missing echo ends the command after 3 s (NUT waits for it
 * forever), the sync gives up after five prompts, and a record that is not
 * hex digits up to its line status makes the data stale.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { cprintf } from "./cfmt.ts";
import {
  executeFcom,
  ferrupsStatus,
  LINE_WAIT_MS,
  scan1,
  syncSerial,
} from "./ferrups.ts";
import { bcd2i, F, isRecord } from "./frecord.ts";
import { BestLink, type BestPortOpener } from "./link.ts";

const f32 = Math.fround;

/** What start-up learnt (NUT's fc blob). */
interface Config {
  model: "LI" | "FD" | "FE" | "ME" | "MD";
  name: string;
  va: number;
  watts: number;
  empty: number;
  low: number;
  full: number;
  ideal: number;
}

/** The fc string's unit types (characters 3-4). */
const FC_TYPES: Readonly<Record<string, string>> = Object.freeze({
  "02": "FortressII",
  "03": "Ferrups",
  "04": "Unity/1",
});

/** A bestfcom instance. */
export class FcomDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: BestLink;
  #fc: Config | null = null;
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

  #exec(cmd: string, max = 511): Promise<string | null> {
    return executeFcom(this.link, cmd, max);
  }

  /** upsdrv_initups: sync, time, f, then fc or id. */
  async initups(): Promise<void> {
    if (this.#fc) return;
    await this.link.open(this.ctx.config.port, { speed: 1200 });
    if (!(await syncSerial(this.link, 1000, true))) {
      throw new DriverFatalError("Error connecting to UPS.");
    }
    const time = await this.#exec("time\r", 255);
    if (!time) throw new DriverFatalError("Error connecting to UPS.");
    this.ctx.log.debug(1, `UPS Time: ${time}`);
    await this.#exec("\r", 255); // old Ferrups ask for a new time
    await this.link.getLine(">", "\n", LINE_WAIT_MS, 255);
    if (!(await this.#exec("f\r", 255))) {
      throw new DriverFatalError(
        "Failed format request in upsdrc_initups()",
      );
    }
    const fc = (await this.#exec("fc\r", 255)) ?? "";
    if (fc.length < 80) {
      await this.link.getLine(">", "\n", LINE_WAIT_MS, 255);
      this.#fc = await this.#initNoFc();
    } else this.#fc = this.#initFc(fc);
  }

  /** upsdrv_init_nofc: the model from the `id` text, the range from `d`. */
  async #initNoFc(): Promise<Config> {
    await this.link.send("id\r");
    await this.link.sleep(1000);
    const id = (await this.link.getLine(">", "", LINE_WAIT_MS, 1023)) ?? "";
    this.ctx.log.debug(2, `id response: ${id}`);
    let c: Config | null = null;
    const cfg = (model: Config["model"], name: string, va = 0, watts = 0) => ({
      model,
      name,
      va,
      watts,
      empty: 0,
      low: 0,
      full: 0,
      ideal: 0,
    });
    if (id.includes('Unit ID "C1K')) c = cfg("MD", "Micro Ferrups", 1100, 770);
    else if (id.includes('Unit ID "ME')) {
      c = id.includes('Unit ID "ME3.1K')
        ? cfg("ME", "Micro Ferrups", 3100, 2200)
        : cfg("ME", "Micro Ferrups");
    } else if (id.includes('Unit ID "FD')) {
      c = id.includes('Unit ID "FD4.3K')
        ? cfg("FD", "Ferrups", 4300, 3000)
        : cfg("FD", "Ferrups");
    } else if (id.includes("Model:\t   FE") || id.includes("Model:    FE")) {
      c = cfg("FE", "Ferrups");
    } else if (id.length < 300) this.ctx.log.debug(2, "Old Best Fortress???");
    if (!c) {
      throw new DriverFatalError(`Unknown model ${id} in upsdrv_init_nofc()`);
    }
    const read = async (cmd: string, format: string, old: number) => {
      const r = await this.#exec(cmd, 255);
      return r ? scan1(r, format, old) : old;
    };
    if (c.model === "FE") {
      c.va = await read("d 45\r", "45 RatedVA %d", c.va);
      c.watts = await read("d 46\r", "46 RatedW %d", c.watts);
      c.empty = f32(await read("d 65\r", "65 LoBatV %f", c.empty));
      c.low = f32(await read("d 66\r", "66 NLBatV %f", c.low));
      c.full = f32(await read("d 67\r", "67 HiBatV %f", c.full));
      c.ideal = f32((c.full - c.empty) * 0.7 + c.empty);
      if (c.va < 1.0) {
        throw new DriverFatalError("Error determining Ferrups UPS rating.");
      }
    } else {
      c.empty = f32(await read("d 27\r", "27 LowBatt %f", c.empty));
      c.low = f32(await read("d 30\r", "30 NLBatt %f", c.low));
      c.full = f32(await read("d 28\r", "28 Hi Batt %f", c.full));
      c.full = f32(13.70); // as NUT, whatever d 28 said
      c.ideal = f32((c.full - c.empty) * 0.7 + c.empty);
    }
    return c;
  }

  /** upsdrv_init_fc: a Fortress II's `$` string. */
  #initFc(s: string): Config {
    if (s[0] !== "$") {
      throw new DriverFatalError(
        "Bad response from formatconfig command in upsdrv_init_fc()",
      );
    }
    const type = s.slice(3, 5);
    if (type === "00") {
      throw new DriverFatalError("UPS type unknown in upsdrv_init_fc()");
    }
    if (type === "01") {
      throw new DriverFatalError("Best Patriot UPS not supported");
    }
    const li = ["00", "01", "02", "03"].includes(s.slice(5, 7)) ||
      s.slice(71, 73) === "LI";
    if (!li) {
      throw new DriverFatalError("Unknown model  in upsdrv_init_fc()");
    }
    const empty = f32(bcd2i(s.slice(57), 4) / 10.0);
    const low = f32(bcd2i(s.slice(53), 4) / 10.0);
    const full = f32(bcd2i(s.slice(49), 4) / 10.0);
    return {
      model: "LI",
      name: FC_TYPES[type] ?? "",
      va: bcd2i(s.slice(11), 5),
      watts: bcd2i(s.slice(16), 5),
      empty,
      low,
      full,
      ideal: f32((full - empty) * 0.7 + empty),
    };
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state, c = this.#fc!;
    st.set("ups.mfr", "Best Power");
    st.set("ups.model", `${c.name} ${c.model}${c.va}`);
    st.set("ups.power.nominal", c.va);
    st.set("ups.realpower.nominal", c.watts);
    st.set("battery.voltage.nominal", cprintf("%05.2f", c.ideal));
    this.ctx.log.debug(1, `Best Power ${c.name} ${c.model}${c.va} detected`);
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state, c = this.#fc!;
    const rec = await this.#exec("f\r");
    if (!rec || rec.length < 80 || !isRecord(rec)) {
      this.ctx.log.debug(1, `failed f response. strlen: ${rec?.length ?? 0}`);
      st.dataStale();
      return;
    }
    const n = (f: readonly [number, number]) => bcd2i(rec.slice(f[0]), f[1]);
    const inverter = n(F.inverter), vin = n(F.vin), vout = n(F.vout);
    const vbatt = n(F.vbatt) / 10.0;
    const alarms = n(F.alarm1) | (n(F.alarm2) << 8);
    const hz = n(F.hz4) / 100.0, runtime = n(F.runtime) * 60;
    const fd = c.model === "FD";
    const amps = fd ? 0 : n(F.iout) / 10.0;
    const va = fd ? 0 : n(F.va);
    const line = fd ? 0 : n(F.line);
    const temp = c.model === "LI" ? 0 : n(F.temp);
    const [q, format] = c.model === "MD"
      ? ["d 22\r", "22 FullLoad%% %d"]
      : ["d 16\r", "16 FullLoad%% %d"];
    const r = await this.#exec(q, 31);
    const load = r ? scan1(r, format, 0) : 0;
    let pct = (vbatt - c.empty) / (c.ideal - c.empty) * 100.0;
    pct = Math.min(100, Math.max(0, pct));
    st.setStatus(ferrupsStatus(inverter, alarms, line, vin, vbatt <= c.low));
    st.set("input.voltage", cprintf("%05.1f", vin));
    st.set("input.frequency", cprintf("%05.2f", hz));
    st.set("output.voltage", cprintf("%05.1f", vout));
    st.set("output.current", cprintf("%04.1f", amps));
    st.set("battery.charge", cprintf("%02.1f", pct));
    st.set("battery.voltage", cprintf("%02.1f", vbatt));
    st.set("battery.runtime", cprintf("%d", runtime));
    st.set("ups.load", cprintf("%02.1f", load));
    if (va) st.set("ups.power", cprintf("%d", va));
    if (temp) st.set("ups.temperature", cprintf("%05.1f", temp));
    st.dataOk();
  }

  /** upsdrv_shutdown: the password, then off in 10 s, back with the line. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      await this.link.send("pw377\r");
      await this.link.send("o 10 a\r");
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
