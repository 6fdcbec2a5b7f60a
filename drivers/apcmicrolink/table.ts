/**
 * apcmicrolink's variable table (NUT's microlink_desc_value_map): each
 * descriptor path NUT publishes, with its NUT name, encoding, sign, binary
 * point, writability and value names. `#` stands for a collection index.
 *
 * @module
 */
import {
  ALARM,
  CALIBRATION_STATUS,
  COUNTDOWN,
  COUNTDOWN_SETTING,
  EFFICIENCY,
  INPUT_QUALITY,
  LANGUAGE,
  LIFETIME_STATUS,
  OUTLET_CAUSE,
  OUTLET_STATUS,
  OUTPUT_VOLTAGE_SETTING,
  RETRANSFER_DELAY,
  STATUS,
  STATUS_CHANGE_CAUSE,
  TEST_INTERVAL,
  TEST_STATUS,
  type ValueMap,
} from "./maps.ts";

/** How a descriptor value is encoded. */
export type ValueKind =
  | "string"
  | "hex"
  | "fixed"
  | "fixedmap"
  | "date"
  | "time"
  | "bits"
  | "enum";

/** One descriptor path published as a NUT variable. */
export interface ValueRow {
  /** Descriptor path; `#` stands for a collection index. */
  readonly path: string;
  /** NUT name; `#` is the index (plus one when `oneBased`). */
  readonly name: string;
  readonly kind: ValueKind;
  readonly signed: boolean;
  /** Binary point of fixed-point values. */
  readonly bp: number;
  readonly rw: boolean;
  readonly oneBased: boolean;
  readonly map?: ValueMap | undefined;
}

function row(
  path: string,
  name: string,
  kind: ValueKind,
  o: Partial<Omit<ValueRow, "path" | "name" | "kind">> = {},
): ValueRow {
  return Object.freeze({
    path,
    name,
    kind,
    signed: o.signed ?? false,
    bp: o.bp ?? 0,
    rw: o.rw ?? false,
    oneBased: o.oneBased ?? false,
    map: o.map,
  });
}

/** Paths whose bits set ups.status (and ups.alarm), in NUT's order. */
export const STATUS_SOURCES: ReadonlyArray<
  { path: string; status: ValueMap; alarm?: ValueMap }
> = Object.freeze([
  { path: "2:4.A", status: STATUS, alarm: ALARM },
  { path: "2:13", status: CALIBRATION_STATUS },
]);

/** Every published descriptor value (microlink_desc_value_map), in NUT's order. */
export const VALUE_ROWS: readonly ValueRow[] = Object.freeze([
  row("2:4.9.40", "ups.serial", "string"),
  row("2:4.9.40", "device.serial", "string"),
  row("2:4.9.42", "experimental.device.sku", "string"),
  row("2:4.9.44", "ups.model", "string"),
  row("2:4.82", "ups.id", "string", { rw: true }),
  row("2:4.9.1B", "ups.productid", "hex"),
  row("2:4.9.1C", "ups.vendorid", "hex"),
  row("2:4.9.19", "ups.mfr.date", "date"),
  row("3:4A", "ups.firmware", "string"),
  row("2:4.A", "experimental.device.status", "bits", { map: STATUS }),
  row("2:11", "ups.test.result", "bits", { map: TEST_STATUS }),
  row("2:13", "experimental.ups.calibration.result", "bits", {
    map: CALIBRATION_STATUS,
  }),
  row("2:4.5.11", "experimental.battery.test.result", "bits", {
    map: TEST_STATUS,
  }),
  row("2:4.5.13", "experimental.ups.calibration.result", "bits", {
    map: CALIBRATION_STATUS,
  }),
  row("2:B", "input.transfer.reason", "enum", {
    signed: true,
    map: STATUS_CHANGE_CAUSE,
  }),
  row("2:4.5.18", "ups.test.interval", "enum", {
    rw: true,
    map: TEST_INTERVAL,
  }),
  row("2:4.5.19", "battery.date.maintenance", "date"),
  row("2:4.5.22", "ups.temperature", "fixed", { signed: true, bp: 7 }),
  row("2:4.5.22", "battery.temperature", "fixed", { signed: true, bp: 7 }),
  row("2:4.5.31", "battery.lowruntimewarning", "fixed"),
  row("2:4.5.42", "experimental.battery.sku", "string"),
  row("2:4.5.48", "battery.date", "date", { rw: true }),
  row("2:4.5.74", "battery.lifetime.status", "bits", { map: LIFETIME_STATUS }),
  row("2:4.5.9F", "battery.runtime", "fixed"),
  row("2:4.5.20", "battery.charge", "fixed", { bp: 9 }),
  row("2:4.5.21", "battery.voltage", "fixed", { signed: true, bp: 5 }),
  row("2:4.6.16", "input.quality", "bits", { map: INPUT_QUALITY }),
  row("2:4.6.25", "input.voltage", "fixed", { bp: 6 }),
  row("2:4.6.27", "input.frequency", "fixed", { bp: 7 }),
  row("2:4.6.BA", "input.transfer.delay", "enum", {
    signed: true,
    rw: true,
    map: RETRANSFER_DELAY,
  }),
  row("2:4.7.D", "input.transfer.high", "fixed", { rw: true }),
  row("2:4.7.E", "input.transfer.low", "fixed", { rw: true }),
  row("2:4.7.25", "output.voltage", "fixed", { bp: 6 }),
  row("2:4.7.26", "output.current", "fixed", { bp: 5 }),
  row("2:4.7.27", "output.frequency", "fixed", { bp: 7 }),
  row("2:4.7.28", "ups.realpower", "fixed", { bp: 8 }),
  row("2:4.7.2A", "ups.realpower.nominal", "fixed"),
  row("2:4.7.2B", "ups.power.nominal", "fixed"),
  row("2:4.7.2C", "experimental.output.voltage.setting", "bits", {
    rw: true,
    map: OUTPUT_VOLTAGE_SETTING,
  }),
  row("2:4.7.49", "ups.power", "fixed", { bp: 8 }),
  row("3:17", "ups.efficiency", "fixedmap", {
    signed: true,
    bp: 7,
    map: EFFICIENCY,
  }),
  row("3:26", "experimental.output.energy", "fixed"),
  row("2:4.3E.B8", "outlet.group.0.delay.shutdown", "enum", {
    signed: true,
    rw: true,
    map: COUNTDOWN_SETTING,
  }),
  row("2:4.3E.B7", "outlet.group.0.delay.reboot", "enum", {
    signed: true,
    rw: true,
    map: COUNTDOWN_SETTING,
  }),
  row("2:4.3E.B9", "outlet.group.0.delay.start", "enum", {
    signed: true,
    rw: true,
    map: COUNTDOWN_SETTING,
  }),
  row("2:4.3E.30", "outlet.group.0.minimumreturnruntime", "fixed", {
    rw: true,
  }),
  row("2:4.3E.31", "outlet.group.0.lowruntimewarning", "fixed", { rw: true }),
  row("2:4.3E.82", "outlet.group.0.name", "string", { rw: true }),
  row("2:4.3E.84", "experimental.outlet.group.0.status.cause", "bits", {
    map: OUTLET_CAUSE,
  }),
  row("2:4.3E.B6", "outlet.group.0.status", "bits", { map: OUTLET_STATUS }),
  row("2:4.3D[#].2D", "outlet.group.#.timer.shutdown", "enum", {
    signed: true,
    rw: true,
    oneBased: true,
    map: COUNTDOWN,
  }),
  row("2:4.3D[#].B8", "outlet.group.#.delay.shutdown", "enum", {
    signed: true,
    rw: true,
    oneBased: true,
    map: COUNTDOWN_SETTING,
  }),
  row("2:4.3D[#].2E", "outlet.group.#.timer.reboot", "enum", {
    signed: true,
    rw: true,
    oneBased: true,
    map: COUNTDOWN,
  }),
  row("2:4.3D[#].B7", "outlet.group.#.delay.reboot", "enum", {
    signed: true,
    rw: true,
    oneBased: true,
    map: COUNTDOWN_SETTING,
  }),
  row("2:4.3D[#].AD", "outlet.group.#.timer.start", "enum", {
    signed: true,
    rw: true,
    oneBased: true,
    map: COUNTDOWN,
  }),
  row("2:4.3D[#].B9", "outlet.group.#.delay.start", "enum", {
    signed: true,
    rw: true,
    oneBased: true,
    map: COUNTDOWN_SETTING,
  }),
  row("2:4.3D[#].30", "outlet.group.#.minimumreturnruntime", "fixed", {
    rw: true,
    oneBased: true,
  }),
  row("2:4.3D[#].31", "outlet.group.#.lowruntimewarning", "fixed", {
    rw: true,
    oneBased: true,
  }),
  row("2:4.3D[#].82", "outlet.group.#.name", "string", {
    rw: true,
    oneBased: true,
  }),
  row("2:4.3D[#].84", "experimental.outlet.group.#.status.cause", "bits", {
    oneBased: true,
    map: OUTLET_CAUSE,
  }),
  row("2:4.3D[#].B6", "outlet.group.#.status", "bits", {
    oneBased: true,
    map: OUTLET_STATUS,
  }),
  row("3:2B", "ups.display.language", "enum", { rw: true, map: LANGUAGE }),
  row("2:4.5.F.69", "experimental.statistics.battery.totaltime", "fixed"),
  row("2:4.6.F.69", "experimental.statistics.input.totaltime", "fixed"),
  row("2:4.7.F.69", "experimental.statistics.output.totaltime", "fixed"),
  row("2:4.F.69", "experimental.statistics.ups.totaltime", "fixed"),
]);
