/**
 * Rehearsal: play a simulated power outage through the real policy with
 * the live config (and what upsd says now: runtimes, logins), and print
 * the decision timeline. Pure apart from the live snapshot passed in;
 * nothing is executed.
 *
 * @module
 */
import type { UpsmonConf } from "../config/upsmon_conf.ts";
import { route } from "./notify.ts";
import { type SimResult, simulate, type World } from "./sim.ts";

/** What upsd reports about one MONITORed UPS right now (queried without LOGIN). */
export interface LiveUps {
  system: string;
  status?: string;
  runtime?: number;
  runtimeLow?: number;
  numLogins?: number;
  error?: string;
}

/** Default seconds from power loss to LB when upsd gives no runtime. */
export const ASSUMED_LB_AFTER = 300;

/** The outage plan: the world to simulate and the assumptions made. */
export interface OutagePlan {
  world: World;
  /** Seconds into the simulation at which the power fails. */
  start: number;
  assumptions: string[];
}

/** Every UPS loses power at once; LB comes when runtime reaches runtime.low. */
export function planOutage(conf: UpsmonConf, live: LiveUps[]): OutagePlan {
  const start = conf.pollFreq;
  const assumptions: string[] = [];
  const lbAt = new Map<string, number>();
  for (const m of conf.monitors) {
    const l = live.find((x) => x.system === m.system);
    let after = ASSUMED_LB_AFTER;
    if (l?.runtime !== undefined) {
      after = Math.max(0, l.runtime - (l.runtimeLow ?? 0));
      assumptions.push(
        `${m.system}: battery.runtime ${l.runtime} s, runtime.low ${
          l.runtimeLow ?? 0
        } s: LB expected ${after} s after power loss`,
      );
    } else {
      assumptions.push(
        `${m.system}: no battery.runtime${
          l?.error ? ` (${l.error})` : ""
        }: LB assumed ${after} s after power loss`,
      );
    }
    lbAt.set(m.system, start + after);
  }
  const logins = Math.max(1, ...live.map((l) => l.numLogins ?? 1));
  const primaries = conf.monitors.filter((m) => m.primary).length;
  if (primaries > 0) {
    assumptions.push(
      logins > 1
        ? `${logins - 1} other client(s) logged in: assumed to log out ${
          conf.pollFreqAlert + conf.finalDelay
        } s after FSD`
        : "no other clients logged in",
    );
  }
  let fsdSeen: number | undefined;
  return {
    start,
    assumptions,
    world: {
      poll(system, t) {
        if (t < start) return "OL";
        return t >= (lbAt.get(system) ?? Infinity) ? "OB LB" : "OB";
      },
      numLogins(t) {
        fsdSeen ??= t;
        return t < fsdSeen + conf.pollFreqAlert + conf.finalDelay ? logins : 1;
      },
    },
  };
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds * 100) / 100);
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  const sec = Number.isInteger(rest)
    ? String(rest).padStart(2, "0")
    : rest.toFixed(2).padStart(5, "0");
  return `T+${m}:${sec}`;
}

/** Runs the rehearsal and formats the timeline as text. */
export function rehearse(conf: UpsmonConf, live: LiveUps[]): {
  text: string;
  result: SimResult;
} {
  const plan = planOutage(conf, live);
  const result = simulate(conf, plan.world, plan.start + 24 * 3600);
  const lines: string[] = ["Rehearsal: simulated power failure on every UPS"];
  for (const l of live) {
    lines.push(
      `  now: ${l.system}: ${
        l.error ? `unreachable (${l.error})` : `status [${l.status ?? ""}]`
      }`,
    );
  }
  for (const a of plan.assumptions) lines.push(`  assume: ${a}`);
  lines.push("Timeline (nothing is executed):");
  for (const { t, action } of result.timeline) {
    const at = clock(t - plan.start);
    switch (action.type) {
      case "notify": {
        const d = route(conf.notify, action.event, action.system);
        const via = d
          ? [d.syslog && "SYSLOG", d.wall && "WALL", d.exec && "EXEC"].filter(
            Boolean,
          ).join("+") || "nowhere"
          : "IGNORE";
        lines.push(
          `  ${at}  notify ${action.event}${
            action.system ? ` ${action.system}` : ""
          }: "${d?.message ?? ""}" via ${via}`,
        );
        break;
      }
      case "setFsd":
        lines.push(`  ${at}  would set FSD on ${action.system}`);
        break;
      case "wall":
        lines.push(`  ${at}  would wall: ${action.message}`);
        break;
      case "shutdown":
        lines.push(
          `  ${at}  POWERDOWNFLAG ${
            conf.powerDownFlag ?? "(not set)"
          } would be created`,
        );
        lines.push(
          `  ${at}  SHUTDOWNCMD would run: ${conf.shutdownCmd ?? "(not set)"}`,
        );
        break;
      case "log":
        if (action.level !== "debug") lines.push(`  ${at}  ${action.message}`);
        break;
    }
  }
  if (result.shutdownAt === undefined) {
    lines.push(
      "  no shutdown within 24 hours (check MINSUPPLIES and power values)",
    );
  } else {
    lines.push(
      `Decision: shutdown ${
        clock(result.shutdownAt - plan.start)
      } after power loss`,
    );
  }
  return { text: lines.join("\n") + "\n", result };
}
