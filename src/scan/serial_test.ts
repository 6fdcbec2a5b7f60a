import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { MemoryTransport } from "../transport/memory.ts";
import {
  ERR_OUT_OF_BOUND,
  isQ1Reply,
  probeQ1,
  scanEatonSerial,
  serialPortsList,
} from "./serial.ts";

const pure = { permissions: "none" } as const;
const Q1 = "(231.0 231.0 230.0 021 50.0 27.3 25.0 00001001\r";

Deno.test("serialPortsList: NUT's -E forms on Linux", pure, () => {
  assertEquals(serialPortsList("0"), ["/dev/ttyS0", "/dev/ttyUSB0"]);
  assertEquals(serialPortsList("0-1"), [
    "/dev/ttyS0",
    "/dev/ttyS1",
    "/dev/ttyUSB0",
    "/dev/ttyUSB1",
  ]);
  assertEquals(serialPortsList("2-"), ["/dev/ttyS2", "/dev/ttyUSB2"]);
  assertEquals(serialPortsList("/dev/ttyS3"), ["/dev/ttyS3"]);
  assertEquals(serialPortsList("/dev/ttyS0,/dev/pts/4"), [
    "/dev/ttyS0",
    "/dev/pts/4",
  ]);
  assertEquals(serialPortsList("/dev/serial/by-id/usb-x-if00"), [
    "/dev/serial/by-id/usb-x-if00",
  ]);
  assertEquals(serialPortsList("auto").length, 20);
  assertEquals(serialPortsList("auto")[10], "/dev/ttyUSB0");
  assertThrows(() => serialPortsList("10-12"), Error, ERR_OUT_OF_BOUND);
});

Deno.test("isQ1Reply: 46+ bytes starting with '('", pure, () => {
  assertEquals(isQ1Reply(Q1), true);
  assertEquals(isQ1Reply("(231.0 231.0\r"), false);
  assertEquals(isQ1Reply("Q1" + Q1), false);
});

function q1Device(answerAfter: number): MemoryTransport {
  let calls = 0;
  return new MemoryTransport((data, port) => {
    if (new TextDecoder().decode(data) !== "Q1\r") return;
    if (++calls >= answerAfter) port.push(Q1);
  });
}

Deno.test(
  "probeQ1: DTR on, RTS off, retries until an answer",
  pure,
  async () => {
    const t = q1Device(2);
    const opts = { replyMs: 30, settleMs: 0 };
    assertEquals(await probeQ1(t, opts), true);
    assertEquals(t.written.length, 2);
    assertEquals([t.lines.dtr, t.lines.rts], [true, false]);
    const mute = new MemoryTransport();
    assertEquals(await probeQ1(mute, opts), false);
    assertEquals(mute.written.length, 3);
  },
);

Deno.test(
  "scanEatonSerial: reports blazer_ser, skips dead and silent ports",
  pure,
  async () => {
    const ports = new Map([
      ["/dev/ttyS0", q1Device(1)],
      ["/dev/ttyS1", new MemoryTransport()],
    ]);
    const devs = await scanEatonSerial(
      ["/dev/ttyS0", "/dev/ttyS1", "/dev/ttyS9"],
      (p) => {
        const t = ports.get(p);
        return t ? Promise.resolve(t) : Promise.reject(new Error("ENOENT"));
      },
      { replyMs: 20, settleMs: 0 },
    );
    assertEquals(devs, [{
      bus: "serial",
      driver: "blazer_ser",
      port: "/dev/ttyS0",
      options: [],
    }]);
    assertEquals([...ports.values()].map((t) => t.closed), [true, true]);
  },
);
