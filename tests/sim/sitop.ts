/**
 * A Siemens SITOP UPS500 on a pty, from the protocol facts of NUT's
 * `nutdrv_siemens-sitop`: the unit is never asked; it sends four
 * five-character words by itself every 75 ms (BUFRD/ALARM battery alarm,
 * DC_OK/DC_LO input, `*****`/`*BAT*` inverter, BA>85/BA<85 charge).
 * Every byte the driver sends is recorded. Faults: "silent" sends
 * nothing, "garbled" sends noise, "short" sends only word fragments.
 *
 * @module
 */
import { openPty, type Pty } from "../../src/transport/pty.ts";
import { fromLatin1 } from "../../src/transport/mod.ts";

/** The unit's state. */
export interface SitopState {
  alarm: boolean;
  dcLow: boolean;
  onBattery: boolean;
  above85: boolean;
}

/** Faults. */
export type SitopFault = "none" | "silent" | "garbled" | "short";

/** The four words for `s`. */
export function sitopWords(s: SitopState): string {
  return (s.alarm ? "ALARM" : "BUFRD") + (s.dcLow ? "DC_LO" : "DC_OK") +
    (s.onBattery ? "*BAT*" : "*****") + (s.above85 ? "BA>85" : "BA<85");
}

/** The simulator. */
export class SitopSim {
  readonly pty: Pty;
  state: SitopState;
  fault: SitopFault = "none";
  /** Every byte received. */
  raw = "";
  #running = true;
  #talk: Promise<void>;
  #listen: Promise<void>;

  /** Starts speaking at once: give the first state here. */
  constructor(state: Partial<SitopState> = {}, readonly periodMs = 75) {
    this.state = {
      alarm: false,
      dcLow: false,
      onBattery: false,
      above85: true,
      ...state,
    };
    this.pty = openPty();
    this.#talk = this.#speak();
    this.#listen = this.#hear();
  }

  /** The port path a driver opens. */
  get path(): string {
    return this.pty.path;
  }

  #frame(): string {
    const w = sitopWords(this.state);
    switch (this.fault) {
      case "silent":
        return "";
      case "garbled":
        return "\x00\xff?Z#~%BUF*BA\x7f";
      case "short":
        return w.slice(0, 3);
      default:
        return w;
    }
  }

  async #speak(): Promise<void> {
    while (this.#running) {
      const f = this.#frame();
      // the pty queue is small: keep it from filling while no driver reads
      if (f) await this.pty.master.write(f).catch(() => {});
      await new Promise((r) => setTimeout(r, this.periodMs));
    }
  }

  async #hear(): Promise<void> {
    while (this.#running) {
      try {
        const got = await this.pty.master.read(100);
        this.raw += fromLatin1(got);
      } catch {
        if (!this.#running) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** Stops and closes the pty. */
  async close(): Promise<void> {
    this.#running = false;
    this.pty.close(); // a write blocked on a full queue fails now
    await Promise.all([this.#talk, this.#listen]);
  }
}
