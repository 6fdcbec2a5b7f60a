/**
 * How the DDL corpus test compares NUT's `upsc` output with ours, UPS by UPS.
 * Kept apart from the test so the rules themselves are unit-tested.
 *
 * @module
 */

/** One `upsc <ups>` run: whether it succeeded, and its stdout (+ stderr on failure). */
export interface UpscResult {
  ok: boolean;
  out: string;
}

/** Differences we keep on purpose, by the exact lines that differ. */
export const DELIBERATE: Record<string, string> = {
  // NUT flips synchronous=auto to yes when a socket write hits EAGAIN (big
  // dumps, timing-dependent); our socket writes are queued, never EAGAIN.
  "-driver.parameter.synchronous: yes|+driver.parameter.synchronous: auto":
    "NUT switched to synchronous writes after EAGAIN",
};

/** The lines that differ between two `upsc` outputs, `-nut` / `+ours`. */
export function classify(nut: string, ours: string): string {
  const a = new Set(nut.split("\n"));
  const b = new Set(ours.split("\n"));
  const minus = [...a].filter((l) => !b.has(l)).map((l) => `-${l}`);
  const plus = [...b].filter((l) => !a.has(l)).map((l) => `+${l}`);
  return [...minus, ...plus].join("|");
}

/** The outcome of comparing every UPS. */
export interface Comparison {
  /** UPSes whose `upsc` succeeded on both sides with the same output. */
  same: number;
  /** Files where `upsc` failed on both sides: never counted as identical. */
  bothFailed: string[];
  /** Difference groups (see `classify`) not listed in DELIBERATE. */
  unexplained: string[];
  /** Report lines, one per group. */
  lines: string[];
}

/**
 * Compares each UPS. A UPS counts as identical only when both `upsc` runs
 * succeeded with the same output: two identical failures (e.g. both upsd
 * answering "Driver not connected") prove nothing, so they are reported
 * apart and the caller fails on them.
 */
export function compare(
  label: string,
  files: string[],
  nut: UpscResult[],
  ours: UpscResult[],
): Comparison {
  const groups = new Map<string, string[]>();
  const bothFailed: string[] = [];
  let same = 0;
  for (let i = 0; i < files.length; i++) {
    const a = nut[i] ?? { ok: false, out: "(no result)" };
    const b = ours[i] ?? { ok: false, out: "(no result)" };
    if (!a.ok && !b.ok) {
      bothFailed.push(files[i]!);
      continue;
    }
    if (a.ok && b.ok && a.out === b.out) {
      same++;
      continue;
    }
    const why = classify(
      a.ok ? a.out : `(upsc failed) ${a.out}`,
      b.ok ? b.out : `(upsc failed) ${b.out}`,
    );
    groups.set(why, [...(groups.get(why) ?? []), files[i]!]);
  }
  const lines = [
    `ddl (${label}): ${same}/${files.length} identical, ${bothFailed.length} failed on both sides`,
  ];
  if (bothFailed.length) {
    lines.push(`  upsc failed on both sides for: ${bothFailed.join(", ")}`);
  }
  const unexplained: string[] = [];
  for (const [why, list] of groups) {
    const reason = DELIBERATE[why];
    lines.push(
      `  ${list.length} differ by ${reason ?? "UNEXPLAINED"}: ${
        why.slice(0, 300)
      } (e.g. ${list[0]})`,
    );
    if (!reason) unexplained.push(why);
  }
  return { same, bothFailed, unexplained, lines };
}
