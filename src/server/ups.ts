/**
 * What upsd knows about one UPS from ups.conf and its driver: the state
 * tree, connection and staleness, the FSD latch and logins. Pure data; the
 * driver link fills it and sessions read it.
 *
 * Every change a client could see (tree, FSD, connected, stale) bumps
 * `version`, so encoded replies can be cached against it (reply_cache.ts).
 *
 * @module
 */
import { StateTree } from "../state/tree.ts";
import { NUT_ERROR } from "../protocol/errors.ts";
import type { UpsChange } from "./events.ts";

/** What a tree needs of its owner: the version and the change hook. */
interface TreeOwner {
  version: number;
  onChange: ((c: UpsChange) => void) | undefined;
}

/**
 * A state tree that counts its changes into its owner's version and reports
 * value changes (not flags, enums or ranges) to the owner's hook.
 */
class VersionedTree extends StateTree {
  readonly #owner: TreeOwner;

  constructor(owner: TreeOwner) {
    super();
    this.#owner = owner;
  }

  override setInfo(name: string, value: string, force = false): boolean {
    this.#owner.version++;
    const changed = super.setInfo(name, value, force);
    if (changed) this.#owner.onChange?.({ kind: "set", name, value });
    return changed;
  }
  override delInfo(name: string): boolean {
    this.#owner.version++;
    const deleted = super.delInfo(name);
    if (deleted) this.#owner.onChange?.({ kind: "del", name });
    return deleted;
  }
  override setFlags(name: string, flags: number): boolean {
    this.#owner.version++;
    return super.setFlags(name, flags);
  }
  override setAux(name: string, aux: number): boolean {
    this.#owner.version++;
    return super.setAux(name, aux);
  }
  override addEnum(name: string, value: string): boolean {
    this.#owner.version++;
    return super.addEnum(name, value);
  }
  override delEnum(name: string, value: string): boolean {
    this.#owner.version++;
    return super.delEnum(name, value);
  }
  override addRange(name: string, min: number, max: number): boolean {
    this.#owner.version++;
    return super.addRange(name, min, max);
  }
  override delRange(name: string, min: number, max: number): boolean {
    this.#owner.version++;
    return super.delRange(name, min, max);
  }
  override addCmd(cmd: string): boolean {
    this.#owner.version++;
    const added = super.addCmd(cmd);
    if (added) {
      this.#owner.onChange?.({ kind: "cmd", name: cmd, present: true });
    }
    return added;
  }
  override delCmd(cmd: string): boolean {
    this.#owner.version++;
    const deleted = super.delCmd(cmd);
    if (deleted) {
      this.#owner.onChange?.({ kind: "cmd", name: cmd, present: false });
    }
    return deleted;
  }
  override clear(): void {
    this.#owner.version++;
    const had = this.size > 0;
    super.clear();
    if (had) this.#owner.onChange?.({ kind: "clear" });
  }
}

/** One UPS as sessions see it. */
export class UpsState {
  readonly name: string;
  driver: string;
  port: string;
  desc: string | undefined;
  /** Bumped on every change visible to clients (tree, FSD, availability). */
  version = 0;
  readonly tree: StateTree = new VersionedTree(this);
  numLogins = 0;
  /** Set by the event hub (events.ts) to hear every visible change. */
  onChange: ((c: UpsChange) => void) | undefined;
  #fsd = false;
  #connected = false;
  #stale = true;
  /** Writes one line to the driver; false if it could not be sent. */
  send: (line: string) => boolean = () => false;

  constructor(name: string, driver: string, port: string, desc?: string) {
    this.name = name;
    this.driver = driver;
    this.port = port;
    this.desc = desc;
  }

  /** FSD latch: cleared only by restart or removal from ups.conf. */
  get fsd(): boolean {
    return this.#fsd;
  }
  set fsd(on: boolean) {
    this.version++;
    this.#fsd = on;
    this.onChange?.({ kind: "fsd" });
  }

  /** True while the driver socket is connected. */
  get connected(): boolean {
    return this.#connected;
  }
  set connected(on: boolean) {
    this.version++;
    this.#connected = on;
    this.onChange?.({ kind: "availability" });
  }

  /** NUT starts every UPS stale until the driver proves otherwise. */
  get stale(): boolean {
    return this.#stale;
  }
  set stale(on: boolean) {
    this.version++;
    this.#stale = on;
    this.onChange?.({ kind: "availability" });
  }

  /** NUT's ups_available(): undefined, or the ERR code that blocks access. */
  unavailable(): string | undefined {
    if (!this.#connected) return NUT_ERROR.DriverNotConnected;
    if (this.#stale) return NUT_ERROR.DataStale;
    return undefined;
  }
}
