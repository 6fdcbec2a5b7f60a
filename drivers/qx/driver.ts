/**
 * The serial side of nutdrv_qx: opening the port at 2400 8N1 with the
 * cablepower lines, choosing a protocol, reconnecting when the port comes
 * back, and the DriverInstance hooks.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { type LineTransport, PortOpenError } from "../../src/transport/mod.ts";
import { QxEngine, serialCommand } from "./engine.ts";
import type { QxSubdriver } from "./item.ts";
import { VOLTRONIC_VARS } from "./voltronic_vars.ts";

/** cablepower values: DTR, RTS (shared with blazer_ser). */
export const CABLEPOWER: Record<string, [boolean, boolean]> = {
  normal: [true, false],
  reverse: [false, true],
  both: [true, true],
  none: [false, false],
};

/** ups.conf variables of the masterguard subdriver (masterguard_makevartable). */
const MASTERGUARD_VARS: readonly DriverVar[] = (
  [
    ["series", "Series (A/E)"],
    ["slave_address", "Slave address (UPS id) to match"],
    ["input_fault_voltage", "Input fault voltage (whatever that means)"],
    ["number_of_battery_cells", "Number of battery cells in series"],
    ["nominal_cell_voltage", "Nominal battery cell voltage"],
    ["runtime_half", "Nominal battery run time at 50% load (seconds)"],
    ["runtime_full", "Nominal battery run time at 100% load (seconds)"],
    [
      "recharge_time",
      "Nominal battery recharge time to 95% capacity (seconds)",
    ],
    ["output_voltages", "Possible output voltages (volts)"],
    ["fault_1", "Fault record 1 (newest)"],
    ["fault_2", "Fault record 2"],
    ["fault_3", "Fault record 3"],
    ["fault_4", "Fault record 4"],
    ["fault_5", "Fault record 5 (oldest)"],
  ] as const
).map(([name, desc]) => ({ name, kind: "value" as const, desc }));

/** ups.conf variables of nutdrv_qx's USB side, in NUT's -L order. */
const QX_USB_VARS: readonly DriverVar[] = [
  ["subdriver", "Serial-over-USB subdriver selection"],
  ["vendor", "Regular expression to match UPS Manufacturer string"],
  ["product", "Regular expression to match UPS Product string"],
  ["serial", "Regular expression to match UPS Serial number"],
  [
    "vendorid",
    "Regular expression to match UPS Manufacturer numerical ID (4 digits hexadecimal)",
  ],
  [
    "productid",
    "Regular expression to match UPS Product numerical ID (4 digits hexadecimal)",
  ],
  ["bus", "Regular expression to match USB bus name"],
  ["device", "Regular expression to match USB device name"],
  // from NUT 2.8.1 on; accepted here for telling identical units apart
  [
    "busport",
    "Regular expression to match USB bus port name (overrides device when defined)",
  ],
  [
    "usb_set_altinterface",
    "Force redundant call to usb_set_altinterface() (value=bAlternateSetting; default=0)",
  ],
  [
    "langid_fix",
    "Apply the language ID workaround to the krauler subdriver (0x409 or 0x4095)",
  ],
].map(([name, desc]): DriverVar => ({
  name: name!,
  kind: "value",
  desc: desc!,
}))
  .concat({
    name: "noscanlangid",
    kind: "flag",
    desc: "Don't autoscan valid range for langid",
  });

/** ups.conf variables of nutdrv_qx (USB and serial). */
export const QX_VARS: readonly DriverVar[] = [
  {
    name: "offdelay",
    kind: "value",
    desc: "Set shutdown delay, in seconds (default=30)",
  },
  {
    name: "ondelay",
    kind: "value",
    desc: "Set startup delay, in seconds (default=180)",
  },
  {
    name: "stayoff",
    kind: "flag",
    desc: "If invoked the UPS won't return after a shutdown when FSD arises",
  },
  {
    name: "pollfreq",
    kind: "value",
    desc: "Set polling frequency, in seconds, to reduce data flow (default=30)",
  },
  {
    name: "protocol",
    kind: "value",
    desc: "Preselect communication protocol (skip autodetection)",
  },
  {
    name: "runtimecal",
    kind: "value",
    desc: "Parameters used for runtime calculation",
  },
  {
    name: "chargetime",
    kind: "value",
    desc: "Nominal charge time for UPS battery",
  },
  {
    name: "idleload",
    kind: "value",
    desc: "Minimum load to be used for runtime calculation",
  },
  ...QX_USB_VARS,
  {
    name: "cablepower",
    kind: "value",
    desc: "Set cable power for serial interface",
  },
  {
    name: "norating",
    kind: "flag",
    desc: "Skip reading rating information from UPS",
  },
  {
    name: "novendor",
    kind: "flag",
    desc: "Skip reading vendor information from UPS",
  },
  {
    name: "ignoresab",
    kind: "flag",
    desc: "Ignore 'Shutdown Active' bit in UPS status",
  },
  ...VOLTRONIC_VARS,
  {
    name: "pins_shutdown_mode",
    kind: "value",
    desc:
      "Set shutdown mode functionality of Pin 1 and Pin 7 on the UPS DB9 communication port (Per Best Power's EPS-0059) to n (integer, 0-6)",
  },
  ...MASTERGUARD_VARS,
];

/** Opens a port (the real one is FFI termios; tests pass a pty or memory twin). */
export type PortOpener = (
  path: string,
) => LineTransport | Promise<LineTransport>;

/** Opens `path` as a 2400 8N1 serial port through libc. */
export async function openSerialPort(path: string): Promise<LineTransport> {
  const { openSerial } = await import("../../src/transport/serial.ts");
  return openSerial(path, { speed: 2400 });
}

/** A nutdrv_qx instance over `subdrivers`. */
export class QxDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly engine: QxEngine;
  #port: LineTransport | undefined;
  #open: PortOpener;
  #subdrivers: readonly QxSubdriver[];
  #ready = false;
  #openFailedLogged = false;

  constructor(
    ctx: DriverContext,
    subdrivers: readonly QxSubdriver[],
    open: PortOpener = openSerialPort,
  ) {
    this.ctx = ctx;
    this.#open = open;
    this.#subdrivers = subdrivers;
    this.engine = new QxEngine(ctx, serialCommand(() => this.#port));
    this.engine.onLost = (e) => {
      this.ctx.log.warn(
        `Lost contact with the UPS on ${ctx.config.port}: ${
          e instanceof Error ? e.message : e
        }`,
      );
      this.#port?.close();
      this.#port = undefined;
    };
  }

  async #openPort(): Promise<void> {
    const val = this.ctx.config.values.get("cablepower");
    const lines = CABLEPOWER[(val ?? "normal").toLowerCase()];
    if (!lines) throw new Error(`Value '${val}' not valid for 'cablepower'`);
    const port = await this.#open(this.ctx.config.port);
    try {
      await port.setLines({ dtr: lines[0], rts: lines[1] });
    } catch {
      // a pty or USB adapter without modem lines: NUT ignores this too
    }
    await new Promise((r) => setTimeout(r, 100));
    this.#port = port;
  }

  /** upsdrv_initups: port, protocol, subdriver initups. */
  async initups(): Promise<void> {
    if (this.#ready) return;
    try {
      await this.#openPort();
    } catch (e) {
      if (e instanceof PortOpenError) {
        this.ctx.log.error(e.details);
        throw new Error("Fatal error: unusable configuration");
      }
      throw e;
    }
    if (!(await this.engine.match(this.#subdrivers))) {
      throw new Error("No supported UPS detected");
    }
    this.engine.subdriver!.initups?.(this.engine);
    this.#ready = true;
  }

  async init(): Promise<void> {
    await this.initups();
    await this.engine.initinfo();
  }

  async update(): Promise<void> {
    if (!this.#port) {
      try {
        await this.#openPort();
        this.ctx.log.notice(`Reopened ${this.ctx.config.port}`);
        this.#openFailedLogged = false;
      } catch (e) {
        if (!this.#openFailedLogged) {
          this.ctx.log.warn(
            `Unable to reopen ${this.ctx.config.port}: ${
              e instanceof Error ? e.message : e
            }`,
          );
          this.#openFailedLogged = true;
        }
      }
    }
    await this.engine.updateinfo();
  }

  async shutdown(): Promise<CommandResult> {
    await this.initups();
    try {
      this.ctx.log.info(await this.engine.shutdown());
      return "handled";
    } catch (e) {
      this.ctx.log.error(e instanceof Error ? e.message : String(e));
      return "failed";
    }
  }

  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.engine.instcmd(cmd, param);
  }

  setvar(name: string, value: string): Promise<CommandResult> {
    return this.engine.setvar(name, value);
  }

  close(): Promise<void> {
    this.#port?.close();
    this.#port = undefined;
    return Promise.resolve();
  }
}
