/**
 * NUT 2.8.0's own readings of the SNMP recordings (the reference the
 * mapping tests compare against) and the "augmented" recordings: a corpus
 * recording plus the one model OID the third-party fixture left out, without
 * which neither NUT nor we detect the device (see
 * tests/fixtures/corpus/snmp/nut-2.8.0/README.md).
 *
 * @module
 */
import { fixturePath } from "./snmpsim.ts";
import {
  parseSnmprec,
  type SnmpRecording,
} from "../../src/transport/snmprec.ts";

/** Folder of NUT 2.8.0's dumps (`<name>.txt`) and `augment.tsv`. */
export const REFERENCE_DIR = new URL(
  "../fixtures/corpus/snmp/nut-2.8.0/",
  import.meta.url,
).pathname;

/** One augmented recording: `base` plus one `oid|tag|value` line. */
export interface Augmentation {
  readonly name: string;
  readonly base: string;
  readonly line: string;
}

/** Every augmented recording listed in augment.tsv. */
export function augmentations(): Augmentation[] {
  const text = Deno.readTextFileSync(REFERENCE_DIR + "augment.tsv");
  const out: Augmentation[] = [];
  for (const l of text.split("\n")) {
    if (!l.trim() || l.startsWith("#")) continue;
    const [name, base, oid, tag, value] = l.split("\t");
    if (!name || !base || !oid || !tag || value === undefined) continue;
    out.push({ name, base, line: `${oid}|${tag}|${value}` });
  }
  return out;
}

/** The `.snmprec` text of a corpus recording or an augmented one. */
export function recordingText(name: string): string {
  const aug = augmentations().find((a) => a.name === name);
  if (!aug) return Deno.readTextFileSync(fixturePath(name));
  const base = Deno.readTextFileSync(fixturePath(aug.base));
  return `${base.endsWith("\n") ? base : base + "\n"}${aug.line}\n`;
}

/** The parsed recording (corpus or augmented). */
export function recording(name: string): SnmpRecording {
  return parseSnmprec(recordingText(name));
}

/**
 * A driver dump (`name: value` lines, as `snmp-ups -d 1` prints) as a map.
 * The dump shows values as NUT's state tree stores them, with `\`, `"` and
 * `#` backslash-escaped; the map holds the plain values upsc would show.
 */
export function parseDump(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split("\n")) {
    const i = line.indexOf(": ");
    if (i > 0) {
      vars.set(line.slice(0, i), line.slice(i + 2).replace(/\\(.)/g, "$1"));
    }
  }
  return vars;
}

/** Names (recordings or augmented recordings) NUT 2.8.0 produced a dump for. */
export function referenceNames(): string[] {
  const names: string[] = [];
  for (const e of Deno.readDirSync(REFERENCE_DIR)) {
    if (e.isFile && e.name.endsWith(".txt")) names.push(e.name.slice(0, -4));
  }
  return names.sort();
}

/** NUT 2.8.0's dump for `name`. */
export function referenceDump(name: string): Map<string, string> {
  return parseDump(Deno.readTextFileSync(`${REFERENCE_DIR}${name}.txt`));
}
