/**
 * Differential for the vendor mappings over the agents the corpus lacks:
 * the augmented recordings (a corpus recording plus its missing model OID)
 * and the synthetic agents (one per vendor mapping). One snmpsimd serves
 * them all; NUT 2.8.0's snmp-ups behind NUT's upsd and ours behind our upsd
 * read them, and `upsc` (NUT's client, driver.* aside) must match. The
 * plain corpus recordings are in tests/interop/snmp_ups_diff_test.ts.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { haveSnmpsim, startSnmpSim } from "../sim/snmpsim.ts";
import {
  augmentations,
  KNOWN_DIFFERENCES,
  recordingText,
  referenceNames,
  syntheticNames,
} from "../sim/snmp_reference.ts";
import { collect, lineDiff, startStack } from "./snmp_diff.ts";

Deno.test({
  name: "snmp mappings: upsc through NUT 2.8.0 and through ours match on " +
    "augmented and synthetic agents",
  ignore: !haveNut() || !haveSnmpsim(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    // Agents NUT 2.8.0 has a mapping for (the others have no reading).
    const read = new Set(referenceNames());
    const names = [
      ...augmentations().map((a) => a.name),
      ...syntheticNames(),
    ].filter((n) => read.has(n));
    const files: Record<string, string> = {};
    for (const n of names) files[n] = recordingText(n);
    const sim = await startSnmpSim({ files });
    try {
      const nutStack = await startStack("nut", sim, names);
      let nut: Map<string, string[]>;
      try {
        nut = await collect(nutStack, names);
      } finally {
        await nutStack.stop();
      }
      const ourStack = await startStack("ours", sim, names);
      let ours: Map<string, string[]>;
      try {
        ours = await collect(ourStack, names);
      } finally {
        await ourStack.stop();
      }
      const report: string[] = [];
      let same = 0;
      for (const n of names) {
        const a = nut.get(n) ?? [];
        const b = ours.get(n) ?? [];
        assert(
          a.length > 0 && !a[0]!.startsWith("ERROR"),
          `NUT read nothing from ${n}`,
        );
        const skip = KNOWN_DIFFERENCES[n];
        const keep = (l: string) => !skip?.test(l.slice(0, l.indexOf(": ")));
        const d = lineDiff(a.filter(keep), b.filter(keep));
        if (d.length === 0) same++;
        else report.push(`${n}:\n  ${d.join("\n  ")}`);
      }
      assertEquals(report, [], `${same}/${names.length} identical`);
    } finally {
      await sim.stop();
    }
  },
});
