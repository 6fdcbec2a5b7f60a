/**
 * The driver side of the state tree (drivers/dstate.c): every write goes to
 * the tree and, when it changed something, to the listeners as the socket
 * line upsd expects. Values are always sent escaped (NUT's live broadcasts
 * are not; upsd decodes both).
 *
 * @module
 */
import { FLAG, flagWords, StateTree } from "../state/tree.ts";
import { quoteWord } from "../words.ts";
import type { DriverState } from "./types.ts";

/** dstate values are kept in a 256-byte buffer (ST_MAX_VALUE_LEN). */
export const MAX_VALUE_LENGTH = 255;

/** Receives each socket line (newline-terminated) a change produces. */
export type BroadcastListener = (line: string) => void;

/** Options of a DriverStateImpl. */
export interface DriverStateOptions {
  /** `ignorelb`: drop LB from the device, derive it from charge/runtime. */
  ignoreLb?: boolean;
}

/** C strtol(s, NULL, 10) as status_commit uses it. */
function strtol(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? Number.parseInt(m[1]!, 10) : 0;
}

/** A DriverState that broadcasts every change; starts stale, as NUT. */
export class DriverStateImpl implements DriverState {
  readonly tree: StateTree = new StateTree();
  #listeners = new Set<BroadcastListener>();
  #stale = true;
  #status: string[] = [];
  #statusSet = false;
  #alarms: string[] = [];
  ignoreLb: boolean;

  constructor(options: DriverStateOptions = {}) {
    this.ignoreLb = options.ignoreLb ?? false;
  }

  /** True until dataOk() (and after dataStale()). */
  get stale(): boolean {
    return this.#stale;
  }

  /** Registers a listener; returns the function that removes it. */
  listen(listener: BroadcastListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #send(line: string): void {
    for (const l of this.#listeners) l(line);
  }

  /** dstate_setinfo; `force` also replaces an IMMUTABLE (override.*) value. */
  set(name: string, value: string | number, force = false): void {
    let text = String(value);
    if (text.length > MAX_VALUE_LENGTH) text = text.slice(0, MAX_VALUE_LENGTH);
    if (this.tree.setInfo(name, text, force)) {
      this.#send(`SETINFO ${name} ${quoteWord(text)}\n`);
    }
  }

  /** override.*: set the value and make it immune to driver writes. */
  setImmutable(name: string, value: string): void {
    this.set(name, value, true);
    const entry = this.tree.getVar(name);
    if (entry) entry.flags = FLAG.IMMUTABLE;
  }

  /** True if the variable exists and is IMMUTABLE. */
  isImmutable(name: string): boolean {
    const entry = this.tree.getVar(name);
    return entry !== undefined && (entry.flags & FLAG.IMMUTABLE) !== 0;
  }

  del(name: string): void {
    if (this.tree.delInfo(name)) this.#send(`DELINFO ${name}\n`);
  }

  setFlags(
    name: string,
    flags: ReadonlyArray<"RW" | "STRING" | "NUMBER">,
  ): void {
    // dstate_setflags refuses immutable variables ("base variable is immutable")
    if (this.isImmutable(name)) return;
    let bits = 0;
    for (const f of flags) bits |= FLAG[f];
    if (this.tree.setFlags(name, bits)) {
      this.#send(`SETFLAGS ${name} ${flagWords(bits).join(" ")}\n`.replace(
        / \n$/,
        "\n",
      ));
    }
  }

  setAux(name: string, aux: number): void {
    if (this.tree.setAux(name, aux)) this.#send(`SETAUX ${name} ${aux}\n`);
  }

  addEnum(name: string, value: string): void {
    if (this.tree.addEnum(name, value)) {
      this.#send(`ADDENUM ${name} ${quoteWord(value)}\n`);
    }
  }

  /** dstate_delenum. */
  delEnum(name: string, value: string): void {
    if (this.tree.delEnum(name, value)) {
      this.#send(`DELENUM ${name} ${quoteWord(value)}\n`);
    }
  }

  addRange(name: string, min: number, max: number): void {
    if (this.tree.addRange(name, min, max)) {
      this.#send(`ADDRANGE ${name} ${min} ${max}\n`);
    }
  }

  /** dstate_delrange. */
  delRange(name: string, min: number, max: number): void {
    if (this.tree.delRange(name, min, max)) {
      this.#send(`DELRANGE ${name} ${min} ${max}\n`);
    }
  }

  addCmd(cmd: string): void {
    if (this.tree.addCmd(cmd)) this.#send(`ADDCMD ${cmd}\n`);
  }

  delCmd(cmd: string): void {
    if (this.tree.delCmd(cmd)) this.#send(`DELCMD ${cmd}\n`);
  }

  setStatus(tokens: readonly string[]): void {
    this.#status = this.ignoreLb
      ? tokens.filter((t) => t.toUpperCase() !== "LB")
      : [...tokens];
    this.#statusSet = true;
    this.#commitStatus();
  }

  /** status_commit: ignorelb's own LB, the ALARM prefix, ups.status. */
  #commitStatus(): void {
    const words = [...this.#status];
    if (this.ignoreLb && this.#belowLow()) words.push("LB");
    // NUT prints "ALARM %s": with no other token the status is "ALARM ".
    const text = words.join(" ");
    this.set("ups.status", this.#alarms.length ? `ALARM ${text}` : text);
  }

  #belowLow(): boolean {
    for (
      const [v, low] of [["battery.charge", "battery.charge.low"], [
        "battery.runtime",
        "battery.runtime.low",
      ]] as const
    ) {
      const a = this.tree.get(v);
      const b = this.tree.get(low);
      if (a !== undefined && b !== undefined && strtol(a) < strtol(b)) {
        return true;
      }
    }
    return false;
  }

  setAlarms(alarms: readonly string[]): void {
    this.#alarms = [...alarms];
    // NUT's alarm_set appends with snprintfcat into 256 bytes: 254 characters at most
    if (this.#alarms.length) {
      this.set("ups.alarm", this.#alarms.join(" ").slice(0, 254));
    } else this.del("ups.alarm");
    if (this.#statusSet) this.#commitStatus();
  }

  dataOk(): void {
    if (!this.#stale) return;
    this.#stale = false;
    this.#send("DATAOK\n");
  }

  dataStale(): void {
    if (this.#stale) return;
    this.#stale = true;
    this.#send("DATASTALE\n");
  }
}
