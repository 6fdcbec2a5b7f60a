/**
 * usbhid-ups: UPSes speaking the USB HID Power Device Class (APC, CyberPower,
 * Eaton/MGE, Tripp Lite, Liebert/Phoenixtec, Belkin, Powercom, Delta, Ever,
 * iDowell, Legrand, OpenUPS, Salicru, Arduino, Powervar; `explore` for
 * others). One subdriver table per vendor lives in drivers/usbhid/.
 *
 * Devices are matched with `vendorid`, `productid`, `vendor`, `product`,
 * `serial`, `bus`, `device`, `busport` (regular expressions), a subdriver
 * can be forced with `subdriver`. `pollfreq` (30 s) sets full refreshes;
 * `pollonly` / `interruptonly` choose between GET_REPORT polling and the
 * interrupt pipe; `offdelay` / `ondelay` feed shutdown.return and `-k`.
 *
 * Without hardware, `-x replay=FILE` serves a recorded device (JSON, see
 * src/hid/replay.ts; examples in tests/fixtures/hid/) through the same code.
 *
 * @module
 */
import { runMain } from "../cli/_io.ts";
import { driverMain } from "../src/driver/mod.ts";
import { usbhidUps } from "./usbhid/definition.ts";

export { usbhidUps };

if (import.meta.main) runMain((args, io) => driverMain(usbhidUps, args, io));
