import { assert, assertEquals } from "../../tests/assert.ts";
import {
  activate,
  bcc,
  frameOk,
  readRequest,
  replyHead,
  reverseBits,
} from "./comli.ts";
import { d16 } from "./driver.ts";

Deno.test({
  name: "al175: COMLI frames, bit mirroring, BCC",
  permissions: "none",
  fn() {
    const r = readRequest(0x4000, 9);
    assertEquals(r[0], 0x02);
    assertEquals(String.fromCharCode(...r.subarray(1, 11)), "1412400009");
    assertEquals(r[11], 0x03);
    assertEquals(r[12], bcc(r.subarray(1, 12)));
    assert(frameOk(r));
    assertEquals([...reverseBits(new Uint8Array([0x83, 0x01, 0xf0]))], [
      0xc1,
      0x80,
      0x0f,
    ]);
    const a = activate(0x83, 0x81, 24, 1);
    assertEquals(String.fromCharCode(...a.subarray(1, 11)), "1410450008");
    assertEquals(
      [...reverseBits(a.subarray(11, 19))],
      [0x83, 0x81, ..."18 1 0"].map((c) =>
        typeof c === "number" ? c : c.charCodeAt(0)
      ),
    );
    const bad = a.slice();
    bad[5]! ^= 1;
    assert(!frameOk(bad));
    assertEquals(replyHead("0010410008"), { addr: 0x4100, len: 8 });
    assertEquals(replyHead("1410410008"), null);
    assertEquals(replyHead("00104x0008"), null);
  },
});

Deno.test({
  name: "al175: values in 1/100, C's negative zero",
  permissions: "none",
  fn() {
    const b = new Uint8Array([0x15, 0x4a, 0, 0]);
    assertEquals(d16(b, 0), "54.50");
    assertEquals(d16(b, 0, -1), "-54.50");
    assertEquals(d16(b, 2, -1), "-0.00");
    assertEquals(d16(b, 2, 0), "0.00");
  },
});
