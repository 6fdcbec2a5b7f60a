/**
 * The driver contract (what NUT's skel.c documents): a driver is a
 * definition with its accepted ups.conf variables and a factory; the
 * framework (`src/driver/run.ts`) owns arguments, ups.conf, the socket, the
 * poll loop, staleness, PID files and signals. Drivers only see this file.
 *
 * @module
 */
import type { NutPaths } from "../config/paths.ts";
import type { Logger } from "../log.ts";
import type { CommandResult } from "../protocol/sock.ts";
import type { StateTree } from "../state/tree.ts";

export type { CommandResult };

/** A ups.conf / -x variable a driver accepts (NUT's addvar). */
export interface DriverVar {
  name: string;
  /** "value" takes `name = value`; "flag" is a bare word. */
  kind: "value" | "flag";
  desc: string;
  /** Never published as driver.parameter.* nor logged (passwords, communities). */
  sensitive?: boolean;
  /**
   * A changed value is applied by `-c reload`/SIGHUP (NUT's
   * addvar_reloadable); otherwise the reload logs that a restart is needed.
   */
  reloadable?: boolean;
}

/** The section a driver runs with: ups.conf lines overlaid by -x. */
export interface DriverConfig {
  /** `[name]` of the section (or `-s name`). */
  readonly upsName: string;
  /** `port` value (required). */
  readonly port: string;
  /** Every `key = value` (case-sensitive keys, as NUT). */
  readonly values: ReadonlyMap<string, string>;
  /** Every bare flag. */
  readonly flags: ReadonlySet<string>;
}

/**
 * What NUT's drivers end with fatalx(): thrown from update(), it ends the
 * instance (its socket closes, so upsd reports "Driver not connected") and
 * a driver process exits with `exitCode` after logging the message.
 */
export class DriverFatalError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = "DriverFatalError";
    this.exitCode = exitCode;
  }
}

/** What a driver uses to publish data; the framework broadcasts every change. */
export interface DriverContext {
  readonly config: DriverConfig;
  readonly log: Logger;
  /** The driver's own state tree; writes are broadcast to connected upsd. */
  readonly state: DriverState;
  /** Aborted when the driver must stop. */
  readonly signal: AbortSignal;
  /** NUT_CONFPATH & co. as the process resolved them (set by the framework). */
  readonly paths?: NutPaths;
}

/** Writes to the published state (dstate_* in NUT). */
export interface DriverState {
  readonly tree: StateTree;
  /** dstate_setinfo: create or update a variable (ignored for override.* ones). */
  set(name: string, value: string | number): void;
  /** dstate_delinfo. */
  del(name: string): void;
  /** Replace flags, e.g. `setFlags("ups.id", ["RW", "STRING"])`. */
  setFlags(
    name: string,
    flags: ReadonlyArray<"RW" | "STRING" | "NUMBER">,
  ): void;
  setAux(name: string, aux: number): void;
  addEnum(name: string, value: string): void;
  addRange(name: string, min: number, max: number): void;
  /** dstate_delenum / dstate_delrange: one enum value or range goes. */
  delEnum(name: string, value: string): void;
  delRange(name: string, min: number, max: number): void;
  addCmd(cmd: string): void;
  delCmd(cmd: string): void;
  /** status_init/status_set/status_commit in one: the ups.status tokens. */
  setStatus(tokens: readonly string[]): void;
  /** ups.alarm (empty list clears it). */
  setAlarms(alarms: readonly string[]): void;
  /** dstate_dataok / dstate_datastale. */
  dataOk(): void;
  dataStale(): void;
}

/** One running instance of a driver (upsdrv_* hooks of skel.c). */
export interface DriverInstance {
  /** upsdrv_initups + upsdrv_initinfo: open the device, publish static data. Throw to fail start-up. */
  init(): Promise<void>;
  /**
   * upsdrv_initups alone: open the device (and, where NUT's driver does so
   * there, detect its protocol) without reading its data. `-k` runs this
   * instead of init() before shutdown(), as NUT's main.c does; drivers
   * without it get init(). Must be safe to call again from shutdown().
   */
  initups?(): Promise<void>;
  /** upsdrv_updateinfo: one poll. Call ctx.state.dataStale() when the device is lost. */
  update(): Promise<void>;
  /** upsdrv_shutdown (`-k`): power off the load after a delay. */
  shutdown(): Promise<CommandResult>;
  /** upsdrv_instcmd. */
  instcmd?(cmd: string, param?: string): Promise<CommandResult>;
  /** upsdrv_setvar. */
  setvar?(name: string, value: string): Promise<CommandResult>;
  /** upsdrv_cleanup. */
  close?(): Promise<void>;
  /**
   * Called after `-c reload`/SIGHUP with the section as it now applies:
   * changed `reloadable` variables carry their new values, others (and the
   * port) keep the values the driver started with.
   */
  reload?(config: DriverConfig): Promise<void>;
}

/** A driver program (one `drivers/<name>.ts`). */
export interface DriverDefinition {
  /** Binary name as NUT's (`dummy-ups`, `usbhid-ups`, `nutdrv_qx`). */
  readonly name: string;
  /** Human name shown in the banner (`Device simulation and repeater driver`). */
  readonly description: string;
  /** driver.version.internal (NUT's DRIVER_VERSION). */
  readonly version: string;
  /** Extra ups.conf variables accepted beyond the core ones. */
  readonly vars: readonly DriverVar[];
  /** Sub-driver lines printed under the banner (`APC command table version 2.2`). */
  readonly subdrivers?: readonly string[];
  /** NUT's DRV_EXPERIMENTAL: the banner adds NUT's warning. */
  readonly experimental?: boolean;
  /** upsdrv_help's text: `-h` prints it after the variables. */
  readonly help?: string;
  /** Seconds between update() calls unless `pollinterval` says otherwise. */
  readonly defaultPollInterval?: number;
  create(ctx: DriverContext): DriverInstance;
}

/** Identity helper that checks a driver definition's shape. */
export function defineDriver(def: DriverDefinition): DriverDefinition {
  return def;
}
