/**
 * The driver framework (what NUT's skel.c, main.c and dstate.c provide):
 * `driverMain(def, args, io)` runs a driver definition as a NUT driver
 * process. Drivers end with
 * `if (import.meta.main) runMain((args, io) => driverMain(def, args, io));`.
 *
 * @module
 */
export * from "./types.ts";
export { driverMain } from "./run.ts";
export { driverHostMain } from "./host.ts";
export { DriverStateImpl } from "./state.ts";
