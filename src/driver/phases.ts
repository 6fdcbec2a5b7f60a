/**
 * NUT's dstate_detect_phasecount(): guess 1, 2 (split) or 3 phases of an
 * input/output/bypass from which per-line values are present and non-zero,
 * and publish `<prefix>phases`. Drivers whose protocol has no phase count
 * (netxml-ups) call it after a full snapshot. The tracker belongs to the
 * driver instance.
 *
 * @module
 */

/** Per-prefix memory: detected once, then kept (NUT's may_reevaluate = 0). */
export interface PhaseTracker {
  inited: boolean;
  phases: number;
}

/** A fresh tracker. */
export function phaseTracker(): PhaseTracker {
  return { inited: false, phases: -1 };
}

/**
 * Runs the detection for `prefix` ("input.", "input.bypass.", "output.");
 * `get` reads the published state, `set` publishes. Returns the phase
 * count when one was (newly) published, else undefined.
 */
export function detectPhaseCount(
  prefix: string,
  t: PhaseTracker,
  get: (name: string) => string | undefined,
  set: (name: string, value: string) => void,
): number | undefined {
  if (t.inited) return undefined;
  const nz = (s: string) => {
    const v = get(prefix + s);
    return v !== undefined && v !== "" && v !== "0";
  };
  const v1 = nz("L1.voltage"), v2 = nz("L2.voltage"), v3 = nz("L3.voltage");
  const v1n = nz("L1-N.voltage"), v2n = nz("L2-N.voltage");
  const v3n = nz("L3-N.voltage");
  const v12 = nz("L1-L2.voltage"), v23 = nz("L2-L3.voltage");
  const v31 = nz("L3-L1.voltage");
  const c1 = nz("L1.current"), c2 = nz("L2.current"), c3 = nz("L3.current");
  const v0 = nz("voltage"), c0 = nz("current");
  const old = t.phases;
  let found = 0;
  if (
    (v1 && v2 && !v3) || (v1n && v2n && !v3n) || (c1 && c2 && !c3) ||
    (v12 && !v23 && !v31)
  ) {
    found = 2;
  } else if (
    (v1 && v2 && v3) || (v1n && v2n && v3n) || (c1 && (c2 || c3)) ||
    (c2 && (c1 || c3)) || (c3 && (c1 || c2)) || v12 || v23 || v31
  ) {
    found = 3;
  } else if (
    !v12 && !v23 && !v31 && (
      (c0 && !c1 && !c2 && !c3) || (v0 && !v1 && !v2 && !v3) ||
      (c1 && !c2 && !c3) || (!c1 && c2 && !c3) || (!c1 && !c2 && c3) ||
      (v1 && !v2 && !v3) || (!v1 && v2 && !v3) || (!v1 && !v2 && v3) ||
      (v1n && !v2n && !v3n) || (!v1n && v2n && !v3n) || (!v1n && !v2n && v3n)
    )
  ) {
    found = 1;
  }
  if (!found) return undefined;
  t.phases = found;
  t.inited = true;
  const published = get(prefix + "phases");
  if (published !== undefined && Number.parseInt(published, 10) === found) {
    return undefined;
  }
  if (found !== old || published === undefined) {
    set(prefix + "phases", String(found));
    return found;
  }
  return undefined;
}
