import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { Buffer } from "node:buffer";
import {
  compareOids,
  fromRaw,
  isUnder,
  TAG,
  toRaw,
  trimOid,
} from "./snmp_varbind.ts";

Deno.test({
  name: "net-snmp varbinds become SnmpValues (leading dots, bytes, Counter64)",
  permissions: "none",
  fn() {
    assertEquals(
      fromRaw({
        oid: ".1.3.6",
        type: TAG.ObjectIdentifier,
        value: ".1.3.6.1.4.1.935",
      }),
      {
        oid: "1.3.6",
        value: { type: "ObjectIdentifier", value: "1.3.6.1.4.1.935" },
      },
    );
    assertEquals(
      fromRaw({
        oid: "1.1",
        type: TAG.OctetString,
        value: Buffer.from([0, 0xff]),
      }).value,
      { type: "OctetString", value: new Uint8Array([0, 0xff]) },
    );
    const c64 = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 2]); // 9 bytes: kept to 64 bits
    assertEquals(
      fromRaw({ oid: "1.1", type: TAG.Counter64, value: c64 }).value,
      { type: "Counter64", value: 2n },
    );
    assertEquals(fromRaw({ oid: "1.1", type: 99, value: 1 }).value, {
      type: "Null",
    });
    assertEquals(
      fromRaw({ oid: "1.1", type: TAG.Boolean, value: true }).value,
      {
        type: "Integer",
        value: 1,
      },
    );
    assertEquals(
      fromRaw(undefined as unknown as Parameters<typeof fromRaw>[0], "1.2")
        .value,
      { type: "NoSuchObject" },
    );
    assertThrows(() => fromRaw({ oid: "1.1", type: TAG.Integer, value: "x" }));
  },
});

Deno.test({
  name: "SnmpValues become net-snmp varbinds for a SET",
  permissions: "none",
  fn() {
    assertEquals(toRaw({ type: "Integer", value: -5 }), {
      type: TAG.Integer,
      value: -5,
    });
    const s = toRaw({ type: "OctetString", value: new Uint8Array([65, 66]) });
    assertEquals([s.type, [...(s.value as Uint8Array)]], [TAG.OctetString, [
      65,
      66,
    ]]);
    const c = toRaw({ type: "Counter64", value: 258n });
    assertEquals([...(c.value as Uint8Array)], [0, 0, 0, 0, 0, 0, 1, 2]);
    assertEquals(toRaw({ type: "Null" }), { type: TAG.Null, value: null });
  },
});

Deno.test({
  name: "OID helpers: numeric order, subtree, leading dot",
  permissions: "none",
  fn() {
    assertEquals(compareOids("1.3.6.1.10", "1.3.6.1.9"), 1);
    assertEquals(compareOids("1.3.6", "1.3.6.0"), -1);
    assertEquals(compareOids("1.3", "1.3"), 0);
    assertEquals([isUnder("1.3.61", "1.3.6"), isUnder("1.3.6.1", "1.3.6")], [
      false,
      true,
    ]);
    assertEquals(trimOid(".1.3"), "1.3");
  },
});
