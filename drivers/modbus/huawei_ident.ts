/**
 * huawei-ups2000's start-up identification: a raw Modbus 0x2B/0x0E "read
 * device identification" (extended, object 0x87 "device list") written on
 * the port, the reply read until the line is quiet (libmodbus cannot frame
 * it), checked for its CRC (three tries), its header (one object list of
 * two objects) and one UPS, whose 0x88 description lists "1=model;
 * 2=firmware;3=protocol;4=ESN;...".
 *
 * @module
 */
import { DriverFatalError } from "../../src/driver/types.ts";
import type { ByteTransport } from "../../src/transport/mod.ts";
import { crc16, rtuFrame } from "../../src/modbus/codec.ts";
import type { Logger } from "../../src/log.ts";

const IDENT_REQUEST = rtuFrame(1, new Uint8Array([0x2b, 0x0e, 0x03, 0x87]));
const IDENT_HEADER = [1, 0x2b, 0x0e, 0x03, 0x03, 0x00, 0x00, 0x02];

/** The identification reply's description fields (1 model .. 4 ESN). */
export function parseIdentification(reply: Uint8Array): string[] {
  const end = reply.length - 2;
  if (reply.length < 8 + 2) {
    throw new DriverFatalError(
      `response header too short! expected 8, received ${reply.length}.`,
    );
  }
  if (!IDENT_HEADER.every((b, i) => reply[i] === b)) {
    throw new DriverFatalError("unexpected response header!");
  }
  let p = 8, count = 0;
  let desc: string | null = null;
  for (let i = 0; i < 9 && p + 2 <= end; i++) {
    const type = reply[p++]!, len = reply[p++]!;
    if (len + 1 > 128) throw new DriverFatalError("response field too long!");
    if (p + len > end) throw new DriverFatalError("response field too short!");
    const val = reply.subarray(p, p + len);
    p += len;
    if (type === 0x87) {
      count = ((val[0] ?? 0) << 24 | (val[1] ?? 0) << 16 | (val[2] ?? 0) << 8 |
        (val[3] ?? 0)) >>> 0;
    }
    if (type === 0x88 && desc === null) {
      desc = String.fromCharCode(...val).split("\0")[0]!;
    }
  }
  if (count !== 1) {
    throw new DriverFatalError(`only 1 UPS is supported, ${count} found`);
  }
  if (desc === null) throw new DriverFatalError("device desc string not found");
  const fields: string[] = new Array(9).fill("");
  // strtok: "key=" then "value;", empty tokens skipped
  let rest = desc;
  const token = (delim: string): string | null => {
    rest = rest.replace(new RegExp(`^[${delim}]+`), "");
    if (!rest) return null;
    const i = rest.search(new RegExp(`[${delim}]`));
    const t = i < 0 ? rest : rest.slice(0, i);
    rest = i < 0 ? "" : rest.slice(i + 1);
    return t;
  };
  for (let i = 0; i < 9; i++) {
    const key = token("=");
    if (key === null) break;
    const val = token(";");
    if (val === null) break;
    const idx = /^\d+$/.test(key) ? parseInt(key, 10) : 0;
    if (idx + 1 > 9 || idx < 1) {
      throw new DriverFatalError(`desc index ${idx} is invalid!`);
    }
    if (val.length + 1 > 128) {
      throw new DriverFatalError(`desc field ${idx} too long!`);
    }
    fields[idx] = val;
  }
  for (let i = 1; i <= 4; i++) {
    if (!fields[i]) throw new DriverFatalError(`desc field ${i} is missing!`);
  }
  return fields;
}

/** Sends the request and checks the reply: the description fields. */
export async function identifyUps2000(
  port: ByteTransport,
  portName: string,
  pace: number,
  log: Logger,
): Promise<string[]> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms * pace));
  // the unit needs 400 ms, then the reply ends when the line is quiet
  const readQuiet = async (): Promise<Uint8Array> => {
    await sleep(400);
    const got: number[] = [];
    while (got.length < 128) {
      const chunk = await port.read(
        (got.length ? 150 : 1000) * pace,
        128 - got.length,
      );
      if (!chunk.length) break;
      got.push(...chunk);
    }
    return new Uint8Array(got);
  };
  let serialFail = false, crcFail = false;
  let reply: Uint8Array = new Uint8Array();
  for (let i = 0; i < 3; i++) {
    await port.flush();
    await port.write(IDENT_REQUEST);
    reply = await readQuiet();
    if (!reply.length) {
      log.error(`unable to read from serial port ${portName}, retry...`);
      serialFail = true;
      continue;
    }
    serialFail = false;
    if (reply.length < 10) break; // parseIdentification says why
    const n = reply.length - 2;
    crcFail =
      crc16(reply.subarray(0, n)) !== (reply[n]! | (reply[n + 1]! << 8));
    if (!crcFail) break;
  }
  if (serialFail) {
    throw new DriverFatalError(`unable to read from serial port ${portName}!`);
  }
  if (crcFail) throw new DriverFatalError("response CRC verification failed!");
  return parseIdentification(reply);
}
