import { assertEquals } from "../../tests/assert.ts";
import { MemoryAgent } from "../transport/snmp_memory.ts";
import type { SnmpValue, Varbind } from "../transport/snmp_link.ts";
import {
  describe,
  probeSnmpHost,
  scanSnmp,
  snmpSessionOptions,
} from "./snmp.ts";
import { SNMP_DEVICE_TABLE } from "./snmp_table.ts";

const str = (s: string): SnmpValue => ({
  type: "OctetString",
  value: new TextEncoder().encode(s),
});
const oidv = (s: string): SnmpValue => ({ type: "ObjectIdentifier", value: s });
const base = { timeoutMs: 1000, concurrency: 4 };

function agent(vbs: Array<[string, SnmpValue]>): MemoryAgent {
  return new MemoryAgent(vbs.map(([oid, value]): Varbind => ({ oid, value })));
}

Deno.test({
  name: "a sysObjectID match probes only that row; desc is the probe's value",
  permissions: "none",
  async fn() {
    const a = agent([
      ["1.3.6.1.2.1.1.2.0", oidv("1.3.6.1.4.1.705.1")],
      ["1.3.6.1.4.1.705.1.1.1.0", str("Eaton 9PX")],
      ["1.3.6.1.2.1.33.1.1.1.0", str("EATON")],
    ]);
    const got = await probeSnmpHost("10.0.0.9", {
      ...base,
      community: "c1",
      connector: a.connector(),
    });
    assertEquals(got, [{
      bus: "snmp",
      driver: "snmp-ups",
      port: "10.0.0.9",
      options: [["desc", "Eaton 9PX"], ["mibs", "mge"], ["community", "c1"]],
    }]);
    assertEquals(a.opened[0]?.version, "v1");
    assertEquals(a.opened[0]?.retries, 0);
  },
});

Deno.test({
  name: "no sysObjectID match: every probe OID in table order, duplicates kept",
  permissions: "none",
  async fn() {
    const a = agent([
      ["1.3.6.1.2.1.1.2.0", oidv("1.3.6.1.4.1.99")],
      ["1.3.6.1.4.1.318.1.1.4.1.4.0", str("PDU")],
      ["1.3.6.1.2.1.33.1.1.1.0", str("ACME")],
    ]);
    const got = await scanSnmp(["h1"], { ...base, connector: a.connector() });
    assertEquals(
      got.map((d) => d.options.map(([k, v]) => `${k}=${v}`).join(",")),
      [
        "desc=PDU,mibs=apc_pdu,community=public",
        "desc=PDU,mibs=apc_pdu,community=public",
        "desc=PDU,mibs=apc_pdu,community=public",
        "desc=ACME,mibs=ietf,community=public",
      ],
    );
  },
});

Deno.test({
  name: "a row without probe OID is added on sysObjectID alone, without desc",
  permissions: "none",
  async fn() {
    const a = agent([["1.3.6.1.2.1.1.2.0", oidv("1.3.6.1.4.1.935")]]);
    const got = await probeSnmpHost("h", { ...base, connector: a.connector() });
    assertEquals(got.map((d) => d.options), [[["mibs", "xppc"], [
      "community",
      "public",
    ]]]);
  },
});

Deno.test({
  name: "a silent agent gives nothing; v3 options are listed as given",
  permissions: "none",
  async fn() {
    const a = agent([["1.3.6.1.2.1.1.2.0", oidv("1.3.6.1.4.1.935")]]);
    a.silent = true;
    assertEquals(
      await probeSnmpHost("h", { ...base, connector: a.connector() }),
      [],
    );
    a.silent = false;
    const got = await probeSnmpHost("h", {
      ...base,
      secLevel: "authPriv",
      secName: "u",
      authPassword: "authpass",
      privPassword: "privpass",
      privProtocol: "AES",
      connector: a.connector(),
    });
    assertEquals(got[0]?.options, [
      ["mibs", "xppc"],
      ["snmp_version", "v3"],
      ["secLevel", "authPriv"],
      ["secName", "u"],
      ["authPassword", "authpass"],
      ["privPassword", "privpass"],
      ["privProtocol", "AES"],
    ]);
    const opened = a.opened.at(-1)!;
    assertEquals(
      [opened.version, opened.authProtocol, opened.privProtocol],
      ["v3", "MD5", "AES"],
    );
  },
});

Deno.test({
  name: "v3 settings NUT refuses, with NUT's words; a community forces v1",
  permissions: "none",
  fn() {
    const o = (more: Record<string, string>) =>
      snmpSessionOptions("h", {
        ...base,
        connector: () => Promise.reject(),
        ...more,
      });
    assertEquals(o({ secLevel: "x" }), "Bad SNMPv3 securityLevel: x");
    assertEquals(
      o({ secLevel: "authNoPriv" }),
      "securityName is required for SNMPv3",
    );
    assertEquals(
      o({ secLevel: "authPriv", secName: "u", authPassword: "12345678" }),
      "authPassword and privPassword are required for SNMPv3 in authPriv mode",
    );
    assertEquals(
      o({
        secLevel: "authNoPriv",
        secName: "u",
        authPassword: "12345678",
        authProtocol: "SHA1",
      }),
      "Bad SNMPv3 authProtocol: SHA1",
    );
    const v1 = o({ secLevel: "authPriv", community: "pub" });
    assertEquals(typeof v1 === "object" && v1.version, "v1");
  },
});

Deno.test({
  name: "desc of non-string values follows Net-SNMP's in-memory bytes",
  permissions: "none",
  fn() {
    assertEquals(describe(str("a\0b")), "a");
    assertEquals(describe({ type: "Integer", value: 0x4241 }), "AB");
    assertEquals(describe({ type: "Null" }), "");
    assertEquals(describe({ type: "NoSuchObject" }), undefined);
    assertEquals(describe(oidv("1.3.6")), "\x01");
  },
});

Deno.test({
  name: "the device table is NUT 2.8.0's: 30 rows, known first and last",
  permissions: "none",
  fn() {
    assertEquals(SNMP_DEVICE_TABLE.length, 30);
    assertEquals(SNMP_DEVICE_TABLE[0]?.mib, "apc_ats");
    assertEquals(SNMP_DEVICE_TABLE.at(-1), {
      oid: null,
      mib: "xppc",
      sysoid: ".1.3.6.1.4.1.935",
    });
  },
});
