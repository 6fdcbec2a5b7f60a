/**
 * Eaton ePDU (mibs=eaton_epdu) daisy chains, outlets and outlet groups
 * against NUT 2.8.0: the corpus has no Marlin recording NUT can read, so
 * this builds agents from the EATON-EPDU-MIB layout (unit, input, outlet
 * and group tables indexed by chain position) with one, two and three
 * chained units, serves them with snmpsimd, and compares `upsc` from NUT's
 * snmp-ups + upsd with ours (device.N.*, outlet.N.*, outlet.group.N.*,
 * device.count, the forged "daisychain" model, per-device alarms).
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { haveSnmpsim, startSnmpSim } from "../sim/snmpsim.ts";
import { diffRecordings, lineDiff } from "./snmp_diff.ts";
import { marlinChain } from "../sim/marlin.ts";

Deno.test({
  name:
    "snmp-ups eaton_epdu: daisy chains of 1, 2 and 3 units read as NUT 2.8.0",
  ignore: !haveNut() || !haveSnmpsim(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const files: Record<string, string> = {
      "synth-marlin-1": marlinChain(1, 4),
      "synth-marlin-2": marlinChain(2, 6),
      "synth-marlin-3": marlinChain(3, 3),
    };
    const sim = await startSnmpSim({ files });
    try {
      const res = await diffRecordings(Object.keys(files), "", sim);
      const bad: string[] = [];
      for (const [name, { nut, ours }] of res) {
        assert(
          nut.some((l) => l.startsWith("device.model: ")),
          `${name}: NUT read nothing: ${nut[0]}`,
        );
        const d = lineDiff(nut, ours);
        if (d.length) bad.push(`${name}:\n  ${d.join("\n  ")}`);
      }
      assertEquals(bad, []);
      const two = res.get("synth-marlin-2")!.nut;
      assert(two.includes("device.count: 2"), two.join("\n"));
      assert(two.some((l) => l.startsWith("device.2.outlet.6.")), "outlets");
    } finally {
      await sim.stop();
    }
  },
});
