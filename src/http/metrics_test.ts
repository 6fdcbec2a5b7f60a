import { assert, assertEquals } from "../../tests/assert.ts";
import { UpsState } from "../server/ups.ts";
import {
  labelValue,
  metricName,
  type MetricsCache,
  renderMetrics,
} from "./metrics.ts";

const opts = { permissions: "none" } as const;
const FIGURES = {
  clients: 3,
  requests: 10,
  httpRequests: 2,
  sseClients: 1,
  eventsTotal: 5,
};

function unit(name: string, vars: Record<string, string>, fsd = false) {
  const u = new UpsState(name, "dummy-ups", "x");
  u.connected = true;
  u.stale = false;
  for (const [k, v] of Object.entries(vars)) u.tree.setInfo(k, v);
  u.fsd = fsd;
  return u;
}

Deno.test("metrics: names and label escaping", opts, () => {
  assertEquals(
    metricName("battery.charge"),
    "network_ups_tools_battery_charge",
  );
  assertEquals(
    metricName("ambient.1.temperature-high"),
    "network_ups_tools_ambient_1_temperature_high",
  );
  assertEquals(labelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
});

Deno.test(
  "metrics: one family per name across UPSes; strings skipped",
  opts,
  () => {
    const a = unit("a", {
      "battery.charge": "100",
      "ups.status": "OL",
      "ups.id": "x y",
      "device.model": 'M "1"',
    });
    const b = unit(
      "b",
      { "battery.charge": "5.5", "ups.status": "OB LB" },
      true,
    );
    const gone = new UpsState("c", "dummy-ups", "x");
    const text = renderMetrics(
      [a, b, gone],
      FIGURES,
      (v) => v === "battery.charge" ? "Battery charge (percent)" : undefined,
    );
    const lines = text.split("\n");
    // HELP and TYPE once, samples of both UPSes right after
    const i = lines.indexOf("# TYPE network_ups_tools_battery_charge gauge");
    assertEquals(
      lines[i - 1],
      "# HELP network_ups_tools_battery_charge Battery charge (percent) (battery.charge)",
    );
    assertEquals(lines.slice(i + 1, i + 3), [
      'network_ups_tools_battery_charge{ups="a"} 100',
      'network_ups_tools_battery_charge{ups="b"} 5.5',
    ]);
    assertEquals(
      lines.filter((l) => l.startsWith("# TYPE network_ups_tools_ups_status "))
        .length,
      1,
    );
    assert(!text.includes("network_ups_tools_ups_id"));
    assert(
      lines.includes('network_ups_tools_ups_status{ups="b",flag="FSD"} 1'),
    );
    assert(lines.includes('network_ups_tools_ups_status{ups="b",flag="LB"} 1'));
    assert(lines.includes('network_ups_tools_ups_status{ups="a",flag="LB"} 0'));
    assert(lines.some((l) =>
      l.startsWith(
        'network_ups_tools_device_info{ups="a",model="M \\"1\\"",mfr="",',
      )
    ));
    assert(lines.includes('network_ups_tools_ups_available{ups="c"} 0'));
    assert(!text.includes('{ups="c",'));
    assert(lines.includes("nut_upsd_clients 3"));
    assert(lines.includes("nut_upsd_drivers_connected 2"));
    assert(text.endsWith("\n"));
  },
);

Deno.test("metrics: the per-UPS cache follows every change", opts, () => {
  const a = unit("a", { "battery.charge": "100", "ups.status": "OL" });
  const cache: MetricsCache = new WeakMap();
  const first = renderMetrics([a], FIGURES, undefined, cache);
  assertEquals(renderMetrics([a], FIGURES, undefined, cache), first);
  a.tree.setInfo("battery.charge", "42");
  assert(
    renderMetrics([a], FIGURES, undefined, cache).includes(
      'network_ups_tools_battery_charge{ups="a"} 42\n',
    ),
  );
  a.fsd = true;
  assert(
    renderMetrics([a], FIGURES, undefined, cache).includes(
      'network_ups_tools_ups_status{ups="a",flag="FSD"} 1\n',
    ),
  );
  a.stale = true;
  const stale = renderMetrics([a], FIGURES, undefined, cache);
  assert(stale.includes('network_ups_tools_ups_available{ups="a"} 0\n'));
  assert(!stale.includes("battery_charge"));
});
