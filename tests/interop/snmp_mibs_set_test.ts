/**
 * SET VAR and INSTCMD through the vendor mappings (outlet PDUs, ATS, UPS):
 * NUT's upscmd/upsrw drive NUT 2.8.0's snmp-ups behind NUT's upsd, then ours
 * behind our upsd, both reaching snmpsimd through the recording relay; the
 * SNMP SETs on the wire (OID, BER type, value, order) must be the same.
 * Agents: a corpus recording, an augmented one and synthetic ones (see
 * tests/fixtures/corpus/snmp/synthetic/README.md).
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { haveSnmpsim, startSnmpSim } from "../sim/snmpsim.ts";
import { type CapturedSet, startRelay } from "../sim/snmp_capture.ts";
import { KNOWN_DIFFERENCES, recordingText } from "../sim/snmp_reference.ts";
import { collect, run, type Stack, startStack } from "./snmp_diff.ts";

/** Corpus recordings served as they are. */
const CORPUS = ["eatonpdu_dbq"];
/** Agents served from text (augmented and synthetic). */
const BUILT = [
  "apc_masterswitch2+model",
  "synth-pulizzi_switched1",
  "synth-baytech",
  "synth-emerson_avocent_pdu",
  "synth-emerson_avocent_pdu-daisy2",
  "synth-raritan",
  "synth-raritan-px2",
  "synth-hpe_epdu",
  "synth-cpqpower",
  "synth-eaton_ats30",
];

const AUTH = ["-u", "admin", "-p", "pw"];

/**
 * SETs only ours sends, by agent: NUT 2.8.0 accepts `upsrw -s
 * outlet.group.N.name` on an HPE ePDU (a daisy-chain capable mapping) but
 * puts nothing on the wire; ours writes the group name (hpeSwitchedGroupName
 * of the master unit, 232.165.7.3.1.1.2.0.N).
 */
const OURS_ONLY: Readonly<Record<string, RegExp>> = {
  // On a two-unit Emerson chain NUT 2.8.0 writes only some of the unit-1
  // outlet thresholds and nothing of unit 2 (it mis-parses
  // `device.2.outlet.N.*`); ours also writes unit 2's (index 1 in the OID).
  "synth-emerson_avocent_pdu-daisy2":
    /^1\.3\.6\.1\.4\.1\.10418\.17\.2\.5\.5\.1\.\d+\.1\.1\.\d+$/,
  // `upsrw -s ups.delay.shutdown=20` / `ups.delay.start=30` on the
  // cpqpower table's server-side (absent) delays: NUT 2.8.0 sends nothing,
  // ours SETs the string to the UPS's delay OID (an engine difference).
  "synth-cpqpower": /^1\.3\.6\.1\.4\.1\.232\.165\.3\.8\.[12]\.0$/,
  "synth-hpe_epdu": /^1\.3\.6\.1\.4\.1\.232\.165\.7\.3\.1\.1\.2\.0\.\d+$/,
};

/** upsrw's writable variables with their current values (`name=value`). */
async function writable(stack: Stack, name: string): Promise<string[]> {
  const r = await run("/usr/bin/upsrw", [stack.target(name)], stack.env);
  const out: string[] = [];
  for (const block of r.out.split("\n\n")) {
    const v = /^\[([^\]]+)\]/.exec(block)?.[1];
    const value = /^Value: (.+)$/m.exec(block)?.[1] ??
      /^Option: "([^"]*)" SELECTED$/m.exec(block)?.[1];
    if (v && value !== undefined && value !== "") out.push(`${v}=${value}`);
  }
  return out.sort();
}

/** upscmd's list of instant commands. */
async function commands(stack: Stack, name: string): Promise<string[]> {
  const r = await run("/usr/bin/upscmd", ["-l", stack.target(name)], stack.env);
  const out: string[] = [];
  for (const l of r.out.split("\n")) {
    const m = /^(\S+) - /.exec(l);
    if (m) out.push(m[1]!);
  }
  return out.sort();
}

Deno.test({
  name: "snmp mappings: upscmd/upsrw send the same SNMP SETs as NUT 2.8.0",
  ignore: !haveNut() || !haveSnmpsim(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const files: Record<string, string> = {};
    for (const n of BUILT) files[n] = recordingText(n);
    const sim = await startSnmpSim({ recordings: CORPUS, files });
    try {
      for (const name of [...CORPUS, ...BUILT]) {
        const captured: Record<string, CapturedSet[]> = {};
        let cmds: string[] = [];
        let sets: string[] = [];
        for (const flavour of ["nut", "ours"] as const) {
          const relay = await startRelay(sim.port);
          const stack = await startStack(flavour, relay, [name]);
          // Variables read differently on purpose are not written either.
          const known = KNOWN_DIFFERENCES[name];
          const keep = (s: string) => !known?.test(s.slice(0, s.indexOf("=")));
          try {
            await collect(stack, [name]);
            if (flavour === "nut") {
              cmds = await commands(stack, name);
              sets = (await writable(stack, name)).filter(keep);
            } else {
              assertEquals(await commands(stack, name), cmds, name);
              assertEquals(
                (await writable(stack, name)).filter(keep),
                sets,
                name,
              );
            }
            // Without -w (its result polling takes a second a request):
            // wait for the SET on the wire instead, to keep the order.
            const send = async (argv: string[]) => {
              const before = relay.sets.length;
              await run(argv[0]!, argv.slice(1), stack.env);
              try {
                await waitFor(() => relay.sets.length > before, 500);
              } catch {
                // the driver refused it without a SET; the lists show it
              }
            };
            for (const c of cmds) {
              await send(["/usr/bin/upscmd", ...AUTH, stack.target(name), c]);
            }
            for (const s of sets) {
              await send([
                "/usr/bin/upsrw",
                "-s",
                s,
                ...AUTH,
                stack.target(name),
              ]);
            }
            captured[flavour] = [...relay.sets];
          } finally {
            await stack.stop();
            await relay.close();
          }
        }
        assert(cmds.length + sets.length > 0, `${name}: nothing to send`);
        assert(captured.nut!.length > 0, `${name}: NUT sent no SET`);
        const only = OURS_ONLY[name];
        if (only) {
          // Only the surplus SETs go: those NUT sends too stay compared.
          const extra = captured.ours!.length - captured.nut!.length;
          assert(extra > 0, `${name}: no extra SET any more`);
          const kept = [...captured.ours!];
          for (let i = kept.length - 1, n = extra; i >= 0 && n > 0; i--) {
            if (only.test(kept[i]!.oid)) {
              kept.splice(i, 1);
              n--;
            }
          }
          captured.ours = kept;
        }
        assertEquals(captured.ours, captured.nut, name);
      }
    } finally {
      await sim.stop();
    }
  },
});
