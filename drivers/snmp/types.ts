/**
 * The declarative form of an snmp-ups MIB mapping (one file per NUT
 * mib2nut entry under drivers/snmp/). Rows say what NUT's snmp_info_t rows
 * mean, in our words: a NUT variable or command, the OID it comes from or
 * goes to, how its value is scaled or translated, and when it applies.
 *
 * Templates: `%i` in `name` and `oid` is an outlet, outlet group, phase or
 * daisy-chain index, as NUT's `%i` is; `index` says which.
 *
 * @module
 */

/** A value translation (NUT's info_lkp_t): device integer ⇄ NUT text. */
export interface LookupEntry {
  readonly value: number;
  /** NUT text; `null` means "no status token" (NUT's NULL lookup text). */
  readonly text: string | null;
}

/**
 * A lookup table, optionally with a named conversion hook for what a table
 * cannot say (NUT's fun_vp2s/nuf_s2l, e.g. a date format or a
 * temperature-unit rescale). Hooks live in `drivers/snmp/hooks.ts`.
 */
export interface Lookup {
  readonly entries: readonly LookupEntry[];
  /** Name of a hook in drivers/snmp/hooks.ts. */
  readonly hook?: string;
}

/**
 * What a row means beyond name → OID (NUT's SU_* / ST_* flags). Names follow
 * NUT's flags so a reader can check a row against the facts:
 * - "static": read once at start-up (SU_FLAG_STATIC);
 * - "semiStatic": re-read every `semistaticfreq` polls (SU_FLAG_SEMI_STATIC);
 * - "absent": not read; `default` is published as is (SU_FLAG_ABSENT);
 * - "stale": a failed read marks the data stale (SU_FLAG_STALE);
 * - "unique": only the first row of this name that answers is used (SU_FLAG_UNIQUE);
 * - "negInvalid" / "zeroInvalid" / "naInvalid": such a value is ignored;
 * - "setInt": a SET sends an Integer even for a string variable (SU_FLAG_SETINT);
 * - "statusPwr" / "statusBatt" / "statusCal" / "statusRb": the row feeds
 *   ups.status through its lookup (SU_STATUS_*);
 * - "outlet" / "outletGroup": `%i` runs over outlets or outlet groups;
 * - "daisy": `%i` is the daisy-chain device (SU_TYPE_DAISY_1 / _MASTER_ONLY as daisy: "master");
 * - "input1" / "input3" / "output1" / "output3" / "bypass1" / "bypass3": the
 *   row applies only to that phase count (SU_INPUT_1 etc.);
 * - "ambient": `%i` runs over ambient sensors (SU_AMBIENT_TEMPLATE);
 * - "cmdOffset": the command's value goes to OID + offset (SU_CMD_OFFSET);
 * - "daisy2": the daisy-chain index is the 2nd `%i` (SU_TYPE_DAISY_2; added by snmp-engine);
 * - "daisyMaster": published for the chain master only (SU_TYPE_DAISY_MASTER_ONLY;
 *   added by snmp-engine, eaton_epdu's ambient rows use it);
 * - "rw": the variable is writable (ST_FLAG_RW);
 * - "string": the variable is a string (ST_FLAG_STRING), its size in `size`;
 * - "typeTime": a SET sends TimeTicks instead of an Integer (SU_TYPE_TIME;
 *   added by snmp-mibs for vertiv, also what apcc/cyberpower delays use).
 */
export type RowFlag =
  | "static"
  | "semiStatic"
  | "absent"
  | "stale"
  | "unique"
  | "negInvalid"
  | "zeroInvalid"
  | "naInvalid"
  | "setInt"
  | "statusPwr"
  | "statusBatt"
  | "statusCal"
  | "statusRb"
  | "outlet"
  | "outletGroup"
  | "daisy"
  | "input1"
  | "input3"
  | "output1"
  | "output3"
  | "bypass1"
  | "bypass3"
  | "ambient"
  | "cmdOffset"
  | "daisy2"
  | "daisyMaster"
  | "rw"
  | "string"
  | "typeTime";

/** One variable or instant command of a mapping. */
export interface SnmpRow {
  /** NUT variable (`battery.charge`) or instant command (`load.off`). */
  readonly name: string;
  /** "var" publishes a variable; "cmd" is an instant command (NUT's SU_TYPE_CMD). */
  readonly kind: "var" | "cmd";
  /** OID without leading dot; may hold `%i`. Absent for "absent" rows. */
  readonly oid?: string;
  /** Published when the OID gives nothing (NUT's dfl); for commands, the value SET. */
  readonly default?: string;
  /** Multiplier for numbers (NUT's info_len for non-string rows); 1 if absent. */
  readonly scale?: number;
  /** String size for RW string variables (NUT's info_len for ST_FLAG_STRING). */
  readonly size?: number;
  readonly lookup?: Lookup;
  readonly flags?: readonly RowFlag[];
}

/** One alarm OID test (NUT's alarms_info_t). */
export interface AlarmRow {
  /** OID whose presence/value raises the alarm. */
  readonly oid: string;
  /** Value that means "raised"; absent means any value present. */
  readonly value?: string;
  /** Status token set when raised (e.g. "RB"), if any. */
  readonly status?: string;
  /** ups.alarm text when raised. */
  readonly alarm?: string;
}

/** One mib2nut entry: how a device family is recognised and read. */
export interface MibMapping {
  /** mibs= name as NUT's (`apcc`, `ietf`, `mge`, `pw`, `eaton_epdu`, ...). */
  readonly name: string;
  /** Mapping version NUT shows as driver.version.data. */
  readonly version: string;
  /** sysObjectID (or prefix) that selects this mapping under mibs=auto. */
  readonly sysOid?: string;
  /** OID probed when sysObjectID did not decide (NUT's oid_auto_check). */
  readonly probeOid?: string;
  /** Power-status OID read first to tell the agent answers (NUT's oid_pwr_status). */
  readonly powerStatusOid?: string;
  readonly rows: readonly SnmpRow[];
  readonly alarms?: readonly AlarmRow[];
}
