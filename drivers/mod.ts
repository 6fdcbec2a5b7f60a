/**
 * The static driver registry: NUT driver name → definition. Static imports
 * only, so that `deno compile` embeds every driver; upsdrvctl and
 * nut-scanner look drivers up here.
 *
 * @module
 */
import type { DriverDefinition } from "../src/driver/types.ts";
import { dummyUps } from "./dummy_ups.ts";

/** Every driver this project ships, by NUT binary name. */
export const DRIVERS: Readonly<Record<string, DriverDefinition>> = {
  "dummy-ups": dummyUps,
};

/** The definition of a driver by its NUT name, or undefined. */
export function findDriver(name: string): DriverDefinition | undefined {
  return Object.hasOwn(DRIVERS, name) ? DRIVERS[name] : undefined;
}
