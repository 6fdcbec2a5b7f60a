/**
 * apcmicrolink's tables, from NUT's apcmicrolink-maps.c and the APC tables
 * it shares (apc_common.c): descriptor paths (`2:4.9.40` = block 2, child
 * 4, child 9, usage 0x40; `[#]` a collection index) mapped to NUT
 * variables with their encoding, and the value names. Frozen data.
 *
 * @module
 */

/** A value-name table: `[value, name]` in NUT's order (0 is the "nothing set" name). */
export type ValueMap = ReadonlyArray<readonly [number, string]>;

/** `[bit, name]` pairs from bit numbers. */
function bits(...names: Array<[number, string]>): ValueMap {
  return Object.freeze(names.map(([b, n]) => [2 ** b, n] as const));
}

/** Enumerated values in order (`first`, `first + 1`, ...). */
function seq(first: number, ...names: string[]): ValueMap {
  return Object.freeze(names.map((n, i) => [first + i, n] as const));
}

/** UPS status bits (apc_status_map). */
export const STATUS = bits(
  [1, "OL"],
  [2, "OB"],
  [3, "BYPASS"],
  [4, "OFF"],
  [7, "TEST"],
  [21, "OVER"],
);
/** Alarms read from the same status word (apc_alarm_map). */
export const ALARM = bits([5, "General fault"], [6, "Input not acceptable"]);
/** Input quality bits. */
export const INPUT_QUALITY = bits(
  ...seq(
    0,
    "Acceptable",
    "PendingAcceptable",
    "VoltageTooLow",
    "VoltageTooHigh",
    "Distorted",
    "BOOST",
    "TRIM",
    "FrequencyTooLow",
    "FrequencyTooHigh",
    "FreqAndPhaseNotLocked",
    "PhaseDeltaOutOfRange",
    "NeutralNotConnected",
    "NotAcceptable",
    "PlugRatingExceeded",
    "PhaseBotAcceptable",
    "PoweringLoad",
  ).map(([b, n]) => [b, n] as [number, string]),
);
/** Efficiency's special values. */
export const EFFICIENCY: ValueMap = Object.freeze(
  seq(
    1,
    "NotAvailable",
    "LoadTooLow",
    "OutputOff",
    "OnBattery",
    "InBypass",
    "BatteryCharging",
    "PoorACInput",
    "BatteryDisconnected",
  ).map(([v, n]) => [-v, n] as const),
);
/** Battery test result bits (0 is "None"). */
export const TEST_STATUS: ValueMap = Object.freeze([
  [0, "None"] as const,
  ...bits(
    [0, "Pending"],
    [1, "InProgress"],
    [2, "Passed"],
    [3, "Failed"],
    [4, "Refused"],
    [5, "Aborted"],
    [7, "LocalUser"],
    [8, "Internal"],
    [9, "InvalidState"],
    [10, "InternalFault"],
    [11, "StateOfChargeNotAcceptable"],
  ),
]);
/** Runtime calibration result bits (0 is "None"). */
export const CALIBRATION_STATUS: ValueMap = Object.freeze([
  [0, "None"] as const,
  ...bits(
    [0, "Pending"],
    [1, "InProgress"],
    [2, "Passed"],
    [3, "Failed"],
    [4, "Refused"],
    [5, "Aborted"],
    [9, "InvalidState"],
    [10, "InternalFault"],
    [11, "StateOfChargeNotAcceptable"],
    [12, "LoadChange"],
    [13, "ACInputNotAcceptable"],
    [14, "LoadTooLow"],
    [15, "OverChargeInProgress"],
  ),
]);
/** Countdown values. */
export const COUNTDOWN: ValueMap = Object.freeze([
  [-1, "NotActive"] as const,
  [0, "CountdownExpired"] as const,
]);
/** Countdown settings. */
export const COUNTDOWN_SETTING: ValueMap = Object.freeze([
  [-1, "Disabled"] as const,
]);
/** Outlet group status bits. */
export const OUTLET_STATUS = bits(
  [0, "StateOn"],
  [1, "StateOff"],
  [2, "ProcessReboot"],
  [3, "ProcessShutdown"],
  [4, "ProcessSleep"],
  [7, "PendingLoadShed"],
  [8, "PendingOnDelay"],
  [9, "PendingOffDelay"],
  [10, "PendingOnACPresence"],
  [11, "PendingOnMinRuntime"],
  [12, "MemberGroupProcess1"],
  [13, "MemberGroupProcess2"],
  [14, "LowRuntime"],
);
/** Why an outlet group changed state (bits). */
export const OUTLET_CAUSE: ValueMap = Object.freeze(
  seq(
    0,
    "SystemInitialization",
    "UPSStatusChange",
    "LocalUserCommand",
    "USBPortCommand",
    "SmartSlot1Command",
    "LoadShedCommand",
    "RJ45PortCommand",
    "ACInputBad",
    "UnknownCommand",
    "ConfigurationChange",
    "SmartSlot2Command",
    "InternalNetwork1Command",
    "InternalNetwork2Command",
    "LowRuntimeSet",
    "LowRuntimeClear",
    "ScheduledCommand",
    "LoadRebootCommand",
    "InputContactCommand",
  ).map(([b, n]) => [2 ** b, n] as const),
);
/** Retransfer delay. */
export const RETRANSFER_DELAY: ValueMap = Object.freeze([
  [0, "NoDelay"] as const,
]);
/** Output voltage setting bits. */
export const OUTPUT_VOLTAGE_SETTING: ValueMap = Object.freeze(
  seq(
    0,
    "VAC100",
    "VAC120",
    "VAC200",
    "VAC208",
    "VAC220",
    "VAC230",
    "VAC240",
    "VAC220_380",
    "VAC230_400",
    "VAC240_415",
    "VAC277_480",
    "VAC110",
    "VAC127",
    "VACAuto120_208or240",
    "VAC120_208",
    "VAC120_240",
    "VAC100_200",
    "VAC254_440",
    "VAC115",
    "VAC125",
  ).map(([b, n]) => [2 ** b, n] as const),
);
/** Display language (one bit each). */
export const LANGUAGE: ValueMap = Object.freeze(
  seq(0, "en", "fr", "it", "de", "es", "pt", "ja", "ru").map(([b, n]) =>
    [2 ** b, n] as const
  ),
);
/** Self-test interval (one bit each). */
export const TEST_INTERVAL: ValueMap = Object.freeze(
  seq(
    0,
    "Never",
    "OnStartUpOnly",
    "OnStartUpPlus7",
    "OnStartUpPlus14",
    "OnStartUp7Since",
    "OnStartUp14Since",
  ).map(([b, n]) => [2 ** b, n] as const),
);
/** Battery lifetime status bits. */
export const LIFETIME_STATUS: ValueMap = Object.freeze(
  seq(
    0,
    "LifeTimeStatusOK",
    "LifeTimeNearEnd",
    "LifeTimeExceeded",
    "LifeTimeNearEndAcknowledged",
    "LifeTimeExceededAcknowledged",
    "MeasuredLifeTimeNearEnd",
    "MeasuredLifeTimeNearEndAcknowledged",
  ).map(([b, n]) => [2 ** b, n] as const),
);
/** Why the UPS last changed state (an enumeration from 0). */
export const STATUS_CHANGE_CAUSE = seq(
  0,
  "SystemInitialization",
  "HighInputVoltage",
  "LowInputVoltage",
  "DistortedInput",
  "RapidChangeOfInputVoltage",
  "HighInputFrequency",
  "LowInputFrequency",
  "FreqAndOrPhaseDifference",
  "AcceptableInput",
  "AutomaticTest",
  "TestEnded",
  "LocalUICommand",
  "ProtocolCommand",
  "LowBatteryVoltage",
  "GeneralError",
  "PowerSystemError",
  "BatterySystemError",
  "ErrorCleared",
  "AutomaticRestart",
  "DistortedInverterOutput",
  "InverterOutputAcceptable",
  "EPOInterface",
  "InputPhaseDeltaOutOfRange",
  "InputNeutralNotConnected",
  "ATSTransfer",
  "ConfigurationChange",
  "AlertAsserted",
  "AlertCleared",
  "PlugRatingExceeded",
  "OutletGroupStateChange",
  "FailureBypassExpired",
  "InternalCommand",
  "USBCommand",
  "SmartSlot1Command",
  "InternalNetwork1Command",
  "FollowingSystemController",
);
