/**
 * The device-model contract of the USB simulator. A model is one simulated
 * USB device: its descriptors and strings, and its answers to control,
 * interrupt and bulk transfers. The simulator server (server.ts) serves
 * models to NUT's drivers (through the libusb stand-in) and to ours
 * (src/transport/usb_sim.ts); it logs every transfer itself, so models only
 * answer.
 *
 * Most models extend {@link StandardModel}: it answers the standard requests
 * (GET_DESCRIPTOR device/config/string, GET_STATUS, SET_CONFIGURATION,
 * SET_INTERFACE, CLEAR_FEATURE) from the descriptors, and hands class and
 * vendor requests to {@link StandardModel.classRequest}.
 *
 * Errors: throw `UsbError` ("stall", "timeout", "io", "gone") from any
 * handler; the server turns it into the matching libusb error code. A
 * "timeout" is answered only after the caller's timeout (capped) passed.
 *
 * Use (see tests/interop/usb_qx_test.ts):
 *
 * ```ts
 * const srv = new UsbSimServer();            // server.ts
 * const dev = srv.add(new MyModel(), { ports: [1, 2] });
 * // NUT's binary: the stand-in library and the socket in its environment
 * await runNutDriver("tripplite_usb", conf, ["-d", "1"], 30_000,
 *   srv.env(await standinDir()));            // build.ts, ../harness.ts
 * // ours: USBSIM_SOCKET alone selects the simulator backend (usb_sim.ts)
 * srv.unplug(dev); srv.plug(dev); dev.log;   // replug, per-device traffic
 * await srv.close();
 * ```
 *
 * @module
 */
import {
  type ControlSetup,
  UsbError,
} from "../../../src/transport/usb_link.ts";

export { type ControlSetup, UsbError };

/** One endpoint of an interface. */
export interface EndpointSpec {
  /** Endpoint address, 0x80 bit set for IN (0x81 = interrupt IN 1). */
  readonly address: number;
  readonly type: "interrupt" | "bulk";
  /** wMaxPacketSize (default 8). */
  readonly maxPacketSize?: number;
  /** bInterval in ms (default 10). */
  readonly interval?: number;
}

/** One interface (alternate setting) of the single configuration. */
export interface InterfaceSpec {
  /** bInterfaceNumber (default: position in the list). */
  readonly number?: number;
  /** bAlternateSetting (default 0). */
  readonly alt?: number;
  /** bInterfaceClass: 3 = HID, 0xff = vendor specific, 0x0a = CDC data. */
  readonly class: number;
  readonly subclass?: number;
  readonly protocol?: number;
  readonly endpoints: readonly EndpointSpec[];
  /**
   * Class-specific descriptors that follow the interface descriptor (for HID:
   * the 9-byte HID descriptor, see {@link hidDescriptor}); libusb exposes them
   * as `extra`.
   */
  readonly extra?: Uint8Array;
}

/** The device descriptor fields a model chooses. */
export interface DeviceSpec {
  readonly vendorId: number;
  readonly productId: number;
  /** bcdDevice (default 0x0100); some NUT matchers use it. */
  readonly bcdDevice?: number;
  /** bcdUSB (default 0x0110). */
  readonly bcdUsb?: number;
  /** bDeviceClass (default 0: per interface). */
  readonly deviceClass?: number;
  /** bMaxPacketSize0 (default 8). */
  readonly maxPacketSize0?: number;
  /** iManufacturer string (index 1); absent: index 0. */
  readonly manufacturer?: string;
  /** iProduct string (index 2); absent: index 0. */
  readonly product?: string;
  /** iSerialNumber string (index 3); absent: index 0. */
  readonly serial?: string;
}

/** A simulated device as the server sees it. */
export interface UsbModel {
  readonly device: DeviceSpec;
  readonly interfaces: readonly InterfaceSpec[];
  /**
   * A control transfer. IN (requestType & 0x80): `data` is wLength and the
   * answer (at most wLength bytes are passed on) is returned. OUT: `data` is
   * the payload; return an empty array.
   */
  control(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array | Promise<Uint8Array>;
  /**
   * Interrupt IN. Return the report; `undefined` answers "timeout" at once
   * (no waiting, keeps tests fast); a promise may resolve later: the server
   * waits up to the caller's timeout (capped at 1 s), then answers
   * "timeout" and aborts `signal`.
   */
  interruptIn?(
    endpoint: number,
    length: number,
    signal: AbortSignal,
  ): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Interrupt OUT; returns the byte count taken. */
  interruptOut?(endpoint: number, data: Uint8Array): number | Promise<number>;
  /** Bulk IN, as interruptIn. */
  bulkIn?(
    endpoint: number,
    length: number,
    signal: AbortSignal,
  ): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  /** Bulk OUT; returns the byte count taken. */
  bulkOut?(endpoint: number, data: Uint8Array): number | Promise<number>;
  /** libusb_reset_device (default: nothing). */
  reset?(): void;
  /** Called when a client opens / closes the device (state resets, if any). */
  opened?(): void;
  closed?(): void;
}

// --- descriptor encoding -------------------------------------------------

const LE16 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff];

/** The 18-byte device descriptor. */
export function deviceDescriptor(d: DeviceSpec): Uint8Array {
  return Uint8Array.from([
    18,
    1,
    ...LE16(d.bcdUsb ?? 0x0110),
    d.deviceClass ?? 0,
    0,
    0,
    d.maxPacketSize0 ?? 8,
    ...LE16(d.vendorId),
    ...LE16(d.productId),
    ...LE16(d.bcdDevice ?? 0x0100),
    d.manufacturer === undefined ? 0 : 1,
    d.product === undefined ? 0 : 2,
    d.serial === undefined ? 0 : 3,
    1,
  ]);
}

/** The full configuration descriptor (config, interfaces, extras, endpoints). */
export function configDescriptor(
  ifaces: readonly InterfaceSpec[],
): Uint8Array {
  const body: number[] = [];
  const numbers = new Set<number>();
  ifaces.forEach((f, i) => {
    const num = f.number ?? i;
    numbers.add(num);
    body.push(
      9,
      4,
      num,
      f.alt ?? 0,
      f.endpoints.length,
      f.class,
      f.subclass ?? 0,
      f.protocol ?? 0,
      0,
    );
    if (f.extra) body.push(...f.extra);
    for (const e of f.endpoints) {
      body.push(
        7,
        5,
        e.address,
        e.type === "interrupt" ? 3 : 2,
        ...LE16(e.maxPacketSize ?? 8),
        e.interval ?? 10,
      );
    }
  });
  const total = 9 + body.length;
  // bus powered (0x80), 100 mA
  return Uint8Array.from([
    9,
    2,
    ...LE16(total),
    numbers.size,
    1,
    0,
    0x80,
    50,
    ...body,
  ]);
}

/**
 * A vendor-page report descriptor: one 8-byte input report and one 8-byte
 * report the host writes, as an output (0x91) or a feature (0xb1) item.
 */
export function vendorReport8(write: "output" | "feature"): Uint8Array {
  return Uint8Array.from([
    ...[0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01], // vendor usage, collection
    ...[0x15, 0x00, 0x26, 0xff, 0x00, 0x75, 0x08, 0x95, 0x08], // 8 bytes
    ...[0x09, 0x01, 0x81, 0x02], // input
    ...[0x09, 0x01, write === "output" ? 0x91 : 0xb1, 0x02],
    0xc0,
  ]);
}

/** The 9-byte HID class descriptor naming a report descriptor of `reportLength` bytes. */
export function hidDescriptor(reportLength: number): Uint8Array {
  return Uint8Array.from([
    9,
    0x21,
    0x10,
    0x01,
    0,
    1,
    0x22,
    ...LE16(reportLength),
  ]);
}

/** A string descriptor (UTF-16LE) for `text`. */
export function stringDescriptor(text: string): Uint8Array {
  const out = [2 + 2 * text.length, 3];
  for (const ch of text) out.push(...LE16(ch.charCodeAt(0)));
  return Uint8Array.from(out);
}

/** Bytes of a Latin-1 string. */
export function latin1(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}

/** A Latin-1 string of bytes. */
export function text(b: Uint8Array): string {
  return String.fromCharCode(...b);
}

// --- standard requests ---------------------------------------------------

/** Standard request codes (USB 2.0 §9.4). */
export const REQ = {
  GET_STATUS: 0,
  CLEAR_FEATURE: 1,
  SET_FEATURE: 3,
  GET_DESCRIPTOR: 6,
  GET_CONFIGURATION: 8,
  SET_CONFIGURATION: 9,
  GET_INTERFACE: 10,
  SET_INTERFACE: 11,
} as const;

/** HID class requests. */
export const HID_REQ = {
  GET_REPORT: 1,
  GET_IDLE: 2,
  SET_REPORT: 9,
  SET_IDLE: 10,
} as const;

/** The request type bits (bmRequestType & 0x60). */
export function requestKind(
  setup: ControlSetup,
): "standard" | "class" | "vendor" | "reserved" {
  return (["standard", "class", "vendor", "reserved"] as const)[
    (setup.requestType >> 5) & 3
  ]!;
}

/** A stall, the usual answer to a request a device does not know. */
export function stall(what = "request not supported"): UsbError {
  return new UsbError("stall", what);
}

/**
 * A model that answers the standard requests from its descriptors. Subclasses
 * set `device` / `interfaces`, may add `strings` (index → text, beyond 1..3),
 * override {@link classRequest} for class/vendor requests and
 * {@link stringRequest} for devices that abuse string descriptors (krauler).
 */
export abstract class StandardModel implements UsbModel {
  abstract readonly device: DeviceSpec;
  abstract readonly interfaces: readonly InterfaceSpec[];
  /** Extra strings by index (1..3 come from `device`). */
  strings: Record<number, string> = {};
  /** LANGIDs in string descriptor 0 (default en-US). */
  langIds: number[] = [0x0409];
  /** HID report descriptors by interface number (GET_DESCRIPTOR 0x22). */
  reportDescriptors: Record<number, Uint8Array> = {};

  /** The text of string `index`, undefined when absent. */
  stringText(index: number): string | undefined {
    if (index === 1) return this.device.manufacturer;
    if (index === 2) return this.device.product;
    if (index === 3) return this.device.serial;
    return this.strings[index];
  }

  /** GET_DESCRIPTOR(STRING) for `index` with `langId`; stalls when absent. */
  stringRequest(index: number, _langId: number, _length: number): Uint8Array {
    if (index === 0) {
      return Uint8Array.from([
        2 + 2 * this.langIds.length,
        3,
        ...this.langIds.flatMap(LE16),
      ]);
    }
    const t = this.stringText(index);
    if (t === undefined) throw stall(`no string ${index}`);
    return stringDescriptor(t);
  }

  /** Class and vendor requests; the default stalls. */
  classRequest(
    setup: ControlSetup,
    _data: number | Uint8Array,
  ): Uint8Array | Promise<Uint8Array> {
    throw stall(
      `request 0x${setup.requestType.toString(16)}/${setup.request}`,
    );
  }

  control(
    setup: ControlSetup,
    data: number | Uint8Array,
  ): Uint8Array | Promise<Uint8Array> {
    if (requestKind(setup) !== "standard") {
      return this.classRequest(setup, data);
    }
    const len = typeof data === "number" ? data : data.length;
    switch (setup.request) {
      case REQ.GET_DESCRIPTOR: {
        const type = setup.value >> 8;
        const index = setup.value & 0xff;
        if (type === 1) return deviceDescriptor(this.device);
        if (type === 2) return configDescriptor(this.interfaces);
        if (type === 3) return this.stringRequest(index, setup.index, len);
        if (type === 0x21) {
          const f = this.interfaces.find((i, n) =>
            (i.number ?? n) === setup.index
          );
          if (f?.extra) return f.extra;
        }
        if (type === 0x22) {
          const r = this.reportDescriptors[setup.index];
          if (r) return r;
        }
        throw stall(`no descriptor 0x${setup.value.toString(16)}`);
      }
      case REQ.GET_STATUS:
        return Uint8Array.of(0, 0);
      case REQ.GET_CONFIGURATION:
        return Uint8Array.of(1);
      case REQ.GET_INTERFACE:
        return Uint8Array.of(0);
      case REQ.SET_CONFIGURATION:
      case REQ.SET_INTERFACE:
      case REQ.CLEAR_FEATURE:
      case REQ.SET_FEATURE:
        return new Uint8Array();
      default:
        throw stall(`standard request ${setup.request}`);
    }
  }
}
