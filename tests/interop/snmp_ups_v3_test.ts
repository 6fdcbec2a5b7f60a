/**
 * snmp-ups over SNMPv3: snmpsimd serves one recording to a USM user per
 * security level and auth/priv protocol pair; NUT 2.8.0's snmp-ups (behind
 * NUT's upsd) and ours (behind our upsd) log in as each user and upsc must
 * show the same values for every pair, and a wrong password must give no
 * data on both.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  haveSnmpsim,
  type SimAuth,
  type SimPriv,
  type SimUser,
  startSnmpSim,
} from "../sim/snmpsim.ts";
import { collect, lineDiff, startStack } from "./snmp_diff.ts";

const REC = "cyberpower";
const AUTHS = ["MD5", "SHA", "SHA256", "SHA384", "SHA512"] as const;
/** NUT's privProtocol → snmpsimd's (Net-SNMP's AES192/256 are Blumenthal's). */
const PRIVS: ReadonlyArray<readonly [string, SimPriv]> = [
  ["DES", "DES"],
  ["AES", "AES"],
  ["AES192", "AES192BLMT"],
  ["AES256", "AES256BLMT"],
];

interface Case {
  section: string;
  user: SimUser;
  conf: string;
}

function cases(): Case[] {
  const out: Case[] = [{
    section: "v3_plain",
    user: { name: "plain" },
    conf: " snmp_version = v3\n secName = plain\n",
  }];
  for (const a of AUTHS) {
    const auth = { authProto: a as SimAuth, authKey: `pw-${a}-auth` };
    out.push({
      section: `v3_${a}`,
      user: { name: `auth_${a}`, ...auth },
      conf:
        ` snmp_version = v3\n secLevel = authNoPriv\n secName = auth_${a}\n` +
        ` authProtocol = ${a}\n authPassword = pw-${a}-auth\n`,
    });
    for (const [p, sp] of PRIVS) {
      out.push({
        section: `v3_${a}_${p}`,
        user: {
          name: `priv_${a}_${p}`,
          ...auth,
          privProto: sp,
          privKey: `pw-${p}-priv`,
        },
        conf:
          ` snmp_version = v3\n secLevel = authPriv\n secName = priv_${a}_${p}\n` +
          ` authProtocol = ${a}\n authPassword = pw-${a}-auth\n` +
          ` privProtocol = ${p}\n privPassword = pw-${p}-priv\n`,
      });
    }
  }
  out.push({
    section: "v3_badpw",
    user: { name: "auth_bad", authProto: "SHA", authKey: "right-password" },
    conf: " snmp_version = v3\n secLevel = authNoPriv\n secName = auth_bad\n" +
      " authProtocol = SHA\n authPassword = wrong-password\n",
  });
  return out;
}

Deno.test({
  name: "snmp-ups v3: every auth/priv pair reads the same values as NUT 2.8.0",
  ignore: !haveNut() || !haveSnmpsim(),
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const all = cases();
    const sim = await startSnmpSim({
      recordings: [REC],
      users: all.map((c) => c.user),
      v3Default: REC,
    });
    try {
      const conf = new Map(all.map((c) => [c.section, c.conf]));
      const names = all.map((c) => c.section);
      const got: Record<string, Map<string, string[]>> = {};
      for (const flavour of ["nut", "ours"] as const) {
        const stack = await startStack(
          flavour,
          sim,
          names,
          (s) => conf.get(s)!,
        );
        try {
          got[flavour] = await collect(stack, names, 90_000);
        } finally {
          await stack.stop();
        }
      }
      const bad: string[] = [];
      for (const n of names) {
        const nut = got.nut!.get(n)!;
        const ours = got.ours!.get(n)!;
        if (n === "v3_badpw") {
          assert(nut[0]?.startsWith("ERROR"), `NUT read with a bad password`);
          assert(ours[0]?.startsWith("ERROR"), `we read with a bad password`);
          continue;
        }
        assert(nut.some((l) => l.startsWith("ups.model: ")), `${n}: ${nut[0]}`);
        const d = lineDiff(nut, ours);
        if (d.length) bad.push(`${n}: ${d.join(" | ")}`);
      }
      assertEquals(bad, []);
    } finally {
      await sim.stop();
    }
  },
});
