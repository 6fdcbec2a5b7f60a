/**
 * Variable and command descriptions from NUT's `cmdvartab`
 * (server/desc.c): `VARDESC <name> "<text>"` and `CMDDESC <name> "<text>"`.
 * Names match case-insensitively; a missing file means no descriptions.
 *
 * @module
 */
import { parseText } from "../words.ts";

/** Descriptions by lowercased name. */
export interface Descriptions {
  vars: Map<string, string>;
  cmds: Map<string, string>;
}

/** An empty table (every answer is "Description unavailable"). */
export function emptyDescriptions(): Descriptions {
  return { vars: new Map(), cmds: new Map() };
}

/** Parses cmdvartab text; malformed lines are skipped as NUT skips them. */
export function parseCmdvartab(text: string): Descriptions {
  const d = emptyDescriptions();
  for (const { words, error } of parseText(text)) {
    if (error !== undefined || words.length < 3) continue;
    const [kind, name, desc] = words as [string, string, string];
    if (kind === "VARDESC") d.vars.set(name.toLowerCase(), desc);
    else if (kind === "CMDDESC") d.cmds.set(name.toLowerCase(), desc);
  }
  return d;
}
