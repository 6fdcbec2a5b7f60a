/**
 * bestups: NUT 2.8.0's `bestups` 1.07, Best Power Fortress / Patriot Pro /
 * Axxium and Sola units speaking the Phoenix protocol at 2400 bps. Every
 * command is paced (one byte, 50 ms); answers end with CR. `Q1` gives the
 * 46-character status `(iii.i iii.i ooo.o LLL ff.f bb.b tt.t bbbbbbbb`,
 * `ID` the identity `FOR,750,120,120,20.0,27.6` (model, VA, input and
 * output volts, battery empty and full volts). The battery charge is a
 * guess from the battery voltage between those two. `-k` asks Q1 whether
 * the line is up, then sends `S01R0001`.
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
import { atof, atoi, cprintf } from "./cfmt.ts";
import { BestLink, type BestPortOpener } from "./link.ts";

/** ups.conf variables of bestups (upsdrv_makevartable). */
export const BESTUPS_VARS: readonly DriverVar[] = [
  {
    name: "nombattvolt",
    kind: "value",
    desc: "Override nominal battery voltage",
  },
  { name: "battvoltmult", kind: "value", desc: "Battery voltage multiplier" },
  { name: "ID", kind: "value", desc: "Force UPS ID response string" },
];

/** Model codes of the ID answer: [manufacturer, model prefix, bypass bit inverted]. */
export const BESTUPS_MODELS: Readonly<
  Record<string, readonly [string, string, boolean]>
> = Object.freeze({
  FOR: ["Best Power", "Fortress", false],
  FTC: ["Best Power", "Fortress Telecom", false],
  PRO: ["Best Power", "Patriot Pro", true],
  PR2: ["Best Power", "Patriot Pro II", true],
  "325": ["Sola Australia", "Sola 325", false],
  "520": ["Sola Australia", "Sola 520", false],
  "610": ["Best Power", "610", false],
  "620": ["Sola Australia", "Sola 620", false],
  AX1: ["Best Power", "Axxium Rackmount", false],
});

const NOMINAL_BATTERY = [2, 6, 12, 24, 36, 48, 72, 96];
const PACE_MS = 50, WAIT_MS = 3000, TRIES = 5;
const f32 = Math.fround;

/** strtok(s, sep): the non-empty tokens. */
export function strtok(s: string, sep: string): string[] {
  return s.split(new RegExp(`[${sep}]`)).filter((t) => t !== "");
}

/** A Q1 answer the poll accepts: 46 characters starting with `(`. */
export function q1Fields(line: string): string[] | null {
  if (line.length !== 46 || line[0] !== "(") return null;
  // sscanf "%*c%s %*s %s %s %s %s %s %s"
  const w = line.slice(1).trim().split(/\s+/);
  return [w[0], w[2], w[3], w[4], w[5], w[6], w[7]].map((x) => x ?? "");
}

/** A bestups instance. */
export class BestupsDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: BestLink;
  #low = 0;
  #high = 0;
  #mult = 1;
  #inverted = false;
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

  #cmd(text: string): Promise<void> {
    return this.link.sendPace(text, PACE_MS);
  }

  /** upsdrv_initups: the deprecation notice, then 2400 bps. */
  async initups(): Promise<void> {
    if (this.link.port) return;
    this.ctx.log.info(
      "Please note that this driver is deprecated and will not receive\n" +
        "new development. If it works for managing your devices - fine,\n" +
        "but if you are running it to try setting up a new device, please\n" +
        "consider the newer nutdrv_qx instead, which should handle all 'Qx'\n" +
        "protocol variants for NUT. (Please also report if your device works\n" +
        "with this driver, but nutdrv_qx would not actually support it with\n" +
        "any subdriver!)\n",
    );
    await this.link.open(this.ctx.config.port, { speed: 2400 });
  }

  async #sync(): Promise<void> {
    for (let i = 0; i < TRIES; i++) {
      await this.#cmd("\rQ1\r");
      const l = await this.link.getLine("\r", "", WAIT_MS);
      if (l && l[0] === "(") return;
      await this.link.sleep(250);
    }
    throw new DriverFatalError(
      "Unable to detect a Best/SOLA or Phoenix protocol UPS",
    );
  }

  async #ident(): Promise<string | null> {
    const forced = this.ctx.config.values.get("ID");
    if (forced !== undefined) return forced;
    for (let i = 0; i < TRIES; i++) {
      await this.#cmd("\rID\r");
      const l = await this.link.getLine("\r", "", WAIT_MS);
      // the comment in NUT says "must start with (": the test is the reverse
      if (l && l[0] !== "(" && l.length >= 25 && l.length <= 27) return l;
      await this.link.sleep(1000);
    }
    this.ctx.log.info(`Giving up on hardware detection after ${TRIES} tries`);
    return null;
  }

  /** upsdrv_initups + upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state, vals = this.ctx.config.values;
    await this.#sync();
    const id = await this.#ident();
    if (id === null) {
      throw new DriverFatalError(
        "Unable to detect a Best/SOLA or Phoenix protocol UPS",
      );
    }
    const tok = strtok(id, ",");
    const [model, rating] = tok;
    if (tok[2] !== undefined) st.set("input.voltage.nominal", atoi(tok[2]));
    if (tok[3] !== undefined) st.set("output.voltage.nominal", atoi(tok[3]));
    if (tok[4] !== undefined) this.#low = f32(atof(tok[4]));
    if (tok[5] !== undefined) this.#high = f32(atof(tok[5]));
    if (model === undefined || rating === undefined) {
      throw new DriverFatalError("Didn't get a valid ident string");
    }
    const known = BESTUPS_MODELS[model];
    if (known) {
      st.set("ups.mfr", known[0]);
      st.set("ups.model", `${known[1]} ${rating}`);
      this.#inverted = known[2];
    } else {
      st.set("ups.mfr", "Unknown");
      st.set("ups.model", `Unknown ${model} (${rating})`);
      this.ctx.log.info(
        `Unknown model detected - please report this ID: '${model}'`,
      );
    }
    const mult = vals.get("battvoltmult");
    if (mult !== undefined) this.#mult = atoi(mult);
    const nominal = NOMINAL_BATTERY.find((n) =>
      this.#low < n && this.#high > n
    );
    if (nominal !== undefined) {
      st.set("battery.voltage.nominal", this.#mult * nominal);
    }
    const nom = vals.get("nombattvolt");
    if (nom !== undefined) this.#high = f32(atof(nom));
    this.ctx.log.info(
      `Detected ${st.tree.get("ups.mfr")} ${
        st.tree.get("ups.model")
      } on ${this.ctx.config.port}`,
    );
    await this.#cmd("C\r"); // cancel a shutdown that may be running
    st.addCmd("test.battery.start");
    st.addCmd("test.battery.stop");
  }

  /** upsdrv_updateinfo. */
  update(): Promise<void> {
    return this.#exclusive(() => this.#update());
  }

  async #update(): Promise<void> {
    const st = this.ctx.state;
    await this.#cmd("\rQ1\r");
    await this.link.sleep(200); // "these things need a long time"
    const l = await this.link.getLine("\r", "", WAIT_MS);
    let why = "";
    if (!l) why = "Poll failed: timeout";
    else if (l.length < 46) {
      why = `Poll failed: short read (got ${l.length} bytes)`;
    } else if (l.length > 46) {
      why = `Poll failed: response too long (got ${l.length} bytes)`;
    } else if (l[0] !== "(") {
      why = `Poll failed: invalid start character (got ${
        l.charCodeAt(0).toString(16).padStart(2, "0")
      })`;
    }
    const q = l && !why ? q1Fields(l) : null;
    if (!q) {
      this.link.commFail(why);
      st.dataStale();
      return;
    }
    this.link.commGood();
    const [vin, vout, load, freq, batt, temp, pstat] = q as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    let pct = f32(100 * (atof(batt) - this.#low) / (this.#high - this.#low));
    if (pct > 100) pct = 100;
    st.set("battery.voltage", cprintf("%.1f", this.#mult * atof(batt)));
    st.set("input.voltage", vin);
    st.set("output.voltage", vout);
    st.set("ups.load", load);
    st.set("input.frequency", freq);
    if (temp[0] !== "X") st.set("ups.temperature", temp);
    st.set("battery.charge", cprintf("%02.1f", pct));
    const status: string[] = [];
    if (pstat[0] === "0") {
      status.push("OL");
      if (pstat[2] === (this.#inverted ? "0" : "1")) {
        if (atof(vin) < atof(vout)) status.push("BOOST");
        if (atof(vin) > atof(vout)) status.push("TRIM");
      }
    } else status.push("OB");
    if (pstat[1] === "1") status.push("LB");
    st.setStatus(status);
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(async () => {
      const name = cmd.toLowerCase();
      if (name === "test.battery.stop") await this.#cmd("CT\r");
      else if (name === "test.battery.start") await this.#cmd("T\r");
      else {
        this.ctx.log.notice(`instcmd: unknown command [${cmd}] [${param}]`);
        return "unknown";
      }
      return "handled";
    });
  }

  async #onLine(): Promise<boolean> {
    for (let i = 0; i < TRIES; i++) {
      await this.#cmd("\rQ1\r");
      const l = await this.link.getLine("\r", "", WAIT_MS);
      if (l && l[0] === "(" && l.length === 46) {
        return (l.trim().split(/\s+/)[7] ?? "")[0] === "0";
      }
      await this.link.sleep(1000);
    }
    this.ctx.log.error("Status read failed: assuming on battery");
    return false;
  }

  /** upsdrv_shutdown: S01R0001 (off in a minute, on again a minute later). */
  shutdown(): Promise<CommandResult> {
    return this.#exclusive(async () => {
      await this.initups();
      this.ctx.log.info("The UPS will shut down in approximately one minute.");
      this.ctx.log.info(
        (await this.#onLine())
          ? "The UPS will restart in about one minute."
          : "The UPS will restart when power returns.",
      );
      await this.#cmd("S01R0001\r");
      return "handled" as const;
    });
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
