/**
 * The in-memory twin of a Modbus link: requests go straight to a
 * `RegisterMap`; `silent` makes every exchange time out (an unplugged
 * device) so drivers' stale paths are tested without a port.
 *
 * @module
 */
import type { RegisterMap } from "../modbus/device.ts";
import {
  LIBMODBUS_TIMEOUTS,
  type ModbusLink,
  ModbusTimeoutError,
  type ModbusTimeouts,
} from "./modbus.ts";

/** A link to a register map in this process. */
export class MemoryModbusLink implements ModbusLink {
  silent = false;
  timeouts: ModbusTimeouts = { ...LIBMODBUS_TIMEOUTS };
  closed = false;
  constructor(readonly device: RegisterMap) {}

  exchange(_unit: number, pdu: Uint8Array): Promise<Uint8Array> {
    if (this.silent) return Promise.reject(new ModbusTimeoutError());
    return Promise.resolve(this.device.handle(pdu));
  }

  close(): void {
    this.closed = true;
  }
}
