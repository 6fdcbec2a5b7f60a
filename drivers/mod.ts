/**
 * The static driver registry: NUT driver name → definition. Static imports
 * only, so that `deno compile` embeds every driver; upsdrvctl and
 * nut-scanner look drivers up here.
 *
 * @module
 */
import type { DriverDefinition } from "../src/driver/types.ts";
import { def as apcsmart } from "./apcsmart.ts";
import { def as blazerSer } from "./blazer_ser.ts";
import { def as genericups } from "./genericups.ts";
import { dummyUps } from "./dummy_ups.ts";
import { def as nutdrvQx } from "./nutdrv_qx.ts";
import { snmpUps } from "./snmp_ups.ts";
import { usbhidUps } from "./usbhid_ups.ts";

/** Every driver this project ships, by NUT binary name. */
export const DRIVERS: Readonly<Record<string, DriverDefinition>> = {
  "apcsmart": apcsmart,
  "blazer_ser": blazerSer,
  "dummy-ups": dummyUps,
  "genericups": genericups,
  "nutdrv_qx": nutdrvQx,
  "snmp-ups": snmpUps,
  "usbhid-ups": usbhidUps,
};

/** The definition of a driver by its NUT name, or undefined. */
export function findDriver(name: string): DriverDefinition | undefined {
  return Object.hasOwn(DRIVERS, name) ? DRIVERS[name] : undefined;
}
