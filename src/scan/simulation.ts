/**
 * NUT simulation scan (master's scan_nut_simulation.c, `-n`): every regular
 * `*.dev` / `*.seq` file of the configuration directory becomes a dummy-ups
 * device with the file name as its port. We read NUT_CONFPATH (master reads
 * only the compiled-in path); the order is master's (names sorted, then
 * listed from last to first).
 *
 * @module
 */
import type { ScanDevice } from "./device.ts";

/** True for the file names master accepts (`x.dev`, not `.dev`). */
export function isSimulationFile(name: string): boolean {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return false;
  const ext = name.slice(dot);
  return ext === ".dev" || ext === ".seq";
}

/** Devices for a list of regular file names (pure: ordering and filtering). */
export function simulationDevices(fileNames: readonly string[]): ScanDevice[] {
  return fileNames.filter(isSimulationFile)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .reverse()
    .map((name) => ({
      bus: "simulation",
      driver: "dummy-ups",
      port: name,
      options: [],
    }));
}

/** Scans `confPath`; throws (NUT: fatal) when the directory cannot be read. */
export async function scanSimulation(confPath: string): Promise<ScanDevice[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(confPath)) {
    if (e.isFile) names.push(e.name);
  }
  return simulationDevices(names);
}
