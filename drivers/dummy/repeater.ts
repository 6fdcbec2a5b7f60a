/**
 * dummy-ups repeater mode (`port = ups@host[:port]`): each poll runs
 * `LIST VAR <ups>` on the other upsd and feeds every non-`driver.*`
 * variable through setvar. As NUT 2.8.0, a lost connection is retried on
 * the next poll and the data is not marked stale; commands and RW vars are
 * not relayed.
 *
 * @module
 */
import { NutClient } from "../../src/client/mod.ts";
import { parseUpsName } from "../../src/client/name.ts";
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { dummySetvar } from "./setvar.ts";

/** Per-reply deadline towards the repeated upsd. */
const TIMEOUT_MS = 5000;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The repeater instance. */
export class Repeater implements DriverInstance {
  #ctx: DriverContext;
  #ups: string;
  #host: string;
  #port: number;
  #client: NutClient | undefined;

  constructor(ctx: DriverContext, target: string) {
    this.#ctx = ctx;
    let name;
    try {
      name = parseUpsName(target);
    } catch {
      name = { ups: "", host: "", port: 0 };
    }
    this.#ups = name.ups;
    this.#host = name.host;
    this.#port = name.port;
  }

  async init(): Promise<void> {
    if (!this.#ups || !this.#host) {
      throw new Error(
        "Error: invalid UPS definition.\nRequired format: upsname[@hostname[:port]]",
      );
    }
    try {
      this.#client = await this.#connect();
      this.#ctx.log.debug(1, `Connected to ${this.#ups}@${this.#host}`);
      await this.#pull(this.#client);
    } catch (e) {
      await this.#drop();
      throw new Error(`Error: ${message(e)}`);
    }
    this.#ctx.state.addCmd("load.off");
  }

  #connect(): Promise<NutClient> {
    return NutClient.connect({
      host: this.#host,
      port: this.#port,
      timeoutMs: TIMEOUT_MS,
    });
  }

  async #pull(client: NutClient): Promise<void> {
    const vars = await client.listVars(this.#ups);
    for (const [name, value] of vars) {
      if (!name.startsWith("driver.")) {
        dummySetvar(this.#ctx.state, name, value);
      }
    }
  }

  async #drop(): Promise<void> {
    const c = this.#client;
    this.#client = undefined;
    await c?.close().catch(() => {});
  }

  async update(): Promise<void> {
    try {
      this.#client ??= await this.#connect();
      await this.#pull(this.#client);
    } catch (e) {
      this.#ctx.log.debug(1, `Error: ${message(e)}`);
      await this.#drop();
      // NUT keeps serving the old values without marking them stale
    }
  }

  shutdown(): Promise<CommandResult> {
    return Promise.reject(new Error("shutdown not supported"));
  }

  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    this.#ctx.log.notice(
      `instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`,
    );
    return Promise.resolve("unknown");
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return Promise.resolve(dummySetvar(this.#ctx.state, name, value));
  }

  close(): Promise<void> {
    return this.#drop();
  }
}
