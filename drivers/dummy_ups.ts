/**
 * dummy-ups: replays .dev/.seq definition files or repeats another upsd's
 * UPS (NUT 2.8.0 drivers/dummy-ups.c), so the whole stack runs without
 * hardware. Differences from NUT: a file edit is applied as soon as the
 * file changes (watchFs, with an mtime+size poll as fallback) instead of
 * once per 1+pollinterval s, TIMER waits end on time instead of at the next
 * poll, and SET is answered at once.
 *
 * @module
 */
import { runMain } from "../cli/_io.ts";
import { DEFAULT_PATHS } from "../src/config/paths.ts";
import {
  type CommandResult,
  defineDriver,
  type DriverContext,
  DriverFatalError,
  type DriverInstance,
  driverMain,
} from "../src/driver/mod.ts";
import { readConfigText } from "../src/config/load.ts";
import { NUT_DATA } from "./dummy/nut_data.ts";
import { dummySetvar } from "./dummy/setvar.ts";
import {
  chooseMode,
  dummyFilePath,
  type DummyMode,
  type DummyStep,
  parseDummyText,
} from "./dummy/parse.ts";
import { Repeater } from "./dummy/repeater.ts";
import { watchFile } from "./dummy/watch.ts";

/** NUT's DRIVER_VERSION of dummy-ups 2.8.0. */
export const DUMMY_VERSION = "0.15";

interface FileStamp {
  mtime: number;
  size: number;
}

function stampOf(path: string): FileStamp | undefined {
  try {
    const st = Deno.statSync(path);
    return { mtime: st.mtime?.getTime() ?? 0, size: st.size };
  } catch {
    return undefined;
  }
}

/** The file modes: steps run until a TIMER; loop restarts at EOF. */
class DummyFile implements DriverInstance {
  #ctx: DriverContext;
  #path: string;
  #loop: boolean;
  #steps: DummyStep[] = [];
  #pos = 0;
  /** A pass is under way (paused on a TIMER or not yet at EOF). */
  #inPass = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stamp: FileStamp | undefined;
  #text: string | undefined;
  #reloadWanted = false;
  #unwatch: (() => void) | undefined;
  #busy: Promise<void> = Promise.resolve();

  constructor(ctx: DriverContext, path: string, loop: boolean) {
    this.#ctx = ctx;
    this.#path = path;
    this.#loop = loop;
  }

  async init(): Promise<void> {
    const s = this.#ctx.state;
    for (const row of NUT_DATA) {
      if (row.initial === undefined) continue;
      if (row.name === "ups.status") s.setStatus([row.initial]);
      else s.set(row.name, row.initial);
      s.setFlags(row.name, ["RW", "STRING"]);
      s.setAux(row.name, row.len);
    }
    try {
      await this.#startPass();
    } catch (e) {
      throw this.#cantOpen(e);
    }
    this.#unwatch = watchFile(this.#path, () => this.#changed());
    // advertised as NUT does, although instcmd() knows no command
    s.addCmd("load.off");
  }

  /**
   * NUT's fatalx when the file cannot be (re)opened: the driver exits, so
   * upsd reports "Driver not connected" instead of serving frozen values
   * that would never go stale (a UPS frozen on battery would never reach
   * upsmon's DEADTIME).
   */
  #cantOpen(e: unknown): DriverFatalError {
    // strerror() wording: Deno appends " (os error N): syscall 'path'"
    const why = e instanceof Error
      ? e.message.replace(/ \(os error \d+\).*$/s, "")
      : String(e);
    return new DriverFatalError(
      `Can't open dummy-ups definition file ${this.#path}: Can't open ${this.#path}: ${why}`,
    );
  }

  /** Reads the file and runs a pass from its first line. */
  async #startPass(): Promise<void> {
    const stamp = stampOf(this.#path);
    const text = await readConfigText(this.#path);
    this.#stamp = stamp;
    this.#text = text;
    this.#steps = parseDummyText(text);
    this.#pos = 0;
    this.#inPass = true;
    this.#run();
  }

  /** Runs steps up to a TIMER (scheduling the rest) or to EOF. */
  #run(): void {
    const s = this.#ctx.state;
    while (this.#pos < this.#steps.length) {
      const step = this.#steps[this.#pos++]!;
      if (step.kind === "timer") {
        this.#ctx.log.debug(
          1,
          `suspending execution for ${step.seconds} seconds...`,
        );
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#run();
        }, Math.max(0, step.seconds) * 1000);
        s.dataOk();
        return;
      }
      if (step.kind === "status") s.setStatus(step.tokens);
      else dummySetvar(s, step.name, step.value);
    }
    this.#inPass = false;
    s.dataOk();
    if (this.#reloadWanted) {
      this.#reloadWanted = false;
      this.#changed();
    }
  }

  /** The file may have changed: re-read it (once mode) when it did. */
  #changed(): void {
    this.#busy = this.#busy.then(async () => {
      if (this.#ctx.signal.aborted) return;
      if (this.#inPass) {
        this.#reloadWanted = !this.#loop;
        return;
      }
      if (this.#loop) return;
      let text: string;
      try {
        text = await readConfigText(this.#path);
      } catch {
        return; // gone for now; retried on the next change or poll
      }
      if (text === this.#text) {
        this.#stamp = stampOf(this.#path);
        return;
      }
      this.#ctx.log.debug(2, "input file changed - re-reading");
      await this.#startPass().catch(() => {});
    });
  }

  async update(): Promise<void> {
    if (this.#loop) {
      // each pass re-opens the file, as NUT's does: fatal when it cannot
      if (!this.#inPass) {
        const pass = this.#busy.then(() => this.#startPass());
        this.#busy = pass.catch(() => {});
        await pass.catch((e) => {
          throw this.#cantOpen(e);
        });
      }
      return await this.#busy;
    }
    // The poll decides about a missing or unreadable file (a change event
    // may come in the middle of an editor's save, when the file is briefly
    // absent); it is also the fallback for file systems without events.
    const now = stampOf(this.#path);
    if (
      !now || now.mtime !== this.#stamp?.mtime || now.size !== this.#stamp.size
    ) {
      await readConfigText(this.#path).catch((e) => {
        throw this.#cantOpen(e);
      });
      this.#changed();
    }
    return await this.#busy;
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
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#unwatch?.();
    return this.#busy;
  }
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

/** The dummy-ups driver definition. */
export const dummyUps = defineDriver({
  name: "dummy-ups",
  description: "Device simulation and repeater driver",
  version: DUMMY_VERSION,
  vars: [{
    name: "mode",
    kind: "value",
    desc:
      "Specify mode instead of guessing it from port value (dummy = dummy-loop, dummy-once, repeater)",
  }],
  create(ctx: DriverContext): DriverInstance {
    const port = ctx.config.port;
    const mode: DummyMode = chooseMode(port, ctx.config.values.get("mode"));
    ctx.state.set("driver.parameter.mode", mode);
    if (mode === "repeater") return new Repeater(ctx, port);
    const confPath = ctx.paths?.confPath ?? DEFAULT_PATHS.confPath;
    return new DummyFile(
      ctx,
      absolute(dummyFilePath(port, confPath)),
      mode !== "dummy-once",
    );
  },
});

if (import.meta.main) runMain((args, io) => driverMain(dummyUps, args, io));
