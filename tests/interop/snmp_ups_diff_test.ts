/**
 * snmp-ups against NUT 2.8.0 over every corpus recording: one snmpsimd
 * serves them all (community = recording name), NUT's snmp-ups behind
 * NUT's upsd and ours behind our upsd read each one (v1, mibs=auto), and
 * `upsc` must print the same lines, driver.* aside. The few known
 * differences are listed with their reason (README "Deliberate differences").
 */
import { assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { fixtureNames, haveSnmpsim } from "../sim/snmpsim.ts";
import { diffRecordings, lineDiff } from "./snmp_diff.ts";

/** Recordings where we deliberately differ, and why. */
const KNOWN: Readonly<Record<string, string>> = {
  "apc-epdu_epdu1116s":
    "mibs=apc (APC rPDU2 ePDUs) was added to NUT after 2.8.0: 2.8.0 finds no mapping, we read it",
};

Deno.test({
  name: "snmp-ups: upsc shows the same as NUT 2.8.0 for every recording",
  ignore: !haveNut() || !haveSnmpsim(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const names = fixtureNames();
    const res = await diffRecordings(names);
    let same = 0;
    let read = 0;
    const unexpected: string[] = [];
    for (const [name, { nut, ours }] of res) {
      const d = lineDiff(nut, ours);
      if (!nut[0]?.startsWith("ERROR")) read++;
      if (d.length === 0) same++;
      else if (!KNOWN[name]) unexpected.push(`${name}:\n  ${d.join("\n  ")}`);
    }
    console.log(
      `snmp-ups: ${same}/${names.length} recordings identical to NUT 2.8.0 ` +
        `(${read} read by NUT, the rest refused by both)`,
    );
    assertEquals(unexpected, []);
    // The corpus must exercise real reads, not only refusals.
    assertEquals(read >= 40, true, `only ${read} recordings read by NUT`);
  },
});

Deno.test({
  name:
    "snmp-ups over v2c reads what NUT 2.8.0 reads over v1 (2.8.0's v2c takes noSuchInstance for an answer)",
  ignore: !haveNut() || !haveSnmpsim(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // 2.8.0 over v2c starts the APC outlet table at 0 and never reads
    // outlet 16, and never finishes start-up on the Eaton 9PX card.
    const names = ["apc-7902b", "eatonupsm2_9px", "cyberpower", "apc_smx750"];
    const v1 = await diffRecordings(names);
    // 2.8.0 never finishes one of them: 30 s is enough for the others.
    const v2c = await diffRecordings(
      names,
      " snmp_version = v2c\n",
      undefined,
      12,
      30_000,
    );
    for (const n of names) {
      const nutV1 = v1.get(n)!.nut;
      assertEquals(lineDiff(nutV1, v2c.get(n)!.ours), [], n);
      assertEquals(nutV1[0]?.startsWith("ERROR"), false, n);
    }
    assertEquals(
      v2c.get("apc-7902b")!.nut.some((l) => l.startsWith("outlet.16.")),
      false,
    );
  },
});
