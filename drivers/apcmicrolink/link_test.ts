/**
 * Microlink's byte level against hand-computed figures: the checksum, the
 * slave password, page 0, and the receive buffer's resynchronisation
 * (leading 0xFE, stray bytes, bad checksums, the first-record rule, the
 * overflow cut).
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import {
  buildRecord,
  buildWrite,
  checksum,
  checksumValid,
  FrameReceiver,
  parsePage0,
  pointerOffset,
  slavePassword,
} from "./link.ts";

const feed = (rx: FrameReceiver, bytes: ArrayLike<number>) => {
  const out: number[][] = [];
  for (const b of Array.from(bytes)) {
    rx.push(b);
    const f = rx.extract();
    if (f) out.push([...f]);
  }
  return out;
};

Deno.test({
  name: "microlink checksum, records and writes (worked by hand)",
  permissions: "none",
  fn: () => {
    // c0: 1, 3; c1: 1, 4 -> cb0 = 255 - 7, cb1 = 255 - (3 + 248) % 255
    assertEquals(checksum([1, 2]), [248, 4]);
    assertEquals(checksum([]), [255, 255]);
    // sums wrap at 255: 0xFF counts as 0
    assertEquals(checksum([0xff]), checksum([0]));
    assertEquals([...buildRecord(1, [2])], [1, 2, 248, 4]);
    assertEquals([...buildWrite(6, 30, [0, 0])], [
      6,
      30,
      2,
      0,
      0,
      ...checksum([6, 30, 2, 0, 0]),
    ]);
    assert(checksumValid([1, 2, 248, 4], 4));
    assert(!checksumValid([1, 2, 248, 5], 4));
    assert(!checksumValid([1, 2], 2));
  },
});

Deno.test({
  name: "microlink slave password (worked by hand) and page 0",
  permissions: "none",
  fn: () => {
    const header = Uint8Array.from([
      1,
      32,
      13,
      0x0e,
      0x02,
      1,
      9,
      0,
      1,
      0,
      5,
      0,
    ]);
    // s0 starts at header[4] (2), s1 at header[3] (14); then the 8 header
    // bytes, the serial "A" and the first two master bytes, each step
    // s0 = (s0 + b) % 255, s1 = (s1 + s0) % 255
    assertEquals(
      [...slavePassword(
        header,
        Uint8Array.from([65]),
        Uint8Array.from([0x12, 0x34, 0x56, 0x78]),
      )],
      [0, 0, 209, 179],
    );
    assertEquals(parsePage0(header), {
      version: 1,
      width: 32,
      count: 13,
      seriesId: 0x0e02,
      seriesDataVersion: 1,
      flags: 9,
      descriptorVersion: 1,
      descriptorPtr: 0x0500,
    });
    // a short header leaves the later fields 0
    assertEquals(parsePage0(Uint8Array.from([1, 32, 13])).flags, 0);
    assertEquals(pointerOffset(0x0503, 32), 163);
  },
});

Deno.test({
  name: "microlink receiver: first record by its own width, then page 0's",
  permissions: "none",
  fn: () => {
    const rx = new FrameReceiver();
    const page0 = buildRecord(0, [1, 4, 2, 0]); // width 4 from byte 2
    // leading 0xFE and garbage (no 0x00 start) are skipped
    assertEquals(feed(rx, [0xfe, 0xfe, 7, 9, ...page0]), [[...page0]]);
    assertEquals(rx.skipped, 2);
    rx.frameLen = 4 + 3;
    const rec1 = buildRecord(1, [9, 8, 7, 6]);
    const bad = [...rec1];
    bad[6] = bad[6]! ^ 1;
    // a bad checksum is not a record; the good one after it is found
    assertEquals(feed(rx, [...bad, ...rec1]), [[...rec1]]);
    // a short record is never complete: nothing comes out
    const rx2 = new FrameReceiver();
    rx2.frameLen = 7;
    assertEquals(feed(rx2, rec1.subarray(0, 5)), []);
    assertEquals(rx2.length, 5);
  },
});

Deno.test({
  name:
    "microlink receiver: a full buffer keeps its last 34 bytes, then resets",
  permissions: "none",
  fn: () => {
    const rx = new FrameReceiver();
    rx.frameLen = 35;
    for (let i = 0; i < 512; i++) rx.push(0x11);
    assertEquals(rx.extract(), null);
    assertEquals(rx.length, 34);
    for (let i = 0; i < 600; i++) rx.push(0x11);
    // pushed past 512 without an extract: NUT drops the buffer
    assert(rx.length < 512);
  },
});
