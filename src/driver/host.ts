/**
 * Many driver instances in one process, for corpus-wide tests where one
 * process per UPS would not fit in memory. Each instance takes the same
 * path as a lone driver (ups.conf section → resolveConfig → startInstance
 * → socket server → poll loop); only the process around them is shared.
 * Arguments: the ups.conf section names. No PID files, no backgrounding.
 *
 * @module
 */
import { loadUpsConf } from "../config/load.ts";
import { driverSocketPath, nutPaths } from "../config/paths.ts";
import type { Io } from "../io.ts";
import { Logger } from "../log.ts";
import { resolveConfig } from "./config.ts";
import { type RunningInstance, startInstance } from "./instance.ts";
import type { DriverDefinition } from "./types.ts";

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Starts one instance per named section, prints `READY <started> <failed>`
 * on stdout, serves until io.signal aborts. Failures are reported on stderr
 * as `FAILED <ups>: <message>`.
 */
export async function driverHostMain(
  def: DriverDefinition,
  args: string[],
  io: Io,
): Promise<number> {
  const paths = nutPaths(io.env);
  const conf = await loadUpsConf(paths);
  const running: RunningInstance[] = [];
  let failed = 0;
  for (const name of args) {
    const log = new Logger((_l, m) => io.err(`[${name}] ${m}\n`), 0);
    try {
      const resolved = resolveConfig({
        def,
        upsName: name,
        upsConf: conf,
        steps: [{ kind: "section", name }],
      });
      const r = await startInstance({
        def,
        resolved,
        log,
        paths,
        socketPath: driverSocketPath(paths.statePath, def.name, name),
      });
      r.startLoop();
      running.push(r);
    } catch (e) {
      failed++;
      io.err(`FAILED ${name}: ${message(e)}\n`);
    }
  }
  io.out(`READY ${running.length} ${failed}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await Promise.all(running.map((r) => r.stop()));
  return 0;
}
