/**
 * The MGE XML table (NUT's mge-xml subdriver, MGEXML/0.36 in 2.8.0): which
 * NMC object feeds which NUT variable, through which hook. A row is looked
 * up by its XML object name (first match wins, case-insensitive), or by its
 * NUT name for SET (first match again). `bit` rows feed the status bits
 * that become ups.status and ups.alarm. Rows NUT compiles out (`#if 0`) are
 * left out here too.
 *
 * @module
 */

/** A named conversion (see hooks.ts). */
export type HookName =
  | "deci"
  | "nonzero"
  | "yesno"
  | "onoff"
  | "ambient"
  | "beeper"
  | "contact"
  | "datetime"
  | "timerShutdown"
  | "shutdownImminent"
  | "testResult"
  | "upsType"
  | "sensitivity"
  | "powerFactor"
  | "capacity";

/** Status bits of the driver (NUT's netxml-ups.h). */
export type StatusBit =
  | "ONLINE"
  | "DISCHRG"
  | "CHRG"
  | "LOWBATT"
  | "OVERLOAD"
  | "REPLACEBATT"
  | "SHUTDOWNIMM"
  | "TRIM"
  | "BOOST"
  | "BYPASSAUTO"
  | "BYPASSMAN"
  | "OFF"
  | "CAL"
  | "OVERHEAT"
  | "COMMFAULT"
  | "INTERNALFAULT"
  | "FUSEFAULT"
  | "FANFAIL"
  | "NOBATTERY"
  | "BATTVOLTLO"
  | "BATTVOLTHI"
  | "CHARGERFAIL"
  | "VRANGE"
  | "FRANGE";

/** One table row. */
export interface XmlRow {
  /** NUT variable, or null for status-only rows. */
  readonly nut: string | null;
  /** NMC object name. */
  readonly xml: string;
  /** Writable (registered at start with an empty value, RW flag). */
  readonly rw?: boolean;
  /** Set once, never updated (NUT's ST_FLAG_STATIC). */
  readonly once?: boolean;
  readonly hook?: HookName;
  /** For status rows: the bit, and what sets it ("1", "0", or "yes": '1' or Yes…). */
  readonly bit?: StatusBit;
  readonly on?: "1" | "0" | "yes";
}

function row(
  nut: string | null,
  xml: string,
  opt: { rw?: boolean; once?: boolean; hook?: HookName } = {},
): XmlRow {
  return Object.freeze({ nut, xml, ...opt });
}

function bit(xml: string, b: StatusBit, on: "1" | "0" | "yes"): XmlRow {
  return Object.freeze({ nut: null, xml, bit: b, on });
}

/** The rows, in NUT's order (order decides which duplicate wins). */
export const MGE_XML_ROWS: readonly XmlRow[] = Object.freeze([
  row("device.contact", "System.Contact", { rw: true }),
  row("device.location", "System.Location", { rw: true }),
  bit("UPS.PowerSummary.PresentStatus.ACPresent", "ONLINE", "1"),
  bit("UPS.PowerSummary.PresentStatus.Charging", "CHRG", "1"),
  bit("UPS.PowerSummary.PresentStatus.Discharging", "DISCHRG", "1"),
  bit(
    "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit",
    "LOWBATT",
    "1",
  ),
  bit("UPS.PowerSummary.PresentStatus.Overload", "OVERLOAD", "1"),
  bit("UPS.PowerSummary.PresentStatus.NeedReplacement", "REPLACEBATT", "1"),
  bit("UPS.PowerConverter.Input[1].PresentStatus.Buck", "TRIM", "1"),
  bit("UPS.PowerConverter.Input[1].PresentStatus.Boost", "BOOST", "1"),
  bit(
    "UPS.PowerConverter.Input[1].PresentStatus.VoltageOutOfRange",
    "VRANGE",
    "yes",
  ),
  bit(
    "UPS.PowerConverter.Input[1].PresentStatus.FrequencyOutOfRange",
    "FRANGE",
    "yes",
  ),
  bit("UPS.PowerConverter.Input[1].PresentStatus.FuseFault", "FUSEFAULT", "1"),
  bit(
    "UPS.PowerConverter.Input[1].PresentStatus.InternalFailure",
    "INTERNALFAULT",
    "1",
  ),
  bit("UPS.PowerSummary.PresentStatus.Good", "OFF", "0"),
  bit("UPS.PowerConverter.Input[2].PresentStatus.Used", "BYPASSAUTO", "1"),
  bit("UPS.PowerConverter.Input[4].PresentStatus.Used", "BYPASSMAN", "1"),
  bit("UPS.PowerSummary.PresentStatus.FanFailure", "FANFAIL", "1"),
  bit("UPS.BatterySystem.Battery.PresentStatus.Present", "NOBATTERY", "0"),
  bit(
    "UPS.BatterySystem.Charger.PresentStatus.InternalFailure",
    "CHARGERFAIL",
    "yes",
  ),
  bit(
    "UPS.BatterySystem.Charger.PresentStatus.VoltageTooHigh",
    "BATTVOLTHI",
    "1",
  ),
  bit(
    "UPS.BatterySystem.Charger.PresentStatus.VoltageTooLow",
    "BATTVOLTLO",
    "1",
  ),
  bit("UPS.PowerSummary.PresentStatus.InternalFailure", "INTERNALFAULT", "1"),
  bit("UPS.PowerSummary.PresentStatus.CommunicationLost", "COMMFAULT", "1"),
  bit("UPS.PowerSummary.PresentStatus.OverTemperature", "OVERHEAT", "1"),
  row("battery.charge", "UPS.PowerSummary.RemainingCapacity"),
  row("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimitSetting"),
  row("battery.charge.low", "UPS.PowerSummary.RemainingCapacityLimit"),
  row("battery.charge.restart", "UPS.PowerSummary.RestartLevel"),
  row("battery.capacity", "UPS.BatterySystem.Battery.DesignCapacity", {
    hook: "capacity",
  }),
  row("battery.runtime", "UPS.PowerSummary.RunTimeToEmpty"),
  row("battery.runtime.low", "System.RunTimeToEmptyLimit", { rw: true }),
  row("battery.temperature", "UPS.BatterySystem.Battery.Temperature"),
  row("battery.packs.external", "UPS.BatterySystem.Battery.Count"),
  row("battery.type", "UPS.PowerSummary.iDeviceChemistry", { once: true }),
  row("battery.type", "UPS.PowerSummary.iDeviceChemistery", { once: true }),
  row("battery.voltage.nominal", "UPS.BatterySystem.ConfigVoltage", {
    once: true,
  }),
  row(
    "battery.protection",
    "UPS.BatterySystem.Battery.DeepDischargeProtection",
    { hook: "yesno" },
  ),
  row("battery.energysave", "UPS.PowerConverter.Input[3].EnergySaving", {
    hook: "yesno",
  }),
  row("ups.mfr", "UPS.PowerSummary.iManufacturer", { once: true }),
  row("ups.model", "System.Description", { once: true }),
  row("ups.model", "UPS.PowerSummary.iProduct", { once: true }),
  row("ups.model.aux", "UPS.PowerSummary.iModel", { once: true }),
  row("ups.time", "System.LastAcquisition", { hook: "datetime" }),
  row("ups.serial", "UPS.PowerSummary.iSerialNumber", { once: true }),
  row("ups.firmware", "UPS.PowerSummary.iVersion", { once: true }),
  row("ups.load", "UPS.PowerSummary.PercentLoad"),
  row("ups.load.high", "UPS.Flow[4].ConfigPercentLoad"),
  row("ups.delay.shutdown", "System.ShutdownDuration", { rw: true }),
  row("ups.timer.start", "UPS.PowerSummary.DelayBeforeStartup", { rw: true }),
  row("ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown", {
    rw: true,
    hook: "timerShutdown",
  }),
  row(null, "System.RunTimeToShutdown", { hook: "shutdownImminent" }),
  row("ups.timer.reboot", "UPS.PowerSummary.DelayBeforeReboot"),
  row("ups.test.result", "UPS.BatterySystem.Battery.Test", {
    hook: "testResult",
  }),
  row("ups.test.interval", "UPS.BatterySystem.Battery.TestPeriod"),
  row("ups.beeper.status", "UPS.BatterySystem.Battery.AudibleAlarmControl", {
    hook: "beeper",
  }),
  row("ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl", {
    hook: "beeper",
  }),
  row("ups.temperature", "UPS.PowerSummary.Temperature"),
  row("ups.power.nominal", "UPS.Flow[4].ConfigApparentPower", { once: true }),
  row("ups.power", "UPS.PowerConverter.Output.ApparentPower"),
  row("ups.L1.power", "UPS.PowerConverter.Output.Phase[1].ApparentPower"),
  row("ups.L2.power", "UPS.PowerConverter.Output.Phase[2].ApparentPower"),
  row("ups.L3.power", "UPS.PowerConverter.Output.Phase[3].ApparentPower"),
  row("ups.realpower", "UPS.PowerConverter.Output.ActivePower"),
  row("ups.L1.realpower", "UPS.PowerConverter.Output.Phase[1].ActivePower"),
  row("ups.L2.realpower", "UPS.PowerConverter.Output.Phase[2].ActivePower"),
  row("ups.L3.realpower", "UPS.PowerConverter.Output.Phase[3].ActivePower"),
  row("ups.realpower.nominal", "UPS.Flow[4].ConfigActivePower", { once: true }),
  row("ups.start.auto", "UPS.PowerConverter.Input[1].AutomaticRestart", {
    hook: "yesno",
  }),
  row("ups.start.battery", "UPS.PowerConverter.Input[3].StartOnBattery", {
    hook: "yesno",
  }),
  row("ups.start.reboot", "UPS.PowerConverter.Output.ForcedReboot", {
    hook: "yesno",
  }),
  row("ups.type", "UPS.PowerConverter.ConverterType", {
    once: true,
    hook: "upsType",
  }),
  row("input.voltage", "UPS.PowerConverter.Input[1].Voltage"),
  row("input.L1-N.voltage", "UPS.PowerConverter.Input[1].Phase[1].Voltage"),
  row("input.L2-N.voltage", "UPS.PowerConverter.Input[1].Phase[2].Voltage"),
  row("input.L3-N.voltage", "UPS.PowerConverter.Input[1].Phase[3].Voltage"),
  row("input.L1-L2.voltage", "UPS.PowerConverter.Input[1].Phase[12].Voltage"),
  row("input.L2-L3.voltage", "UPS.PowerConverter.Input[1].Phase[23].Voltage"),
  row("input.L3-L1.voltage", "UPS.PowerConverter.Input[1].Phase[31].Voltage"),
  row("input.L1-L2.voltage", "UPS.PowerConverter.Input[1].Phase[11].Voltage", {
    hook: "deci",
  }),
  row("input.L2-L3.voltage", "UPS.PowerConverter.Input[1].Phase[22].Voltage", {
    hook: "deci",
  }),
  row("input.L3-L1.voltage", "UPS.PowerConverter.Input[1].Phase[33].Voltage", {
    hook: "deci",
  }),
  row("input.voltage.nominal", "UPS.Flow[1].ConfigVoltage"),
  row("input.current", "UPS.PowerConverter.Input[1].Current"),
  row("input.L1.current", "UPS.PowerConverter.Input[1].Phase[1].Current", {
    hook: "deci",
  }),
  row("input.L2.current", "UPS.PowerConverter.Input[1].Phase[2].Current", {
    hook: "deci",
  }),
  row("input.L3.current", "UPS.PowerConverter.Input[1].Phase[3].Current", {
    hook: "deci",
  }),
  row("input.current.nominal", "UPS.Flow[1].ConfigCurrent"),
  row("input.frequency", "UPS.PowerConverter.Input[1].Frequency"),
  row("input.frequency.nominal", "UPS.Flow[1].ConfigFrequency"),
  row(
    "input.voltage.extended",
    "UPS.PowerConverter.Output.ExtendedVoltageMode",
    { hook: "yesno" },
  ),
  row(
    "input.frequency.extended",
    "UPS.PowerConverter.Output.ExtendedFrequencyMode",
    { hook: "yesno" },
  ),
  row("input.transfer.low", "UPS.PowerConverter.Output.LowVoltageTransfer"),
  row(
    "input.transfer.boost.low",
    "UPS.PowerConverter.Output.LowVoltageBoostTransfer",
  ),
  row(
    "input.transfer.boost.high",
    "UPS.PowerConverter.Output.HighVoltageBoostTransfer",
  ),
  row(
    "input.transfer.trim.low",
    "UPS.PowerConverter.Output.LowVoltageBuckTransfer",
  ),
  row("input.transfer.high", "UPS.PowerConverter.Output.HighVoltageTransfer"),
  row(
    "input.transfer.trim.high",
    "UPS.PowerConverter.Output.HighVoltageBuckTransfer",
  ),
  row("input.sensitivity", "UPS.PowerConverter.Output.SensitivityMode", {
    hook: "sensitivity",
  }),
  row("input.bypass.voltage", "UPS.PowerConverter.Input[2].Voltage"),
  row(
    "input.bypass.L1-N.voltage",
    "UPS.PowerConverter.Input[2].Phase[1].Voltage",
  ),
  row(
    "input.bypass.L2-N.voltage",
    "UPS.PowerConverter.Input[2].Phase[2].Voltage",
  ),
  row(
    "input.bypass.L3-N.voltage",
    "UPS.PowerConverter.Input[2].Phase[3].Voltage",
  ),
  row(
    "input.bypass.L1-L2.voltage",
    "UPS.PowerConverter.Input[2].Phase[12].Voltage",
  ),
  row(
    "input.bypass.L2-L3.voltage",
    "UPS.PowerConverter.Input[2].Phase[23].Voltage",
  ),
  row(
    "input.bypass.L3-L1.voltage",
    "UPS.PowerConverter.Input[2].Phase[31].Voltage",
  ),
  row(
    "input.bypass.L1-L2.voltage",
    "UPS.PowerConverter.Input[2].Phase[11].Voltage",
  ),
  row(
    "input.bypass.L2-L3.voltage",
    "UPS.PowerConverter.Input[2].Phase[22].Voltage",
  ),
  row(
    "input.bypass.L3-L1.voltage",
    "UPS.PowerConverter.Input[2].Phase[33].Voltage",
  ),
  row("input.bypass.voltage.nominal", "UPS.Flow[2].ConfigVoltage"),
  row("input.bypass.current", "UPS.PowerConverter.Input[2].Current"),
  row(
    "input.bypass.L1.current",
    "UPS.PowerConverter.Input[2].Phase[1].Current",
  ),
  row(
    "input.bypass.L2.current",
    "UPS.PowerConverter.Input[2].Phase[2].Current",
  ),
  row(
    "input.bypass.L3.current",
    "UPS.PowerConverter.Input[2].Phase[3].Current",
  ),
  row("input.bypass.current.nominal", "UPS.Flow[2].ConfigCurrent"),
  row("input.bypass.frequency", "UPS.PowerConverter.Input[2].Frequency"),
  row("input.bypass.frequency.nominal", "UPS.Flow[2].ConfigFrequency"),
  row("output.voltage", "UPS.PowerConverter.Output.Voltage"),
  row("output.L1-N.voltage", "UPS.PowerConverter.Output.Phase[1].Voltage"),
  row("output.L2-N.voltage", "UPS.PowerConverter.Output.Phase[2].Voltage"),
  row("output.L3-N.voltage", "UPS.PowerConverter.Output.Phase[3].Voltage"),
  row("output.L1-L2.voltage", "UPS.PowerConverter.Output.Phase[12].Voltage"),
  row("output.L2-L3.voltage", "UPS.PowerConverter.Output.Phase[23].Voltage"),
  row("output.L3-L1.voltage", "UPS.PowerConverter.Output.Phase[31].Voltage"),
  row("output.L1-L2.voltage", "UPS.PowerConverter.Output.Phase[11].Voltage", {
    hook: "nonzero",
  }),
  row("output.L2-L3.voltage", "UPS.PowerConverter.Output.Phase[22].Voltage", {
    hook: "nonzero",
  }),
  row("output.L3-L1.voltage", "UPS.PowerConverter.Output.Phase[33].Voltage", {
    hook: "nonzero",
  }),
  row("output.voltage.nominal", "UPS.Flow[4].ConfigVoltage"),
  row("output.current", "UPS.PowerConverter.Output.Current"),
  row("output.L1.current", "UPS.PowerConverter.Output.Phase[1].Current", {
    hook: "deci",
  }),
  row("output.L2.current", "UPS.PowerConverter.Output.Phase[2].Current", {
    hook: "deci",
  }),
  row("output.L3.current", "UPS.PowerConverter.Output.Phase[3].Current", {
    hook: "deci",
  }),
  row("output.current.nominal", "UPS.Flow[4].ConfigCurrent"),
  row("output.frequency", "UPS.PowerConverter.Output.Frequency"),
  row("output.frequency.nominal", "UPS.Flow[4].ConfigFrequency"),
  row("output.powerfactor", "UPS.PowerConverter.Output.PowerFactor", {
    hook: "powerFactor",
  }),
  row("ambient.humidity", "Environment.Humidity"),
  row("ambient.humidity.high", "Environment.Humidity.HighThreshold", {
    rw: true,
  }),
  row("ambient.humidity.low", "Environment.Humidity.LowThreshold", {
    rw: true,
  }),
  row("ambient.humidity.maximum", "Environment.PresentStatus.HighHumidity", {
    hook: "ambient",
  }),
  row("ambient.humidity.minimum", "Environment.PresentStatus.LowHumidity", {
    hook: "ambient",
  }),
  row("ambient.temperature", "Environment.Temperature"),
  row("ambient.temperature.high", "Environment.Temperature.HighThreshold", {
    rw: true,
  }),
  row("ambient.temperature.low", "Environment.Temperature.LowThreshold", {
    rw: true,
  }),
  row(
    "ambient.temperature.maximum",
    "Environment.PresentStatus.HighTemperature",
    { hook: "ambient" },
  ),
  row(
    "ambient.temperature.minimum",
    "Environment.PresentStatus.LowTemperature",
    { hook: "ambient" },
  ),
  row("ambient.contacts.1.status", "Environment.Input[1].PresentStatus.State", {
    hook: "contact",
  }),
  row("ambient.contacts.2.status", "Environment.Input[2].PresentStatus.State", {
    hook: "contact",
  }),
  row("outlet.id", "UPS.OutletSystem.Outlet[1].OutletID"),
  row("outlet.desc", "UPS.OutletSystem.Outlet[1].iName"),
  row(
    "outlet.switchable",
    "UPS.OutletSystem.Outlet[1].PresentStatus.Switchable",
    { hook: "yesno" },
  ),
  row("outlet.1.id", "UPS.OutletSystem.Outlet[2].OutletID"),
  row("outlet.1.desc", "UPS.OutletSystem.Outlet[2].iName"),
  row(
    "outlet.1.switchable",
    "UPS.OutletSystem.Outlet[2].PresentStatus.Switchable",
    { hook: "yesno" },
  ),
  row(
    "outlet.1.status",
    "UPS.OutletSystem.Outlet[2].PresentStatus.SwitchOnOff",
    { hook: "onoff" },
  ),
  row("outlet.1.status", "UPS.PowerSummary.PresentStatus.ACPresent"),
  row(
    "outlet.1.battery.charge.low",
    "UPS.OutletSystem.Outlet[2].RemainingCapacityLimit",
  ),
  row("outlet.1.timer.start", "UPS.OutletSystem.Outlet[2].DelayBeforeStartup"),
  row(
    "outlet.1.timer.shutdown",
    "UPS.OutletSystem.Outlet[2].DelayBeforeShutdown",
  ),
  row("outlet.1.delay.start", "UPS.OutletSystem.Outlet[2].StartupTimer"),
  row("outlet.1.delay.shutdown", "System.Outlet[2].ShutdownDuration", {
    rw: true,
  }),
  row("outlet.2.id", "UPS.OutletSystem.Outlet[3].OutletID"),
  row("outlet.2.desc", "UPS.OutletSystem.Outlet[3].iName"),
  row(
    "outlet.2.switchable",
    "UPS.OutletSystem.Outlet[3].PresentStatus.Switchable",
    { hook: "yesno" },
  ),
  row(
    "outlet.2.status",
    "UPS.OutletSystem.Outlet[3].PresentStatus.SwitchOnOff",
    { hook: "onoff" },
  ),
  row(
    "outlet.2.battery.charge.low",
    "UPS.OutletSystem.Outlet[3].RemainingCapacityLimit",
  ),
  row("outlet.2.timer.start", "UPS.OutletSystem.Outlet[3].DelayBeforeStartup"),
  row(
    "outlet.2.timer.shutdown",
    "UPS.OutletSystem.Outlet[3].DelayBeforeShutdown",
  ),
  row("outlet.2.delay.start", "UPS.OutletSystem.Outlet[3].StartupTimer"),
  row("outlet.2.delay.shutdown", "System.Outlet[3].ShutdownDuration", {
    rw: true,
  }),
  row("outlet.1.desc", "PDU.OutletSystem.Outlet[1].iName"),
  row("outlet.1.current", "PDU.OutletSystem.Outlet[1].Current", {
    hook: "deci",
  }),
  row("outlet.2.desc", "PDU.OutletSystem.Outlet[2].iName"),
  row("outlet.2.current", "PDU.OutletSystem.Outlet[2].Current", {
    hook: "deci",
  }),
  row("outlet.3.desc", "PDU.OutletSystem.Outlet[3].iName"),
  row("outlet.3.current", "PDU.OutletSystem.Outlet[3].Current", {
    hook: "deci",
  }),
  row("outlet.4.desc", "PDU.OutletSystem.Outlet[2].iName"),
  row("outlet.4.current", "PDU.OutletSystem.Outlet[2].Current", {
    hook: "deci",
  }),
  row("outlet.5.desc", "PDU.OutletSystem.Outlet[3].iName"),
  row("outlet.5.current", "PDU.OutletSystem.Outlet[3].Current", {
    hook: "deci",
  }),
  row("outlet.6.desc", "PDU.OutletSystem.Outlet[2].iName"),
  row("outlet.6.current", "PDU.OutletSystem.Outlet[2].Current", {
    hook: "deci",
  }),
  row("outlet.7.desc", "PDU.OutletSystem.Outlet[3].iName"),
  row("outlet.7.current", "PDU.OutletSystem.Outlet[3].Current", {
    hook: "deci",
  }),
  row("outlet.8.desc", "PDU.OutletSystem.Outlet[2].iName"),
  row("outlet.8.current", "PDU.OutletSystem.Outlet[2].Current", {
    hook: "deci",
  }),
]);

const BY_XML = new Map<string, XmlRow>();
const BY_NUT = new Map<string, XmlRow>();
for (const r of MGE_XML_ROWS) {
  if (!BY_XML.has(r.xml.toLowerCase())) BY_XML.set(r.xml.toLowerCase(), r);
  if (r.nut && !BY_NUT.has(r.nut.toLowerCase())) {
    BY_NUT.set(r.nut.toLowerCase(), r);
  }
}

/** The row for an NMC object name (case-insensitive, first wins). */
export function rowForXml(name: string): XmlRow | undefined {
  return BY_XML.get(name.toLowerCase());
}

/** The NMC object name a NUT variable is written to (vname_nut2mge_xml). */
export function xmlNameForNut(name: string): string | undefined {
  return BY_NUT.get(name.toLowerCase())?.xml;
}

/** NUT variables registered writable at start, in table order. */
export const RW_VARS: readonly string[] = Object.freeze([
  ...new Set(MGE_XML_ROWS.filter((r) => r.rw).map((r) => r.nut!)),
]);

/** ups.alarm texts, in NUT's order (netxml_alarm_set). */
export const ALARM_TEXTS: ReadonlyArray<[StatusBit, string]> = [
  ["REPLACEBATT", "Replace battery!"],
  ["SHUTDOWNIMM", "Shutdown imminent!"],
  ["FANFAIL", "Fan failure!"],
  ["NOBATTERY", "No battery installed!"],
  ["BATTVOLTLO", "Battery voltage too low!"],
  ["BATTVOLTHI", "Battery voltage too high!"],
  ["CHARGERFAIL", "Battery charger fail!"],
  ["OVERHEAT", "Temperature too high!"],
  ["COMMFAULT", "Communication fault!"],
  ["INTERNALFAULT", "Internal UPS fault!"],
  ["FUSEFAULT", "Fuse fault!"],
  ["BYPASSAUTO", "Automatic bypass mode!"],
  ["BYPASSMAN", "Manual bypass mode!"],
];

/** ups.status tokens from the bits, in NUT's order (netxml_status_set). */
export function statusTokens(bits: ReadonlySet<StatusBit>): string[] {
  const t = [bits.has("ONLINE") ? "OL" : "OB"];
  const pairs: Array<[boolean, string]> = [
    [bits.has("DISCHRG"), "DISCHRG"],
    [bits.has("CHRG"), "CHRG"],
    [bits.has("LOWBATT"), "LB"],
    [bits.has("OVERLOAD"), "OVER"],
    [bits.has("REPLACEBATT"), "RB"],
    [bits.has("TRIM"), "TRIM"],
    [bits.has("BOOST"), "BOOST"],
    [bits.has("BYPASSAUTO") || bits.has("BYPASSMAN"), "BYPASS"],
    [bits.has("OFF"), "OFF"],
    [bits.has("SHUTDOWNIMM"), "FSD"],
    [bits.has("CAL"), "CAL"],
  ];
  for (const [on, tok] of pairs) if (on) t.push(tok);
  return t;
}
