/**
 * The Richcomm dry-contact-to-USB protocol (NUT's richcomm_usb): a 4-byte
 * HID SET_REPORT (output report, 0x0200) asks, a 6-byte interrupt IN report
 * on 0x81 answers; byte 3 carries the contacts (bit 2: mains present, bit 1:
 * battery normal). Shutdown is "prepare" then "restart" a second later.
 *
 * @module
 */
import type { ControlSetup } from "../../src/transport/usb_link.ts";

/** The one device NUT's table lists (Sweex 1000VA). */
export const RICHCOMM_ID = { vendorId: 0x0925, productId: 0x1234 } as const;

/** SET_REPORT(output) on interface 0, as every request goes out. */
export const QUERY_SETUP: ControlSetup = {
  requestType: 0x21,
  request: 0x09,
  value: 0x200,
  index: 0,
};

/** Reply report length and endpoint. */
export const REPLY = { endpoint: 0x81, length: 6 } as const;

/** The status poll. */
export const QUERY = Uint8Array.of(0x01, 0x00, 0x00, 0x30);
/** The two shutdown requests, sent a second apart. */
export const SHUTDOWN_PREPARE = Uint8Array.of(0x02, 0x00, 0x00, 0x00);
export const SHUTDOWN_RESTART = Uint8Array.of(0x02, 0x01, 0x00, 0x00);

/** ups.status tokens of a reply (at least 4 bytes). */
export function statusTokens(reply: Uint8Array): string[] {
  const contacts = reply[3] ?? 0;
  const out = [contacts & 4 ? "OL" : "OB"];
  if (!(contacts & 2)) out.push("LB");
  return out;
}
