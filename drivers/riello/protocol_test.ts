import { assert, assertEquals } from "../../tests/assert.ts";
import {
  emptyData,
  GPSER,
  gpserCheck,
  gpserOutcome,
  GpserReceiver,
  statusTokens,
} from "./protocol.ts";
import {
  parseSentr,
  SENTR,
  SENTR_CMD,
  SentrReceiver,
  sentrValid,
} from "./sentr.ts";

const ascii = (b: Uint8Array) => String.fromCharCode(...b);

Deno.test({
  name: "riello: GI request with the byte sum, as the protocol lays it out",
  permissions: "none",
  fn: () => {
    // 0x20+0x22+0x47+0x49+0x30+0x30 = 0x132, written as 0x30+nibble digits
    assertEquals(ascii(GPSER.gi()), "\x02\x20\x22GI000132\x03");
    assertEquals(ascii(GPSER.cs(false, 0x1234)).slice(3, 11), "CS041234");
    assertEquals(ascii(GPSER.tb(false)).slice(3, 10), "TB03005");
  },
});

Deno.test({
  name: "riello: the CRC equals CRC-16 (reflected 0x8408) seeded 0x554D",
  permissions: "none",
  fn: () => {
    const bitwise = (bytes: number[]) => {
      let c = 0x554d;
      for (const b of bytes) {
        c ^= b;
        for (let i = 0; i < 8; i++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
      }
      return c;
    };
    for (const s of ["", "A", ' "RS00', "\x20\x22GN00", "123456789"]) {
      const b = Array.from(s, (c) => c.charCodeAt(0));
      assertEquals(gpserCheck(new Uint8Array(b), true), bitwise(b), s);
    }
  },
});

Deno.test({
  name: "riello: reply framing, NAK and bad check",
  permissions: "none",
  fn: () => {
    const rx = new GpserReceiver();
    // a reply: STX then a byte above 0x20 (requests carry 0x20 there)
    const body = [0x21, 0x20, 0x52, 0x53, 0x30, 0x30];
    const k = gpserCheck(new Uint8Array(body), true);
    const digits = [12, 8, 4, 0].map((s) => 0x30 + ((k >> s) & 15));
    const ok = [0x02, ...body, ...digits, 0x03];
    let done = false;
    for (const b of [0xff, 0x03, ...ok]) done = rx.push(b);
    assert(done);
    assertEquals(gpserOutcome(rx.frame!, true), "ok");
    assertEquals(gpserOutcome(rx.frame!, false), "badcrc");
    const nakBody = [0x02, 0x21, 0x20, 0x15];
    const c = gpserCheck(new Uint8Array(nakBody.slice(1)), false);
    const nak = [
      ...nakBody,
      ...[12, 8, 4, 0].map((s) => 0x30 + ((c >> s) & 15)),
      3,
    ];
    assertEquals(gpserOutcome(new Uint8Array(nak), false), "nak");
  },
});

Deno.test({
  name: "riello: SENTR block check, commands and status bits",
  permissions: "none",
  fn: () => {
    const block = new Uint8Array(103);
    block[0] = 192;
    block[1] = 103;
    block[2] = 10; // model 10: 1 kVA, answers the 192 poll
    block[3] = 0;
    block[31] = 8 | 16; // AC fail + low battery
    const sum = block.subarray(0, 100).reduce((a, b) => a + b, 0);
    block[101] = sum & 0xff;
    block[102] = sum >> 8;
    const rx = new SentrReceiver();
    let done = false;
    for (const b of [0, ...block]) done = rx.push(b);
    assert(done && sentrValid(rx.frame!));
    const d = emptyData();
    assertEquals(parseSentr(rx.frame!, d), SENTR.only192);
    assertEquals(d.nomPowerKVA, 1000);
    assertEquals(d.nomPowerKW, 0); // 2.8.0: 1 kVA * 0.8 truncated to kW
    assertEquals(statusTokens(d.status), ["OB", "LB"]);
    assertEquals(Array.from(SENTR_CMD.shutdown(300)), [176, 6, 44, 1, 227]);
  },
});
