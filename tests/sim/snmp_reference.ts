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

/** Folder of NUT 2.8.0's dumps (`<name>.txt`); `augmented/` has the others. */
export const REFERENCE_DIR = new URL(
  "../fixtures/corpus/snmp/nut-2.8.0/",
  import.meta.url,
).pathname;

/** Dumps of the augmented recordings and their list, `augment.tsv`. */
export const AUGMENTED_DIR = REFERENCE_DIR + "augmented/";

/** One augmented recording: `base` plus one `oid|tag|value` line. */
export interface Augmentation {
  readonly name: string;
  readonly base: string;
  readonly line: string;
}

/** Every augmented recording listed in augment.tsv. */
export function augmentations(): Augmentation[] {
  const text = Deno.readTextFileSync(AUGMENTED_DIR + "augment.tsv");
  const out: Augmentation[] = [];
  for (const l of text.split("\n")) {
    if (!l.trim() || l.startsWith("#")) continue;
    const [name, base, oid, tag, value] = l.split("\t");
    if (!name || !base || !oid || !tag || value === undefined) continue;
    out.push({ name, base, line: `${oid}|${tag}|${value}` });
  }
  return out;
}

/** Synthetic recordings (tests/interop/snmp_synthetic.ts), `synth-<mibs>`. */
export const SYNTHETIC_DIR = new URL(
  "../fixtures/corpus/snmp/synthetic/",
  import.meta.url,
).pathname;

/** Synthetic recording names. */
export function syntheticNames(): string[] {
  const names: string[] = [];
  for (const e of Deno.readDirSync(SYNTHETIC_DIR)) {
    if (e.isFile && e.name.endsWith(".snmprec")) {
      names.push(e.name.slice(0, -".snmprec".length));
    }
  }
  return names.sort();
}

/** The `.snmprec` text of a corpus, augmented or synthetic recording. */
export function recordingText(name: string): string {
  if (name.startsWith("synth-")) {
    return Deno.readTextFileSync(`${SYNTHETIC_DIR}${name}.snmprec`);
  }
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
 * The dump shows values as NUT's state tree stores them, with `\\`, `"` and
 * `#` backslash-escaped; the map holds the plain values upsc would show. A
 * value holding newlines (a hex dump of a binary string) goes on over the
 * lines that do not start with a variable name.
 */
export function parseDump(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  let last: string | undefined;
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z][A-Za-z0-9_.-]*): (.*)$/.exec(line);
    if (m) {
      last = m[1]!;
      vars.set(last, m[2]!);
    } else if (last !== undefined && line !== "") {
      vars.set(last, `${vars.get(last)}\n${line}`);
    }
  }
  for (const [k, v] of vars) vars.set(k, v.replace(/\\(.)/g, "$1"));
  return vars;
}

/** Where the dump of `name` (a recording or an augmented one) lives. */
export function dumpPath(name: string): string {
  const dir = name.endsWith("+model")
    ? AUGMENTED_DIR
    : name.startsWith("synth-")
    ? REFERENCE_DIR + "synthetic/"
    : REFERENCE_DIR;
  return `${dir}${name}.txt`;
}

/** Names (recordings and augmented recordings) NUT 2.8.0 produced a dump for. */
export function referenceNames(): string[] {
  const names: string[] = [];
  for (
    const dir of [REFERENCE_DIR, AUGMENTED_DIR, REFERENCE_DIR + "synthetic/"]
  ) {
    for (const e of Deno.readDirSync(dir)) {
      if (e.isFile && e.name.endsWith(".txt")) names.push(e.name.slice(0, -4));
    }
  }
  return names.sort();
}

/** NUT 2.8.0's dump for `name`. */
export function referenceDump(name: string): Map<string, string> {
  return parseDump(Deno.readTextFileSync(dumpPath(name)));
}

/**
 * Variables our snmp-ups deliberately reads otherwise than NUT 2.8.0, by
 * agent (README "Deliberate differences"); the differential tests leave
 * them out of the comparison.
 */
export const KNOWN_DIFFERENCES: Readonly<Record<string, RegExp>> = {
  // Engine: a device.count row makes NUT run in daisy-chain mode even for
  // one device, and it still commits the alarm buffer then (alarm_commit
  // after status_commit); our driver drops the alarms in daisy-chain mode.
  "synth-hpe_epdu": /^ups\.alarm$/,
  // Engine: NUT cuts a daisy-chain unit's alarm text at 254 characters (its
  // alarm buffer); ours publishes the whole text.
  "synth-hpe_epdu-daisy2": /^device\.\d+\.ups\.alarm$/,
  // cpqpower has NUT's later table fix (compaq-mib.c 1.67): phase amperes
  // and watts are whole units (2.8.0 divided them by ten) and the nominal
  // values are read whatever the phase count.
  "synth-cpqpower":
    /^((input|output|ups)\.L\d\.(current|realpower)|(input|output)\.(voltage|frequency)\.nominal)$/,
  // baytech knows the outlet states NUT added later (lockon, lockoff,
  // unlock, unknown); 2.8.0 publishes no status for them.
  "synth-baytech": /^outlet\.\d+\.status$/,
  // netvision reads upsOutputSource as SOCOMECUPS-MIB defines it (NUT's
  // later fix): 6 and 8 are OFF, 5 and 7 bypass; 2.8.0 said OL/OB for them.
  "synth-netvision": /^ups\.status$/,
  "synth-netvision-1phase": /^ups\.status$/,
  // Same cpqpower fix, single phase: amperes unscaled, input watts and the
  // output frequency read at their real OIDs and scale, ups.realpower the
  // load in watts and ups.realpower.nominal the rating (2.8.0 published
  // the rating as ups.realpower).
  "synth-cpqpower-1phase":
    /^(input\.(current|realpower)|output\.(current|frequency\.nominal)|ups\.realpower(\.nominal)?)$/,
};
