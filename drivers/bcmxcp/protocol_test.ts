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

Deno.test({
  name: "xcp: the ID block as bcmxcp reads it",
  permissions: "none",
  fn: async () => {
    const { parseIdBlock } = await import("./idblock.ts");
    const meterMap = [0, 0, 0x51, 0, 0xf0]; // meters 2 and 4
    const alarmMap = [0x01, 0x80]; // alarms 0 and 15
    const id = parseIdBlock(Uint8Array.from([
      2,
      0x10,
      0x02,
      0x00,
      0x00, // two CPUs, the second blank
      0,
      30,
      0, // rating 30 x 50 VA
      1,
      0, // phases, angle
      4,
      ..."PW91".split("").map((c) => c.charCodeAt(0)),
      meterMap.length,
      ...meterMap,
      alarmMap.length,
      ...alarmMap,
      80,
      0,
      0,
      0,
      0,
      0,
      0, // config length, statistics, logs
      2,
      0,
      8,
      8,
      0,
      0,
      0, // topology, longest command, command list, outlets
    ]));
    assertEquals(id.firmware, "Cont:02.10 ");
    assertEquals(id.rating, 1500);
    assertEquals(id.model, "PW91 1500i");
    assertEquals([...id.meters], [[2, [0x51, 0]], [4, [0xf0, 4]]]);
    assertEquals([...id.alarms], [[0, 0], [15, 1]]);
    assertEquals([id.topologyLen, id.commandListLen, id.outletBlockLen], [
      2,
      8,
      0,
    ]);
    // one CPU: C's buffer cuts the trailing space
    assertEquals(
      parseIdBlock(Uint8Array.from([1, 0x10, 0x02, 1])).firmware,
      "Cont:02.10",
    );
  },
});
