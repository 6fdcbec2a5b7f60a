/**
 * `/metrics`: Prometheus text exposition (format 0.0.4) with the metric
 * names of DRuggeri's nut_exporter, so its Grafana dashboard works
 * unchanged: `network_ups_tools_<variable>` (dots and dashes as
 * underscores) for each numeric variable, `network_ups_tools_ups_status`
 * with a `flag` label per status word (0 for the usual flags not set),
 * `network_ups_tools_device_info` with the device.* labels. Unlike the
 * exporter (one UPS per scrape, `ups` added by relabelling) every UPS is in
 * one scrape with an `ups` label. upsd's own figures use `nut_upsd_`.
 *
 * @module
 */
import type { UpsState } from "../server/ups.ts";
import { effectiveStatus, statusFlags } from "../server/events.ts";

/** The metric prefix (nut_exporter's default namespace). */
export const NAMESPACE = "network_ups_tools";

/** Flags always reported, 0 when not set (nut_exporter's --nut.statuses default). */
export const KNOWN_FLAGS = [
  "OL",
  "OB",
  "LB",
  "HB",
  "RB",
  "CHRG",
  "DISCHRG",
  "BYPASS",
  "CAL",
  "OFF",
  "OVER",
  "TRIM",
  "BOOST",
  "FSD",
] as const;

/** The device_info labels, in the exporter's order. */
const DEVICE_LABELS = [
  "model",
  "mfr",
  "serial",
  "type",
  "description",
  "contact",
  "location",
  "part",
  "macaddr",
] as const;

/** One sample: family name, HELP text, sample line. */
type Row = [string, string, string];

/**
 * Each UPS's rendered rows, kept until its version (any visible change)
 * moves on; owned by the caller (one per HTTP service).
 */
export type MetricsCache = WeakMap<
  UpsState,
  { version: number; describe: unknown; rows: Row[] }
>;

function cachedRows(
  cache: MetricsCache | undefined,
  ups: UpsState,
  describe: (variable: string) => string | undefined,
): Row[] {
  if (!cache) return unitRows(ups, describe);
  const hit = cache.get(ups);
  if (hit && hit.version === ups.version && hit.describe === describe) {
    return hit.rows;
  }
  const rows = unitRows(ups, describe);
  cache.set(ups, { version: ups.version, describe, rows });
  return rows;
}

function unitRows(
  ups: UpsState,
  describe: (variable: string) => string | undefined,
): Row[] {
  const rows: Row[] = [];
  const add = (name: string, help: string, sample: string) =>
    rows.push([name, help, sample]);
  const u = `ups="${labelValue(ups.name)}"`;
  const available = ups.unavailable() === undefined;
  add(
    `${NAMESPACE}_ups_available`,
    "1 when upsd has fresh data from the driver (deno-nut)",
    `${NAMESPACE}_ups_available{${u}} ${available ? 1 : 0}`,
  );
  if (!available) return rows; // no stale readings: the gauge says why
  const device: Record<string, string> = {};
  for (const v of ups.tree.vars()) {
    const low = v.name.toLowerCase();
    if (low === "ups.status") continue;
    if (low.startsWith("device.")) {
      const label = low.slice(7);
      if ((DEVICE_LABELS as readonly string[]).includes(label)) {
        device[label] = v.value;
      }
    }
    if (!NUMERIC.test(v.value)) continue;
    const name = metricName(low);
    const desc = describe(low);
    add(
      name,
      desc ? `${desc} (${low})` : low,
      `${name}{${u}} ${Number(v.value)}`,
    );
  }
  const flags = new Set(statusFlags(effectiveStatus(ups)));
  const statusName = `${NAMESPACE}_ups_status`;
  const statusHelp = "UPS status flags (ups.status)";
  for (const f of flags) {
    add(
      statusName,
      statusHelp,
      `${statusName}{${u},flag="${labelValue(f)}"} 1`,
    );
  }
  for (const f of KNOWN_FLAGS) {
    if (!flags.has(f)) {
      add(statusName, statusHelp, `${statusName}{${u},flag="${f}"} 0`);
    }
  }
  const labels = DEVICE_LABELS.map((l) =>
    `${l}="${labelValue(device[l] ?? "")}"`
  ).join(",");
  add(
    `${NAMESPACE}_device_info`,
    "UPS Device information",
    `${NAMESPACE}_device_info{${u},${labels}} 1`,
  );
  return rows;
}

/** upsd's own figures for the scrape. */
export interface UpsdFigures {
  clients: number;
  requests: number;
  httpRequests: number;
  sseClients: number;
  eventsTotal: number;
}

// A decimal number as NUT drivers print them; hex and words stay strings.
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The Prometheus name for a NUT variable. */
export function metricName(variable: string): string {
  return NAMESPACE + "_" +
    variable.replace(/[.-]/g, "_").replace(/[^a-zA-Z0-9_:]/g, "_");
}

/** A label value escaped as the text format wants (\\, \", \n). */
export function labelValue(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(
    /\n/g,
    "\\n",
  );
}

function helpText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/**
 * Renders every UPS. `describe` gives a variable's description (cmdvartab)
 * for HELP lines; with `cache`, a UPS that has not changed since the last
 * scrape costs only the copy of its rows. An unavailable UPS (driver gone, data stale) shows only
 * `network_ups_tools_ups_available 0`: no stale readings are exported.
 */
export function renderMetrics(
  units: readonly UpsState[],
  figures: UpsdFigures,
  describe: (variable: string) => string | undefined = () => undefined,
  cache?: MetricsCache,
): string {
  // Families keep samples of every UPS together, as the format requires.
  const families = new Map<string, { help: string; samples: string[] }>();
  for (const ups of units) {
    for (const [name, help, sample] of cachedRows(cache, ups, describe)) {
      let f = families.get(name);
      if (!f) families.set(name, f = { help, samples: [] });
      f.samples.push(sample);
    }
  }
  let out = "";
  for (const [name, f] of families) {
    out += `# HELP ${name} ${helpText(f.help)}\n# TYPE ${name} gauge\n`;
    out += f.samples.join("\n") + "\n";
  }
  const connected = units.filter((u) => u.connected).length;
  const stale = units.filter((u) => u.connected && u.stale).length;
  const own: Array<[string, string, "gauge" | "counter", number]> = [
    [
      "nut_upsd_clients",
      "NUT protocol clients connected",
      "gauge",
      figures.clients,
    ],
    ["nut_upsd_ups", "UPSes in ups.conf", "gauge", units.length],
    [
      "nut_upsd_drivers_connected",
      "Driver sockets connected",
      "gauge",
      connected,
    ],
    [
      "nut_upsd_drivers_stale",
      "Connected drivers whose data is stale",
      "gauge",
      stale,
    ],
    [
      "nut_upsd_requests_total",
      "NUT protocol requests answered",
      "counter",
      figures.requests,
    ],
    [
      "nut_upsd_http_requests_total",
      "HTTP requests served",
      "counter",
      figures.httpRequests,
    ],
    [
      "nut_upsd_sse_clients",
      "Event stream clients connected",
      "gauge",
      figures.sseClients,
    ],
    [
      "nut_upsd_events_total",
      "State change events published",
      "counter",
      figures.eventsTotal,
    ],
  ];
  for (const [name, help, type, value] of own) {
    out += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}\n`;
  }
  return out;
}
