/**
 * Tests of the vendor mappings written from NUT's *-mib.c facts (all but
 * the engine's ietf/apcc/mge/pw/pxgx/eaton_epdu/cyberpower):
 *
 * - every recording (and augmented recording) NUT 2.8.0's snmp-ups read
 *   with one of these mappings is read by ours, through the engine and the
 *   in-memory agent, into exactly the variables NUT's own dump holds
 *   (tests/fixtures/corpus/snmp/nut-2.8.0/, NUT's output, never ours);
 * - the tables are well formed (OIDs, templates, commands, lookups);
 * - instant commands of an outlet PDU SET the OID and value NUT's facts say.
 */
import { assert, assertEquals } from "../../tests/assert.ts";
import {
  KNOWN_DIFFERENCES,
  recording,
  referenceDump,
  referenceNames,
} from "../../tests/sim/snmp_reference.ts";
import { MemoryAgent } from "../../src/transport/snmp_memory.ts";
import { readMapping } from "./definition.ts";
import type { MibMapping } from "./types.ts";
import { APC_ATS } from "./apc_ats.ts";
import { APC_PDU_MSP, APC_PDU_RPDU, APC_PDU_RPDU2 } from "./apc_pdu.ts";
import { APC_PDU_EPDU } from "./apc_epdu.ts";
import { BAYTECH } from "./baytech.ts";
import { BAYTECH_RPC3NC } from "./baytech_rpc3nc.ts";
import { BESTPOWER } from "./bestpower.ts";
import { COMPAQ } from "./compaq.ts";
import { DELTA_UPS } from "./delta_ups.ts";
import { EATON_ATS16_NMC } from "./eaton_ats16_nmc.ts";
import { EATON_ATS16_NM2 } from "./eaton_ats16_nm2.ts";
import { EATON_ATS30 } from "./eaton_ats30.ts";
import { EATON_PDU_NLOGIC } from "./eaton_pdu_nlogic.ts";
import { EMERSON_AVOCENT_PDU } from "./emerson_avocent_pdu.ts";
import { APHEL_REVELATION } from "./aphel_revelation.ts";
import { APHEL_GENESIS2 } from "./aphel_genesis2.ts";
import { PULIZZI_SWITCHED1, PULIZZI_SWITCHED2 } from "./pulizzi.ts";
import { HPE_PDU } from "./hpe_pdu.ts";
import { HPE_PDU3_CIS } from "./hpe_pdu3_cis.ts";
import { HUAWEI } from "./huawei.ts";
import { NETVISION } from "./netvision.ts";
import { RARITAN } from "./raritan.ts";
import { RARITAN_PX2 } from "./raritan_px2.ts";
import { VERTIV } from "./vertiv.ts";
import { XPPC } from "./xppc.ts";
import { MIBS } from "./mibs.ts";

const FIX = new URL("../../tests/fixtures/corpus/snmp/", import.meta.url);
const READ = { read: [FIX] };

/** The mappings this file covers. */
const OWN: readonly MibMapping[] = [
  APC_ATS,
  APC_PDU_RPDU,
  APC_PDU_RPDU2,
  APC_PDU_MSP,
  APC_PDU_EPDU,
  BAYTECH,
  BAYTECH_RPC3NC,
  BESTPOWER,
  COMPAQ,
  DELTA_UPS,
  EATON_ATS16_NMC,
  EATON_ATS16_NM2,
  EATON_ATS30,
  EATON_PDU_NLOGIC,
  EMERSON_AVOCENT_PDU,
  APHEL_REVELATION,
  APHEL_GENESIS2,
  PULIZZI_SWITCHED1,
  PULIZZI_SWITCHED2,
  HPE_PDU,
  HPE_PDU3_CIS,
  HUAWEI,
  NETVISION,
  RARITAN,
  RARITAN_PX2,
  VERTIV,
  XPPC,
];

/** NUT mapping names (driver.version.data) whose readings this file checks. */
const OWN_NAMES = new Set(OWN.map((m) => m.name));

/** What upsc shows: the driver's variables plus NUT main()'s device.* copies. */
function published(
  vars: Readonly<Record<string, string>>,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(vars)) {
    if (!k.startsWith("driver.")) out.set(k, v);
  }
  // main() sets device.type before the driver starts and copies ups.* to
  // device.*; NUT's state tree ignores a new value that differs only in
  // case (synth-baytech keeps device.mfr "BayTech" beside ups.mfr "Baytech").
  if (!out.has("device.type")) out.set("device.type", "ups");
  for (const f of ["mfr", "model", "serial"]) {
    const v = out.get(`ups.${f}`);
    const old = out.get(`device.${f}`);
    if (v !== undefined && old?.toLowerCase() !== v.toLowerCase()) {
      out.set(`device.${f}`, v);
    }
  }
  return out;
}

function sorted(m: Map<string, string>): string[] {
  return [...m].map(([k, v]) => `${k}: ${v}`).sort();
}

/**
 * Cases: NUT 2.8.0 read the recording with one of OWN. The augmented
 * tripplite (ietf table) recordings are here too: the engine's tests read
 * the plain corpus ones only.
 */
const CASES: Array<[string, string]> = [];
for (const name of referenceNames()) {
  const dump = referenceDump(name);
  const mib = /^(\S+) MIB/.exec(dump.get("driver.version.data") ?? "")?.[1];
  if (!mib) continue;
  if (OWN_NAMES.has(mib) || (mib === "tripplite" && name.endsWith("+model"))) {
    CASES.push([name, mib]);
  }
}

Deno.test({
  name: "snmp mappings: NUT 2.8.0 read recordings with most of these mappings",
  permissions: READ,
  fn: () => {
    const mibs = new Set(CASES.map(([, m]) => m));
    for (
      const m of [
        "apc_ats",
        "apc_pdu",
        "delta_ups",
        "aphel_revelation",
        "hpe_epdu",
        "huawei",
        "raritan-px2",
        "xppc",
        "tripplite",
      ]
    ) assert(mibs.has(m), `no reference reading for ${m}`);
  },
});

for (const [name, mib] of CASES) {
  Deno.test({
    name: `snmp mappings: ${name} reads as NUT 2.8.0 reads it (${mib})`,
    permissions: READ,
    fn: async () => {
      const agent = new MemoryAgent(recording(name));
      const r = await readMapping(agent.session());
      assertEquals(r.mapping, mib);
      assertEquals(r.stale, false);
      const nut = referenceDump(name);
      const ours = published(r.vars);
      for (const k of [...nut.keys()]) {
        if (k.startsWith("driver.")) nut.delete(k);
      }
      const known = KNOWN_DIFFERENCES[name];
      for (const m of [nut, ours]) {
        for (const k of [...m.keys()]) if (known?.test(k)) m.delete(k);
      }
      assertEquals(sorted(ours), sorted(nut));
    },
  });
}

Deno.test({
  name: "snmp mappings: mibs=NAME forces the mapping auto-detection found",
  permissions: READ,
  fn: async () => {
    for (const [name, mib] of CASES) {
      const auto = await readMapping(
        new MemoryAgent(recording(name)).session(),
      );
      const forced = await readMapping(
        new MemoryAgent(recording(name)).session(),
        { mibs: mib },
      );
      assertEquals(forced.mapping, mib, name);
      assertEquals(forced.vars, auto.vars, name);
    }
  },
});

/** Dotted decimal, `%i` allowed as an arc (templates). */
const OID = /^\d+(\.(\d+|%i))*$/;

Deno.test({
  name: "snmp mappings: every table is well formed",
  permissions: "none",
  fn: () => {
    for (const m of OWN) {
      const where = (r: { name: string }) => `${m.name}: ${r.name}`;
      assert(m.version.length > 0, m.name);
      if (m.sysOid) assert(OID.test(m.sysOid), `${m.name} sysOid`);
      if (m.probeOid) assert(OID.test(m.probeOid), `${m.name} probeOid`);
      assert(MIBS.includes(m), `${m.name} ${m.sysOid} is not in mibs.ts`);
      assert(m.rows.length > 0, m.name);
      for (const r of m.rows) {
        assert(/^[A-Za-z0-9%._-]+$/.test(r.name), where(r));
        if (r.oid !== undefined) {
          assert(OID.test(r.oid), `${where(r)} ${r.oid}`);
        }
        const flags = r.flags ?? [];
        // A row without an OID can only publish its default.
        if (r.oid === undefined && r.kind === "var") {
          assert(flags.includes("absent") || r.default !== undefined, where(r));
        }
        // A template name says what `%i` runs over (an OID-only `%i` is
        // the daisy-chain device, as NUT reads it).
        if (r.name.includes("%i")) {
          assert(
            ["outlet", "outletGroup", "daisy", "ambient"].some((f) =>
              flags.includes(f as never)
            ),
            `template without index kind: ${where(r)}`,
          );
        }
        if (r.kind === "cmd") {
          assert(r.oid !== undefined, `command without OID: ${where(r)}`);
        }
        if (r.scale !== undefined) {
          assert(Number.isFinite(r.scale) && r.scale > 0, where(r));
        }
        for (const e of r.lookup?.entries ?? []) {
          assert(Number.isInteger(e.value), where(r));
        }
      }
    }
  },
});

/**
 * Mappings NUT added after 2.8.0 (no NUT reading to compare with): each is
 * detected on its synthetic agent, and every plain row (no template, no
 * phase condition) whose OID the agent answers is published.
 */
const POST_280: ReadonlyArray<readonly [string, MibMapping]> = [
  ["synth-apc", APC_PDU_EPDU],
  ["synth-baytech_rpc3nc", BAYTECH_RPC3NC],
  ["synth-eaton_pdu_nlogic", EATON_PDU_NLOGIC],
  ["synth-hpe_pdu3_cis", HPE_PDU3_CIS],
  ["synth-vertiv", VERTIV],
];

const PHASED = ["input1", "input3", "output1", "output3", "bypass1", "bypass3"];

for (const [name, mapping] of POST_280) {
  Deno.test({
    name: `snmp mappings: ${mapping.name} (after 2.8.0) reads ${name}`,
    permissions: READ,
    fn: async () => {
      const rec = recording(name);
      const answered = new Set(rec.varbinds.map((v) => v.oid));
      const r = await readMapping(new MemoryAgent(rec).session());
      assertEquals(r.mapping, mapping.name);
      assertEquals(r.stale, false);
      const vars = published(r.vars);
      for (const row of mapping.rows) {
        const flags = row.flags ?? [];
        if (
          row.kind !== "var" || !row.oid || row.oid.includes("%i") ||
          row.name.includes("%i") || flags.some((f) => PHASED.includes(f)) ||
          row.name.endsWith(".alarm") || row.name === "ups.status" ||
          !answered.has(row.oid)
        ) continue;
        assert(vars.has(row.name), `${name}: ${row.name} not published`);
      }
    },
  });
}

Deno.test({
  name: "snmp mappings: apc (ePDU, after 2.8.0) reads the EPDU1116S recording",
  permissions: READ,
  fn: async () => {
    const r = await readMapping(
      new MemoryAgent(recording("apc-epdu_epdu1116s")).session(),
    );
    assertEquals(r.mapping, "apc");
    // Values as the recording holds them (318.1.1.30.2.1.1.{4,5,3}.1 and
    // the phase-1 voltage 318.1.1.30.4.2.1.4.1 = 0, in tenths of a volt).
    assertEquals(r.vars["device.model"], "EPDU1116S");
    assertEquals(r.vars["device.serial"], "506255602541");
    assertEquals(r.vars["device.version"], "Ver11.10");
    assertEquals(r.vars["device.type"], "pdu");
    assertEquals(r.vars["input.voltage"], "0");
  },
});
