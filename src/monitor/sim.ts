/**
 * Plays the pure policy on a virtual clock the way the live loop does
 * (poll every UPS, recalc, sleep; NUMLOGINS every 250 ms while a primary
 * waits; FINALDELAY), against scripted UPS answers. Used by the scenario
 * tests and by the rehearsal mode: nothing here touches the outside world.
 *
 * @module
 */
import {
  initialState,
  nextDelay,
  type Phase,
  type PolicyAction,
  type PolicyConfig,
  type PolicyEvent,
  type PolicyState,
  step,
} from "./policy.ts";

/** What a UPS answers to a poll at a moment: a status, or a failure. */
export type PollAnswer =
  | string
  | { fail: string; disconnected?: boolean; connect?: boolean };

/** The scripted world. Times are seconds since the start. */
export interface World {
  /** The answer `system` gives when polled at `t`. */
  poll(system: string, t: number): PollAnswer;
  /** Highest NUMLOGINS over our primary UPSes at `t` (default 1: only us). */
  numLogins?(t: number): number;
  /** Seconds at which the user sends `upsmon -c fsd`. */
  userFsdAt?: number;
}

/** One action with the time it happened (seconds since the start). */
export interface TimedAction {
  t: number;
  action: PolicyAction;
}

/** The result of a simulation. */
export interface SimResult {
  timeline: TimedAction[];
  state: PolicyState;
  /** Seconds at which the shutdown action came, if it did. */
  shutdownAt: number | undefined;
}

/** Runs until shutdown or `durationSec` of virtual time. */
export function simulate(
  config: PolicyConfig,
  world: World,
  durationSec: number,
  startMs = 1_700_000_000_000,
): SimResult {
  let state = initialState(config, startMs);
  const timeline: TimedAction[] = [];
  let now = startMs;
  let shutdownAt: number | undefined;
  let fsdSent = false;
  const feed = (event: PolicyEvent) => {
    const r = step(state, event, now, config);
    state = r.state;
    const t = (now - startMs) / 1000;
    for (const action of r.actions) {
      timeline.push({ t, action });
      if (action.type === "shutdown") shutdownAt = t;
    }
  };
  const end = startMs + durationSec * 1000;
  // a function, so TypeScript does not narrow across feed()'s reassignment
  const phase = (): Phase => state.phase;
  while (now <= end && phase() !== "done") {
    const t = (now - startMs) / 1000;
    if (phase() === "monitor") {
      if (!fsdSent && world.userFsdAt !== undefined && t >= world.userFsdAt) {
        fsdSent = true;
        feed({ type: "userFsd" });
      }
    }
    if (phase() === "monitor") {
      for (const m of config.monitors) {
        const answer = world.poll(m.system, t);
        if (typeof answer === "string") {
          feed({ type: "status", system: m.system, status: answer });
        } else if (answer.connect) {
          feed({
            type: "connectFailed",
            system: m.system,
            reason: answer.fail,
          });
        } else {
          feed({
            type: "pollFailed",
            system: m.system,
            reason: answer.fail,
            disconnected: answer.disconnected ?? false,
          });
        }
      }
      feed({ type: "recalc" });
    }
    if (phase() === "hostsync") {
      feed({ type: "numLogins", max: world.numLogins?.(t) ?? 1 });
    }
    if (phase() === "finaldelay") feed({ type: "tick" });
    if (phase() === "done") break;
    now += Math.max(1, nextDelay(state, config, now));
  }
  return { timeline, state, shutdownAt };
}

/** A world where each UPS follows a list of `[fromSecond, answer]` steps. */
export function scriptedWorld(
  scripts: Record<string, [number, PollAnswer][]>,
  extra: Omit<World, "poll"> = {},
): World {
  return {
    ...extra,
    poll(system, t) {
      let answer: PollAnswer = { fail: "Unknown UPS", connect: true };
      for (const [from, a] of scripts[system] ?? []) {
        if (t >= from) answer = a;
      }
      return answer;
    },
  };
}

/** Just the notifications of a timeline, as `TYPE system` strings. */
export function notifications(timeline: TimedAction[]): string[] {
  return timeline.flatMap(({ action }) =>
    action.type === "notify"
      ? [`${action.event}${action.system ? " " + action.system : ""}`]
      : []
  );
}
