/**
 * Modbus application protocol, pure: PDUs for the functions NUT's drivers
 * use (1, 2, 3, 4, 5, 6, 15, 16 and raw ones such as 0x2B), exception
 * replies, RTU framing (unit, PDU, CRC-16 low byte first) and Modbus/TCP
 * framing (the 7-byte MBAP header). No I/O, no clock.
 *
 * @module
 */

/** Function codes. */
export const FC = {
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  readHoldingRegisters: 0x03,
  readInputRegisters: 0x04,
  writeSingleCoil: 0x05,
  writeSingleRegister: 0x06,
  writeMultipleCoils: 0x0f,
  writeMultipleRegisters: 0x10,
} as const;

/** Exception codes and libmodbus's wording of them (modbus_strerror). */
export const EXCEPTION_TEXT: Readonly<Record<number, string>> = {
  1: "Illegal function",
  2: "Illegal data address",
  3: "Illegal data value",
  4: "Slave device or server failure",
  5: "Acknowledge",
  6: "Slave device or server is busy",
  7: "Negative acknowledge",
  8: "Memory parity error",
  10: "Gateway path unavailable",
  11: "Target device failed to respond",
};

/** The device answered with an exception PDU. */
export class ModbusException extends Error {
  readonly code: number;
  constructor(readonly fc: number, code: number) {
    super(EXCEPTION_TEXT[code] ?? `Unknown exception ${code}`);
    this.name = "ModbusException";
    this.code = code;
  }
}

/** A reply that does not fit the request (libmodbus's EMBBADDATA & co). */
export class ModbusProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ModbusProtocolError";
  }
}

/** CRC-16/MODBUS (reflected 0xA001, initial 0xFFFF). */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    }
  }
  return crc;
}

const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];

/** Read request (functions 1 to 4): start address and count. */
export function readRequest(fc: number, addr: number, count: number) {
  return new Uint8Array([fc, ...u16(addr), ...u16(count)]);
}

/** Function 5: 0xFF00 for on, 0x0000 for off. */
export function writeCoilRequest(addr: number, on: boolean): Uint8Array {
  return new Uint8Array([FC.writeSingleCoil, ...u16(addr), on ? 0xff : 0, 0]);
}

/** Function 6. */
export function writeRegisterRequest(addr: number, value: number): Uint8Array {
  return new Uint8Array([FC.writeSingleRegister, ...u16(addr), ...u16(value)]);
}

/** Function 16. */
export function writeRegistersRequest(
  addr: number,
  values: readonly number[],
): Uint8Array {
  return new Uint8Array([
    FC.writeMultipleRegisters,
    ...u16(addr),
    ...u16(values.length),
    values.length * 2,
    ...values.flatMap(u16),
  ]);
}

/** Function 15. */
export function writeCoilsRequest(
  addr: number,
  bits: readonly boolean[],
): Uint8Array {
  const bytes = new Array(Math.ceil(bits.length / 8)).fill(0);
  bits.forEach((b, i) => {
    if (b) bytes[i >> 3] |= 1 << (i & 7);
  });
  return new Uint8Array([
    FC.writeMultipleCoils,
    ...u16(addr),
    ...u16(bits.length),
    bytes.length,
    ...bytes,
  ]);
}

/** Throws the exception an exception PDU carries. */
export function checkException(pdu: Uint8Array): void {
  if (pdu.length >= 2 && pdu[0]! & 0x80) {
    throw new ModbusException(pdu[0]! & 0x7f, pdu[1]!);
  }
}

/** The values a reply to `request` carries: bits (1, 2) or registers (3, 4). */
export function parseReadReply(request: Uint8Array, reply: Uint8Array) {
  checkException(reply);
  const fc = request[0]!;
  const count = (request[3]! << 8) | request[4]!;
  if (reply[0] !== fc) {
    throw new ModbusProtocolError(`function ${reply[0]} for ${fc}`);
  }
  const n = reply[1] ?? -1;
  const bits = fc === FC.readCoils || fc === FC.readDiscreteInputs;
  const want = bits ? Math.ceil(count / 8) : count * 2;
  if (n !== want || reply.length !== 2 + n) {
    throw new ModbusProtocolError(`byte count ${n}, expected ${want}`);
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      bits
        ? (reply[2 + (i >> 3)]! >> (i & 7)) & 1
        : (reply[2 + 2 * i]! << 8) | reply[3 + 2 * i]!,
    );
  }
  return out;
}

/** Checks a write reply (5, 6, 15, 16 echo address and value/count). */
export function checkWriteReply(request: Uint8Array, reply: Uint8Array): void {
  checkException(reply);
  if (
    reply.length !== 5 ||
    !request.subarray(0, 5).every((b, i) => b === reply[i])
  ) {
    throw new ModbusProtocolError("write reply does not echo the request");
  }
}

/**
 * Length of a complete RTU reply given its first bytes (unit, function,
 * and for reads the byte count), CRC included; 0 while unknown.
 */
export function rtuReplyLength(head: Uint8Array): number {
  if (head.length < 2) return 0;
  const fc = head[1]!;
  if (fc & 0x80) return 5;
  switch (fc) {
    case 1:
    case 2:
    case 3:
    case 4:
    case 0x17:
      return head.length < 3 ? 0 : 3 + head[2]! + 2;
    case 5:
    case 6:
    case 15:
    case 16:
      return 8;
    default:
      // other functions (0x2B, vendor ones): a byte count after the function
      return head.length < 3 ? 0 : 3 + head[2]! + 2;
  }
}

/**
 * Length of a complete RTU request given its first bytes (what a device
 * reading the line needs); 0 while unknown.
 */
export function rtuRequestLength(head: Uint8Array): number {
  if (head.length < 2) return 0;
  const fc = head[1]!;
  if (fc >= 1 && fc <= 6) return 8;
  if (fc === 15 || fc === 16) return head.length < 7 ? 0 : 9 + head[6]!;
  if (fc === 0x2b) return 7; // MEI: type, read code, object id
  return -1; // unknown: the device waits for silence
}

/** An RTU frame: unit, PDU, CRC (low byte first). */
export function rtuFrame(unit: number, pdu: Uint8Array): Uint8Array {
  const out = new Uint8Array(pdu.length + 3);
  out[0] = unit;
  out.set(pdu, 1);
  const crc = crc16(out.subarray(0, pdu.length + 1));
  out[pdu.length + 1] = crc & 0xff;
  out[pdu.length + 2] = crc >> 8;
  return out;
}

/** Unit and PDU of an RTU frame; throws on a bad CRC or a frame too short. */
export function parseRtuFrame(
  frame: Uint8Array,
): { unit: number; pdu: Uint8Array } {
  if (frame.length < 4) throw new ModbusProtocolError("RTU frame too short");
  const body = frame.subarray(0, frame.length - 2);
  const crc = frame[frame.length - 2]! | (frame[frame.length - 1]! << 8);
  if (crc16(body) !== crc) throw new ModbusProtocolError("Invalid CRC");
  return { unit: frame[0]!, pdu: body.slice(1) };
}

/** A Modbus/TCP frame: transaction id, protocol 0, length, unit, PDU. */
export function tcpFrame(
  tid: number,
  unit: number,
  pdu: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(7 + pdu.length);
  out.set([...u16(tid), 0, 0, ...u16(pdu.length + 1), unit], 0);
  out.set(pdu, 7);
  return out;
}

/** One whole Modbus/TCP frame from the start of `buf`, or null if incomplete. */
export function parseTcpFrame(
  buf: Uint8Array,
): { tid: number; unit: number; pdu: Uint8Array; size: number } | null {
  if (buf.length < 7) return null;
  const len = (buf[4]! << 8) | buf[5]!;
  if (buf[2] !== 0 || buf[3] !== 0 || len < 2 || len > 254) {
    throw new ModbusProtocolError("bad MBAP header");
  }
  if (buf.length < 6 + len) return null;
  return {
    tid: (buf[0]! << 8) | buf[1]!,
    unit: buf[6]!,
    pdu: buf.slice(7, 6 + len),
    size: 6 + len,
  };
}
