import { assert, assertEquals } from "../../tests/assert.ts";
import {
  initialState,
  nextDelay,
  type PolicyConfig,
  reconcile,
  step,
} from "./policy.ts";
import {
  notifications,
  type PollAnswer,
  scriptedWorld,
  simulate,
  type TimedAction,
} from "./sim.ts";

const opts = { permissions: "none" } as const;

function cfg(
  monitors: [string, number, boolean][],
  over: Partial<PolicyConfig> = {},
): PolicyConfig {
  return {
    monitors: monitors.map(([system, powerValue, primary]) => ({
      system,
      powerValue,
      primary,
    })),
    minSupplies: 1,
    hostSync: 15,
    deadTime: 15,
    finalDelay: 5,
    rbWarnTime: 43200,
    noCommWarnTime: 300,
    pollFreq: 5,
    pollFreqAlert: 5,
    ...over,
  };
}

const PRIMARY = cfg([["ups@h", 1, true]]);
const SECONDARY = cfg([["ups@h", 1, false]]);
const LOST: PollAnswer = { fail: "Connection failure", connect: true };
const DROPPED: PollAnswer = { fail: "Server disconnected", disconnected: true };
const STALE: PollAnswer = { fail: "Data stale" };

function one(script: [number, PollAnswer][]) {
  return scriptedWorld({ "ups@h": script });
}

function actionsOf(timeline: TimedAction[], type: string): TimedAction[] {
  return timeline.filter((x) => x.action.type === type);
}

function logs(timeline: TimedAction[]): string[] {
  return timeline.flatMap((x) =>
    x.action.type === "log" ? [x.action.message] : []
  );
}

Deno.test("policy: steady OL for an hour does nothing", opts, () => {
  const r = simulate(PRIMARY, one([[0, "OL"]]), 3600);
  assertEquals(notifications(r.timeline), []);
  assertEquals(r.shutdownAt, undefined);
});

Deno.test(
  "policy: first OL is silent, COMMOK suppressed at start",
  opts,
  () => {
    const r = simulate(PRIMARY, one([[0, "OL CHRG"]]), 60);
    assertEquals(notifications(r.timeline), []);
  },
);

Deno.test("policy: ONBATT is not suppressed at startup", opts, () => {
  const r = simulate(PRIMARY, one([[0, "OB DISCHRG"]]), 20);
  assertEquals(notifications(r.timeline), ["ONBATT ups@h"]);
  assertEquals(r.shutdownAt, undefined);
});

Deno.test(
  "policy: primary power loss to LB shuts down after FINALDELAY",
  opts,
  () => {
    const r = simulate(
      PRIMARY,
      one([[0, "OL"], [60, "OB"], [300, "OB LB"]]),
      3600,
    );
    assertEquals(notifications(r.timeline), [
      "ONBATT ups@h",
      "LOWBATT ups@h",
      "SHUTDOWN",
    ]);
    assertEquals(actionsOf(r.timeline, "setFsd").map((x) => x.t), [300]);
    assertEquals(r.shutdownAt, 305);
    assertEquals(actionsOf(r.timeline, "shutdown").length, 1);
    assertEquals(actionsOf(r.timeline, "wall").length, 1);
  },
);

Deno.test("policy: power back before LB, no shutdown", opts, () => {
  const r = simulate(
    PRIMARY,
    one([[0, "OL"], [60, "OB"], [200, "OL CHRG"]]),
    3600,
  );
  assertEquals(notifications(r.timeline), ["ONBATT ups@h", "ONLINE ups@h"]);
  assertEquals(r.shutdownAt, undefined);
});

Deno.test("policy: secondary sees FSD from the primary", opts, () => {
  const r = simulate(
    SECONDARY,
    one([[0, "OL"], [30, "OB"], [100, "FSD OB LB"]]),
    3600,
  );
  assertEquals(notifications(r.timeline), [
    "ONBATT ups@h",
    "FSD ups@h",
    "LOWBATT ups@h",
    "SHUTDOWN",
  ]);
  assertEquals(r.shutdownAt, 105);
  assertEquals(actionsOf(r.timeline, "setFsd"), []);
});

Deno.test(
  "policy: secondary started while FSD OB LB shuts down at once",
  opts,
  () => {
    const r = simulate(SECONDARY, one([[0, "FSD OB LB"]]), 60);
    assertEquals(notifications(r.timeline), [
      "FSD ups@h",
      "ONBATT ups@h",
      "LOWBATT ups@h",
      "SHUTDOWN",
    ]);
    assertEquals(r.shutdownAt, 5);
  },
);

Deno.test(
  "policy: secondary OB+LB without FSD gives up after HOSTSYNC",
  opts,
  () => {
    const r = simulate(
      SECONDARY,
      one([[0, "OL"], [10, "OB"], [100, "OB LB"]]),
      3600,
    );
    assert(
      logs(r.timeline).includes("Giving up on the primary for UPS [ups@h]"),
    );
    // critical once now - lastnoncrit > 15 s: polls at 100, 105, 110, 115 → 120
    assertEquals(r.shutdownAt, 125);
  },
);

Deno.test("policy: secondary shuts down on FSD within HOSTSYNC", opts, () => {
  const r = simulate(
    SECONDARY,
    one([[0, "OL"], [10, "OB"], [100, "OB LB"], [105, "FSD OB LB"]]),
    3600,
  );
  assertEquals(r.shutdownAt, 110);
  assert(!logs(r.timeline).some((l) => l.startsWith("Giving up")));
});

Deno.test("policy: brief OB+LB blip on a secondary is debounced", opts, () => {
  const r = simulate(
    SECONDARY,
    one([[0, "OL"], [10, "OB"], [100, "OB LB"], [106, "OB"], [300, "OL"]]),
    3600,
  );
  assertEquals(r.shutdownAt, undefined);
  assertEquals(notifications(r.timeline), [
    "ONBATT ups@h",
    "LOWBATT ups@h",
    "ONLINE ups@h",
  ]);
});

Deno.test("policy: primary waits for secondaries to log out", opts, () => {
  const world = one([[0, "OL"], [10, "OB LB"]]);
  world.numLogins = (t) => (t < 18 ? 3 : 1);
  const r = simulate(PRIMARY, world, 3600);
  assertEquals(actionsOf(r.timeline, "setFsd").map((x) => x.t), [10]);
  const shutdownNotice = r.timeline.find((x) =>
    x.action.type === "notify" && x.action.event === "SHUTDOWN"
  );
  assertEquals(shutdownNotice?.t, 18);
  assertEquals(r.shutdownAt, 23);
});

Deno.test("policy: primary stops waiting after HOSTSYNC", opts, () => {
  const world = one([[0, "OL"], [10, "OB LB"]]);
  world.numLogins = () => 2;
  const r = simulate(PRIMARY, world, 3600);
  assert(
    logs(r.timeline).includes("Host sync timer expired, forcing shutdown"),
  );
  assertEquals(r.shutdownAt, 10 + 15.25 + 5);
});

Deno.test(
  "policy: comm loss while on battery shuts a primary down after DEADTIME",
  opts,
  () => {
    const r = simulate(PRIMARY, one([[0, "OL"], [10, "OB"], [50, LOST]]), 3600);
    assertEquals(notifications(r.timeline), [
      "ONBATT ups@h",
      "COMMBAD ups@h",
      "SHUTDOWN",
    ]);
    // last poll 45 s; dead once now - 45 > 15 → at 65
    assertEquals(r.shutdownAt, 65 + 5);
  },
);

Deno.test(
  "policy: comm loss while on battery, secondary also waits HOSTSYNC",
  opts,
  () => {
    const r = simulate(
      SECONDARY,
      one([[0, "OL"], [10, "OB"], [50, LOST]]),
      3600,
    );
    // lastnoncrit = 45; promoted at 65; critical once now - 45 > 15 → at 65 too
    assertEquals(r.shutdownAt, 70);
  },
);

Deno.test(
  "policy: comm loss while on line never shuts down, NOCOMM repeats",
  opts,
  () => {
    const r = simulate(PRIMARY, one([[0, "OL"], [10, LOST]]), 1000);
    assertEquals(r.shutdownAt, undefined);
    const n = notifications(r.timeline);
    assertEquals(n[0], "COMMBAD ups@h");
    const nocomm = r.timeline.filter((x) =>
      x.action.type === "notify" && x.action.event === "NOCOMM"
    ).map((x) => x.t);
    // lastpoll 5: first NOCOMM at 305, then every > 300 s
    assertEquals(nocomm, [305, 610, 915]);
  },
);

Deno.test(
  "policy: never-reachable upsd: COMMBAD at once, NOCOMM next",
  opts,
  () => {
    const r = simulate(PRIMARY, one([[0, LOST]]), 12);
    assertEquals(notifications(r.timeline), ["COMMBAD ups@h", "NOCOMM ups@h"]);
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test(
  "policy: upsd restart while on line: COMMBAD then COMMOK, no ONLINE",
  opts,
  () => {
    const r = simulate(
      PRIMARY,
      one([[0, "OL"], [20, DROPPED], [21, LOST], [40, "OL"]]),
      100,
    );
    assertEquals(notifications(r.timeline), ["COMMBAD ups@h", "COMMOK ups@h"]);
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test(
  "policy: upsd restart while on battery, power back meanwhile",
  opts,
  () => {
    const r = simulate(
      PRIMARY,
      one([[0, "OL"], [10, "OB"], [20, DROPPED], [25, "OL"]]),
      100,
    );
    assertEquals(notifications(r.timeline), [
      "ONBATT ups@h",
      "COMMBAD ups@h",
      "COMMOK ups@h",
      "ONLINE ups@h",
    ]);
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test(
  "policy: driver stale on line: COMMBAD/COMMOK, no shutdown",
  opts,
  () => {
    const r = simulate(
      PRIMARY,
      one([[0, "OL"], [20, STALE], [200, "OL"]]),
      400,
    );
    assertEquals(notifications(r.timeline), ["COMMBAD ups@h", "COMMOK ups@h"]);
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test(
  "policy: driver stale while on battery beyond DEADTIME shuts down",
  opts,
  () => {
    const r = simulate(PRIMARY, one([[0, "OB"], [20, STALE]]), 400);
    assertEquals(r.shutdownAt, 35 + 5);
  },
);

Deno.test(
  "policy: driver stale briefly on battery, within DEADTIME",
  opts,
  () => {
    const r = simulate(PRIMARY, one([[0, "OB"], [20, STALE], [30, "OB"]]), 400);
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test("policy: empty status counts as comm loss", opts, () => {
  const r = simulate(PRIMARY, one([[0, "OL"], [10, ""]]), 30);
  assertEquals(notifications(r.timeline), ["COMMBAD ups@h"]);
});

Deno.test("policy: garbage status tokens are ignored", opts, () => {
  const r = simulate(PRIMARY, one([[0, "OL"], [10, "WAIT %$# 12 OLX"]]), 60);
  assertEquals(notifications(r.timeline), []);
  assertEquals(r.shutdownAt, undefined);
});

Deno.test("policy: status tokens are case-insensitive", opts, () => {
  const r = simulate(PRIMARY, one([[0, "ol"], [10, "ob lb"]]), 60);
  assertEquals(notifications(r.timeline), [
    "ONBATT ups@h",
    "LOWBATT ups@h",
    "SHUTDOWN",
  ]);
});

const THREE = cfg([["a@h", 1, true], ["b@h", 1, true], ["c@h", 1, true]], {
  minSupplies: 2,
});

Deno.test(
  "policy: MINSUPPLIES 2 of 3: one critical UPS is survivable",
  opts,
  () => {
    const w = scriptedWorld({
      "a@h": [[0, "OL"], [10, "OB LB"]],
      "b@h": [[0, "OL"]],
      "c@h": [[0, "OL"]],
    });
    const r = simulate(THREE, w, 600);
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test(
  "policy: MINSUPPLIES 2 of 3: two critical UPSes shut down",
  opts,
  () => {
    const w = scriptedWorld({
      "a@h": [[0, "OL"], [10, "OB LB"]],
      "b@h": [[0, "OL"], [100, "OB"], [200, "OB LB"]],
      "c@h": [[0, "OL"]],
    });
    const r = simulate(THREE, w, 600);
    assertEquals(r.shutdownAt, 205);
    // FSD goes to every primary UPS, the healthy one too
    assertEquals(
      actionsOf(r.timeline, "setFsd").map((x) =>
        x.action.type === "setFsd" ? x.action.system : ""
      ),
      ["a@h", "b@h", "c@h"],
    );
  },
);

Deno.test("policy: power values weigh supplies", opts, () => {
  const c = cfg([["big@h", 2, true], ["small@h", 1, true]], { minSupplies: 2 });
  const smallDies = simulate(
    c,
    scriptedWorld({ "big@h": [[0, "OL"]], "small@h": [[0, "OB LB"]] }),
    300,
  );
  assertEquals(smallDies.shutdownAt, undefined);
  const bigDies = simulate(
    c,
    scriptedWorld({ "big@h": [[0, "OB LB"]], "small@h": [[0, "OL"]] }),
    300,
  );
  assertEquals(bigDies.shutdownAt, 5);
});

Deno.test(
  "policy: a monitor-only UPS (power value 0) never matters",
  opts,
  () => {
    const c = cfg([["mine@h", 1, true], ["watch@h", 0, false]]);
    const r = simulate(
      c,
      scriptedWorld({ "mine@h": [[0, "OL"]], "watch@h": [[0, "FSD OB LB"]] }),
      300,
    );
    assertEquals(r.shutdownAt, undefined);
    assertEquals(notifications(r.timeline), [
      "FSD watch@h",
      "ONBATT watch@h",
      "LOWBATT watch@h",
    ]);
  },
);

Deno.test("policy: MINSUPPLIES 0 never shuts down", opts, () => {
  const c = cfg([["ups@h", 1, true]], { minSupplies: 0 });
  const r = simulate(c, one([[0, "FSD OB LB"]]), 300);
  assertEquals(r.shutdownAt, undefined);
});

Deno.test(
  "policy: OFFDURATION -1 keeps OFF harmless; BYPASS is ignored (2.8.0)",
  opts,
  () => {
    // 2.8.0 ignored OFF; 2.8.1+ notifies it, and OFFDURATION -1 keeps it
    // from ever counting. BYPASS handling (2.8.1+) is not implemented.
    const r = simulate(
      cfg([["ups@h", 1, true]], { offDuration: -1 }),
      one([[0, "OL"], [10, "OFF"], [60, "OL BYPASS"]]),
      300,
    );
    assertEquals(notifications(r.timeline), ["OFF ups@h", "NOTOFF ups@h"]);
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test(
  "policy: OFF and lost comms with OFFDURATION -1 is not critical",
  opts,
  () => {
    const r = simulate(
      cfg([["ups@h", 1, true]], { offDuration: -1 }),
      one([[0, "OFF"], [10, LOST]]),
      300,
    );
    assertEquals(r.shutdownAt, undefined);
  },
);

Deno.test("policy: OB+LB while calibrating is not critical", opts, () => {
  const r = simulate(PRIMARY, one([[0, "OL"], [10, "OB LB CAL"]]), 120);
  assertEquals(r.shutdownAt, undefined);
  assertEquals(notifications(r.timeline), [
    "ONBATT ups@h",
    "LOWBATT ups@h",
    "CAL ups@h",
  ]);
  assert(logs(r.timeline).some((l) => l.includes("also calibrating")));
});

Deno.test("policy: REPLBATT repeats only every RBWARNTIME", opts, () => {
  const c = cfg([["ups@h", 1, true]], { rbWarnTime: 100 });
  const r = simulate(c, one([[0, "OL RB"]]), 250);
  const times = r.timeline.filter((x) =>
    x.action.type === "notify" && x.action.event === "REPLBATT"
  ).map((x) => x.t);
  assertEquals(times, [0, 105, 210]);
});

Deno.test(
  "policy: power race: power back during FINALDELAY still shuts down",
  opts,
  () => {
    const c = cfg([["ups@h", 1, true]], { finalDelay: 30 });
    const r = simulate(
      c,
      one([[0, "OB"], [10, "OB LB"], [15, "OL CHRG"]]),
      300,
    );
    assertEquals(r.shutdownAt, 40);
    assertEquals(actionsOf(r.timeline, "shutdown").length, 1);
  },
);

Deno.test("policy: user FSD on a primary sets FSD and shuts down", opts, () => {
  const r = simulate(PRIMARY, { ...one([[0, "OL"]]), userFsdAt: 12 }, 300);
  assertEquals(actionsOf(r.timeline, "setFsd").map((x) => x.t), [15]);
  assertEquals(r.shutdownAt, 20);
});

Deno.test(
  "policy: user FSD on a secondary shuts down without FSD",
  opts,
  () => {
    const r = simulate(SECONDARY, { ...one([[0, "OL"]]), userFsdAt: 0 }, 300);
    assertEquals(actionsOf(r.timeline, "setFsd"), []);
    assertEquals(r.shutdownAt, 5);
  },
);

Deno.test("policy: FINALDELAY 0 shuts down in the same step", opts, () => {
  const c = cfg([["ups@h", 1, false]], { finalDelay: 0 });
  const r = simulate(c, one([[0, "FSD OL"]]), 60);
  assertEquals(r.shutdownAt, 0);
});

Deno.test("policy: FSD clears when upsd drops it", opts, () => {
  const c = cfg([["ups@h", 1, false]], { minSupplies: 0 });
  const r = simulate(c, one([[0, "FSD OL"], [10, "OL"], [20, "FSD OL"]]), 60);
  assertEquals(notifications(r.timeline), ["FSD ups@h", "FSD ups@h"]);
});

Deno.test("policy: shutdown fires once; later events do nothing", opts, () => {
  let s = initialState(PRIMARY, 0);
  const acts: string[] = [];
  const feed = (e: Parameters<typeof step>[1], now: number) => {
    const r = step(s, e, now, { ...PRIMARY, finalDelay: 0 });
    s = r.state;
    acts.push(...r.actions.map((a) => a.type));
  };
  feed({ type: "status", system: "ups@h", status: "OB LB" }, 1000);
  feed({ type: "recalc" }, 1000);
  feed({ type: "numLogins", max: 1 }, 1000);
  const before = acts.length;
  feed({ type: "userFsd" }, 2000);
  feed({ type: "recalc" }, 2000);
  feed({ type: "tick" }, 9000);
  assertEquals(acts.filter((a) => a === "shutdown").length, 1);
  assertEquals(acts.length, before);
  assertEquals(s.phase, "done");
});

Deno.test("policy: NOPARENT at most every 120 s", opts, () => {
  let s = initialState(PRIMARY, 0);
  let count = 0;
  for (let t = 1_000_000; t < 1_000_000 + 300_000; t += 5_000) {
    const r = step(s, { type: "parentGone" }, t, PRIMARY);
    s = r.state;
    count += r.actions.filter((a) => a.type === "notify").length;
  }
  assertEquals(count, 3);
});

Deno.test("policy: POLLFREQALERT while on battery", opts, () => {
  const c = cfg([["ups@h", 1, true]], { pollFreq: 30, pollFreqAlert: 2 });
  let s = initialState(c, 0);
  assertEquals(nextDelay(s, c, 0), 30_000);
  s = step(s, { type: "status", system: "ups@h", status: "OB" }, 1, c).state;
  assertEquals(nextDelay(s, c, 1), 2_000);
});

Deno.test(
  "policy: reload keeps known state and drops removed UPSes",
  opts,
  () => {
    const c1 = cfg([["a@h", 1, true], ["b@h", 1, true]]);
    let s = initialState(c1, 0);
    s = step(s, { type: "status", system: "a@h", status: "OB" }, 1, c1).state;
    const c2 = cfg([["a@h", 1, true], ["c@h", 1, true]]);
    const r = reconcile(s, c2);
    assertEquals(r.state.ups.map((u) => [u.system, u.ob]), [
      ["a@h", true],
      ["c@h", false],
    ]);
    assertEquals(r.actions, [{
      type: "log",
      level: "notice",
      message: "No longer monitoring UPS [b@h]",
    }]);
  },
);

Deno.test("policy: primary and secondary lines mixed", opts, () => {
  const c = cfg([["p@h", 1, true], ["s@h", 1, false]], { minSupplies: 2 });
  const r = simulate(
    c,
    scriptedWorld({ "p@h": [[0, "OL"]], "s@h": [[0, "OB"], [50, "OB LB"]] }),
    600,
  );
  // lastnoncrit is refreshed after the OB token of "OB LB" (50), so the
  // secondary UPS is critical once now - 50 > 15 (at 70); FSD to the primary
  assertEquals(r.shutdownAt, 75);
  assertEquals(actionsOf(r.timeline, "setFsd").length, 1);
});

// NUT 2.8.1+ (docs/man/upsmon.conf.txt OFFDURATION, clients/upsmon.c
// ups_is_off/is_ups_critical): an OFF that lasts past OFFDURATION (default
// 30 s) means the UPS no longer feeds us; shorter OFFs (calibration) do not.
Deno.test(
  "policy: OFF past OFFDURATION is critical, a short OFF is not",
  opts,
  () => {
    const brief = simulate(
      PRIMARY,
      one([[0, "OL"], [60, "OFF"], [75, "OL CAL"], [200, "OL"]]),
      600,
    );
    assertEquals(notifications(brief.timeline), [
      "OFF ups@h",
      "NOTOFF ups@h",
      "CAL ups@h",
    ]);
    assertEquals(brief.shutdownAt, undefined);
    const long = simulate(PRIMARY, one([[0, "OL"], [60, "OFF"]]), 600);
    assertEquals(notifications(long.timeline), ["OFF ups@h", "SHUTDOWN"]);
    // OFF at 60, counted after more than 30 s: the poll at 95, then FINALDELAY
    assertEquals(actionsOf(long.timeline, "setFsd").map((x) => x.t), [95]);
    assert(
      logs(long.timeline).some((l) => l.includes("is in state OFF for 35 sec")),
    );
  },
);

Deno.test("policy: OFFDURATION 0 is immediate, negative never", opts, () => {
  const now = simulate(
    cfg([["ups@h", 1, true]], { offDuration: 0 }),
    one([[0, "OL"], [60, "OFF"]]),
    600,
  );
  assertEquals(actionsOf(now.timeline, "setFsd").map((x) => x.t), [60]);
  const never = simulate(
    cfg([["ups@h", 1, true]], { offDuration: -1 }),
    one([[0, "OL"], [60, "OFF"]]),
    3600,
  );
  assertEquals(notifications(never.timeline), ["OFF ups@h"]);
  assertEquals(never.shutdownAt, undefined);
});

Deno.test("policy: OFF then lost communication is assumed dead", opts, () => {
  // -1: OFF alone never counts, but an OFF UPS that went silent does
  // (is_ups_critical checks `offdurationtime >= 0` only for this case)
  const r = simulate(
    cfg([["ups@h", 1, false]], { offDuration: 300 }),
    one([[0, "OL"], [60, "OFF"], [70, LOST]]),
    600,
  );
  assertEquals(notifications(r.timeline), [
    "OFF ups@h",
    "COMMBAD ups@h",
    "SHUTDOWN",
  ]);
  assertEquals(r.shutdownAt, 75);
});

// OVERDURATION (upsmon.conf(5)): an overloaded UPS only becomes critical
// when it also stops communicating, after OVERDURATION s; default -1: never.
Deno.test(
  "policy: OVER notifies; critical only when silent past OVERDURATION",
  opts,
  () => {
    const talking = simulate(
      cfg([["ups@h", 1, true]], { overDuration: 0 }),
      one([[0, "OL"], [60, "OL OVER"], [120, "OL"]]),
      600,
    );
    assertEquals(notifications(talking.timeline), [
      "OVER ups@h",
      "NOTOVER ups@h",
    ]);
    assertEquals(talking.shutdownAt, undefined);
    const byDefault = simulate(
      PRIMARY,
      one([[0, "OL"], [60, "OL OVER"], [70, STALE]]),
      3600,
    );
    assertEquals(byDefault.shutdownAt, undefined);
    const timed = simulate(
      cfg([["ups@h", 1, true]], { overDuration: 20 }),
      one([[0, "OL"], [60, "OL OVER"], [70, STALE]]),
      3600,
    );
    // last good poll at 65: critical from 85 on (the poll at 85), FSD there
    assertEquals(actionsOf(timed.timeline, "setFsd").map((x) => x.t), [85]);
    assert(
      logs(timed.timeline).some((l) =>
        l.includes("last known to be overloaded")
      ),
    );
  },
);

Deno.test("policy: OFF polls at POLLFREQALERT", opts, () => {
  const c = cfg([["ups@h", 1, true]], { pollFreq: 30, pollFreqAlert: 5 });
  let s = initialState(c, 0);
  s = step(s, { type: "status", system: "ups@h", status: "OFF" }, 0, c).state;
  assertEquals(nextDelay(s, c, 0), 5000);
});
