/**
 * Real USB for usbhid-ups: the HID adapter (src/hid/usb_adapter.ts) on the
 * libusb bus (src/transport/usb_bus.ts, npm:usb@2). Loaded only by the real
 * USB path (needs --allow-ffi --allow-env --allow-read).
 *
 * @module
 */
import type { HidOpener } from "../hid/device.ts";
import { hidOpener } from "../hid/usb_adapter.ts";
import { LibUsbBus } from "./usb_bus.ts";

/** Opener over the machine's USB buses; `onDenied` gets the permission report. */
export function usbOpener(
  onDenied: (message: string) => void = () => {},
): HidOpener {
  return hidOpener(() => new LibUsbBus(), onDenied);
}
