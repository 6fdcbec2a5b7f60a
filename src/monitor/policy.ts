/**
 * upsmon's shutdown policy as a pure state machine (clients/upsmon.c 2.8.0:
 * parse_status, ups_is_gone, recalc, is_ups_critical, forceshutdown,
 * slavesync, doshutdown). `step(state, event, now, config)` returns the next
 * state and the actions to perform; time is an input (ms), so tests can run
 * an hour of outage in microseconds. Nothing here does I/O.
 *
 * @module
 */
import type { LogLevel } from "../log.ts";
import type { NotifyType } from "./notify.ts";

/** The settings the policy reads (UpsmonConf satisfies this). */
export interface PolicyConfig {
  monitors: readonly { system: string; powerValue: number; primary: boolean }[];
  minSupplies: number;
  hostSync: number;
  deadTime: number;
  finalDelay: number;
  rbWarnTime: number;
  noCommWarnTime: number;
  pollFreq: number;
  pollFreqAlert: number;
  /** OFFDURATION (2.8.1+); absent = NUT's default 30. */
  offDuration?: number;
  /** OVERDURATION; absent = NUT's default -1 (never critical for it). */
  overDuration?: number;
}

/** What upsmon knows about one MONITORed UPS. Times are ms. */
export interface UpsState {
  system: string;
  /** -1 never connected, 0 lost, 1 ok (COMMOK only on 0 → 1). */
  commState: -1 | 0 | 1;
  /** -1 before the first OL (that first OL is silent). */
  lineState: -1 | 0 | 1;
  ol: boolean;
  ob: boolean;
  lb: boolean;
  fsd: boolean;
  cal: boolean;
  /** OFF seen in the last status; `offSince` when it began (ms). */
  off: boolean;
  offSince: number;
  /** OFF lasted past OFFDURATION: the UPS no longer counts as feeding us. */
  offState: boolean;
  /** OVER seen in the last status. */
  over: boolean;
  lastPoll: number;
  lastNonCrit: number;
  lastRbWarn: number;
  lastNcWarn: number;
}

/** Where the shutdown sequence is. */
export type Phase = "monitor" | "hostsync" | "finaldelay" | "done";

/** The whole policy state. */
export interface PolicyState {
  ups: UpsState[];
  phase: Phase;
  /** When the current phase began (ms). */
  phaseSince: number;
  lastParentWarn: number;
}

/** Inputs: poll results, connection outcomes, time. */
export type PolicyEvent =
  /** `GET VAR <ups> ups.status` answered. */
  | { type: "status"; system: string; status: string }
  /** The poll failed; `disconnected` when the link is gone (drop_connection). */
  | {
    type: "pollFailed";
    system: string;
    reason: string;
    disconnected: boolean;
  }
  /** Connecting (or TLS setup) failed. */
  | { type: "connectFailed"; system: string; reason: string }
  /** End of a poll cycle: recalc and maybe decide to shut down. */
  | { type: "recalc" }
  /** SIGUSR1 / `upsmon -c fsd`. */
  | { type: "userFsd" }
  /** While a primary waits: the highest NUMLOGINS seen (0 if none answered). */
  | { type: "numLogins"; max: number }
  /** Time passes (FINALDELAY, HOSTSYNC). */
  | { type: "tick" }
  /** The privileged parent is gone. */
  | { type: "parentGone" };

/** Outputs the loop must carry out, in order. */
export type PolicyAction =
  | { type: "notify"; event: NotifyType; system: string }
  | { type: "log"; level: LogLevel; message: string }
  /** Send `FSD <ups>` for this primary UPS. */
  | { type: "setFsd"; system: string }
  /** Broadcast text with wall(1). */
  | { type: "wall"; message: string }
  /** Create POWERDOWNFLAG, then run SHUTDOWNCMD (once), then exit. */
  | { type: "shutdown" };

/** The result of one step. */
export interface StepResult {
  state: PolicyState;
  actions: PolicyAction[];
}

/** A fresh state for the configured UPSes (NUT's addups defaults). */
export function initialState(config: PolicyConfig, now = 0): PolicyState {
  return {
    ups: config.monitors.map((m) => freshUps(m.system)),
    phase: "monitor",
    phaseSince: now,
    lastParentWarn: 0,
  };
}

function freshUps(system: string): UpsState {
  return {
    system,
    commState: -1,
    lineState: -1,
    ol: false,
    ob: false,
    lb: false,
    fsd: false,
    cal: false,
    off: false,
    offSince: 0,
    offState: false,
    over: false,
    lastPoll: 0,
    lastNonCrit: 0,
    lastRbWarn: 0,
    lastNcWarn: 0,
  };
}

/** After a reload: keep known UPSes, add new ones, drop the rest. */
export function reconcile(
  state: PolicyState,
  config: PolicyConfig,
): StepResult {
  const actions: PolicyAction[] = [];
  for (const u of state.ups) {
    if (!config.monitors.some((m) => m.system === u.system)) {
      actions.push(log("notice", `No longer monitoring UPS [${u.system}]`));
    }
  }
  const ups = config.monitors.map((m) =>
    structuredClone(state.ups.find((u) => u.system === m.system)) ??
      freshUps(m.system)
  );
  return { state: { ...state, ups }, actions };
}

/** How long the loop should wait before the next step (ms). */
export function nextDelay(
  state: PolicyState,
  config: PolicyConfig,
  now: number,
): number {
  switch (state.phase) {
    case "monitor":
      // OFF, like OB, bumps polling to POLLFREQALERT (2.8.1+)
      return (state.ups.some((u) => u.ob || u.off)
        ? config.pollFreqAlert
        : config.pollFreq) * 1000;
    case "hostsync":
      return 250;
    case "finaldelay":
      return Math.max(0, state.phaseSince + config.finalDelay * 1000 - now);
    case "done":
      return Infinity;
  }
}

function log(level: LogLevel, message: string): PolicyAction {
  return { type: "log", level, message };
}

/** Advances the policy by one event at time `now` (ms). */
export function step(
  prev: PolicyState,
  event: PolicyEvent,
  now: number,
  config: PolicyConfig,
): StepResult {
  const state = structuredClone(prev);
  const actions: PolicyAction[] = [];
  const ctx: Ctx = { state, actions, now, config };
  if (state.phase === "done") return { state, actions };
  switch (event.type) {
    case "status":
    case "pollFailed":
    case "connectFailed": {
      if (state.phase !== "monitor") break;
      const ups = state.ups.find((u) => u.system === event.system);
      if (!ups) break;
      if (event.type === "status") parseStatus(ctx, ups, event.status);
      else {
        upsIsGone(ctx, ups);
        if (event.type === "pollFailed" && event.disconnected) {
          ups.commState = 0;
          ups.lineState = 0;
        }
      }
      break;
    }
    case "recalc":
      if (state.phase === "monitor") recalc(ctx);
      else advance(ctx);
      break;
    case "userFsd":
      if (state.phase === "monitor") forceShutdown(ctx);
      break;
    case "numLogins":
      if (state.phase !== "hostsync") break;
      if (event.max <= 1) doShutdown(ctx);
      else advance(ctx);
      break;
    case "tick":
      advance(ctx);
      break;
    case "parentGone":
      if (now - state.lastParentWarn >= 120_000) {
        state.lastParentWarn = now;
        actions.push({ type: "notify", event: "NOPARENT", system: "" });
        actions.push(log("crit", "Parent died - shutdown impossible"));
      }
      break;
  }
  return { state, actions };
}

interface Ctx {
  state: PolicyState;
  actions: PolicyAction[];
  now: number;
  config: PolicyConfig;
}

function notify(ctx: Ctx, event: NotifyType, system: string): void {
  ctx.actions.push({ type: "notify", event, system });
}

/** Time-driven progress of the hostsync and finaldelay phases. */
function advance(ctx: Ctx): void {
  const { state, now, config } = ctx;
  if (state.phase === "hostsync") {
    if (now - state.phaseSince > config.hostSync * 1000) {
      ctx.actions.push(
        log("info", "Host sync timer expired, forcing shutdown"),
      );
      doShutdown(ctx);
    }
  } else if (state.phase === "finaldelay") {
    if (now - state.phaseSince >= config.finalDelay * 1000) {
      state.phase = "done";
      state.phaseSince = now;
      ctx.actions.push({ type: "shutdown" });
    }
  }
}

function upsIsAlive(ctx: Ctx, ups: UpsState): void {
  ups.lastPoll = ctx.now;
  if (ups.commState === 1) return;
  if (ups.commState === 0) notify(ctx, "COMMOK", ups.system);
  ups.commState = 1;
}

function upsIsGone(ctx: Ctx, ups: UpsState): void {
  const { now, config } = ctx;
  if (ups.commState !== 0) {
    ups.commState = 0;
    notify(ctx, "COMMBAD", ups.system);
    return;
  }
  if (now - ups.lastPoll < config.noCommWarnTime * 1000) return;
  if (now - ups.lastNcWarn > config.noCommWarnTime * 1000) {
    notify(ctx, "NOCOMM", ups.system);
    ups.lastNcWarn = now;
  }
}

function parseStatus(ctx: Ctx, ups: UpsState, status: string): void {
  if (status === "") {
    upsIsGone(ctx, ups);
    return;
  }
  upsIsAlive(ctx, ups);
  // NUT clears these with a plain substring test before the token loop
  if (!status.includes("LB")) ups.lb = false;
  if (!status.includes("FSD")) ups.fsd = false;
  if (!status.includes("CAL")) ups.cal = false;
  const tokens = status.split(" ").map((t) => t.toUpperCase());
  offStatus(ctx, ups, tokens.includes("OFF"));
  if (tokens.includes("OVER") !== ups.over) {
    ups.over = !ups.over;
    notify(ctx, ups.over ? "OVER" : "NOTOVER", ups.system);
  }
  for (const raw of status.split(" ")) {
    const token = raw.toUpperCase();
    if (token === "OL" && !ups.ol) {
      if (ups.lineState !== -1) notify(ctx, "ONLINE", ups.system);
      ups.lineState = 1;
      ups.ol = true;
      ups.ob = false;
    } else if (token === "OB" && !ups.ob) {
      ups.lineState = 0;
      notify(ctx, "ONBATT", ups.system);
      ups.ob = true;
      ups.ol = false;
    } else if (token === "LB" && !ups.lb) {
      notify(ctx, "LOWBATT", ups.system);
      ups.lb = true;
    } else if (token === "RB") {
      if (ctx.now - ups.lastRbWarn > ctx.config.rbWarnTime * 1000) {
        notify(ctx, "REPLBATT", ups.system);
        ups.lastRbWarn = ctx.now;
      }
    } else if (token === "CAL" && !ups.cal) {
      notify(ctx, "CAL", ups.system);
      ups.cal = true;
    } else if (token === "FSD" && !ups.fsd) {
      notify(ctx, "FSD", ups.system);
      ups.fsd = true;
    }
    if (!(ups.ob && ups.lb) || ups.cal) ups.lastNonCrit = ctx.now;
  }
}

/** ups_is_off / ups_is_notoff (2.8.1+): OFF counts once it lasts OFFDURATION. */
function offStatus(ctx: Ctx, ups: UpsState, off: boolean): void {
  const limit = ctx.config.offDuration ?? 30;
  if (!off) {
    if (ups.off) notify(ctx, "NOTOFF", ups.system);
    ups.off = false;
    ups.offState = false;
    ups.offSince = 0;
    return;
  }
  if (!ups.off) {
    ups.off = true;
    ups.offSince = ctx.now;
    notify(ctx, "OFF", ups.system);
    if (limit === 0) ups.offState = true;
    return;
  }
  if (limit > 0 && ctx.now - ups.offSince > limit * 1000 && !ups.offState) {
    ups.offState = true;
    ctx.actions.push(log(
      "warning",
      `UPS [${ups.system}] is in state OFF for ${
        Math.floor((ctx.now - ups.offSince) / 1000)
      } sec, assuming the line is not fed (if it is calibrating etc., check the upsmon 'OFFDURATION' option)`,
    ));
  }
}

function isCritical(ctx: Ctx, ups: UpsState, primary: boolean): boolean {
  if (ups.fsd) return true;
  const offLimit = ctx.config.offDuration ?? 30;
  const overLimit = ctx.config.overDuration ?? -1;
  if (ups.commState === 0) {
    if (ups.offState || (offLimit >= 0 && ups.off)) {
      ctx.actions.push(log(
        "warning",
        `UPS [${ups.system}] was last known to be (administratively) OFF and currently is not communicating, assuming dead`,
      ));
      return true;
    }
    if (
      ups.over && overLimit >= 0 &&
      ctx.now - ups.lastPoll >= overLimit * 1000
    ) {
      ctx.actions.push(log(
        "warning",
        `UPS [${ups.system}] was last known to be overloaded and currently is not communicating, assuming dead`,
      ));
      return true;
    }
  }
  if (ups.off && offLimit >= 0 && ups.offState) {
    ctx.actions.push(log(
      "warning",
      `UPS [${ups.system}] is reported as (administratively) OFF`,
    ));
    return true;
  }
  if (!ups.ob || !ups.lb) return false;
  if (ups.cal) {
    ctx.actions.push(log(
      "warning",
      `is_ups_critical: seems that UPS [${ups.system}] is OB+LB now, but it is also calibrating - not declaring a critical state`,
    ));
    return false;
  }
  if (primary) return true;
  if (ctx.now - ups.lastNonCrit > ctx.config.hostSync * 1000) {
    ctx.actions.push(
      log("warning", `Giving up on the primary for UPS [${ups.system}]`),
    );
    return true;
  }
  return false;
}

function recalc(ctx: Ctx): void {
  const { state, now, config } = ctx;
  let valOl = 0;
  for (const ups of state.ups) {
    const m = config.monitors.find((x) => x.system === ups.system);
    if (!m) continue;
    // a UPS that went silent while on battery is assumed to be dying
    if (now - ups.lastPoll > config.deadTime * 1000 && ups.ob) ups.lb = true;
    if (isCritical(ctx, ups, m.primary)) {
      ctx.actions.push(log("debug", `Critical UPS: ${ups.system}`));
    } else valOl += m.powerValue;
  }
  if (valOl < config.minSupplies) forceShutdown(ctx);
}

function forceShutdown(ctx: Ctx): void {
  const primaries = ctx.config.monitors.filter((m) => m.primary);
  ctx.actions.push(log("debug", "Shutting down any UPSes in PRIMARY mode..."));
  for (const m of primaries) {
    ctx.actions.push({ type: "setFsd", system: m.system });
  }
  if (primaries.length === 0) {
    doShutdown(ctx);
    return;
  }
  ctx.actions.push(log(
    "debug",
    "This system is a primary... waiting for secondaries to logout...",
  ));
  ctx.state.phase = "hostsync";
  ctx.state.phaseSince = ctx.now;
}

function doShutdown(ctx: Ctx): void {
  const text = "Executing automatic power-fail shutdown";
  ctx.actions.push(log("crit", text));
  ctx.actions.push({ type: "wall", message: text });
  notify(ctx, "SHUTDOWN", "");
  ctx.state.phase = "finaldelay";
  ctx.state.phaseSince = ctx.now;
  advance(ctx);
}
