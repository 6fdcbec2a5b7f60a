/**
 * Writes a synthetic `.snmprec` recording per vendor mapping that has no
 * real recording NUT 2.8.0 can read: a value at every OID the mapping reads
 * (templates expanded for 3 outlets, 2 outlet groups, daisy units 0 and 1),
 * with the mapping's sysObjectID. NUT 2.8.0's snmp-ups then reads each one
 * (tests/interop/snmp_nut_dumps.ts), and the mapping tests compare our
 * reading with NUT's: a wrong OID, scale, lookup or flag in our table shows
 * as a difference, since NUT reads the same agent with its own table.
 *
 *   deno run -A tests/interop/snmp_synthetic.ts
 *
 * Output: tests/fixtures/corpus/snmp/synthetic/<mibs name>[-<n>].snmprec
 *
 * @module
 */
import type { MibMapping, SnmpRow } from "../../drivers/snmp/types.ts";
import { compareOids } from "../../src/transport/snmprec.ts";
import { BAYTECH } from "../../drivers/snmp/baytech.ts";
import { BESTPOWER } from "../../drivers/snmp/bestpower.ts";
import { COMPAQ } from "../../drivers/snmp/compaq.ts";
import { EATON_ATS16_NMC } from "../../drivers/snmp/eaton_ats16_nmc.ts";
import { EATON_ATS16_NM2 } from "../../drivers/snmp/eaton_ats16_nm2.ts";
import { EATON_ATS30 } from "../../drivers/snmp/eaton_ats30.ts";
import { EMERSON_AVOCENT_PDU } from "../../drivers/snmp/emerson_avocent_pdu.ts";
import { APHEL_GENESIS2 } from "../../drivers/snmp/aphel_genesis2.ts";
import {
  PULIZZI_SWITCHED1,
  PULIZZI_SWITCHED2,
} from "../../drivers/snmp/pulizzi.ts";
import { NETVISION } from "../../drivers/snmp/netvision.ts";
import { RARITAN } from "../../drivers/snmp/raritan.ts";
import { HPE_PDU } from "../../drivers/snmp/hpe_pdu.ts";
import { APHEL_REVELATION } from "../../drivers/snmp/aphel_revelation.ts";
import { APC_ATS } from "../../drivers/snmp/apc_ats.ts";
import { HUAWEI } from "../../drivers/snmp/huawei.ts";
import { DELTA_UPS } from "../../drivers/snmp/delta_ups.ts";
import { RARITAN_PX2 } from "../../drivers/snmp/raritan_px2.ts";
import { XPPC } from "../../drivers/snmp/xppc.ts";
import { APC_PDU_EPDU } from "../../drivers/snmp/apc_epdu.ts";
import { BAYTECH_RPC3NC } from "../../drivers/snmp/baytech_rpc3nc.ts";
import { EATON_PDU_NLOGIC } from "../../drivers/snmp/eaton_pdu_nlogic.ts";
import { HPE_PDU3_CIS } from "../../drivers/snmp/hpe_pdu3_cis.ts";
import { VERTIV } from "../../drivers/snmp/vertiv.ts";

/** Mappings given a synthetic agent, with the file base name used. */
export const SYNTHETIC: ReadonlyArray<
  readonly [string, MibMapping, number?, number?]
> = [
  // Single-phase variants (the rows only read with one phase).
  ["synth-netvision-1phase", NETVISION, 1, 1],
  ["synth-cpqpower-1phase", COMPAQ, 1, 1],
  // Daisy chains of two units (device.count 2): device.N.* variables.
  ["synth-hpe_epdu-daisy2", HPE_PDU, 2],
  ["synth-emerson_avocent_pdu-daisy2", EMERSON_AVOCENT_PDU, 2],
  ["synth-baytech", BAYTECH],
  ["synth-bestpower", BESTPOWER],
  ["synth-cpqpower", COMPAQ],
  ["synth-eaton_ats16_nmc", EATON_ATS16_NMC],
  ["synth-eaton_ats16_nm2", EATON_ATS16_NM2],
  ["synth-eaton_ats30", EATON_ATS30],
  ["synth-emerson_avocent_pdu", EMERSON_AVOCENT_PDU],
  ["synth-aphel_genesisII", APHEL_GENESIS2],
  ["synth-pulizzi_switched1", PULIZZI_SWITCHED1],
  ["synth-pulizzi_switched2", PULIZZI_SWITCHED2],
  ["synth-netvision", NETVISION],
  ["synth-raritan", RARITAN],
  ["synth-hpe_epdu", HPE_PDU],
  ["synth-aphel_revelation", APHEL_REVELATION],
  ["synth-apc_ats", APC_ATS],
  ["synth-huawei", HUAWEI],
  ["synth-delta_ups", DELTA_UPS],
  ["synth-raritan-px2", RARITAN_PX2],
  ["synth-xppc", XPPC],
  // Mappings added to NUT after 2.8.0: no NUT reading to compare with.
  ["synth-apc", APC_PDU_EPDU],
  ["synth-baytech_rpc3nc", BAYTECH_RPC3NC],
  ["synth-eaton_pdu_nlogic", EATON_PDU_NLOGIC],
  ["synth-hpe_pdu3_cis", HPE_PDU3_CIS],
  ["synth-vertiv", VERTIV],
];

const COUNTS: Record<string, number> = {
  "outlet.count": 3,
  "outlet.group.count": 2,
  "device.count": 1,
  "input.phases": 3,
  "output.phases": 3,
  "input.bypass.phases": 3,
};

/** Every concrete OID a row may read, with the template indexes filled. */
function expand(row: SnmpRow, units: number): string[] {
  const oid = row.oid!;
  const n = (oid.match(/%i/g) ?? []).length;
  if (n === 0) return [oid];
  const flags = row.flags ?? [];
  const items = flags.includes("outletGroup")
    ? [1, 2]
    : flags.includes("outlet")
    ? [1, 2, 3]
    : [0, 1];
  const daisy = [...Array(units + 1).keys()];
  const out: string[] = [];
  if (n === 1) {
    const list = flags.includes("outlet") || flags.includes("outletGroup")
      ? items
      : daisy;
    for (const i of list) out.push(oid.replace("%i", String(i)));
  } else {
    for (const d of daisy) {
      for (const i of items) {
        out.push(oid.replace("%i", String(d)).replace("%i", String(i)));
      }
    }
  }
  return out;
}

/** One value line for a row at `oid`; `k` varies the numbers. */
function valueLine(
  row: SnmpRow,
  oid: string,
  k: number,
  units: number,
  phases: number,
): string {
  const flags = row.flags ?? [];
  const count = row.name === "device.count"
    ? units
    : row.name.endsWith(".phases")
    ? phases
    : COUNTS[row.name];
  if (count !== undefined) return `${oid}|2|${count}`;
  const entries = row.lookup?.entries ?? [];
  if (entries.length > 0) {
    // Cycle through the lookup so several translations are exercised.
    const e = entries[k % entries.length]!;
    return `${oid}|2|${e.value}`;
  }
  if (flags.includes("string")) {
    return `${oid}|4|${row.name.replaceAll("%i", "N")} ${k}`;
  }
  return `${oid}|2|${100 + (k % 150)}`;
}

/** The synthetic recording of a mapping. */
export function synthesize(m: MibMapping, units = 1, phases = 3): string {
  const lines = new Map<string, string>();
  lines.set("1.3.6.1.2.1.1.1.0", `1.3.6.1.2.1.1.1.0|4|synthetic ${m.name}`);
  if (m.sysOid) {
    lines.set("1.3.6.1.2.1.1.2.0", `1.3.6.1.2.1.1.2.0|6|${m.sysOid}`);
  }
  let k = 0;
  for (const row of m.rows) {
    if (row.kind !== "var" || row.oid === undefined) continue;
    for (const oid of expand(row, units)) {
      if (!lines.has(oid)) {
        lines.set(oid, valueLine(row, oid, k++, units, phases));
      }
    }
  }
  if (m.probeOid && !lines.has(m.probeOid)) {
    lines.set(m.probeOid, `${m.probeOid}|4|probe`);
  }
  if (m.powerStatusOid && !lines.has(m.powerStatusOid)) {
    lines.set(m.powerStatusOid, `${m.powerStatusOid}|2|2`);
  }
  // snmpsimd serves a file in its line order: keep it in OID order.
  const oids = [...lines.keys()].sort(compareOids);
  return oids.map((o) => lines.get(o)).join("\n") + "\n";
}

if (import.meta.main) {
  const dir = new URL("../fixtures/corpus/snmp/synthetic/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, m, units, phases] of SYNTHETIC) {
    const text = synthesize(m, units, phases);
    await Deno.writeTextFile(new URL(`${name}.snmprec`, dir), text);
    console.log(`${name}: ${text.split("\n").length - 1} OIDs`);
  }
}
