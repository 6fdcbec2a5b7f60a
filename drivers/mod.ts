/**
 * The static driver registry: NUT driver name → definition. Static imports
 * only, so that `deno compile` embeds every driver; upsdrvctl and
 * nut-scanner look drivers up here.
 *
 * @module
 */
import type { DriverDefinition } from "../src/driver/types.ts";
import { def as apcmicrolink } from "./apcmicrolink.ts";
import { def as apcsmart } from "./apcsmart.ts";
import { def as apcupsdUps } from "./apcupsd_ups.ts";
import { def as bcmxcp } from "./bcmxcp.ts";
import { def as bcmxcpUsb } from "./bcmxcp_usb.ts";
import { def as blazerSer } from "./blazer_ser.ts";
import { def as blazerUsb } from "./blazer_usb.ts";
import { def as clone } from "./clone.ts";
import { def as cloneOutlet } from "./clone_outlet.ts";
import { def as genericups } from "./genericups.ts";
import { def as mgeShut } from "./mge_shut.ts";
import { dummyUps } from "./dummy_ups.ts";
import { def as nutdrvQx } from "./nutdrv_qx.ts";
import { def as nutdrvAtclUsb } from "./nutdrv_atcl_usb.ts";
import { def as oneac } from "./oneac.ts";
import { def as powercom } from "./powercom.ts";
import { def as rielloSer } from "./riello_ser.ts";
import { def as rielloUsb } from "./riello_usb.ts";
import { def as richcommUsb } from "./richcomm_usb.ts";
import { def as tripplite } from "./tripplite.ts";
import { def as tripliteUsb } from "./tripplite_usb.ts";
import { def as victronups } from "./victronups.ts";
import { snmpUps } from "./snmp_ups.ts";
import { usbhidUps } from "./usbhid_ups.ts";

/** Every driver this project ships, by NUT binary name. */
export const DRIVERS: Readonly<Record<string, DriverDefinition>> = {
  "apcmicrolink": apcmicrolink,
  "apcsmart": apcsmart,
  "apcupsd-ups": apcupsdUps,
  "bcmxcp": bcmxcp,
  "bcmxcp_usb": bcmxcpUsb,
  "blazer_ser": blazerSer,
  "blazer_usb": blazerUsb,
  "clone": clone,
  "clone-outlet": cloneOutlet,
  "dummy-ups": dummyUps,
  "genericups": genericups,
  "mge-shut": mgeShut,
  "nutdrv_qx": nutdrvQx,
  "nutdrv_atcl_usb": nutdrvAtclUsb,
  "oneac": oneac,
  "powercom": powercom,
  "riello_ser": rielloSer,
  "riello_usb": rielloUsb,
  "richcomm_usb": richcommUsb,
  "tripplite": tripplite,
  "tripplite_usb": tripliteUsb,
  "snmp-ups": snmpUps,
  "victronups": victronups,
  "usbhid-ups": usbhidUps,
};

/** The definition of a driver by its NUT name, or undefined. */
export function findDriver(name: string): DriverDefinition | undefined {
  return Object.hasOwn(DRIVERS, name) ? DRIVERS[name] : undefined;
}
