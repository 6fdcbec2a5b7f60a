/**
 * everups: NUT 2.8.0's `everups` 0.04 (Ever NET-DPC and AP-PRO units), a
 * one-byte protocol at 300 bps with DTR and RTS low. Every query is
 * preceded by the code byte 208, which the unit echoes; then 173 gives
 * the unit type, 175 the line status (bit 0 standby, bit 2 on battery),
 * 189 the battery (x 150 / 255 tenths of a volt) and 245 two bytes of line
 * voltage (low + 256 x high hundredths, divided by 3.52 on the newer
 * NET-DPC types 73-76, 3.72 on others). `-k`: code, 28 1 (off in 1.28 s),
 * code, 13 8.
 *
 * The byte level is the Best Power family's (drivers/best/link.ts).
 * Unlike NUT, a query byte that is not answered makes the data stale (NUT
 * goes on with what its buffer held).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { cprintf } from "../best/cfmt.ts";
import { BestLink, type BestPortOpener } from "../best/link.ts";

/** Unit types by the byte 173 answers. */
export const EVER_TYPES: Readonly<Record<number, string>> = Object.freeze({
  67: "NET 500-DPC",
  68: "NET 700-DPC",
  69: "NET 1000-DPC",
  70: "NET 1400-DPC",
  71: "NET 2200-DPC",
  73: "NET 700-DPC (new)",
  74: "NET 1000-DPC (new)",
  75: "NET 1400-DPC (new)",
  76: "NET 500-DPC (new)",
  81: "AP 450-PRO",
  82: "AP 650-PRO",
});

const CODE = 208, WAIT_MS = 3000;

/** An everups instance. */
export class EverupsDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: BestLink;
  #type = 0;
  #opened = false;
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

  #byte(n: number): Promise<void> {
    return this.link.send(String.fromCharCode(n));
  }

  async #get(): Promise<number | null> {
    const c = await this.link.getChar(WAIT_MS);
    return c === null ? null : c.charCodeAt(0);
  }

  /** Code(tries): 208 until the unit echoes it. */
  async #code(tries: number): Promise<boolean> {
    do {
      await this.#byte(CODE);
      if ((await this.#get()) === CODE) return true;
    } while (--tries > 0);
    return false;
  }

  /** upsdrv_initups: 300 bps, DTR and RTS low, the unit type. */
  async initups(): Promise<void> {
    if (this.#opened) return;
    this.#opened = true;
    await this.link.open(this.ctx.config.port, { speed: 300 });
    await this.link.port!.setLines({ dtr: false, rts: false }).catch(() => {});
    if (await this.#code(1)) {
      await this.#byte(173);
      this.#type = (await this.#get()) ?? 0;
    }
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    this.ctx.state.set("ups.mfr", "Ever");
    this.ctx.state.set("ups.model", EVER_TYPES[this.#type] ?? "Unknown");
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #ask(query: number, tries: number): Promise<number | null> {
    if (!(await this.#code(tries))) return null;
    await this.#byte(query);
    return await this.#get();
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    const fail = () => {
      this.ctx.log.info("Code failed");
      st.dataStale();
    };
    const line = await this.#ask(175, 2);
    if (line === null) return fail();
    const standby = (line & 1) !== 0;
    const battery = !standby && (line & 4) !== 0;
    const acc = await this.#ask(189, 1);
    if (acc === null) return fail();
    const acuV = Math.trunc(acc * 150 / 255);
    const lo = await this.#ask(245, 1);
    const hi = lo === null ? null : await this.#get();
    if (lo === null || hi === null) return fail();
    const div = this.#type > 72 && this.#type < 77 ? 352 : 372;
    const lineV = Math.trunc((lo * 100 + hi * 25600) / div);
    const status: string[] = [];
    if (battery && acuV < 105) status.push("LB");
    status.push(battery ? "OB" : "OL");
    st.setStatus(status);
    st.set("input.voltage", cprintf("%03d", lineV));
    st.set("battery.voltage", cprintf("%03.2f", acuV / 10.0));
    let pct = (acuV - 95.0) * 100.0;
    pct /= standby ? 135.5 - 95.0 : 124.5 - 95.0;
    st.set(
      "battery.charge",
      cprintf("%03.1f", Math.min(100, Math.max(0, pct))),
    );
    st.dataOk();
  }

  /** upsdrv_shutdown: code, 28 1, code, 13 8. */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      if (!(await this.#code(2))) {
        this.ctx.log.info("Code failed");
        return "handled" as const; // NUT exits 0 all the same
      }
      await this.#byte(28);
      await this.#byte(1); // 1.28 s
      if (!(await this.#code(1))) {
        this.ctx.log.info("Code failed");
        return "handled" as const; // NUT exits 0 all the same
      }
      await this.#byte(13);
      await this.#byte(8);
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
