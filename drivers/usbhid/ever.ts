/**
 * Ever subdriver (ever-hid.c, "Ever HID 0.1" in NUT 2.8.0).
 *
 * @module
 */
import { HID_USAGES, type UsageTable } from "../../src/hid/usages.ts";
import {
  AWAITINGPOWER,
  BOOST,
  CHARGING,
  COMMFAULT,
  type Conversion,
  DEFAULT_OFFDELAY,
  DISCHARGING,
  type HidInfo,
  HU,
  KELVIN_CELSIUS,
  type LookupContext,
  LOWBATT,
  NOBATTERY,
  NUM,
  ONLINE,
  OVERHEAT,
  OVERLOAD,
  REPLACEBATT,
  RW,
  SHUTDOWNIMM,
  standardClaim,
  STR,
  type Subdriver,
  TRIM,
  type UsbId,
  YES_NO,
} from "./types.ts";

const HARD_REV = "0ABCDEFGHIJKLMNOPQRSTUVWXYZ";

const EVER_FORMAT_HARDWARE: Conversion = {
  fun(v) {
    const n = Math.trunc(v) >>> 0;
    const rev = HARD_REV[(n & 0xff00) >> 8] ?? "";
    return `rev.${rev}v${String(n & 0xff).padStart(2, "0")}`.slice(0, 9);
  },
};

const EVER_FORMAT_VERSION: Conversion = {
  fun(v) {
    const n = Math.trunc(v);
    const major = ((n & 0xf000) >> 12).toString(16).toUpperCase();
    const minor = ((n & 0xf00) >> 8).toString(16).toUpperCase();
    return `v${major}.${minor}b${String(n & 0xff).padStart(2, "0")}`.slice(
      0,
      9,
    );
  },
};

/** Bytes of a buffered report after its ID byte. */
function payload(ctx: LookupContext, id: number): Uint8Array {
  return ctx.report(id)?.subarray(1) ?? new Uint8Array();
}

const EVER_MAC_ADDRESS: Conversion = {
  fun: (_v, ctx) =>
    [...payload(ctx, 210)].map((b) => b.toString(16).padStart(2, "0")).join(
      ":",
    ),
};

/**
 * Reports read in turn by consecutive calls (IP, mask, gateway, DNS...);
 * the position is per instance.
 */
function rotating(ids: readonly number[]): (ctx: LookupContext) => number {
  const key = Symbol("ever rotation");
  return (ctx) => {
    const pos = ctx.memory.slot(key, () => ({ n: 0 }));
    return ids[pos.n++ % ids.length]!;
  };
}

const nextIpReport = rotating([211, 230, 231, 232]);
const EVER_IP_ADDRESS: Conversion = {
  fun: (_v, ctx) => [...payload(ctx, nextIpReport(ctx))].join("."),
};

const nextPacketReport = rotating([215, 216, 217, 218]);
const EVER_PACKETS: Conversion = {
  fun(_v, ctx) {
    const b = payload(ctx, nextPacketReport(ctx));
    if (b.length < 4) return "";
    return String((b[0]! | b[1]! << 8 | b[2]! << 16 | b[3]! << 24) | 0);
  },
};

const WORKMODES: Record<number, string> = {
  2: "STOP",
  4: "ONLINE",
  8: "ONBATTERY",
  16: "WATCH",
  32: "WAITING",
  64: "EMERGENCY",
};

const EVER_WORKMODE: Conversion = {
  fun: (_v, ctx) => WORKMODES[payload(ctx, 74)[0] ?? 0] ?? "UNKNOWN",
};

/** Space-separated names of the bits set in a 16-bit report. */
function bitNames(
  id: number,
  names: ReadonlyArray<readonly [number, string]>,
): Conversion {
  return {
    fun(_v, ctx) {
      const b = payload(ctx, id);
      const bits = (b[0] ?? 0) | (b[1] ?? 0) << 8;
      return names.filter(([m]) => bits & m).map(([, s]) => s).join(" ");
    },
  };
}

const EVER_MESSAGES = bitNames(75, [
  [0x04, "BOOST"],
  [0x08, "BUCK"],
  [0x10, "BOOST_BLOCKED"],
  [0x20, "BUCK_BLOCKED"],
  [0x40, "CHARGING"],
  [0x80, "FAN_ON"],
  [0x100, "EPO_BLOCKED"],
  [0x200, "NEED_REPLACMENT"],
  [0xc00, "OVERHEAT"],
  [0x1000, "WAITING_FOR_MIN_CHARGE"],
  [0x2000, "MAINS_OUT_OF_RANGE"],
]);

const EVER_ALARMS = bitNames(76, [
  [0x01, "OVERLOAD"],
  [0x02, "SHORT-CIRCUIT"],
  [0x0c, "OVERHEAT"],
  [0x10, "EPO"],
  [0x20, "INERNAL_ERROR"],
  [0x40, "REVERSE_POWER_SUPPLY"],
  [0x80, "NO_INETERNAL_COMM"],
  [0x100, "CRITICAL_BATT_VOLTAGE"],
]);

const EVER_ON_OFF_INFO: Conversion = {
  fun(_v, ctx) {
    const mode = payload(ctx, 74)[0] ?? 0;
    return mode !== 0x04 && mode !== 0x08 ? "off" : "!off";
  },
};

/** Vendor usages (ever_usage_lkp). */
export const EVER_USAGES: UsageTable = [
  ["EVER1", 0x00000000],
  ["EVER2", 0xff000000],
  ["EVER3", 0xff000001],
  ["EVER4", 0xff000002],
  ["EVER5", 0xff000003],
  ["EVER6", 0xff000004],
  ["EVER7", 0xff000005],
  ["EVER8", 0xff000006],
  ["EVER9", 0xff000007],
  ["EVER10", 0xff000008],
  ["EVER11", 0xff000009],
  ["EVER12", 0xff000010],
  ["EVER13", 0xff000011],
  ["EVER14", 0xff000012],
  ["EVER15", 0xff000013],
  ["EVER16", 0xff000014],
  ["EVER17", 0xff000015],
  ["EVER18", 0xff000016],
  ["EVER19", 0xff000017],
  ["EVER20", 0xff000018],
  ["EVER21", 0xff000019],
  ["EVER22", 0xff00001a],
  ["EVER23", 0xff00001b],
  ["EVER24", 0xff00001c],
  ["EVER25", 0xff00001d],
  ["EVER26", 0xff00001e],
  ["EVER27", 0xff00001f],
  ["EVER28", 0xff000020],
  ["EVER29", 0xff000021],
  ["EVER30", 0xff000022],
  ["EVER31", 0xff000023],
  ["EVER32", 0xff000030],
  ["EVER33", 0xff000031],
  ["EVER34", 0xff000032],
  ["EVER35", 0xff000033],
  ["EVER36", 0xff000034],
  ["EVER37", 0xff000035],
  ["EVER38", 0xff000036],
  ["EVER39", 0xff000037],
  ["EVER40", 0xff000038],
  ["EVER41", 0xff000039],
  ["EVER42", 0xff000040],
  ["EVER43", 0xff000041],
  ["EVER44", 0xff000042],
  ["EVER45", 0xff000043],
  ["EVER46", 0xff000044],
  ["EVER47", 0xff000045],
  ["EVER48", 0xff000046],
  ["EVER49", 0xff000050],
  ["EVER50", 0xff000051],
  ["EVER51", 0xff000052],
  ["EVER52", 0xff000053],
  ["EVER53", 0xff000054],
  ["EVER54", 0xff000060],
  ["EVER55", 0xff000061],
  ["EVER56", 0xff000062],
  ["EVER57", 0xff000063],
  ["EVER58", 0xff000064],
  ["EVER59", 0xff000066],
  ["EVER60", 0xff000067],
  ["EVER61", 0xff000068],
  ["EVER62", 0xff000069],
  ["EVER63", 0xff00006a],
  ["EVER64", 0xff00006b],
  ["EVER65", 0xff00006c],
  ["EVER66", 0xff00006d],
  ["EVER67", 0xff00006e],
  ["EVER68", 0xff00006f],
  ["EVER69", 0xff000070],
  ["EVER70", 0xff000071],
  ["EVER71", 0xff000072],
  ["EVER72", 0xff000073],
  ["EVER73", 0xff000074],
  ["EVER74", 0xff000075],
  ["EVER75", 0xff000076],
  ["EVER76", 0xff000077],
  ["EVER77", 0xff000078],
  ["EVER78", 0xff000079],
  ["EVER79", 0xff00007a],
  ["EVER80", 0xff00007b],
  ["EVER81", 0xff00007c],
  ["EVER82", 0xff00007d],
  ["EVER83", 0xff00007e],
  ["EVER84", 0xff00007f],
  ["EVER85", 0xff000080],
  ["EVER86", 0xff000081],
  ["EVER87", 0xff000082],
  ["EVER88", 0xff000083],
  ["EVER89", 0xff000084],
  ["EVER90", 0xff000085],
  ["EVER91", 0xff000086],
  ["EVER92", 0xff000087],
  ["EVER93", 0xff000088],
  ["EVER94", 0xff000089],
  ["EVER95", 0xff00008a],
  ["EVER96", 0xff00008b],
  ["EVER97", 0xff000090],
  ["EVER98", 0xff000091],
  ["EVER99", 0xff000092],
  ["EVER100", 0xff000093],
  ["EVER101", 0xff000094],
  ["EVER102", 0xff000095],
  ["EVER103", 0xff000096],
  ["EVER104", 0xff000097],
];

/** USB IDs (usb_device_id_t table). */
export const EVER_DEVICES: readonly UsbId[] = [
  { vendor: 0x0483, product: 0xa113 },
  { vendor: 0x2e51, product: 0xffff },
  { vendor: 0x2e51, product: 0x0000 },
];

const TABLE: readonly HidInfo[] = [
  {
    nut: "experimental.battery.batteryid",
    path: "UPS.BatterySystem.Battery.BatteryID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.battery.systemid",
    path: "UPS.BatterySystem.BatterySystemID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.battery.chargerid",
    path: "UPS.BatterySystem.Charger.ChargerID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.battery.input_flowid",
    path: "UPS.BatterySystem.Input.FlowID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.battery.input_id",
    path: "UPS.BatterySystem.Input.InputID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.battery.output_flowid",
    path: "UPS.BatterySystem.Output.FlowID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.battery.output_id",
    path: "UPS.BatterySystem.Output.OutputID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.id.firmware_version_inverter",
    path: "UPS.EVER1.EVER13",
    dfl: "%s",
    lookup: EVER_FORMAT_VERSION,
  },
  {
    nut: "experimental.id.firmware_version_interfaces",
    path: "UPS.EVER1.EVER14",
    dfl: "%s",
    lookup: EVER_FORMAT_VERSION,
  },
  {
    nut: "experimental.id.hardware_version",
    path: "UPS.EVER1.EVER15",
    dfl: "%s",
    lookup: EVER_FORMAT_HARDWARE,
  },
  {
    nut: "experimental.id.protocol_version_inverter",
    path: "UPS.EVER1.EVER16",
    dfl: "%s",
    lookup: EVER_FORMAT_VERSION,
  },
  {
    nut: "experimental.id.protocol_version_interfaces",
    path: "UPS.EVER1.EVER17",
    dfl: "%s",
    lookup: EVER_FORMAT_VERSION,
  },
  {
    nut: "ups.temperature",
    path: "UPS.EVER1.EVER42",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  {
    nut: "battery.temperature",
    path: "UPS.EVER1.EVER43",
    dfl: "%s",
    lookup: KELVIN_CELSIUS,
  },
  { nut: "powerfactor", path: "UPS.EVER1.EVER44", dfl: "%.0f" },
  {
    nut: "experimental.control.ups_on",
    flags: RW | NUM,
    path: "UPS.EVER1.EVER45.EVER46",
    dfl: "%.0f",
  },
  {
    nut: "experimental.control.clear_fault",
    flags: RW | NUM,
    path: "UPS.EVER1.EVER45.EVER47",
    dfl: "%.0f",
  },
  {
    nut: "experimental.control.clear_battery_fault",
    flags: RW | NUM,
    path: "UPS.EVER1.EVER45.EVER48",
    dfl: "%.0f",
  },
  {
    nut: "experimental.control.epo_blocked",
    flags: RW | NUM,
    path: "UPS.EVER1.EVER49.EVER50",
    dfl: "%.0f",
  },
  {
    nut: "experimental.control.green_mode",
    flags: RW | NUM,
    path: "UPS.EVER1.EVER49.EVER51",
    dfl: "%.0f",
  },
  {
    nut: "experimental.control.button_sound",
    flags: RW | NUM,
    path: "UPS.EVER1.EVER49.EVER52",
    dfl: "%.0f",
  },
  {
    nut: "experimental.control.audible_alarm",
    flags: RW | NUM,
    path: "UPS.EVER1.EVER49.EVER53",
    dfl: "%.0f",
  },
  {
    nut: "output.voltage",
    flags: RW | STR,
    len: 3,
    path: "UPS.EVER1.EVER54",
    dfl: "%.0f",
  },
  {
    nut: "experimental.config.overload_clearance_threshold",
    flags: RW | STR,
    len: 2,
    path: "UPS.EVER1.EVER59",
    dfl: "%.0f",
  },
  {
    nut: "experimental.config.stb_charge",
    flags: RW | STR,
    len: 2,
    path: "UPS.EVER1.EVER60",
    dfl: "%.0f",
  },
  {
    nut: "battery.packs.external",
    flags: RW | STR,
    len: 1,
    path: "UPS.EVER1.EVER61",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.mains_loss_counter",
    path: "UPS.EVER1.EVER62",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.lowering_AVR_trigger_counter",
    path: "UPS.EVER1.EVER63",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.rising_AVR_trigger_counter",
    path: "UPS.EVER1.EVER64",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.overload_counter",
    path: "UPS.EVER1.EVER65",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.short_circuit_counter",
    path: "UPS.EVER1.EVER66",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.discharge_counter",
    path: "UPS.EVER1.EVER67",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.overheat_counter",
    path: "UPS.EVER1.EVER68",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.mains_operation_time",
    path: "UPS.EVER1.EVER69",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.autonomous_operation_time",
    path: "UPS.EVER1.EVER70",
    dfl: "%.0f",
  },
  {
    nut: "experimental.statistics.overload_operation_time",
    path: "UPS.EVER1.EVER71",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.mac_address",
    path: "UPS.EVER1.EVER72",
    dfl: "%s",
    lookup: EVER_MAC_ADDRESS,
  },
  {
    nut: "experimental.networkcard.notification_destination_ip",
    path: "UPS.EVER1.EVER73",
    dfl: "%s",
    lookup: EVER_IP_ADDRESS,
  },
  {
    nut: "experimental.networkcard.send_packets",
    path: "UPS.EVER1.EVER77",
    dfl: "%s",
    lookup: EVER_PACKETS,
  },
  {
    nut: "experimental.networkcard.received_packets",
    path: "UPS.EVER1.EVER78",
    dfl: "%s",
    lookup: EVER_PACKETS,
  },
  {
    nut: "experimental.networkcard.send_packets_err",
    path: "UPS.EVER1.EVER79",
    dfl: "%s",
    lookup: EVER_PACKETS,
  },
  {
    nut: "experimental.networkcard.received_packets_err",
    path: "UPS.EVER1.EVER80",
    dfl: "%s",
    lookup: EVER_PACKETS,
  },
  {
    nut: "experimental.networkcard.config_dhcp_enabled",
    path: "UPS.EVER1.EVER85.EVER86",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.config_ethernet_enabled",
    path: "UPS.EVER1.EVER85.EVER87",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.config_http_enabled",
    path: "UPS.EVER1.EVER85.EVER88",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.config_snmp_enabled",
    path: "UPS.EVER1.EVER85.EVER89",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.config_snmp_trap_enabled",
    path: "UPS.EVER1.EVER85.EVER90",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.config_readonly",
    path: "UPS.EVER1.EVER85.EVER91",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.config_restart_eth",
    path: "UPS.EVER1.EVER85.EVER96",
    dfl: "%.0f",
  },
  {
    nut: "experimental.networkcard.ip_address",
    path: "UPS.EVER1.EVER93",
    dfl: "%s",
    lookup: EVER_IP_ADDRESS,
  },
  {
    nut: "experimental.networkcard.network_mask",
    path: "UPS.EVER1.EVER94",
    dfl: "%s",
    lookup: EVER_IP_ADDRESS,
  },
  {
    nut: "experimental.networkcard.default_gateway",
    path: "UPS.EVER1.EVER95",
    dfl: "%s",
    lookup: EVER_IP_ADDRESS,
  },
  {
    nut: "ups.realpower.nominal",
    path: "UPS.Flow.ConfigActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.power.nominal",
    path: "UPS.Flow.ConfigApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "output.frequency.nominal",
    path: "UPS.Flow.ConfigFrequency",
    dfl: "%.0f",
  },
  {
    nut: "output.voltage.nominal",
    path: "UPS.Flow.ConfigVoltage",
    dfl: "%.0f",
  },
  { nut: "experimental.ups.flow_id", path: "UPS.Flow.FlowID", dfl: "%.0f" },
  { nut: "outlet.1.id", path: "UPS.OutletSystem.Outlet.OutletID", dfl: "%.0f" },
  {
    nut: "experimental.outlet.1.present",
    path: "UPS.OutletSystem.Outlet.PresentStatus.Present",
    dfl: "%.0f",
    lookup: YES_NO,
  },
  {
    nut: "outlet.1.switchable",
    path: "UPS.OutletSystem.Outlet.PresentStatus.Switchable",
    dfl: "%.0f",
    lookup: YES_NO,
  },
  {
    nut: "outlet.1.status",
    path: "UPS.OutletSystem.Outlet.PresentStatus.SwitchOn/Off",
    dfl: "%.0f",
  },
  {
    nut: "experimental.outlet.1.undefined",
    path: "UPS.OutletSystem.Outlet.PresentStatus.Undefined",
    dfl: "%.0f",
  },
  {
    nut: "experimental.outlet.1.system_id",
    path: "UPS.OutletSystem.OutletSystemID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.outlet.1.switch_off_control",
    flags: RW | NUM,
    path: "UPS.OutletSystem.Outlet.SwitchOffControl",
    dfl: "%.0f",
  },
  {
    nut: "experimental.outlet.1.switch_on_control",
    flags: RW | NUM,
    path: "UPS.OutletSystem.Outlet.SwitchOnControl",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powerconverter.input_flow_id",
    path: "UPS.PowerConverter.Input.FlowID",
    dfl: "%.0f",
  },
  {
    nut: "input.frequency",
    path: "UPS.PowerConverter.Input.Frequency",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powerconverter.input_id",
    path: "UPS.PowerConverter.Input.InputID",
    dfl: "%.0f",
  },
  {
    nut: "input.voltage",
    path: "UPS.PowerConverter.Input.Voltage",
    dfl: "%.0f",
  },
  {
    nut: "ups.realpower",
    path: "UPS.PowerConverter.Output.ActivePower",
    dfl: "%.0f",
  },
  {
    nut: "ups.power",
    path: "UPS.PowerConverter.Output.ApparentPower",
    dfl: "%.0f",
  },
  {
    nut: "output.current",
    path: "UPS.PowerConverter.Output.Current",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powerconverter.output_flowid",
    path: "UPS.PowerConverter.Output.FlowID",
    dfl: "%.0f",
  },
  {
    nut: "output.frequency",
    path: "UPS.PowerConverter.Output.Frequency",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powerconverter.output_id",
    path: "UPS.PowerConverter.Output.OutputID",
    dfl: "%.0f",
  },
  {
    nut: "ups.load",
    path: "UPS.PowerConverter.Output.PercentLoad",
    dfl: "%.0f",
  },
  {
    nut: "output.voltage",
    path: "UPS.PowerConverter.Output.Voltage",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powerconverter.powerconverterid",
    path: "UPS.PowerConverter.PowerConverterID",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powersummary.capacity_granularity_1",
    path: "UPS.PowerSummary.CapacityGranularity1",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powersummary.capacity_granularity_2",
    path: "UPS.PowerSummary.CapacityGranularity2",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powersummary.capacity_mode",
    path: "UPS.PowerSummary.CapacityMode",
    dfl: "%.0f",
  },
  {
    nut: "ups.delay.shutdown",
    flags: RW | STR,
    len: 10,
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.ABSENT,
  },
  {
    nut: "battery.capacity",
    path: "UPS.PowerSummary.DesignCapacity",
    dfl: "%.0f",
  },
  {
    nut: "experimental.powersummary.flow_id",
    path: "UPS.PowerSummary.FlowID",
    dfl: "%.0f",
  },
  {
    nut: "battery.capacity",
    path: "UPS.PowerSummary.FullChargeCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.type",
    path: "UPS.PowerSummary.iDeviceChemistry",
    dfl: "%.0f",
  },
  { nut: "ups.load", path: "UPS.PowerSummary.PercentLoad", dfl: "%.0f" },
  {
    nut: "experimental.powersummary.rechargeable",
    path: "UPS.PowerSummary.Rechargeable",
    dfl: "%.0f",
  },
  {
    nut: "battery.charge",
    path: "UPS.PowerSummary.RemainingCapacity",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime.low",
    flags: RW | NUM,
    path: "UPS.PowerSummary.RemainingTimeLimit",
    dfl: "%.0f",
  },
  {
    nut: "battery.runtime",
    path: "UPS.PowerSummary.RunTimeToEmpty",
    dfl: "%.0f",
  },
  { nut: "battery.voltage", path: "UPS.PowerSummary.Voltage", dfl: "%.0f" },
  {
    nut: "ups.timer.shutdown",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: "%.0f",
    hu: HU.QUICK_POLL,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ACPresent",
    hu: HU.QUICK_POLL,
    lookup: ONLINE,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.AwaitingPower",
    hu: HU.QUICK_POLL,
    lookup: AWAITINGPOWER,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.BatteryPresent",
    lookup: NOBATTERY,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.CommunicationLost",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Discharging",
    hu: HU.QUICK_POLL,
    lookup: DISCHARGING,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.NeedReplacement",
    lookup: REPLACEBATT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.Overload",
    hu: HU.QUICK_POLL,
    lookup: OVERLOAD,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.OverTemperature",
    lookup: OVERHEAT,
  },
  {
    nut: "BOOL",
    path: "UPS.PowerSummary.PresentStatus.ShutdownImminent",
    lookup: SHUTDOWNIMM,
  },
  { nut: "BOOL", path: "UPS.EVER1.EVER18.EVER19", lookup: OVERLOAD },
  { nut: "BOOL", path: "UPS.EVER1.EVER18.EVER20", lookup: LOWBATT },
  { nut: "BOOL", path: "UPS.EVER1.EVER18.EVER21", lookup: BOOST },
  { nut: "BOOL", path: "UPS.EVER1.EVER18.EVER22", lookup: TRIM },
  { nut: "BOOL", path: "UPS.EVER1.EVER18.EVER25", lookup: CHARGING },
  { nut: "BOOL", path: "UPS.EVER1.EVER18.EVER28", lookup: REPLACEBATT },
  { nut: "BOOL", path: "UPS.EVER1.EVER32.EVER33", lookup: OVERLOAD },
  {
    nut: "BOOL",
    path: "UPS.EVER1.EVER32.EVER40",
    dfl: "%.0f",
    lookup: COMMFAULT,
  },
  {
    nut: "BOOL",
    path: "UPS.EVER1.EVER97.EVER102",
    dfl: "%s",
    lookup: EVER_ON_OFF_INFO,
  },
  {
    nut: "experimental.status.workmode",
    path: "UPS.EVER1.EVER97.EVER98",
    dfl: "%s",
    lookup: EVER_WORKMODE,
  },
  {
    nut: "experimental.status.messages",
    path: "UPS.EVER1.EVER18.EVER28",
    lookup: EVER_MESSAGES,
  },
  {
    nut: "experimental.status.alarms",
    path: "UPS.EVER1.EVER32.EVER33",
    lookup: EVER_ALARMS,
  },
  {
    nut: "load.off.delay",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
  {
    nut: "shutdown.return",
    path: "UPS.PowerSummary.DelayBeforeShutdown",
    dfl: DEFAULT_OFFDELAY,
    hu: HU.CMD,
  },
];

/** Ever HID 0.1. */
export const EVER: Subdriver = {
  name: "Ever HID 0.1",
  usages: [EVER_USAGES, HID_USAGES],
  devices: EVER_DEVICES,
  table: TABLE,
  claim: standardClaim("Ever", EVER_DEVICES),
  formatMfr: (i) => i.vendor ?? "Ever",
  formatModel: (i) => i.product,
  formatSerial: (i) => i.serial,
};
