/**
 * Voltronic (QGS/QPI) protocol of nutdrv_qx (nutdrv_qx_voltronic.c): the
 * settings rows (QFLAG capabilities, outlets, ECO and bypass limits,
 * battery setup, phase angle), instant commands, and the subdriver.
 *
 * @module
 */
import { row } from "./blazer_common.ts";
import { QX, type QxItem, type QxSubdriver } from "./item.ts";
import {
  E_BATT_TYPE,
  E_CAP,
  E_CAP_NONUT,
  E_PHASE,
  E_WORK_RANGE,
  R_BATT_LOW,
  R_BATT_NUMB,
  R_BATT_PACKS,
  R_BYPASS_FREQ_MAX,
  R_BYPASS_FREQ_MIN,
  R_BYPASS_VOLT_MAX,
  R_BYPASS_VOLT_MIN,
  R_ECO_EMPTY,
  R_ECO_FREQ_MAX,
  R_ECO_FREQ_MIN,
  R_OFFDELAY,
  R_ONDELAY,
  R_OUTLET_DELAY,
  VOLTRONIC_QUERY_ROWS,
} from "./voltronic_table.ts";
import {
  FILTERS,
  voltronicBypass,
  voltronicCapability,
  voltronicCapabilityReset,
  voltronicCapabilitySet,
  voltronicCapabilitySetNonut,
  voltronicClaim,
  voltronicEcoFreq,
  voltronicEcoVolt,
  voltronicEcoVoltRange,
  voltronicOutlet,
  voltronicOutletDelay,
  voltronicOutletDelaySet,
  voltronicP31b,
  voltronicP31bSet,
  voltronicP31g,
  voltronicP31gSet,
  voltronicParallel,
  voltronicPhase,
  voltronicPhaseSet,
  voltronicProcessCommand,
  voltronicProcessSetvar,
} from "./voltronic_process.ts";

const DEFAULT_ONDELAY = "180";
const DEFAULT_OFFDELAY = "30";

const SETTING_ROWS: readonly QxItem[] = [
  /* Query UPS for capability - total options available: 23; only those whom the UPS is capable of are reported as Enabled or Disabled
   * > [QFLAG\r]
   * < [(EpashcDbroegfl\r]
   *    0123456789012345
   *    0         1 * min length = ( + E + D + \r = 4
   */
  row({
    name: "ups.start.auto",
    rw: true,
    rwValues: E_CAP,
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.ENUM,
    preprocess: voltronicCapability,
  }),
  row({
    name: "battery.protection",
    rw: true,
    rwValues: E_CAP,
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.ENUM,
    preprocess: voltronicCapability,
  }),
  row({
    name: "battery.energysave",
    rw: true,
    rwValues: E_CAP,
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.ENUM,
    preprocess: voltronicCapability,
  }),
  row({
    name: "ups.start.battery",
    rw: true,
    rwValues: E_CAP,
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.ENUM,
    preprocess: voltronicCapability,
  }),
  row({
    name: "outlet.0.switchable",
    rw: true,
    rwValues: E_CAP,
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.ENUM,
    preprocess: voltronicCapability,
  }),
  /* Not available in NUT */
  row({
    name: "bypass_alarm",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "battery_alarm",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "bypass_when_off",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "alarm_control",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "converter_mode",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "eco_mode",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "battery_open_status_check",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "bypass_forbidding",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "site_fault_detection",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "advanced_eco_mode",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "constant_phase_angle",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  row({
    name: "limited_runtime_on_battery",
    command: "QFLAG\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicCapability,
  }),
  /*   Enable or   Disable or Reset to safe default values capability options
   * > [PEX\r]  > [PDX\r]  > [PF\r]
   * < [(ACK\r]  < [(ACK\r]  < [(ACK\r]
   *    01234     01234     01234
   *    0      0      0
   */
  row({
    name: "ups.start.auto",
    rwValues: E_CAP,
    command: "P%sR\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.SKIP,
    preprocess: voltronicCapabilitySet,
  }),
  row({
    name: "battery.protection",
    rwValues: E_CAP,
    command: "P%sS\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.SKIP,
    preprocess: voltronicCapabilitySet,
  }),
  row({
    name: "battery.energysave",
    rwValues: E_CAP,
    command: "P%sG\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.SKIP,
    preprocess: voltronicCapabilitySet,
  }),
  row({
    name: "ups.start.battery",
    rwValues: E_CAP,
    command: "P%sC\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.SKIP,
    preprocess: voltronicCapabilitySet,
  }),
  row({
    name: "outlet.0.switchable",
    rwValues: E_CAP,
    command: "P%sJ\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.SKIP,
    preprocess: voltronicCapabilitySet,
  }),
  /* Not available in NUT */
  row({
    name: "reset_to_default",
    command: "PF\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilityReset,
  }),
  row({
    name: "bypass_alarm",
    rwValues: E_CAP_NONUT,
    command: "P%sP\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "battery_alarm",
    rwValues: E_CAP_NONUT,
    command: "P%sB\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "bypass_when_off",
    rwValues: E_CAP_NONUT,
    command: "P%sO\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "alarm_control",
    rwValues: E_CAP_NONUT,
    command: "P%sA\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "converter_mode",
    rwValues: E_CAP_NONUT,
    command: "P%sV\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "eco_mode",
    rwValues: E_CAP_NONUT,
    command: "P%sE\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "battery_open_status_check",
    rwValues: E_CAP_NONUT,
    command: "P%sD\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "bypass_forbidding",
    rwValues: E_CAP_NONUT,
    command: "P%sF\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "site_fault_detection",
    rwValues: E_CAP_NONUT,
    command: "P%sL\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "advanced_eco_mode",
    rwValues: E_CAP_NONUT,
    command: "P%sN\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "constant_phase_angle",
    rwValues: E_CAP_NONUT,
    command: "P%sQ\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  row({
    name: "limited_runtime_on_battery",
    rwValues: E_CAP_NONUT,
    command: "P%sW\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicCapabilitySetNonut,
  }),
  /* Query UPS for programmable outlet (1-4) status
   * > [QSK1\r]
   * < [(1\r] <- if outlet is on -> (1 , if off -> (0 ; (NAK -> outlet is not programmable
   *    012
   *    0
   */
  row({
    name: "outlet.1.switchable",
    command: "QSK1\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  row({
    name: "outlet.1.status",
    command: "QSK1\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  row({
    name: "outlet.2.switchable",
    command: "QSK2\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  row({
    name: "outlet.2.status",
    command: "QSK2\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  row({
    name: "outlet.3.switchable",
    command: "QSK3\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  row({
    name: "outlet.3.status",
    command: "QSK3\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  row({
    name: "outlet.4.switchable",
    command: "QSK4\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  row({
    name: "outlet.4.status",
    command: "QSK4\r",
    answerLen: 3,
    leading: "(",
    from: 1,
    to: 1,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicOutlet,
  }),
  /* Query UPS for programmable outlet n (1-4) delay time before it shuts down the load when on battery mode
   * > [QSKT1\r]
   * < [(008\r] <- if delay time is set (by PSK[1-4]n) it'll report n (minutes) otherwise it'll report (NAK (also if outlet is not programmable)
   *    01234
   *    0
   */
  row({
    name: "outlet.1.delay.shutdown",
    rw: true,
    rwValues: R_OUTLET_DELAY,
    command: "QSKT1\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelay,
  }),
  row({
    name: "outlet.2.delay.shutdown",
    rw: true,
    rwValues: R_OUTLET_DELAY,
    command: "QSKT2\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelay,
  }),
  row({
    name: "outlet.3.delay.shutdown",
    rw: true,
    rwValues: R_OUTLET_DELAY,
    command: "QSKT3\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelay,
  }),
  row({
    name: "outlet.4.delay.shutdown",
    rw: true,
    rwValues: R_OUTLET_DELAY,
    command: "QSKT4\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelay,
  }),
  /* Set delay time for programmable outlets
   * > [PSK1nnn\r] n = 0..9
   * < [(ACK\r]
   *    01234
   *    0
   */
  row({
    name: "outlet.1.delay.shutdown",
    rwValues: R_OUTLET_DELAY,
    command: "PSK1%03d\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelaySet,
  }),
  row({
    name: "outlet.2.delay.shutdown",
    rwValues: R_OUTLET_DELAY,
    command: "PSK2%03d\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelaySet,
  }),
  row({
    name: "outlet.3.delay.shutdown",
    rwValues: R_OUTLET_DELAY,
    command: "PSK3%03d\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelaySet,
  }),
  row({
    name: "outlet.4.delay.shutdown",
    rwValues: R_OUTLET_DELAY,
    command: "PSK4%03d\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicOutletDelaySet,
  }),
  /* Query UPS for ECO Mode voltage limits
   * > [QHE\r]
   * < [(242 218\r]
   *    012345678
   *    0
   */
  row({
    name: "input.transfer.high",
    rw: true,
    rwValues: R_ECO_EMPTY,
    command: "QHE\r",
    answerLen: 9,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicEcoVolt,
  }),
  row({
    name: "input.transfer.low",
    rw: true,
    rwValues: R_ECO_EMPTY,
    command: "QHE\r",
    answerLen: 9,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicEcoVolt,
  }),
  row({
    name: "input.transfer.low.min",
    command: "QHE\r",
    answerLen: 9,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicEcoVoltRange,
  }),
  row({
    name: "input.transfer.low.max",
    command: "QHE\r",
    answerLen: 9,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicEcoVoltRange,
  }),
  row({
    name: "input.transfer.high.min",
    command: "QHE\r",
    answerLen: 9,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicEcoVoltRange,
  }),
  row({
    name: "input.transfer.high.max",
    command: "QHE\r",
    answerLen: 9,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.SKIP,
    preprocess: voltronicEcoVoltRange,
  }),
  /* Set ECO Mode voltage limits
   * > [HEHnnn\r]  > [HELnnn\r]  n = 0..9
   * < [(ACK\r]  < [(ACK\r]
   *    01234     01234
   *    0      0
   */
  row({
    name: "input.transfer.high",
    rwValues: R_ECO_EMPTY,
    command: "HEH%03.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  row({
    name: "input.transfer.low",
    rwValues: R_ECO_EMPTY,
    command: "HEL%03.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  /* Query UPS for ECO Mode frequency limits
   * > [QFRE\r]
   * < [(53.0 47.0\r]
   *    01234567890
   *    0         1
   */
  row({
    name: "input.frequency.high",
    rw: true,
    rwValues: R_ECO_FREQ_MAX,
    rwFilter: FILTERS.ecoFreqMax,
    command: "QFRE\r",
    answerLen: 11,
    leading: "(",
    from: 1,
    to: 4,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicEcoFreq,
  }),
  row({
    name: "input.frequency.low",
    rw: true,
    rwValues: R_ECO_FREQ_MIN,
    rwFilter: FILTERS.ecoFreqMin,
    command: "QFRE\r",
    answerLen: 11,
    leading: "(",
    from: 6,
    to: 9,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.SKIP,
    preprocess: voltronicEcoFreq,
  }),
  /* Set ECO Mode frequency limits
   * > [FREHnn.n\r] > [FRELnn.n\r]  n = 0..9
   * < [(ACK\r]  < [(ACK\r]
   *    01234     01234
   *    0      0
   */
  row({
    name: "input.frequency.high",
    rwValues: R_ECO_FREQ_MAX,
    rwFilter: FILTERS.ecoFreqMax,
    command: "FREH%04.1f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  row({
    name: "input.frequency.low",
    rwValues: R_ECO_FREQ_MIN,
    rwFilter: FILTERS.ecoFreqMin,
    command: "FREL%04.1f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  /* Query UPS for Bypass Mode voltage limits
   * > [QBYV\r]
   * < [(264 170\r]
   *    012345678
   *    0
   */
  row({
    name: "max_bypass_volt",
    rw: true,
    rwValues: R_BYPASS_VOLT_MAX,
    rwFilter: FILTERS.bypassVoltMax,
    command: "QBYV\r",
    answerLen: 9,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicBypass,
  }),
  row({
    name: "min_bypass_volt",
    rw: true,
    rwValues: R_BYPASS_VOLT_MIN,
    rwFilter: FILTERS.bypassVoltMin,
    command: "QBYV\r",
    answerLen: 9,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%.0f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicBypass,
  }),
  /* Set Bypass Mode voltage limits
   * > [PHVnnn\r]  > [PLVnnn\r]  n = 0..9
   * < [(ACK\r]  < [(ACK\r]
   *    01234     01234
   *    0      0
   */
  row({
    name: "max_bypass_volt",
    rwValues: R_BYPASS_VOLT_MAX,
    rwFilter: FILTERS.bypassVoltMax,
    command: "PHV%03.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  row({
    name: "min_bypass_volt",
    rwValues: R_BYPASS_VOLT_MIN,
    rwFilter: FILTERS.bypassVoltMin,
    command: "PLV%03.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  /* Query UPS for Bypass Mode frequency limits
   * > [QBYF\r]
   * < [(53.0 47.0\r]
   *    01234567890
   *    0         1
   */
  row({
    name: "max_bypass_freq",
    rw: true,
    rwValues: R_BYPASS_FREQ_MAX,
    rwFilter: FILTERS.bypassFreqMax,
    command: "QBYF\r",
    answerLen: 11,
    leading: "(",
    from: 1,
    to: 4,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicBypass,
  }),
  row({
    name: "min_bypass_freq",
    rw: true,
    rwValues: R_BYPASS_FREQ_MIN,
    rwFilter: FILTERS.bypassFreqMin,
    command: "QBYF\r",
    answerLen: 11,
    leading: "(",
    from: 6,
    to: 9,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicBypass,
  }),
  /* Set Bypass Mode frequency limits
   * > [PGFnn.n\r] > [PSFnn.n\r]  n = 0..9
   * < [(ACK\r]  < [(ACK\r]
   *    01234     01234
   *    0      0
   */
  row({
    name: "max_bypass_freq",
    rwValues: R_BYPASS_FREQ_MAX,
    rwFilter: FILTERS.bypassFreqMax,
    command: "PGF%04.1f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  row({
    name: "min_bypass_freq",
    rwValues: R_BYPASS_FREQ_MIN,
    rwFilter: FILTERS.bypassFreqMin,
    command: "PSF%04.1f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.NONUT | QX.SKIP,
    preprocess: voltronicProcessSetvar,
  }),
  /* Set number of batteries that make a pack to n (integer, 1-9). NOTE: changing the number of batteries will change the UPS's estimation on battery charge/runtime
   * > [BATNn\r]
   * < [(ACK\r]
   *    01234
   *    0
   */
  row({
    name: "battery_number",
    rwValues: R_BATT_NUMB,
    command: "BATN%1.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE | QX.NONUT,
    preprocess: voltronicProcessSetvar,
  }),
  /* Set number of battery packs in parallel to n (integer, 01-99). NOTE: changing the number of battery packs will change the UPS's estimation on battery charge/runtime
   * > [BATGNn\r]
   * < [(ACK\r]
   *    01234
   *    0
   */
  row({
    name: "battery.packs",
    rwValues: R_BATT_PACKS,
    command: "BATGN%02.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE,
    preprocess: voltronicProcessSetvar,
  }),
  /* Query UPS for battery type (Only P31)
   * > [QBT\r]
   * < [(01\r] <- 00="Li", 01="Flooded" or 02="AGM"
   *    0123
   *    0
   */
  row({
    name: "battery.type",
    rw: true,
    rwValues: E_BATT_TYPE,
    command: "QBT\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    to: 2,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.ENUM | QX.SKIP,
    preprocess: voltronicP31b,
  }),
  /* Set battery type (Only P31)
   * > [PBTnn\r]  nn = 00/01/02
   * < [(ACK\r]
   *    01234
   *    0
   */
  row({
    name: "battery.type",
    rwValues: E_BATT_TYPE,
    command: "PBT%02.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.SKIP,
    preprocess: voltronicP31bSet,
  }),
  /* Query UPS for device grid working range (Only P31)
   * > [QGR\r]
   * < [(01\r] <- 00=Appliance, 01=UPS
   *    0123
   *    0
   */
  row({
    name: "work_range_type",
    rw: true,
    rwValues: E_WORK_RANGE,
    command: "QGR\r",
    answerLen: 4,
    leading: "(",
    from: 1,
    to: 2,
    dfl: "%s",
    flags: QX.SEMI_STATIC | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicP31g,
  }),
  /* Set device grid working range type (Only P31)
   * > [PBTnn\r]  nn = 00/01
   * < [(ACK\r]
   *    01234
   *    0
   */
  row({
    name: "work_range_type",
    rwValues: E_WORK_RANGE,
    command: "PGR%02.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicP31gSet,
  }),
  /* Query UPS for battery low voltage
   * > [RE0\r]
   * < [#20\r]
   *    012
   *    0
   */
  row({
    name: "battery.voltage.low",
    rw: true,
    rwValues: R_BATT_LOW,
    rwFilter: FILTERS.battLow,
    command: "RE0\r",
    answerLen: 3,
    leading: "#",
    from: 1,
    to: 2,
    dfl: "%.1f",
    flags: QX.SEMI_STATIC | QX.RANGE,
  }),
  /* Set voltage for battery low to n (integer, 20..24/20..28). NOTE: changing the battery low voltage will change the UPS's estimation on battery charge/runtime
   * > [W0En\r]
   * < [(ACK\r]
   *    01234
   *    0
   */
  row({
    name: "battery.voltage.low",
    rwValues: R_BATT_LOW,
    rwFilter: FILTERS.battLow,
    command: "W0E%02.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.RANGE,
    preprocess: voltronicProcessSetvar,
  }),
  /* Query UPS for Phase Angle
   * > [QPD\r]
   * < [(000 120\r] <- Input Phase Angle - Output Phase Angle
   *    012345678
   *    0
   */
  row({
    name: "input_phase_angle",
    command: "QPD\r",
    answerLen: 9,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%03d",
    flags: QX.SEMI_STATIC | QX.NONUT,
    preprocess: voltronicPhase,
  }),
  row({
    name: "output_phase_angle",
    rw: true,
    rwValues: E_PHASE,
    command: "QPD\r",
    answerLen: 9,
    leading: "(",
    from: 5,
    to: 7,
    dfl: "%03d",
    flags: QX.SEMI_STATIC | QX.ENUM | QX.NONUT,
    preprocess: voltronicPhase,
  }),
  /* Set output phase angle
   * > [PPDn\r]  n = (000, 120, 180 or 240)
   * < [(ACK\r]
   *    01234
   *    0
   */
  row({
    name: "output_phase_angle",
    rwValues: E_PHASE,
    command: "PPD%03.0f\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.SETVAR | QX.ENUM | QX.NONUT | QX.SKIP,
    preprocess: voltronicPhaseSet,
  }),
  /* Query UPS for master/slave for a system of UPSes in parallel
   * > [QPAR\r]
   * < [(001\r] <- 001 for master UPS, 002 and 003 for slave UPSes
   *    01234
   *    0
   */
  row({
    name: "voltronic_parallel",
    command: "QPAR\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    dfl: "%s",
    flags: QX.STATIC | QX.NONUT,
    preprocess: voltronicParallel,
  }),
  /* Query UPS for ??
   * > [QBDR\r]
   * < [(1234\r] <- unknown reply - My UPS (NAK at me
   *    012345
   *    0
   */
  row({
    name: "unknown.7",
    command: "QBDR\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    dfl: "%s",
    flags: QX.STATIC | QX.NONUT | QX.SKIP,
  }),
  /* Instant commands */
  row({
    name: "load.off",
    command: "SOFF\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "load.on",
    command: "SON\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "shutdown.return",
    command: "S%s\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: voltronicProcessCommand,
  }),
  row({
    name: "shutdown.stayoff",
    command: "S%sR0000\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: voltronicProcessCommand,
  }),
  row({
    name: "shutdown.stop",
    command: "CS\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "test.battery.start",
    command: "T%s\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: voltronicProcessCommand,
  }),
  row({
    name: "test.battery.start.deep",
    command: "TL\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "test.battery.start.quick",
    command: "T\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "test.battery.stop",
    command: "CT\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
  }),
  row({
    name: "beeper.toggle",
    command: "BZ%s\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD,
    preprocess: voltronicProcessCommand,
  }),
  /* Enable/disable beeper: unskipped if the UPS can control alarm (capability) */
  row({
    name: "beeper.enable",
    command: "PEA\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "beeper.disable",
    command: "PDA\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  /* Outlet control: unskipped if the outlets are manageable */
  row({
    name: "outlet.1.load.off",
    command: "SKOFF1\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "outlet.1.load.on",
    command: "SKON1\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "outlet.2.load.off",
    command: "SKOFF2\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "outlet.2.load.on",
    command: "SKON2\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "outlet.3.load.off",
    command: "SKOFF3\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "outlet.3.load.on",
    command: "SKON3\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "outlet.4.load.off",
    command: "SKOFF4\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "outlet.4.load.on",
    command: "SKON4\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  /* Bypass: unskipped if the UPS is capable of ECO Mode */
  row({
    name: "bypass.start",
    command: "PEE\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  row({
    name: "bypass.stop",
    command: "PDE\r",
    answerLen: 5,
    leading: "(",
    from: 1,
    to: 3,
    flags: QX.CMD | QX.SKIP,
  }),
  /* Server-side settable vars */
  row({
    name: "ups.delay.start",
    rw: true,
    rwValues: R_ONDELAY,
    dfl: DEFAULT_ONDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: voltronicProcessSetvar,
  }),
  row({
    name: "ups.delay.shutdown",
    rw: true,
    rwValues: R_OFFDELAY,
    dfl: DEFAULT_OFFDELAY,
    flags: QX.ABSENT | QX.SETVAR | QX.RANGE,
    preprocess: voltronicProcessSetvar,
  }),
];

/** Voltronic 0.06. */
export const VOLTRONIC: QxSubdriver = {
  name: "Voltronic 0.06",
  claim: voltronicClaim,
  items: [...VOLTRONIC_QUERY_ROWS, ...SETTING_ROWS],
  accepted: "ACK",
  rejected: "(NAK\r",
};
