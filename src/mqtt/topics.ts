/**
 * MQTT topics and Home Assistant discovery payloads for upsd's publisher
 * (our extension, `MQTT_BROKER` in upsd.conf). Pure: no I/O.
 *
 * Layout under the prefix (the broker URL's path, default `nut`):
 * - `<prefix>/status`: `online`/`offline` for upsd itself (retained; the
 *   last will says `offline`).
 * - `<prefix>/<ups>/availability`: `online` while the driver is connected
 *   and its data fresh, else `offline` (retained).
 * - `<prefix>/<ups>/var/<variable>`: each variable's value (retained; an
 *   empty retained message when the variable is deleted).
 * - `<prefix>/<ups>/event`: one JSON object per status change (not retained).
 * - `<prefix>/<ups>/cmd/<command>`: upsd listens here; Home Assistant's
 *   buttons publish `PRESS`. Results go to `<prefix>/<ups>/cmd_result`.
 * - `homeassistant/{sensor,binary_sensor,button}/<ups>_<id>/config`: the
 *   discovery messages (retained).
 *
 * @module
 */

/** Where Home Assistant listens for discovery (its default). */
export const DISCOVERY_PREFIX = "homeassistant";

/** The status flags offered as binary sensors, with their HA device class. */
export const BINARY_FLAGS: ReadonlyArray<
  { flag: string; name: string; deviceClass?: string }
> = [
  { flag: "OL", name: "Online", deviceClass: "power" },
  { flag: "OB", name: "On battery" },
  { flag: "LB", name: "Low battery", deviceClass: "battery" },
];

/** A name usable as one topic level: MQTT's wildcards and `/` become `_`. */
export function topicLevel(name: string): string {
  return name.replace(/[+#/]/g, "_");
}

/** HA's object_id alphabet: [a-zA-Z0-9_-]. */
export function objectId(...parts: string[]): string {
  return parts.join("_").replace(/[^A-Za-z0-9_-]/g, "_");
}

/** The prefix from a broker URL's path (`mqtt://h/home/nut` → `home/nut`). */
export function prefixOf(url: URL): string {
  const p = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, "");
  return p === "" ? "nut" : p;
}

/** Topic builders for one prefix. */
export class Topics {
  readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix;
  }

  /** upsd's own availability (the last will's topic). */
  get bridge(): string {
    return `${this.prefix}/status`;
  }
  availability(ups: string): string {
    return `${this.prefix}/${topicLevel(ups)}/availability`;
  }
  variable(ups: string, name: string): string {
    return `${this.prefix}/${topicLevel(ups)}/var/${topicLevel(name)}`;
  }
  event(ups: string): string {
    return `${this.prefix}/${topicLevel(ups)}/event`;
  }
  command(ups: string, cmd: string): string {
    return `${this.prefix}/${topicLevel(ups)}/cmd/${topicLevel(cmd)}`;
  }
  cmdResult(ups: string): string {
    return `${this.prefix}/${topicLevel(ups)}/cmd_result`;
  }
  /** The subscription for every command of every UPS. */
  get commandFilter(): string {
    return `${this.prefix}/+/cmd/+`;
  }
  /** `{ups, cmd}` (topic levels as published) of a command topic. */
  parseCommand(topic: string): { ups: string; cmd: string } | undefined {
    const head = `${this.prefix}/`;
    if (!topic.startsWith(head)) return undefined;
    const rest = topic.slice(head.length).split("/");
    if (rest.length !== 3 || rest[1] !== "cmd") return undefined;
    return { ups: rest[0]!, cmd: rest[2]! };
  }
}

/** Discovery topic of one entity. */
export function discoveryTopic(
  component: "sensor" | "binary_sensor" | "button",
  ups: string,
  id: string,
): string {
  return `${DISCOVERY_PREFIX}/${component}/${objectId(ups, id)}/config`;
}

/** What HA shows about the device (from the UPS's variables). */
export interface DeviceInfo {
  name: string;
  desc?: string | undefined;
  mfr?: string | undefined;
  model?: string | undefined;
  serial?: string | undefined;
}

function device(d: DeviceInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    identifiers: [objectId("nut", d.name)],
    name: d.desc ? `${d.name} (${d.desc})` : d.name,
  };
  if (d.mfr) out.manufacturer = d.mfr;
  if (d.model) out.model = d.model;
  if (d.serial) out.serial_number = d.serial;
  return out;
}

function availability(t: Topics, ups: string): Record<string, unknown> {
  return {
    availability: [{ topic: t.bridge }, { topic: t.availability(ups) }],
    availability_mode: "all",
  };
}

// Unit and HA device class by the variable's last word (NUT's naming).
const UNITS: ReadonlyArray<[RegExp, string, string | undefined]> = [
  [/\.voltage(\.nominal)?$/, "V", "voltage"],
  [/\.current(\.nominal)?$/, "A", "current"],
  [/\.frequency(\.nominal)?$/, "Hz", "frequency"],
  [/\.temperature$/, "°C", "temperature"],
  [/^battery\.charge(\.low|\.warning|\.restart)?$/, "%", "battery"],
  [/\.humidity$/, "%", "humidity"],
  [/\.load$/, "%", undefined],
  [/\.runtime(\.low)?$/, "s", "duration"],
  [/\.realpower(\.nominal)?$/, "W", "power"],
  [/\.power(\.nominal)?$/, "VA", "apparent_power"],
];

/** HA unit and device class of a NUT variable, if it has one. */
export function unitOf(
  name: string,
): { unit: string; deviceClass?: string } | undefined {
  for (const [re, unit, deviceClass] of UNITS) {
    if (re.test(name)) return deviceClass ? { unit, deviceClass } : { unit };
  }
  return undefined;
}

/** True when the value reads as a number (a measurement HA can graph). */
export function isNumeric(value: string): boolean {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(value);
}

/** The sensor discovery message for one variable. */
export function sensorConfig(
  t: Topics,
  dev: DeviceInfo,
  name: string,
  value: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name,
    unique_id: objectId("nut", dev.name, name),
    object_id: objectId(dev.name, name),
    state_topic: t.variable(dev.name, name),
    ...availability(t, dev.name),
    device: device(dev),
  };
  const unit = unitOf(name);
  if (isNumeric(value)) {
    out.state_class = "measurement";
    if (unit) {
      out.unit_of_measurement = unit.unit;
      if (unit.deviceClass) out.device_class = unit.deviceClass;
    }
  }
  if (name === "ups.status") out.icon = "mdi:power-plug-battery";
  return out;
}

/** The binary sensor for one status flag, computed from ups.status. */
export function binaryConfig(
  t: Topics,
  dev: DeviceInfo,
  b: { flag: string; name: string; deviceClass?: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    name: b.name,
    unique_id: objectId("nut", dev.name, "status", b.flag),
    object_id: objectId(dev.name, "status", b.flag),
    state_topic: t.variable(dev.name, "ups.status"),
    value_template: `{{ 'ON' if '${b.flag}' in value.split() else 'OFF' }}`,
    ...availability(t, dev.name),
    device: device(dev),
  };
  if (b.deviceClass) out.device_class = b.deviceClass;
  return out;
}

/** The button for one instant command. */
export function buttonConfig(
  t: Topics,
  dev: DeviceInfo,
  cmd: string,
): Record<string, unknown> {
  return {
    name: cmd,
    unique_id: objectId("nut", dev.name, "cmd", cmd),
    object_id: objectId(dev.name, cmd),
    command_topic: t.command(dev.name, cmd),
    payload_press: "PRESS",
    ...availability(t, dev.name),
    device: device(dev),
  };
}

/** The device fields from a UPS's variables. */
export function deviceOf(
  name: string,
  desc: string | undefined,
  vars: ReadonlyMap<string, string>,
): DeviceInfo {
  const get = (...keys: string[]) =>
    keys.map((k) => vars.get(k)).find((v) => v !== undefined && v !== "");
  return {
    name,
    desc,
    mfr: get("device.mfr", "ups.mfr"),
    model: get("device.model", "ups.model"),
    serial: get("device.serial", "ups.serial"),
  };
}
