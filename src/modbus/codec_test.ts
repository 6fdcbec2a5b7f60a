import { assertEquals, assertThrows } from "../../tests/assert.ts";
import {
  checkWriteReply,
  crc16,
  ModbusException,
  ModbusProtocolError,
  parseReadReply,
  parseRtuFrame,
  parseTcpFrame,
  readRequest,
  rtuFrame,
  rtuReplyLength,
  rtuRequestLength,
  tcpFrame,
  writeCoilRequest,
  writeRegistersRequest,
} from "./codec.ts";
import { RegisterMap } from "./device.ts";

const hex = (b: Uint8Array) =>
  [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");
const bytes = (s: string) =>
  new Uint8Array(s.split(" ").map((x) => parseInt(x, 16)));
const p = { permissions: "none" } as const;

Deno.test({
  name: "modbus RTU frames carry the CRC of the spec's examples",
  ...p,
  fn: () => {
    // Modbus over serial line spec: read holding 0x006B x3 from unit 0x11
    assertEquals(
      hex(rtuFrame(0x11, readRequest(3, 0x6b, 3))),
      "11 03 00 6b 00 03 76 87",
    );
    // unit 1, read coils 0 x1: widely published "01 01 00 00 00 01 fd ca"
    assertEquals(
      hex(rtuFrame(1, readRequest(1, 0, 1))),
      "01 01 00 00 00 01 fd ca",
    );
    assertEquals(crc16(new Uint8Array()), 0xffff);
    const f = parseRtuFrame(bytes("11 03 00 6b 00 03 76 87"));
    assertEquals([f.unit, hex(f.pdu)], [0x11, "03 00 6b 00 03"]);
    assertThrows(
      () => parseRtuFrame(bytes("11 03 00 6b 00 03 76 88")),
      ModbusProtocolError,
      "CRC",
    );
  },
});

Deno.test({
  name: "modbus reply lengths, reads, writes and exceptions",
  ...p,
  fn: () => {
    assertEquals(rtuReplyLength(bytes("05")), 0);
    assertEquals(rtuReplyLength(bytes("05 83")), 5);
    assertEquals(rtuReplyLength(bytes("05 03 04")), 9);
    assertEquals(rtuReplyLength(bytes("05 06")), 8);
    assertEquals(rtuRequestLength(bytes("05 10 00 01 00 02 04")), 13);
    const req = readRequest(3, 0x10, 2);
    assertEquals(parseReadReply(req, bytes("03 04 01 02 ff fe")), [
      0x0102,
      0xfffe,
    ]);
    assertEquals(
      parseReadReply(readRequest(2, 0, 10), bytes("02 02 05 02")),
      [1, 0, 1, 0, 0, 0, 0, 0, 0, 1],
    );
    assertThrows(
      () => parseReadReply(req, bytes("03 02 01 02")),
      ModbusProtocolError,
    );
    assertThrows(
      () => parseReadReply(req, bytes("83 02")),
      ModbusException,
      "Illegal data address",
    );
    const w = writeCoilRequest(8, true);
    assertEquals(hex(w), "05 00 08 ff 00");
    checkWriteReply(w, w);
    assertThrows(() => checkWriteReply(w, bytes("05 00 08 00 00")));
    assertEquals(
      hex(writeRegistersRequest(0x100, [1, 0xabcd])),
      "10 01 00 00 02 04 00 01 ab cd",
    );
  },
});

Deno.test({
  name: "modbus/TCP MBAP frames split and join",
  ...p,
  fn: () => {
    const f = tcpFrame(0x1234, 7, readRequest(4, 1, 1));
    assertEquals(hex(f), "12 34 00 00 00 06 07 04 00 01 00 01");
    assertEquals(parseTcpFrame(f.subarray(0, 9)), null);
    const two = new Uint8Array([...f, ...f]);
    const a = parseTcpFrame(two)!;
    assertEquals([a.tid, a.unit, a.size, hex(a.pdu)], [
      0x1234,
      7,
      12,
      "04 00 01 00 01",
    ]);
    assertThrows(() => parseTcpFrame(bytes("00 01 00 05 00 06 01 03")));
  },
});

Deno.test({
  name: "modbus register map answers and records writes",
  ...p,
  fn: () => {
    const m = new RegisterMap().set("holding", 10, 5, 6).set("coil", 0, 0);
    assertEquals(hex(m.handle(readRequest(3, 10, 2))), "03 04 00 05 00 06");
    assertEquals(hex(m.handle(readRequest(3, 11, 2))), "83 02");
    assertEquals(hex(m.handle(bytes("2b 0e 01 00"))), "ab 01");
    assertEquals(hex(m.handle(writeCoilRequest(0, true))), "05 00 00 ff 00");
    assertEquals(
      hex(m.handle(writeRegistersRequest(10, [7, 8]))),
      "10 00 0a 00 02",
    );
    assertEquals(m.writes, [
      { fc: 5, addr: 0, values: [1] },
      { fc: 16, addr: 10, values: [7, 8] },
    ]);
    assertEquals(m.get("holding", 11), 8);
  },
});
