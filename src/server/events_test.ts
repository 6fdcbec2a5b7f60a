import { assert, assertEquals } from "../../tests/assert.ts";
import { EventHub, type UpsEvent } from "./events.ts";
import { UpsState } from "./ups.ts";

const opts = { permissions: "none" } as const;

function setup(capacity = 4096) {
  const hub = new EventHub({ now: () => 1000, capacity });
  const ups = new UpsState("myups", "dummy-ups", "x");
  hub.attach(ups);
  const seen: UpsEvent[] = [];
  hub.subscribe((e) => seen.push(e));
  return { hub, ups, seen };
}

Deno.test(
  "events: value changes, not repeats, with increasing ids",
  opts,
  () => {
    const { ups, seen } = setup();
    ups.tree.setInfo("battery.charge", "100");
    ups.tree.setInfo("battery.charge", "100"); // no change: no event
    ups.tree.setInfo("battery.charge", "90");
    ups.tree.setFlags("battery.charge", 1); // flags are not events
    ups.tree.delInfo("battery.charge");
    assertEquals(seen.map((e) => [e.kind, "value" in e ? e.value : ""]), [
      ["set", "100"],
      ["set", "90"],
      ["del", ""],
    ]);
    for (let i = 1; i < seen.length; i++) {
      assertEquals(seen[i]!.id, seen[i - 1]!.id + 1);
    }
  },
);

Deno.test(
  "events: status and availability transitions, FSD applied",
  opts,
  () => {
    const { ups, seen } = setup();
    ups.connected = true; // still stale: DATA-STALE
    ups.stale = false;
    ups.tree.setInfo("ups.status", "OL");
    ups.tree.setInfo("ups.status", "OB LB");
    ups.fsd = true;
    ups.stale = true;
    const interesting = seen.filter((e) =>
      e.kind === "status" || e.kind === "state"
    ).map((e) =>
      e.kind === "status"
        ? `status ${e.previous}->${e.status} [${e.flags.join(",")}]`
        : e.kind === "state"
        ? `state ${e.available} ${e.reason}`
        : ""
    );
    assertEquals(interesting, [
      "state false DATA-STALE",
      "state true undefined",
      "status ->OL [OL]",
      "status OL->OB LB [OB,LB]",
      "status OB LB->FSD OB LB [FSD,OB,LB]",
      "state false DATA-STALE",
    ]);
  },
);

Deno.test(
  "events: replay after an id, gap when the buffer dropped it",
  opts,
  () => {
    const { hub, ups } = setup(4);
    for (let i = 0; i < 10; i++) ups.tree.setInfo("ups.load", String(i));
    assertEquals(hub.buffered, 4);
    const late: UpsEvent[] = [];
    const ok = hub.subscribe((e) => late.push(e), { after: hub.lastId - 2 });
    assertEquals(ok.gap, false);
    assertEquals(late.map((e) => e.id), [hub.lastId - 1, hub.lastId]);
    ok.close();
    const old: UpsEvent[] = [];
    const gap = hub.subscribe((e) => old.push(e), { after: 1 });
    assert(gap.gap);
    assertEquals(old.length, 4);
    gap.close();
    assertEquals(hub.subscribers, 1);
  },
);

Deno.test(
  "events: a throwing listener does not stop others; detach",
  opts,
  () => {
    const { hub, ups, seen } = setup();
    hub.subscribe(() => {
      throw new Error("boom");
    });
    ups.tree.addCmd("beeper.enable");
    assertEquals(seen.at(-1)?.kind, "cmd");
    hub.detach(ups);
    ups.tree.setInfo("ups.load", "1");
    assertEquals(seen.at(-1)?.kind, "removed");
    assertEquals(hub.units().length, 0);
  },
);
