/**
 * What NUT's Modbus drivers share: C's strtol (base 0 for addresses), the
 * libmodbus serial settings and timeouts read from ups.conf, and opening a
 * client on a port path ("/dev/tty…" is RTU, "host[:port]" Modbus/TCP).
 *
 * @module
 */
import type { DriverConfig, DriverVar } from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import {
  ModbusClient,
  type ModbusTimeouts,
  openModbusRtu,
  openModbusTcp,
} from "../../src/transport/modbus.ts";
import type { SerialSettings } from "../../src/transport/mod.ts";

/** C strtol: leading blanks, sign, base 0 (0x, 0) or 10; 0 when no digits. */
export function strtol(text: string | undefined, base: 0 | 10 = 10): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|\d+)/.exec(text ?? "");
  if (!m) return 0;
  let digits = m[2]!, radix = 10;
  if (base === 0 && /^0[xX]/.test(digits)) {
    digits = digits.slice(2);
    radix = 16;
  } else if (base === 0 && digits.length > 1 && digits[0] === "0") {
    const oct = /^[0-7]+/.exec(digits)![0];
    digits = oct;
    radix = 8;
  } else if (base === 10 && /^0[xX]/.test(digits)) digits = "0";
  const n = parseInt(digits, radix);
  return m[1] === "-" ? -n : n;
}

/** The serial and timeout variables generic_modbus and adelsystem_cbi share. */
export function serialVars(slaveVar: string, slaveDesc: string): DriverVar[] {
  return [
    { name: "ser_baud_rate", kind: "value", desc: "serial port baud rate" },
    { name: "ser_parity", kind: "value", desc: "serial port parity" },
    { name: "ser_data_bit", kind: "value", desc: "serial port data bit" },
    { name: "ser_stop_bit", kind: "value", desc: "serial port stop bit" },
    { name: slaveVar, kind: "value", desc: slaveDesc },
    {
      name: "mod_resp_to_s",
      kind: "value",
      desc: "modbus response timeout (s)",
    },
    {
      name: "mod_resp_to_us",
      kind: "value",
      desc: "modbus response timeout (us)",
    },
    { name: "mod_byte_to_s", kind: "value", desc: "modbus byte timeout (s)" },
    {
      name: "mod_byte_to_us",
      kind: "value",
      desc: "modbus byte timeout (us)",
    },
  ];
}

/** Serial settings and timeouts from ups.conf over the driver's defaults. */
export interface LinkSettings {
  serial: SerialSettings;
  timeouts: ModbusTimeouts;
  slave: number;
}

/** Reads ser_* and mod_* (fatal on microseconds above 999999, as NUT). */
export function linkSettings(
  config: DriverConfig,
  slaveVar: string,
  defaults: LinkSettings,
): LinkSettings {
  const v = (n: string) => config.values.get(n);
  const num = (n: string, d: number) => v(n) === undefined ? d : strtol(v(n));
  const us = (n: string, d: number) => {
    const x = num(n, d);
    if (x > 999999) {
      throw new DriverFatalError(`get_config_vars: Invalid ${n} ${x}`);
    }
    return x;
  };
  const parityChar = v("ser_parity")?.[0]?.toUpperCase();
  const parity = parityChar === "E"
    ? "even"
    : parityChar === "O"
    ? "odd"
    : parityChar === undefined
    ? defaults.serial.parity ?? "none"
    : "none";
  const t = defaults.timeouts;
  const respUs = us("mod_resp_to_us", (t.responseMs % 1000) * 1000);
  const byteUs = us("mod_byte_to_us", (t.byteMs % 1000) * 1000);
  return {
    serial: {
      speed: num("ser_baud_rate", defaults.serial.speed),
      parity,
      dataBits: num("ser_data_bit", defaults.serial.dataBits ?? 8) === 7
        ? 7
        : 8,
      stopBits: num("ser_stop_bit", defaults.serial.stopBits ?? 1) === 2
        ? 2
        : 1,
    },
    timeouts: {
      responseMs: num("mod_resp_to_s", Math.floor(t.responseMs / 1000)) *
          1000 + respUs / 1000,
      byteMs: num("mod_byte_to_s", Math.floor(t.byteMs / 1000)) * 1000 +
        byteUs / 1000,
    },
    slave: num(slaveVar, defaults.slave),
  };
}

/** Opens a client: RTU when the path holds "/dev/tty", else TCP (port 502 unless given). */
export async function openModbusClient(
  port: string,
  s: LinkSettings,
): Promise<ModbusClient> {
  try {
    if (port.includes("/dev/tty")) {
      return new ModbusClient(
        await openModbusRtu(port, s.serial, s.timeouts),
        s.slave,
      );
    }
    const i = port.indexOf(":");
    const host = i < 0 ? port : port.slice(0, i);
    const tcpPort = i < 0 ? 502 : strtol(port.slice(i + 1));
    return new ModbusClient(
      await openModbusTcp(host, tcpPort, s.timeouts),
      s.slave,
    );
  } catch (e) {
    throw new DriverFatalError(
      `modbus_connect: unable to connect: ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
}

/** Opens a client for a port (tests pass one over the in-memory twin). */
export type ModbusOpener = (
  port: string,
  settings: LinkSettings,
) => Promise<ModbusClient>;

/** Opens an RTU client whatever the path (drivers that only speak RTU). */
export async function openModbusRtuClient(
  port: string,
  s: LinkSettings,
): Promise<ModbusClient> {
  try {
    return new ModbusClient(
      await openModbusRtu(port, s.serial, s.timeouts),
      s.slave,
    );
  } catch (e) {
    throw new DriverFatalError(
      `modbus_connect: unable to connect: ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
}
