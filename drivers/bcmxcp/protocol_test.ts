import { assertEquals } from "../../tests/assert.ts";
import {
  AnswerReader,
  cFixed,
  checksum,
  decodeMeter,
  requestFrame,
} from "./protocol.ts";

const f32 = (v: number) =>
  Array.from(new Uint8Array(Float32Array.of(v).buffer));

Deno.test({
  name: "xcp: request frames sum to zero",
  permissions: "none",
  fn: () => {
    const f = requestFrame([0x31]);
    assertEquals(Array.from(f), [0xab, 0x01, 0x31, 0x23]);
    assertEquals(f.reduce((a, b) => (a + b) & 0xff, 0), 0);
  },
});

Deno.test({
  name: "xcp: answers in blocks, sequence and checksum checked",
  permissions: "none",
  fn: () => {
    const block = (seq: number, data: number[]) => {
      const head = [0xab, 0x04, data.length, seq, ...data];
      return [...head, checksum(head)];
    };
    const rx = new AnswerReader(0x34);
    for (const b of [0x00, ...block(1, [1, 2]), ...block(0x82, [3])]) {
      rx.push(b);
    }
    assertEquals(Array.from(rx.done!), [1, 2, 3]);
    const bad = new AnswerReader(0x34);
    for (const b of block(0x82, [1])) bad.push(b);
    assertEquals(bad.error, "sequence");
    const other = new AnswerReader(0x33);
    for (const b of block(0x81, [1])) other.push(b);
    assertEquals(other.error, "Request command");
  },
});

Deno.test({
  name: "xcp: meter formats as printf prints them",
  permissions: "none",
  fn: () => {
    assertEquals(decodeMeter(f32(612.5), 0, 0x51), "612.5");
    assertEquals(decodeMeter(f32(31), 0, 0x30), " 31");
    assertEquals(decodeMeter([42, 0, 0, 0], 0, 0xf4), "2.62"); // 2.625, ties to even
    assertEquals(decodeMeter([0xff, 0xff, 0xff, 0xff], 0, 0xf0), "-1");
    assertEquals(decodeMeter([0x24, 0x12, 0x26, 0xa0], 0, 0xe0), "24/12/2026");
    assertEquals(decodeMeter([0x07, 0x45, 0x30, 0x13], 0, 0xe1), "13:30:45.07");
    assertEquals(decodeMeter([0, 0, 0, 0], 0, 0xd0), "???");
    assertEquals(cFixed(0.125, 0, 2), "0.12");
    assertEquals(cFixed(0.375, 0, 2), "0.38");
  },
});
