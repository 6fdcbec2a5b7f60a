/**
 * Synthetic Eaton ePDU ("Marlin", EATON-EPDU-MIB) agents for snmpsimd: the
 * corpus has no Marlin recording NUT 2.8.0 can read, so tests build chains
 * from the MIB's layout (unit, input, outlet and group tables indexed by
 * chain position).
 *
 * @module
 */

const E = "1.3.6.1.4.1.534.6.6.7";

/** An ePDU chain of `units` units with `outlets` outlets and 2 groups each. */
export function marlinChain(units: number, outlets: number): string {
  const lines: string[] = [
    "1.3.6.1.2.1.1.1.0|4|Eaton ePDU MA 1P IN:C20 16A OUT:20xC13, 4xC19",
    `1.3.6.1.2.1.1.2.0|6|${E}`,
    "1.3.6.1.2.1.1.4.0|4|ops@example.net",
    "1.3.6.1.2.1.1.6.0|4|rack 7",
    `${E}.1.1.0|4|${Array.from({ length: units }, (_, i) => i).join(",")}`,
  ];
  for (let u = 0; u < units; u++) {
    lines.push(
      `${E}.1.2.1.2.${u}|4|Eaton ePDU MA 1P IN:C20 16A OUT:20xC13 unit ${u}`,
      `${E}.1.2.1.3.${u}|4|EMA10${u}-10`,
      `${E}.1.2.1.4.${u}|4|ZZ${1000 + u}`,
      `${E}.1.2.1.5.${u}|4|03.0${u}.00`,
      `${E}.1.2.1.21.${u}|2|2`,
      `${E}.1.2.1.22.${u}|2|${outlets}`,
      `${E}.3.1.1.2.${u}.1|2|1`,
      `${E}.3.1.1.3.${u}.1|2|${500 + u}`,
      `${E}.3.1.1.4.${u}.1|2|0`,
      `${E}.3.2.1.3.${u}.1.1|66|${229000 + u * 1000}`,
      `${E}.3.2.1.4.${u}.1.1|2|${u === 1 ? 1 : 0}`,
      `${E}.3.2.1.5.${u}.1.1|2|200000`,
      `${E}.3.2.1.7.${u}.1.1|2|250000`,
      `${E}.3.3.1.3.${u}.1.1|2|16000`,
      `${E}.3.3.1.4.${u}.1.1|66|${1234 + u}`,
      `${E}.3.3.1.5.${u}.1.1|2|0`,
      `${E}.3.4.1.3.${u}.1.4|2|${300 + u}`,
      `${E}.3.4.1.4.${u}.1.4|2|${280 + u}`,
    );
    for (let g = 1; g <= 2; g++) {
      lines.push(
        `${E}.5.1.1.2.${u}.${g}|4|${String.fromCharCode(64 + g)}`,
        `${E}.5.1.1.3.${u}.${g}|4|Group ${g} of unit ${u}`,
        `${E}.5.1.1.8.${u}.${g}|4|Section ${g}`,
        `${E}.5.1.1.6.${u}.${g}|2|${Math.ceil(outlets / 2)}`,
        `${E}.5.3.1.3.${u}.${g}|66|230000`,
        `${E}.5.4.1.3.${u}.${g}|66|${600 + g}`,
        `${E}.5.6.1.2.${u}.${g}|2|1`,
      );
    }
    for (let o = 1; o <= outlets; o++) {
      lines.push(
        `${E}.6.1.1.2.${u}.${o}|4|Outlet A${o}`,
        `${E}.6.1.1.3.${u}.${o}|4|Server ${u}-${o}`,
        `${E}.6.1.1.5.${u}.${o}|2|1`,
        `${E}.6.2.1.3.${u}.${o}.1|4|${o <= outlets / 2 ? "A" : "B"}`,
        `${E}.6.4.1.3.${u}.${o}|66|${100 * o + u}`,
        `${E}.6.4.1.4.${u}.${o}|2|${o === 2 && u === 0 ? 3 : 0}`,
        `${E}.6.5.1.3.${u}.${o}|2|${20 * o}`,
        `${E}.6.6.1.2.${u}.${o}|2|${o % 3 === 0 ? 0 : 1}`,
        `${E}.6.6.1.3.${u}.${o}|2|-1`,
        `${E}.6.6.1.4.${u}.${o}|2|-1`,
        `${E}.6.6.1.9.${u}.${o}|2|1`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
