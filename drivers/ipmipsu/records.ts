/**
 * nut-ipmipsu's pure side: SDR records as the BMC returns them (Get SDR
 * through FreeIPMI's ipmi-raw), the choice of the PSU's sensors (NUT's
 * libfreeipmi_get_sensors_info: the logical FRU Device Locator with the
 * port's FRU id gives an entity id/instance; every full, compact or
 * event-only sensor record of that entity is the PSU's), the FRU text of
 * ipmi-fru and the sensor lines of ipmi-sensors (the values NUT reads from
 * libipmimonitoring, with the same event strings).
 *
 * @module
 */

export { parseRaw, type RawReply } from "../../src/ipmi/raw.ts";

/** What NUT uses of one SDR. */
export interface SdrRecord {
  id: number;
  type: number;
  /** FRU Device Locator: logical FRU, its device id. */
  logical?: boolean;
  fruId?: number;
  entity: number;
  instance: number;
}

/** SDR record types (IPMI v2.0 table 43-1). */
export const SDR_FULL = 0x01;
export const SDR_COMPACT = 0x02;
export const SDR_EVENT_ONLY = 0x03;
export const SDR_FRU_LOCATOR = 0x11;

/** One SDR (header included); undefined when too short for its type. */
export function parseSdr(b: readonly number[]): SdrRecord | undefined {
  if (b.length < 5) return undefined;
  const id = b[0]! | (b[1]! << 8);
  const type = b[3]!;
  if (type === SDR_FRU_LOCATOR) {
    if (b.length < 14) return undefined;
    return {
      id,
      type,
      logical: (b[7]! & 0x80) !== 0,
      fruId: b[6]!,
      entity: b[12]!,
      instance: b[13]!,
    };
  }
  if (type === SDR_FULL || type === SDR_COMPACT || type === SDR_EVENT_ONLY) {
    if (b.length < 10) return undefined;
    return { id, type, entity: b[8]!, instance: b[9]! };
  }
  return { id, type, entity: -1, instance: -1 };
}

/**
 * The record ids of the PSU's sensors. An empty list means no FRU locator
 * matched: NUT then passes no ids, and libipmimonitoring reads every sensor.
 */
export function psuSensorIds(
  records: readonly SdrRecord[],
  fruId: number,
): number[] {
  const fru = records.find((r) =>
    r.type === SDR_FRU_LOCATOR && r.logical && r.fruId === fruId
  );
  if (!fru) return [];
  return records.filter((r) =>
    (r.type === SDR_FULL || r.type === SDR_COMPACT ||
      r.type === SDR_EVENT_ONLY) &&
    r.entity === fru.entity && r.instance === fru.instance
  ).map((r) => r.id).slice(0, 20);
}

/** What NUT keeps of the FRU (IPMIDevice_t), -1 / undefined when absent. */
export interface PsuInfo {
  manufacturer?: string;
  product?: string;
  serial?: string;
  part?: string;
  date?: string;
  capacity: number;
  minVoltage: number;
  maxVoltage: number;
  minFreq: number;
  maxFreq: number;
  voltage: number;
}

/** Output voltage 1 as NUT stores it (an int: 3.3 V becomes 3). */
const VOLTS: Record<string, number> = {
  "12V": 12,
  "-12V": -12,
  "5V": 5,
  "3.3V": 3,
};

/** ipmi-fru's text for one device: board info area and power supply record. */
export function parseFru(text: string): PsuInfo {
  const f = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^\s*FRU (.+?): (.*)$/.exec(line);
    if (m && !f.has(m[1]!)) f.set(m[1]!, m[2]!.trim());
  }
  const info: PsuInfo = {
    capacity: -1,
    minVoltage: -1,
    maxVoltage: -1,
    minFreq: -1,
    maxFreq: -1,
    voltage: -1,
  };
  const board = [...f.keys()].some((k) => k.startsWith("Board "));
  if (board) {
    const date = f.get("Board Manufacturing Date/Time");
    if (date) info.date = date;
    info.manufacturer = f.get("Board Manufacturer") ||
      "Generic IPMI manufacturer";
    info.product = f.get("Board Product Name") || "Generic PSU";
    const serial = f.get("Board Serial Number");
    if (serial) info.serial = serial;
    const part = f.get("Board Part Number");
    if (part) info.part = part;
  }
  const int = (k: string) => {
    const v = f.get(k);
    return v === undefined ? undefined : parseInt(v, 10);
  };
  const cap = int("Power Supply Overall Capacity");
  if (cap !== undefined) {
    info.capacity = cap;
    // mV, as NUT divides them
    info.minVoltage = Math.trunc(
      (int("Power Supply Low End Input Voltage 1") ?? 0) / 1000,
    );
    info.maxVoltage = Math.trunc(
      (int("Power Supply High End Input Voltage 1") ?? 0) / 1000,
    );
    info.minFreq = int("Power Supply Low End Acceptable Frequency") ?? 0;
    info.maxFreq = int("Power Supply High End Acceptable Frequency") ?? 0;
    info.voltage = VOLTS[f.get("Power Supply Voltage 1") ?? ""] ?? 0;
  }
  return info;
}

/** NUT's view of the PSU after one sensor read. */
export interface SensorResult {
  vars: Array<[string, string]>;
  /** "OL", "OFF" (input lost or absent), or undefined (no status sensor). */
  status?: "OL" | "OFF";
  /** false when NUT's read would fail (nothing usable, or PSU absent). */
  ok: boolean;
}

/** Splits one CSV line of ipmi-sensors (quoted event strings kept whole). */
function csv(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (const c of line) {
    if (c === "'") q = !q;
    if (c === "," && !q) {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** ipmi-sensors --comma-separated-output lines (ID,Name,Type,Reading,Units,Event). */
export function parseSensors(text: string): SensorResult {
  const vars: Array<[string, string]> = [];
  let state: "unknown" | "present" | "absent" | "failure" = "unknown";
  let ok = false;
  for (const line of text.split("\n")) {
    const cols = csv(line.trim());
    if (cols.length < 6 || !/^\d+$/.test(cols[0]!)) continue;
    const [, , type, reading, , events] = cols as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const ev = [...events.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
    const num = Number.parseFloat(reading);
    const analog = (name: string) => {
      if (!Number.isFinite(num)) return;
      vars.push([name, num.toFixed(2)]);
      ok = true;
    };
    switch (type) {
      case "Temperature":
        analog("ambient.temperature");
        break;
      case "Voltage":
        analog("input.voltage");
        break;
      case "Current":
        analog("input.current");
        break;
      case "Power Supply":
        if (
          ev.some((e) => e.startsWith("Power Supply input lost (AC/DC)")) &&
          state !== "absent"
        ) state = "failure";
        break;
      case "Entity Presence":
        for (const e of ev) {
          if (e.startsWith("Entity Present")) state = "present";
          else if (e.startsWith("Entity Absent")) state = "absent";
        }
        break;
    }
  }
  if (state === "present") return { vars, status: "OL", ok: true };
  if (state === "absent") return { vars, status: "OFF", ok: false };
  if (state === "failure") return { vars, status: "OFF", ok: true };
  return { vars, ok };
}
