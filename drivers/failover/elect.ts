/**
 * failover's election (NUT master's drivers/failover.c, get_primary_candidate
 * and ups_passes_status_filters), pure: each tracked driver gets a priority
 * (0 forced, 1 status filters passed, 2 fresh and OL, 3 fresh, 4 alive but
 * stale; -1 skipped), the lowest wins, ties go to `port` order, and among
 * priority 3 and 4 `checkruntime` lets a longer runtime win.
 *
 * @module
 */

/** Priorities (failover.h's ups_priority_t). */
export const PRIORITY = {
  skipped: -1,
  forced: 0,
  filters: 1,
  online: 2,
  battery: 3,
  stale: 4,
} as const;

/** The four status filters (comma-separated tokens each). */
export interface StatusFilters {
  haveAny: readonly string[];
  haveAll: readonly string[];
  notHaveAny: readonly string[];
  notHaveAll: readonly string[];
}

/** What the election reads of one tracked driver. */
export interface Candidate {
  alive: boolean;
  dumped: boolean;
  dataOk: boolean;
  online: boolean;
  status: string | undefined;
  runtime: number;
  runtimeLow: number;
  /** Administrative overrides: seconds (<0 permanent, 0 none) and when set (ms). */
  forceIgnore: number;
  forceIgnoreAt: number;
  forcePrimary: number;
  forcePrimaryAt: number;
}

/** Election settings. */
export interface ElectOptions {
  filters: StatusFilters;
  strict: boolean;
  checkRuntime: 0 | 1 | 2 | 3;
}

const hasToken = (status: string, tok: string) =>
  status.split(" ").includes(tok);

/** ups_passes_status_filters: false without filters or without a status. */
export function passesFilters(
  status: string | undefined,
  f: StatusFilters,
): boolean {
  if (!status) return false;
  if (
    !f.haveAny.length && !f.haveAll.length && !f.notHaveAny.length &&
    !f.notHaveAll.length
  ) return false;
  if (f.notHaveAny.some((t) => hasToken(status, t))) return false;
  if (!f.haveAll.every((t) => hasToken(status, t))) return false;
  if (f.notHaveAll.length && f.notHaveAll.every((t) => hasToken(status, t))) {
    return false;
  }
  if (f.haveAny.length && !f.haveAny.some((t) => hasToken(status, t))) {
    return false;
  }
  return true;
}

function betterRuntime(
  rt: number,
  low: number,
  bestRt: number,
  bestLow: number,
  mode: number,
): boolean {
  if (mode === 1) return rt > bestRt;
  if (mode === 2) return low > bestLow;
  if (mode === 3) return rt > bestRt && low > bestLow;
  return false;
}

/** Expires timed overrides (mutates), as NUT does at each election. */
function expire(c: Candidate, now: number): void {
  if (c.forcePrimary > 0 && (now - c.forcePrimaryAt) / 1000 > c.forcePrimary) {
    c.forcePrimary = 0;
  }
  if (c.forceIgnore > 0 && (now - c.forceIgnoreAt) / 1000 > c.forceIgnore) {
    c.forceIgnore = 0;
  }
}

/** One candidate's priority. */
export function priorityOf(
  c: Candidate,
  o: ElectOptions,
  now: number,
): number {
  expire(c, now);
  if (!c.alive || !c.dumped) return PRIORITY.skipped;
  if (c.forceIgnore !== 0) return PRIORITY.skipped;
  if (c.forcePrimary !== 0) return PRIORITY.forced;
  if (passesFilters(c.status, o.filters)) return PRIORITY.filters;
  if (o.strict) return PRIORITY.skipped;
  if (c.dataOk && c.online) return PRIORITY.online;
  if (c.dataOk) return PRIORITY.battery;
  return PRIORITY.stale;
}

/** The election: index of the winner (or -1), every priority, and how many qualified. */
export function elect(
  cands: readonly Candidate[],
  o: ElectOptions,
  now: number,
): { best: number; priorities: number[]; qualified: number } {
  let best = -1;
  let bestPrio = 100;
  let bestRt = -1;
  let bestLow = -1;
  let qualified = 0;
  const priorities = cands.map((c, i) => {
    const p = priorityOf(c, o, now);
    if (p < 0) return p;
    qualified++;
    if (p < bestPrio) {
      best = i;
      bestPrio = p;
      bestRt = c.runtime;
      bestLow = c.runtimeLow;
    } else if (
      p === bestPrio && o.checkRuntime && p >= PRIORITY.battery &&
      betterRuntime(c.runtime, c.runtimeLow, bestRt, bestLow, o.checkRuntime)
    ) {
      best = i;
      bestRt = c.runtime;
      bestLow = c.runtimeLow;
    }
    return p;
  });
  return { best, priorities, qualified };
}
