import { assertEquals } from "../../tests/assert.ts";
import { compareOids, parseSnmprec } from "./snmprec.ts";
import { MemoryAgent } from "./snmp_memory.ts";

const TEXT = [
  "# model line",
  "1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.935",
  "1.3.6.1.2.1.1.1.0|4x|4541535420",
  "1.3.6.1.2.1.33.1.1.1|4|Minuteman|with bar",
  "1.3.6.1.2.1.33.1.2.6.0|5|",
  "1.3.6.1.4.1.318.1.1.4.4.2.1.4.1|4:writecache|value=IBM Server 1 PS1",
  "1.3.6.1.4.1.318.1.1.1.2.2.1.0|2:numeric|min=1,max=2,initial=2,wrap=1",
  "1.3.6.1.2.1.4.23.0|65|1",
  "1.3.6.1.2.1.4.23.0|65|2",
  "1.3.6.1.2.1.4.20.1.1.10.0.0.1|64x|0a000001",
  "1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615",
  "garbage",
  "1.3.6.1.2.1.2.1.0|2|abc",
  "1.3.6.1.2.1.1.5.0|4|name with trailing blanks  ",
].join("\r\n");

Deno.test({
  permissions: "none",
  name: "snmprec: tags, hex, variations, order, duplicates",
}, () => {
  const rec = parseSnmprec(TEXT);
  const map = new Map(rec.varbinds.map((v) => [v.oid, v.value]));
  assertEquals(map.get("1.3.6.1.2.1.1.2.0"), {
    type: "ObjectIdentifier",
    value: "1.3.6.1.4.1.935",
  });
  assertEquals(map.get("1.3.6.1.2.1.1.1.0"), {
    type: "OctetString",
    value: new TextEncoder().encode("EAST "),
  });
  assertEquals(map.get("1.3.6.1.2.1.33.1.1.1"), {
    type: "OctetString",
    value: new TextEncoder().encode("Minuteman|with bar"),
  });
  assertEquals(map.get("1.3.6.1.2.1.33.1.2.6.0"), { type: "Null" });
  assertEquals(map.get("1.3.6.1.4.1.318.1.1.1.2.2.1.0"), {
    type: "Integer",
    value: 2,
  });
  assertEquals(map.get("1.3.6.1.2.1.4.23.0"), { type: "Counter", value: 2 });
  assertEquals(map.get("1.3.6.1.2.1.4.20.1.1.10.0.0.1"), {
    type: "IpAddress",
    value: "10.0.0.1",
  });
  assertEquals(map.get("1.3.6.1.2.1.31.1.1.1.6.1"), {
    type: "Counter64",
    value: 18446744073709551615n,
  });
  assertEquals(rec.skipped.map((s) => s.line), [12, 13]);
  // snmpsim strips lines: trailing blanks are not part of the value.
  assertEquals(map.get("1.3.6.1.2.1.1.5.0"), {
    type: "OctetString",
    value: new TextEncoder().encode("name with trailing blanks"),
  });
  const oids = rec.varbinds.map((v) => v.oid);
  assertEquals(oids, [...oids].sort(compareOids));
  assertEquals(compareOids("1.3.6.1.2.1.33.1.10", "1.3.6.1.2.1.33.1.9"), 1);
});

Deno.test({
  permissions: "none",
  name: "snmprec: raw bytes >= 0x80 kept as is",
}, () => {
  const bytes = new Uint8Array([
    ...new TextEncoder().encode("1.3.6|4|a"),
    0x80,
    0xff,
    0x0a,
  ]);
  const rec = parseSnmprec(bytes);
  assertEquals(rec.varbinds[0]!.value, {
    type: "OctetString",
    value: new Uint8Array([0x61, 0x80, 0xff]),
  });
});

Deno.test({
  permissions: "none",
  name: "snmp_memory: get, getNext, walk, set, silent",
}, async () => {
  const agent = new MemoryAgent(parseSnmprec(TEXT));
  const s = await agent.connector()({ host: "x", version: "v1" });
  assertEquals(
    (await s.get(["1.3.6.1.2.1.4.23.0", "1.2"])).map((v) => v.value.type),
    ["Counter", "NoSuchObject"],
  );
  assertEquals(
    (await s.getNext(["1.3.6.1.2.1.1.1.0"]))[0]!.oid,
    "1.3.6.1.2.1.1.2.0",
  );
  assertEquals(
    (await s.getNext(["1.3.6.1.4.1.318.1.1.4.4.2.1.4.1"]))[0]!.value.type,
    "EndOfMibView",
  );
  assertEquals((await s.walk("1.3.6.1.2.1.1")).map((v) => v.oid), [
    "1.3.6.1.2.1.1.1.0",
    "1.3.6.1.2.1.1.2.0",
    "1.3.6.1.2.1.1.5.0",
  ]);
  await s.set("1.3.6.1.2.1.33.1.8.1.0", { type: "Integer", value: 3 });
  assertEquals(agent.sets, [{
    oid: "1.3.6.1.2.1.33.1.8.1.0",
    value: { type: "Integer", value: 3 },
  }]);
  assertEquals((await s.get(["1.3.6.1.2.1.33.1.8.1.0"]))[0]!.value, {
    type: "Integer",
    value: 3,
  });
  agent.silent = true;
  let kind = "";
  try {
    await s.get(["1.3.6"]);
  } catch (e) {
    kind = (e as { kind: string }).kind;
  }
  assertEquals(kind, "timeout");
});
