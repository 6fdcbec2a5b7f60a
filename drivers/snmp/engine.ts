/**
 * The snmp-ups walk (NUT 2.8.0 snmp-ups.c: snmp_ups_walk, su_ups_get,
 * process_template, daisychain_init, process_phase_data): reads a mapping's
 * rows through an SnmpSession and publishes NUT variables, commands,
 * `ups.status` tokens and `ups.alarm` texts. One instance per driver; every
 * piece of learned state (disabled rows, template bases, phase counts,
 * daisy-chain size, temperature unit) is a field here.
 *
 * NUT's row flags are mutable at run time (a row that fails at start-up is
 * never read again, a "unique" row silences its competitors, a template
 * shares one flag word between its instances); `Live` carries that.
 *
 * @module
 */
import type { DriverState } from "../../src/driver/types.ts";
import type { Logger } from "../../src/log.ts";
import {
  SnmpError,
  type SnmpSession,
  type SnmpValue,
} from "../../src/transport/snmp_link.ts";
import { compareOids } from "../../src/transport/snmprec.ts";
import { HOOKS, newHookState } from "./hooks.ts";
import type { Lookup, MibMapping, RowFlag, SnmpRow } from "./types.ts";
import {
  fixed,
  infoval,
  intOf,
  lastArc,
  octetText,
  scaled,
  strval,
} from "./values.ts";

/** A row with NUT's run-time flags. */
export interface Live {
  row: SnmpRow;
  /** Instantiated name and OID (templates) or the row's own. */
  name: string;
  oid: string | undefined;
  dfl: string | undefined;
  flags: Set<RowFlag>;
  ok: boolean;
  stale: boolean;
}

/** The agent stopped answering: the walk is abandoned (data stale). */
export class CommLost extends Error {
  override name = "CommLost";
}

/** Bounds against agents that claim absurd table sizes. */
const MAX_INSTANCES = 1024;
const MAX_DEVICES = 64;

/** APC's IEM probe: its temperature unit lives in a second OID. */
const IEM_TEMP = "1.3.6.1.4.1.318.1.1.10.2.3.2.1.4.1";
const IEM_UNIT = "1.3.6.1.4.1.318.1.1.10.2.3.2.1.5.1";

/** printf of successive `%i` in a template. */
export function fmtIdx(template: string, ...nums: number[]): string {
  let i = 0;
  return template.replace(/%i/g, () => String(nums[i++] ?? 0));
}

function live(row: SnmpRow): Live {
  return {
    row,
    name: row.name,
    oid: row.oid,
    dfl: row.default,
    flags: new Set(row.flags ?? []),
    ok: true,
    stale: false,
  };
}

type TemplateKind = "outlet" | "outlet.group" | "device" | "ambient";

function templateKindOf(name: string): TemplateKind | undefined {
  if (name.startsWith("outlet.group")) return "outlet.group";
  if (name.startsWith("outlet")) return "outlet";
  if (name.startsWith("device")) return "device";
  if (name.startsWith("ambient")) return "ambient";
  return undefined;
}

/** Options of the walk (ups.conf values already parsed). */
export interface EngineConfig {
  readonly semistaticfreq?: number;
  readonly notransferoids?: boolean;
  readonly symmetrathreephase?: boolean;
}

/** The snmp-ups data engine for one mapping on one session. */
export class SnmpEngine {
  readonly mapping: MibMapping;
  readonly rows: Live[];
  readonly #s: SnmpSession;
  readonly #state: DriverState;
  readonly #log: Logger;
  readonly #hs = newHookState();
  #devices = 1;
  #daisy = false;
  #cur = 0;
  #offset = -1;
  #bases = new Map<string, number>();
  #phases: Array<Record<string, number>> = [];
  #semiFreq: number;
  #countdown: number;
  #symmetra: boolean;
  /** status_set / alarm_set buffers of the walk in progress. */
  status: string[] = [];
  alarms: string[] = [];
  #deviceAlarms = 0;
  /** Requests sent (for the benchmark). */
  requests = 0;

  constructor(
    mapping: MibMapping,
    session: SnmpSession,
    state: DriverState,
    log: Logger,
    config: EngineConfig = {},
  ) {
    this.mapping = mapping;
    this.rows = mapping.rows.map(live);
    this.#s = session;
    this.#state = state;
    this.#log = log;
    this.#semiFreq = config.semistaticfreq ?? 10;
    this.#countdown = this.#semiFreq;
    this.#symmetra = config.symmetrathreephase ?? false;
    if (config.notransferoids) {
      this.#log.info("Disabling transfer OIDs");
      for (const l of this.rows) {
        const n = l.name.toLowerCase();
        if (n === "input.transfer.low" || n === "input.transfer.high") {
          l.ok = false;
        }
      }
    }
  }

  get daisychain(): boolean {
    return this.#daisy;
  }

  get devices(): number {
    return this.#devices;
  }

  /** Whether any daisy-chain device raised alarms in the last walk. */
  get deviceAlarms(): number {
    return this.#deviceAlarms;
  }

  /** su_find_info: the first row of that name (case-insensitive). */
  find(name: string): Live | undefined {
    const n = name.toLowerCase();
    return this.rows.find((l) => l.row.name.toLowerCase() === n);
  }

  // ---- SNMP reads -------------------------------------------------------

  /** GET one OID; undefined when the agent has nothing there. */
  async get(oid: string): Promise<SnmpValue | undefined> {
    if (!/^\d+(\.\d+)*$/.test(oid)) return undefined;
    this.requests++;
    let vb;
    try {
      vb = await this.#s.get([oid]);
    } catch (e) {
      if (e instanceof SnmpError && e.kind === "error") return undefined;
      if (e instanceof SnmpError && e.kind === "malformed") {
        this.#log.warn(`[${oid}] malformed response: ${e.message}`);
        return undefined;
      }
      throw new CommLost(e instanceof Error ? e.message : String(e));
    }
    const v = vb[0]?.value;
    if (
      !v || v.type === "NoSuchObject" || v.type === "NoSuchInstance" ||
      v.type === "EndOfMibView"
    ) return undefined;
    return v;
  }

  /** nut_snmp_get_str with decode_str's rules; undefined when NUT fails. */
  async getStr(
    oid: string,
    lookup?: Lookup,
    depth = 0,
  ): Promise<string | undefined> {
    const v = await this.get(oid);
    if (!v) return undefined;
    switch (v.type) {
      case "OctetString":
      case "Opaque":
        return octetText(v.value);
      case "Integer":
      case "Counter":
      case "Gauge":
        if (lookup) return infoval(lookup, v.value, this.#hs) ?? undefined;
        return String(v.value);
      case "TimeTicks":
        return String(Math.trunc(v.value / 100));
      case "ObjectIdentifier": {
        // Follow the pointer; a dangling one gives its last arc. Depth-capped
        // against agents whose OID values point at themselves.
        const got = depth < 4
          ? await this.getStr(v.value, lookup, depth + 1)
          : undefined;
        return got ?? v.value.slice(v.value.lastIndexOf(".") + 1);
      }
      default:
        return undefined;
    }
  }

  /** nut_snmp_get_int. */
  async getInt(oid: string, depth = 0): Promise<number | undefined> {
    const v = await this.get(oid);
    if (!v) return undefined;
    const n = intOf(v);
    if (n === "oid" && v.type === "ObjectIdentifier") {
      const got = depth < 4 ? await this.getInt(v.value, depth + 1) : undefined;
      return got ?? lastArc(v.value);
    }
    if (n === undefined || n === "oid") {
      this.#log.debug(2, `unhandled ASN type ${v.type} received from ${oid}`);
      return undefined;
    }
    return n;
  }

  // ---- publishing -------------------------------------------------------

  /** su_setinfo: publish under the daisy-chain name, with flags, aux and enums. */
  setinfo(l: Live, value: string | undefined): void {
    let name = l.name;
    if (this.#daisy && this.#devices > 1 && this.#cur > 0) {
      const prefix = `device.${this.#cur}`;
      if (!name.includes(prefix)) {
        name = name.startsWith("device.")
          ? `${prefix}.${name.slice(7)}`
          : `${prefix}.${name}`;
      }
    }
    if (l.row.kind === "cmd") return;
    const lower = l.row.name.toLowerCase();
    if (lower === "ups.status" || l.row.name.endsWith(".alarm")) return;
    const text = value ?? l.dfl;
    if (text === undefined) return;
    const st = this.#state;
    st.set(name, text);
    const f: Array<"RW" | "STRING"> = [];
    if (l.flags.has("rw")) f.push("RW");
    if (l.flags.has("string")) f.push("STRING");
    st.setFlags(name, f);
    const aux = l.row.size ??
      (l.flags.has("string") ? 128 : Math.trunc(l.row.scale ?? 1));
    st.setAux(name, aux);
    if (l.flags.has("rw") && l.row.lookup) {
      for (const e of l.row.lookup.entries) {
        if (e.text === null) break;
        st.addEnum(name, e.text);
      }
    }
  }

  /** su_status_set. */
  #statusSet(l: Live, value: number): void {
    const text = infoval(l.row.lookup, value, this.#hs);
    if (text) this.status.push(text);
  }

  /** su_alarm_set: outlet and phase alarms name their source. */
  #alarmSet(l: Live, value: number): void {
    let type = l.name;
    if (type.startsWith("device.")) {
      type = type.slice(type.indexOf(".", 7) + 1);
    }
    let text = infoval(l.row.lookup, value, this.#hs);
    if (!text) return;
    if (l.flags.has("outlet") || l.flags.has("outletGroup")) {
      const group = l.flags.has("outletGroup");
      const n = Number.parseInt(type.slice(group ? 13 : 7), 10) || 0;
      text = `outlet${group ? " group" : ""} ${n} ${text}`;
    }
    if (type.startsWith("L")) {
      text = `phase L${Number.parseInt(type.slice(1), 10) || 0} ${text}`;
    }
    this.alarms.push(text);
  }

  /** disable_competition: other rows of the same name stop being read. */
  #disableCompetition(l: Live): void {
    for (const p of this.rows) {
      if (p.row !== l.row && p.row.name === l.name) p.ok = false;
    }
  }

  // ---- one row -----------------------------------------------------------

  /** su_ups_get: read and publish one (instantiated) row. */
  async upsGet(l: Live): Promise<boolean> {
    let oid = l.oid;
    let asMaster = false;
    if (oid?.includes("%")) oid = fmtIdx(oid, this.#cur + this.#offset);
    else if (this.#daisy && this.#devices > 1 && this.#cur > 0) {
      asMaster = !/^device\.\d/.test(l.name);
    }
    const lower = l.name.toLowerCase();
    if (lower === "ups.status") {
      const v = oid === undefined ? undefined : await this.getInt(oid);
      if (v === undefined) return false;
      this.#statusSet(l, v);
      return true;
    }
    if (l.name.slice(l.name.lastIndexOf(".")) === ".alarm") {
      const v = oid === undefined ? undefined : await this.getInt(oid);
      if (v === undefined) return false;
      this.#alarmSet(l, v);
      return true;
    }
    if (lower === "ups.alarms") return await this.#alarmTable(oid);
    if (lower === "ambient.temperature") {
      const v = oid === undefined ? undefined : await this.getInt(oid);
      if (v === undefined) return false;
      let t: number;
      if (oid === IEM_TEMP) {
        const unit = await this.getInt(IEM_UNIT);
        t = unit === undefined || unit === 2 ? (v - 32) / 1.8 : v;
      } else t = v * (l.row.scale ?? 1);
      this.#publish(l, fixed(Math.fround(t), 1), asMaster);
      return true;
    }
    let buf: string | undefined;
    if (oid === undefined && l.dfl !== undefined) buf = l.dfl;
    else if (oid === undefined) return false;
    else if (l.flags.has("string")) {
      buf = await this.getStr(oid, l.row.lookup);
      if (buf !== undefined) {
        if (
          this.#symmetra &&
          (lower === "input.transfer.low" || lower === "input.transfer.high")
        ) {
          buf = fixed(Number.parseFloat(buf) * 0.707, 2);
        }
        buf = strval(l.row.lookup, buf, this.#hs) ?? buf;
      }
    } else {
      const v = await this.getInt(oid);
      if (v === undefined) return false;
      if (
        (l.flags.has("negInvalid") && v < 0) ||
        (l.flags.has("zeroInvalid") && v === 0)
      ) {
        l.ok = false;
        if (l.flags.has("unique")) {
          this.#disableCompetition(l);
          l.flags.delete("unique");
        }
        return false;
      }
      buf = infoval(l.row.lookup, v, this.#hs) ??
        scaled(v, l.row.scale ?? 1);
    }
    if (buf === undefined) return false;
    this.#publish(l, buf, asMaster);
    return true;
  }

  #publish(l: Live, text: string, asMaster: boolean): void {
    const saved = this.#cur;
    if (asMaster) this.#cur = 1;
    this.setinfo(l, text);
    this.#cur = saved;
  }

  /** ups.alarms: a count, then a table of OID values naming raised alarms. */
  async #alarmTable(oid: string | undefined): Promise<boolean> {
    if (oid === undefined) return false;
    const count = await this.getInt(oid);
    if (count === undefined) return false;
    if (count <= 0) return true;
    // NUT walks on from the count OID; its alarm rows live in the same
    // enterprise subtree, so walk that and keep what follows the count.
    const root = oid.split(".").slice(0, 7).join(".");
    this.requests++;
    let list;
    try {
      list = await this.#s.walk(root);
    } catch (e) {
      if (e instanceof SnmpError && e.kind !== "timeout") return false;
      throw new CommLost(e instanceof Error ? e.message : String(e));
    }
    for (const vb of list) {
      if (compareOids(vb.oid, oid) < 0) continue;
      const v = vb.value;
      if (v.type !== "ObjectIdentifier") continue;
      const a = this.mapping.alarms?.find((x) =>
        x.oid.replace(/^\./, "") === v.value
      );
      if (!a) continue;
      if (a.status) this.status.push(a.status);
      if (a.alarm) this.alarms.push(a.alarm);
    }
    return true;
  }

  /** get_and_process_data: read a row, track stale/unique, disable at init. */
  async process(mode: "init" | "update", l: Live): Promise<boolean> {
    const ok = await this.upsGet(l);
    if (ok) {
      if (l.stale) {
        this.#log.info(`data resumed for ${l.name}`);
        l.stale = false;
      }
      if (l.flags.has("unique")) {
        this.#disableCompetition(l);
        l.flags.delete("unique");
      }
    } else if (mode === "init") l.ok = false;
    else if (!l.stale) {
      this.#log.info(`snmp_ups_walk: data stale for ${l.name}`);
      l.stale = true;
    }
    return ok;
  }

  // ---- templates ---------------------------------------------------------

  /** The OID to probe for a template's index base. */
  #probeOid(l: Live, base: number): string {
    const oid = l.oid!;
    if ((oid.match(/%i/g) ?? []).length > 1) {
      return l.flags.has("daisy")
        ? fmtIdx(oid, this.#cur + this.#offset, base)
        : fmtIdx(oid, base, this.#cur + this.#offset);
    }
    return fmtIdx(oid, base);
  }

  /** base_snmp_template_index: does the table start at 0 or 1? */
  async baseIndex(l: Live): Promise<number> {
    if (l.oid === undefined) return -1;
    const kind = templateKindOf(l.row.name);
    const key = l.flags.has("outlet")
      ? "outlet"
      : l.flags.has("outletGroup")
      ? "outlet.group"
      : l.flags.has("ambient")
      ? "ambient"
      : "device";
    const known = this.#bases.get(kind ?? "none");
    if (known !== undefined) return known;
    let base = 0;
    for (; base < 2; base++) {
      const oid = this.#probeOid(l, base);
      if (!(await this.get(oid))) continue;
      if (l.flags.has("zeroInvalid")) {
        const v = await this.getInt(oid);
        if (v !== undefined && v !== 0) break;
      } else if (l.flags.has("naInvalid")) {
        const v = await this.getStr(oid);
        if (v !== undefined && !v.startsWith("N/A")) break;
      } else break;
    }
    this.#bases.set(key, base);
    return base;
  }

  /** guestimate_template_count: how many instances answer. */
  async guessCount(oid: string, zeroInvalid: boolean): Promise<number> {
    let base = 0;
    const first = fmtIdx(oid, 0);
    if (!(await this.get(first))) base++;
    else if (zeroInvalid && (await this.getInt(first)) === 0) base++;
    let count = 0;
    // Bounded: a hostile agent answering every index must not hang the driver.
    while (
      count < MAX_INSTANCES && (await this.get(fmtIdx(oid, base + count)))
    ) {
      count++;
    }
    return count;
  }

  /** process_template: instantiate a template row for each index. */
  async template(
    mode: "init" | "update",
    kind: TemplateKind,
    t: Live,
  ): Promise<boolean> {
    let status = true;
    const dev = this.#cur;
    const countVar = kind !== "device" && this.#devices > 1 && dev > 0
      ? `device.${dev}.${kind}.count`
      : `${kind}.count`;
    let count: number;
    const published = this.#state.tree.get(countVar);
    if (published === undefined) {
      count = t.oid === undefined
        ? 0
        : await this.guessCount(t.oid, t.flags.has("zeroInvalid"));
      if (count > 0) this.#state.set(countVar, count);
    } else count = Number.parseInt(published, 10) || 0;
    if (count <= 0) return status;
    // A hostile or broken agent may claim billions of outlets: read at most
    // MAX_INSTANCES (NUT would loop on).
    count = Math.min(count, MAX_INSTANCES);
    const cur: Live = { ...t, flags: new Set(t.flags) };
    const base = await this.baseIndex(t);
    const name = t.row.name;
    for (let n = base; n < count + base; n++) {
      let idx = 0;
      if (kind === "device") {
        if (dev > 0) {
          cur.name = `device.${dev}.${
            name.startsWith("device.") ? name.slice(7) : name
          }`;
        } else {
          idx = n;
          cur.name = fmtIdx(name, idx);
        }
      } else {
        idx = n;
        if (
          kind === "ambient" && this.#daisy && t.flags.has("daisyMaster") &&
          dev !== 1
        ) continue;
        cur.name = this.#daisy && this.#devices > 1 && dev > 0
          ? fmtIdx(`device.%i.${name}`, dev, idx)
          : fmtIdx(name, idx);
      }
      if (t.row.default?.includes("%i")) cur.dfl = fmtIdx(t.row.default, idx);
      if (t.row.oid !== undefined) {
        const o = t.row.oid;
        if (kind === "device") cur.oid = fmtIdx(o, dev + this.#offset);
        else if (this.#daisy && t.flags.has("daisy")) {
          cur.oid = fmtIdx(o, dev + this.#offset, n);
        } else if (this.#daisy && t.flags.has("daisy2")) {
          cur.oid = fmtIdx(o, n + this.#offset, dev - this.#offset);
        } else cur.oid = fmtIdx(o, n);
        if (t.row.kind === "cmd") {
          if (mode === "init") this.#state.addCmd(cur.name);
        } else status = await this.process(mode, cur);
      } else this.setinfo(cur, undefined);
      // NUT shares one flag word between a template's instances.
      t.flags = new Set(cur.flags);
      t.ok = cur.ok;
      t.stale = cur.stale;
    }
    return status;
  }

  // ---- phases ------------------------------------------------------------

  /** process_phase_data: true when the row must be skipped. */
  async #phaseSkip(type: string, l: Live): Promise<boolean> {
    // NUT tests "input" before "input.bypass", so bypass rows are checked
    // against the input flags (never filtered) while the count is the bypass one.
    const kind = type.startsWith("input") ? "input" : "output";
    const one: RowFlag = kind === "input" ? "input1" : "output1";
    const three: RowFlag = kind === "input" ? "input3" : "output3";
    const rec = this.#phases[this.#cur] ??= {};
    let nb = rec[type] ?? -1;
    if (nb === -1) {
      const varName = this.#daisy && this.#cur > 0
        ? `device.${this.#cur}.${type}.phases`
        : `${type}.phases`;
      const have = this.#state.tree.get(varName);
      if (have === undefined) {
        const row = this.find(`${type}.phases`);
        nb = 1;
        if (row?.oid !== undefined) {
          const oid = row.oid.includes("%")
            ? fmtIdx(row.oid, this.#cur + this.#offset)
            : row.oid;
          nb = (await this.getInt(oid)) ?? 1;
        }
      } else nb = Number.parseInt(have, 10) || 0;
      rec[type] = nb;
      this.#state.set(varName, nb);
    }
    const clear = (a: RowFlag, b: RowFlag) => {
      l.flags.delete(a);
      l.flags.delete(b);
    };
    if (l.flags.has(one)) {
      if (nb === 1) clear(one, three);
      else return (l.ok = false, true);
    } else if (l.flags.has(three)) {
      if (nb === 3) clear(one, three);
      else return (l.ok = false, true);
    }
    return false;
  }

  // ---- daisy chain ---------------------------------------------------------

  /** daisychain_init: how many chained devices, and the device index offset. */
  async daisychainInit(): Promise<void> {
    const dc = this.find("device.count");
    if (dc) {
      this.#daisy = true;
      let n = -1;
      if (dc.oid !== undefined && !dc.oid.includes("%i")) {
        const hook = dc.row.lookup?.hook;
        if (hook === "marlinDeviceCount") {
          const text = await this.getStr(dc.oid, dc.row.lookup);
          if (text !== undefined) n = HOOKS[hook]!.toNumber!(text);
        }
        if (n === -1) n = (await this.getInt(dc.oid)) ?? 1;
      } else if (dc.oid !== undefined) {
        n = await this.guessCount(dc.oid, dc.flags.has("zeroInvalid"));
      }
      n = Math.min(n, MAX_DEVICES);
      if (n < 1) {
        this.#devices = 1;
        this.#daisy = false;
      } else {
        this.#devices = n;
        this.#state.set("device.count", n);
        if (this.find("device.mfr")) {
          const mfr = this.find("ups.mfr");
          if (mfr) this.setinfo(mfr, undefined);
        }
        const type = this.find("device.type");
        if (type?.row.default !== undefined) {
          this.#state.set(
            "device.model",
            `daisychain ${type.row.default} (1+${n - 1})`,
          );
          this.#state.set("device.type", type.row.default);
        } else this.#state.set("device.model", `daisychain (1+${n - 1})`);
      }
    }
    const model = this.find("device.model");
    if (model) {
      const base = await this.baseIndex(model);
      this.#offset = base - 1;
    }
  }

  // ---- the walk ------------------------------------------------------------

  /** snmp_ups_walk: true when the last row processed answered. */
  async walk(mode: "init" | "update"): Promise<boolean> {
    if (mode === "update") {
      this.#countdown--;
      if (this.#countdown < 0) this.#countdown = this.#semiFreq;
    }
    let status = false;
    this.#deviceAlarms = 0;
    const first = !this.#daisy && this.#devices === 1 ? 1 : 0;
    for (let dev = first; dev <= this.#devices; dev++) {
      this.#cur = dev;
      if (this.#devices > 1) this.alarms = [];
      for (const l of this.rows) {
        const f = l.flags;
        const isCmd = l.row.kind === "cmd";
        if (mode === "init" && l.row.name.startsWith("device.count")) {
          l.ok = false;
          continue;
        }
        if (dev === 0 && this.#daisy) continue;
        if (isCmd && !f.has("outlet") && !f.has("outletGroup")) continue;
        if (mode === "update" && !l.ok) continue;
        if (mode === "update" && f.has("semiStatic") && this.#countdown !== 0) {
          continue;
        }
        if (mode === "update" && f.has("static")) continue;
        if (
          f.has("absent") && !f.has("outlet") && !f.has("outletGroup") &&
          !f.has("ambient")
        ) {
          if (mode === "init") {
            if (l.dfl !== undefined) {
              if (this.#daisy && this.#devices > 1) {
                if (dev === 0) this.setinfo(l, undefined);
                else status = await this.template(mode, "device", l);
              } else this.setinfo(l, undefined);
            }
            f.add("static");
          }
          continue;
        }
        if (f.has("input1") || f.has("input3")) {
          if (await this.#phaseSkip("input", l)) continue;
        }
        if (f.has("output1") || f.has("output3")) {
          if (await this.#phaseSkip("output", l)) continue;
        }
        if (f.has("bypass1") || f.has("bypass3")) {
          if (await this.#phaseSkip("input.bypass", l)) continue;
        }
        if (f.has("outlet")) {
          if (isCmd && mode === "update") continue;
          status = await this.template(mode, "outlet", l);
        } else if (f.has("outletGroup")) {
          if (isCmd && mode === "update") continue;
          status = await this.template(mode, "outlet.group", l);
        } else if (f.has("ambient")) {
          if (isCmd && mode === "update") continue;
          status = await this.template(mode, "ambient", l);
        } else status = await this.process(mode, l);
      }
      if (this.#devices > 1) {
        const name = dev === 0 ? "ups.alarm" : `device.${dev}.ups.alarm`;
        if (this.alarms.length) {
          this.#state.set(name, this.alarms.join(" "));
          this.#deviceAlarms++;
        } else this.#state.del(name);
        this.alarms = [];
      }
    }
    return status;
  }

  /** su_addcmd: a command is offered when its OID answers (daisy: per device). */
  async addCommands(): Promise<void> {
    for (const l of this.rows) {
      if (
        l.row.kind !== "cmd" || l.flags.has("outlet") ||
        l.flags.has("outletGroup")
      ) continue;
      if (this.#daisy) {
        for (let d = 1; d <= this.#devices; d++) {
          this.#cur = d;
          await this.template("init", "device", l);
        }
      } else if (l.oid !== undefined && (await this.get(l.oid))) {
        this.#state.addCmd(l.row.name);
      }
    }
  }
}
