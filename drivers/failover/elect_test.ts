import { assertEquals } from "../../tests/assert.ts";
import {
  type Candidate,
  elect,
  type ElectOptions,
  passesFilters,
  PRIORITY,
} from "./elect.ts";

const NONE = { haveAny: [], haveAll: [], notHaveAny: [], notHaveAll: [] };
const opts = (o: Partial<ElectOptions> = {}): ElectOptions => ({
  filters: NONE,
  strict: false,
  checkRuntime: 1,
  ...o,
});
const c = (status: string, o: Partial<Candidate> = {}): Candidate => ({
  alive: true,
  dumped: true,
  dataOk: true,
  online: status.split(" ").includes("OL"),
  status,
  runtime: -1,
  runtimeLow: -1,
  forceIgnore: 0,
  forceIgnoreAt: 0,
  forcePrimary: 0,
  forcePrimaryAt: 0,
  ...o,
});

Deno.test({
  name: "failover election: priorities, port order, runtime tie-break",
  permissions: "none",
  fn() {
    const now = 1_000_000;
    assertEquals(elect([c("OL"), c("OL")], opts(), now).best, 0);
    assertEquals(elect([c("OB"), c("OL")], opts(), now).priorities, [3, 2]);
    assertEquals(elect([c("OB"), c("OL")], opts(), now).best, 1);
    // stale beats nothing, loses to fresh
    const stale = c("OL", { dataOk: false });
    assertEquals(elect([stale, c("OB")], opts(), now).priorities, [4, 3]);
    // not dumped yet, or dead: disqualified
    const r = elect(
      [c("OL", { dumped: false }), c("OL", { alive: false })],
      opts(),
      now,
    );
    assertEquals([r.best, r.qualified], [-1, 0]);
    // among priority 3: the longer runtime (checkruntime 1), else port order
    const a = c("OB", { runtime: 300, runtimeLow: 120 });
    const b = c("OB", { runtime: 900, runtimeLow: 60 });
    assertEquals(elect([a, b], opts(), now).best, 1);
    assertEquals(elect([a, b], opts({ checkRuntime: 2 }), now).best, 0);
    assertEquals(elect([a, b], opts({ checkRuntime: 3 }), now).best, 0);
    assertEquals(elect([a, b], opts({ checkRuntime: 0 }), now).best, 0);
    // no tie-break between OL ones
    const ol = (rt: number) => c("OL", { runtime: rt });
    assertEquals(elect([ol(1), ol(9)], opts(), now).best, 0);
  },
});

Deno.test({
  name: "failover election: force.primary / force.ignore, timed and permanent",
  permissions: "none",
  fn() {
    const now = 1_000_000;
    const forced = c("OB", { forcePrimary: 10, forcePrimaryAt: now - 5_000 });
    assertEquals(elect([c("OL"), forced], opts(), now).best, 1);
    assertEquals(forced.forcePrimary, 10);
    // expired after its seconds
    assertEquals(elect([c("OL"), forced], opts(), now + 6_000).best, 0);
    assertEquals(forced.forcePrimary, 0);
    const ignored = c("OL", { forceIgnore: -1 });
    assertEquals(elect([ignored, c("OB")], opts(), now).priorities, [
      PRIORITY.skipped,
      PRIORITY.battery,
    ]);
  },
});

Deno.test({
  name: "failover status filters in NUT's order; strict filtering",
  permissions: "none",
  fn() {
    const f = { ...NONE, haveAll: ["OL"], notHaveAny: ["ALARM"] };
    assertEquals(passesFilters("OL CHRG", f), true);
    assertEquals(passesFilters("ALARM OL", f), false);
    assertEquals(passesFilters("OL", NONE), false);
    assertEquals(passesFilters(undefined, f), false);
    assertEquals(
      passesFilters("OB LB", { ...NONE, notHaveAll: ["OB", "LB"] }),
      false,
    );
    assertEquals(
      passesFilters("OB", { ...NONE, notHaveAll: ["OB", "LB"] }),
      true,
    );
    assertEquals(
      passesFilters("OB", { ...NONE, haveAny: ["OL", "BYPASS"] }),
      false,
    );
    const cands = [c("ALARM OL"), c("OL")];
    assertEquals(elect(cands, opts({ filters: f }), 0).priorities, [2, 1]);
    assertEquals(
      elect(cands, opts({ filters: f, strict: true }), 0).priorities,
      [-1, 1],
    );
  },
});
