/**
 * The usbhid-ups logic (usbhid-ups.c): open a matching device, parse its
 * report descriptor, bind the subdriver's rows to HID fields, walk them
 * (init / quick / full update every pollfreq), read interrupt reports,
 * derive ups.status and ups.alarm from the status flags, run instant
 * commands and setvar by writing Feature reports, and reconnect after a
 * device is lost (data marked stale meanwhile).
 *
 * @module
 */
import {
  HidIoError,
  type HidOpener,
  type HidTransport,
  ReportBuffer,
  type UsbDeviceInfo,
} from "../../src/hid/device.ts";
import {
  findField,
  type HidDescriptor,
  type HidField,
  parseReportDescriptor,
} from "../../src/hid/parser.ts";
import { pathToString, stringToPath } from "../../src/hid/path.ts";
import { UsageNames } from "../../src/hid/usages.ts";
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import { deviceMatcher, selectSubdriver } from "./match.ts";
import {
  type ClaimContext,
  type Conversion,
  type FormatContext,
  type HidInfo,
  HU,
  type Lookup,
  type LookupContext,
  type Subdriver,
  SubdriverMemory,
  type UsbTweaks,
} from "./types.ts";

type Mode = "init" | "quick" | "full";

const ALARMS: ReadonlyArray<readonly [string, string]> = [
  ["replacebatt", "Replace battery!"],
  ["shutdownimm", "Shutdown imminent!"],
  ["fanfail", "Fan failure!"],
  ["nobattery", "No battery installed!"],
  ["battvoltlo", "Battery voltage too low!"],
  ["battvolthi", "Battery voltage too high!"],
  ["chargerfail", "Battery charger fail!"],
  ["overheat", "Temperature too high!"],
  ["commfault", "Internal UPS fault!"],
  ["awaitingpower", "Awaiting power!"],
  ["bypassauto", "Automatic bypass mode!"],
  ["bypassman", "Manual bypass mode!"],
];

/** C printf of one double with %.Nf / %d / %s-less formats. */
export function formatValue(fmt: string, value: number): string {
  const m = /%\.(\d)f/.exec(fmt);
  if (m) {
    const s = value.toFixed(Number(m[1]));
    return fmt.replace(
      m[0],
      s === "-0" ? "0" : s.replace(/^-0(\.0+)?$/, "0$1"),
    );
  }
  if (/%[di]/.test(fmt)) return fmt.replace(/%[di]/, String(Math.trunc(value)));
  return fmt;
}

interface Bound {
  readonly row: HidInfo;
  readonly field: HidField;
}

function isConversion(l: Lookup): l is Conversion {
  return !Array.isArray(l);
}

/** Options a test (or the driver) passes in. */
export interface EngineOptions {
  readonly opener: HidOpener | (() => Promise<HidOpener>);
  /** Clock in ms (tests). */
  readonly now?: () => number;
}

/** One usbhid-ups instance. */
export class UsbHidEngine implements DriverInstance {
  readonly #ctx: DriverContext;
  readonly #opts: EngineOptions;
  #opener: HidOpener | undefined;
  #t: HidTransport | undefined;
  #sub: Subdriver | undefined;
  #desc: HidDescriptor | undefined;
  #names: UsageNames | undefined;
  #buf: ReportBuffer | undefined;
  #bound: Bound[] = [];
  #status = new Set<string>();
  #alarms: string[] = [];
  #lastFull = 0;
  #lastTry = 0;
  #changed = false;
  #pollfreq = 30;
  #useInterrupt = true;
  #interruptOnly = false;
  #interruptSize = 0;
  #backoff = 0;
  /** Rows the first init walk found shadowed by an earlier row's variable. */
  #dropped = new Set<HidInfo>();
  #initialized = false;
  /** Tweaks the subdriver's claim asked for (max_report_size, endpoints). */
  #tweaks: UsbTweaks = {};
  /** What the subdriver learns about this device (never shared between instances). */
  #memory = new SubdriverMemory();

  constructor(ctx: DriverContext, opts: EngineOptions) {
    this.#ctx = ctx;
    this.#opts = opts;
  }

  #now(): number {
    return (this.#opts.now ?? Date.now)();
  }

  get #values(): ReadonlyMap<string, string> {
    return this.#ctx.config.values;
  }

  async #getOpener(): Promise<HidOpener> {
    if (!this.#opener) {
      const o = this.#opts.opener;
      this.#opener = typeof o === "function" ? await o() : o;
    }
    return this.#opener;
  }

  /** Opens the first matching device with a usable descriptor and subdriver. */
  async #connect(): Promise<boolean> {
    const log = this.#ctx.log;
    const match = deviceMatcher(this.#values);
    const opener = await this.#getOpener();
    let chosen: Subdriver | undefined;
    let tweaks: UsbTweaks = {};
    const t = await opener.open((info) => {
      if (!match(info)) return false;
      tweaks = {};
      const claim: ClaimContext = {
        memory: this.#memory,
        productid: this.#values.has("productid"),
        explore: this.#ctx.config.flags.has("explore"),
        tweak: (tw) => Object.assign(tweaks, tw),
        log: (m) => log.info(m.replace(/\n$/, "")),
      };
      chosen = selectSubdriver(info, this.#values, claim);
      if (!chosen) log.debug(1, "Manufacturer not supported!");
      return chosen !== undefined;
    });
    if (!t || !chosen) return false;
    let desc: HidDescriptor;
    try {
      desc = parseReportDescriptor(t.descriptor);
    } catch (e) {
      log.error(`Failed to parse report descriptor: ${(e as Error).message}`);
      await t.close();
      return false;
    }
    const fixed = chosen.fixReportDesc?.(t.info, desc);
    if (fixed) {
      log.debug(2, "Report Descriptor Fixed");
      desc = fixed;
    }
    this.#applyTweaks(tweaks);
    this.#t = t;
    this.#sub = chosen;
    this.#desc = desc;
    this.#names = new UsageNames(chosen.usages);
    this.#buf = new ReportBuffer(t, desc, () => this.#now());
    log.debug(1, `${desc.fields.length} HID objects found`);
    log.debug(2, `Using subdriver: ${chosen.name}`);
    this.#bind();
    await this.#publishIdentity(t.info);
    return true;
  }

  /** Driver-wide effects of a claim (usbhid-ups globals). */
  #applyTweaks(tw: UsbTweaks): void {
    this.#tweaks = { ...this.#tweaks, ...tw };
    if (tw.noInterruptPipe && this.#useInterrupt) {
      this.#ctx.log.info(
        "interrupt pipe disabled (add 'pollonly' flag to 'ups.conf' to get rid of this message)",
      );
      this.#useInterrupt = false;
    }
    if (tw.interruptOnly) this.#interruptOnly = true;
    if (tw.interruptSize) this.#interruptSize = tw.interruptSize;
  }

  /** The tweaks the claim asked for (tests and debugging). */
  tweaks(): UsbTweaks {
    return { ...this.#tweaks };
  }

  /** Binds rows to Feature (or, interrupt-only, Input) fields, as HIDGetItemData. */
  #bind(): void {
    this.#bound = [];
    for (const row of this.#sub!.table) {
      if (this.#dropped.has(row)) continue;
      const field = this.#field(row.path);
      if (!field) continue;
      this.#bound.push({ row, field });
    }
  }

  #field(text: string): HidField | undefined {
    const path = stringToPath(text, this.#names!);
    if (!path) return undefined;
    return findField(
      this.#desc!,
      path,
      this.#interruptOnly ? "Input" : "Feature",
    );
  }

  #formatContext(): FormatContext {
    const st = this.#ctx.state;
    const read = async (text: string) => {
      const field = this.#field(text);
      if (!field || !this.#buf) return undefined;
      try {
        return await this.#buf.value(field, 0);
      } catch {
        return undefined;
      }
    };
    return {
      memory: this.#memory,
      set: (n, v) => st.set(n, v),
      readValue: read,
      readString: async (text) => {
        const index = await read(text);
        if (index === undefined || !this.#t) return undefined;
        return await this.#t.getString(Math.trunc(index));
      },
    };
  }

  async #publishIdentity(info: UsbDeviceInfo): Promise<void> {
    const st = this.#ctx.state;
    const sub = this.#sub!;
    const fc = this.#formatContext();
    const mfr = await sub.formatMfr(info, fc);
    const model = await sub.formatModel(info, fc);
    const serial = await sub.formatSerial(info, fc);
    if (mfr !== undefined) st.set("ups.mfr", mfr);
    else st.del("ups.mfr");
    if (model !== undefined) st.set("ups.model", model);
    else st.del("ups.model");
    if (serial !== undefined) st.set("ups.serial", serial);
    else st.del("ups.serial");
    st.set("ups.vendorid", info.vendorId.toString(16).padStart(4, "0"));
    st.set("ups.productid", info.productId.toString(16).padStart(4, "0"));
  }

  async init(): Promise<void> {
    const v = this.#values;
    const flags = this.#ctx.config.flags;
    this.#interruptOnly = flags.has("interruptonly");
    const isize = v.get("interruptsize");
    if (isize !== undefined) {
      const n = Number.parseInt(isize, 10);
      if (!(n > 0)) throw new Error(`Error: invalid interruptsize: ${isize}`);
      this.#interruptSize = n;
    }
    if (flags.has("explore") && !v.has("vendorid")) {
      throw new Error('must specify "vendorid" when using "explore"');
    }
    if (!(await this.#connect())) throw new Error("No matching HID UPS found");
    const st = this.#ctx.state;
    st.set("driver.version.data", this.#sub!.name);
    const pf = v.get("pollfreq");
    this.#pollfreq = pf !== undefined ? Number.parseInt(pf, 10) || 0 : 30;
    st.set("driver.parameter.pollfreq", String(this.#pollfreq));
    if (flags.has("pollonly")) this.#useInterrupt = false;
    if (!(await this.#walk("init"))) {
      throw new Error("Can't initialize data from HID UPS");
    }
    const tree = st.tree;
    const lowbatt = v.get("lowbatt");
    if (tree.get("battery.charge.low") !== undefined && lowbatt !== undefined) {
      st.set("battery.charge.low", String(Number.parseInt(lowbatt, 10) || 0));
    }
    for (
      const [key, name] of [["ondelay", "ups.delay.start"], [
        "offdelay",
        "ups.delay.shutdown",
      ]] as const
    ) {
      const val = v.get(key);
      if (tree.get(name) !== undefined && val !== undefined) {
        st.set(name, String(Number.parseInt(val, 10) || 0));
      }
    }
    if (this.#cmdRow("load.off.delay")) st.addCmd("load.off");
    if (this.#cmdRow("load.on.delay")) st.addCmd("load.on");
    if (this.#cmdRow("load.off.delay") && this.#cmdRow("load.on.delay")) {
      st.addCmd("shutdown.return");
      st.addCmd("shutdown.stayoff");
    }
    this.#lastFull = this.#now();
    this.#statusCommit();
    st.dataOk();
  }

  #cmdRow(name: string): Bound | undefined {
    const key = name.toLowerCase();
    return this.#bound.find((b) => b.row.nut.toLowerCase() === key);
  }

  #lookupContext(): LookupContext {
    return {
      memory: this.#memory,
      getString: (i) =>
        this.#t ? this.#t.getString(i) : Promise.resolve(undefined),
      getVar: (n) => this.#ctx.state.tree.get(n),
      delVar: (n) => this.#ctx.state.del(n),
      hasStatus: (f) => this.#status.has(f),
      report: (id) => this.#buf?.peek(id),
    };
  }

  /** hu_find_infoval. */
  async #lookup(lookup: Lookup, value: number): Promise<string | undefined> {
    if (isConversion(lookup)) {
      return await lookup.fun(value, this.#lookupContext());
    }
    return lookup.find(([v]) => v === Math.trunc(value))?.[1];
  }

  /** ups_infoval_set: 1 published, 0 status/alarm, -1 lookup failed. */
  async #apply(row: HidInfo, value: number): Promise<number> {
    const st = this.#ctx.state;
    if (row.lookup) {
      const text = await this.#lookup(row.lookup, value);
      if (text === undefined) return -1;
      if (row.nut === "BOOL") {
        if (text.startsWith("!")) this.#status.delete(text.slice(1));
        else this.#status.add(text);
        return 0;
      }
      if (row.nut.startsWith("ups.alarm")) {
        this.#alarms.push(text);
        return 0;
      }
      st.set(row.nut, text);
      return 1;
    }
    st.set(row.nut, formatValue(row.dfl ?? "%.0f", value));
    return 1;
  }

  /** hid_ups_walk; false when the device was lost. */
  async #walk(mode: Mode): Promise<boolean> {
    const st = this.#ctx.state;
    for (const { row, field } of this.#bound) {
      const hu = row.hu ?? 0;
      if (mode === "init" && hu & HU.ABSENT) {
        if (st.tree.get(row.nut) === undefined) {
          st.set(row.nut, row.dfl ?? "");
          if (row.flags) st.setFlags(row.nut, flagList(row.flags));
          if (row.flags && row.flags & 2) st.setAux(row.nut, row.len ?? 0);
        }
        continue;
      }
      if (mode === "init" && !this.#initialized && this.#shadowed(row)) {
        this.#dropped.add(row);
        continue;
      }
      if (mode === "quick" && !(hu & HU.QUICK_POLL)) continue;
      if (mode === "full") {
        if (hu & (HU.ABSENT | HU.CMD | HU.STATIC)) continue;
        if (hu & HU.SEMI_STATIC && !this.#changed) continue;
      }
      // Tripp Lite SU3000LCD2UHV firmware bug: report 0x54 must not be read
      const info = this.#t?.info;
      if (
        info?.vendorId === 0x09ae && info.productId === 0x1330 &&
        field.reportId === 0x54
      ) continue;
      let value: number | undefined;
      try {
        value = await this.#buf!.value(field, this.#pollfreq * 1000);
      } catch (e) {
        if (
          e instanceof HidIoError &&
          (e.kind === "gone" || e.kind === "io" || e.kind === "busy")
        ) {
          this.#ctx.log.debug(
            1,
            `Can't retrieve Report ${field.reportId}: ${e.message}`,
          );
          await this.#lose();
          return false;
        }
        this.#ctx.log.debug(
          1,
          `Can't retrieve Report ${field.reportId}: ${(e as Error).message}`,
        );
        continue; // stall or timeout: skip this item, try again later
      }
      if (value === undefined || !Number.isFinite(value)) continue;
      this.#ctx.log.debug(
        2,
        `Path: ${row.path}, Type: Feature, ReportID: 0x${
          field.reportId.toString(16).padStart(2, "0")
        }, Offset: ${field.offset}, Size: ${field.size}, Value: ${value}`,
      );
      if (hu & HU.CMD) {
        if (mode === "init") st.addCmd(row.nut);
        continue;
      }
      if ((await this.#apply(row, value)) !== 1 || mode !== "init") continue;
      if (row.flags) st.setFlags(row.nut, flagList(row.flags));
      if (row.flags && row.flags & 2) st.setAux(row.nut, row.len ?? 0);
      if (hu & HU.ENUM && row.flags && row.flags & 1 && row.lookup) {
        await this.#addEnums(row.nut, row.lookup);
      }
    }
    if (mode === "init") {
      this.#initialized = true;
      this.#bound = this.#bound.filter((b) => !this.#dropped.has(b.row));
    }
    return true;
  }

  /** A later row for a variable an earlier row already published. */
  #shadowed(row: HidInfo): boolean {
    if (row.nut === "BOOL" || row.nut.startsWith("ups.alarm")) return false;
    return this.#ctx.state.tree.get(row.nut) !== undefined;
  }

  /** Enumerated values: each table value the lookup accepts. */
  async #addEnums(name: string, lookup: Lookup): Promise<void> {
    const pairs = isConversion(lookup) ? lookup.values ?? [] : lookup;
    for (const [hid, text] of pairs) {
      if ((await this.#lookup(lookup, hid)) !== undefined) {
        this.#ctx.state.addEnum(name, text);
      }
    }
  }

  async #lose(): Promise<void> {
    const t = this.#t;
    this.#t = undefined;
    this.#buf = undefined;
    try {
      await t?.close();
    } catch {
      // already gone
    }
    this.#ctx.state.dataStale();
  }

  /** Reads one interrupt report and applies its Input items. */
  async #events(): Promise<boolean> {
    let report: Uint8Array | undefined;
    try {
      report = await this.#t!.interrupt(this.#interruptSize || 64, 250);
    } catch (e) {
      if (
        e instanceof HidIoError && e.kind !== "timeout" && e.kind !== "stall"
      ) {
        await this.#lose();
        return false;
      }
      return true;
    }
    if (!report || report.length === 0) return true;
    if (!this.#buf!.file(report)) {
      this.#ctx.log.debug(
        1,
        "file_report_buffer: report longer than declared, ignored",
      );
      return true;
    }
    const id = report[0]!;
    for (const f of this.#desc!.fields) {
      if (f.type !== "Input" || f.reportId !== id) continue;
      const value = await this.#buf!.value(f, Infinity);
      if (value === undefined) continue;
      const target = findField(
        this.#desc!,
        f.path,
        this.#interruptOnly ? "Input" : "Feature",
      ) ??
        findField(this.#desc!, f.path, "Input");
      const hit = this.#bound.find((b) =>
        b.field === target && !((b.row.hu ?? 0) & (HU.ABSENT | HU.CMD))
      );
      if (hit) await this.#apply(hit.row, value);
    }
    return true;
  }

  async update(): Promise<void> {
    const now = this.#now();
    if (!this.#t) {
      const wait = Math.min(60_000, 2000 * 2 ** this.#backoff);
      if (now - this.#lastTry < wait) {
        this.#ctx.state.dataStale();
        return;
      }
      this.#lastTry = now;
      this.#ctx.log.debug(1, "Got to reconnect!");
      let ok = false;
      try {
        ok = await this.#connect();
      } catch (e) {
        this.#ctx.log.debug(1, `reconnect failed: ${(e as Error).message}`);
      }
      if (!ok) {
        this.#backoff = Math.min(this.#backoff + 1, 5);
        this.#ctx.state.dataStale();
        return;
      }
      this.#backoff = 0;
      if (!(await this.#walk("init"))) return;
    }
    if (this.#useInterrupt && !(await this.#events())) return;
    this.#alarms = [];
    if (now - this.#lastFull >= this.#pollfreq * 1000 || this.#changed) {
      if (!(await this.#walk("full"))) return;
      this.#lastFull = now;
      this.#changed = false;
    } else if (!(await this.#walk("quick"))) return;
    this.#statusCommit();
    this.#ctx.state.dataOk();
  }

  /** ups_status_set + ups_alarm_set. */
  #statusCommit(): void {
    const s = this.#status;
    const st = this.#ctx.state;
    if (s.has("vrange")) {
      st.set("input.transfer.reason", "input voltage out of range");
    } else if (s.has("frange")) {
      st.set("input.transfer.reason", "input frequency out of range");
    } else st.del("input.transfer.reason");
    const out: string[] = [];
    if (s.has("cal")) out.push("CAL");
    const discharging = s.has("dischrg");
    if (!s.has("online")) out.push("OB");
    else if (discharging && this.#ctx.config.flags.has("onlinedischarge")) {
      out.push("OB");
    } else out.push("OL");
    if (discharging && !s.has("depleted")) out.push("DISCHRG");
    if (s.has("chrg") && !s.has("fullycharged")) out.push("CHRG");
    if (s.has("lowbatt") || s.has("timelimitexp") || s.has("shutdownimm")) {
      out.push("LB");
    }
    if (s.has("overload")) out.push("OVER");
    if (s.has("replacebatt") || s.has("nobattery")) out.push("RB");
    if (s.has("trim")) out.push("TRIM");
    if (s.has("boost")) out.push("BOOST");
    if (s.has("bypassauto") || s.has("bypassman")) out.push("BYPASS");
    if (s.has("off")) out.push("OFF");
    st.setStatus(out);
    const alarms = [...this.#alarms];
    for (const [flag, text] of ALARMS) if (s.has(flag)) alarms.push(text);
    st.setAlarms(alarms);
  }

  async #setRow(row: Bound, value: number): Promise<boolean> {
    try {
      await this.#buf!.set(row.field, value);
      this.#changed = true;
      return true;
    } catch (e) {
      this.#ctx.log.debug(
        1,
        `Can't set Report ${row.field.reportId}: ${(e as Error).message}`,
      );
      if (e instanceof HidIoError && (e.kind === "gone" || e.kind === "io")) {
        await this.#lose();
      }
      return false;
    }
  }

  /** hu_find_valinfo, or atol() without a lookup. */
  #toHid(row: HidInfo, text: string | undefined): number {
    const lk = row.lookup;
    if (lk && isConversion(lk) && lk.nuf) {
      return lk.nuf(text, this.#lookupContext());
    }
    if (lk) {
      const pairs = isConversion(lk) ? lk.values ?? [] : lk;
      return pairs.find(([, t]) => t === text)?.[0] ?? -1;
    }
    return Number.parseInt(text ?? "", 10) || 0;
  }

  async instcmd(cmd: string, param?: string): Promise<CommandResult> {
    const lc = cmd.toLowerCase();
    if (lc === "beeper.off") return this.instcmd("beeper.disable");
    if (lc === "beeper.on") return this.instcmd("beeper.enable");
    if (!this.#t) return "failed";
    const row = this.#cmdRow(cmd);
    if (!row) {
      const tree = this.#ctx.state.tree;
      if (lc === "load.on") return this.instcmd("load.on.delay", "0");
      if (lc === "load.off") return this.instcmd("load.off.delay", "0");
      if (lc === "shutdown.return" || lc === "shutdown.stayoff") {
        if (tree.get("ups.start.auto") !== undefined) {
          await this.setvar(
            "ups.start.auto",
            lc === "shutdown.return" ? "yes" : "no",
          );
        }
        const on = lc === "shutdown.return"
          ? tree.get("ups.delay.start") ?? undefined
          : "-1";
        const r = await this.instcmd("load.on.delay", on);
        if (r !== "handled") return r;
        return this.instcmd(
          "load.off.delay",
          tree.get("ups.delay.shutdown") ?? undefined,
        );
      }
      return "invalid";
    }
    if (!((row.row.hu ?? 0) & HU.CMD)) return "invalid";
    const text = param ?? row.row.dfl;
    return (await this.#setRow(row, this.#toHid(row.row, text)))
      ? "handled"
      : "failed";
  }

  async setvar(name: string, value: string): Promise<CommandResult> {
    const key = name.toLowerCase();
    const row = this.#bound.find((b) =>
      b.row.nut.toLowerCase() === key && !((b.row.hu ?? 0) & HU.CMD)
    );
    if (!row || !((row.row.flags ?? 0) & 1)) return "unknown";
    if ((row.row.hu ?? 0) & HU.ABSENT) {
      this.#ctx.state.set(row.row.nut, value);
      return "handled";
    }
    if (!this.#t) return "failed";
    return (await this.#setRow(row, this.#toHid(row.row, value)))
      ? "handled"
      : "unknown";
  }

  async shutdown(): Promise<CommandResult> {
    for (
      const cmd of [
        "shutdown.return",
        "shutdown.reboot",
        "load.off.delay",
        "shutdown.stayoff",
      ]
    ) {
      if ((await this.instcmd(cmd)) === "handled") {
        this.#ctx.log.info(`Shutdown successful with '${cmd}'`);
        return "handled";
      }
    }
    this.#ctx.log.error("Shutdown failed!");
    return "failed";
  }

  async close(): Promise<void> {
    await this.#t?.close();
    this.#t = undefined;
  }

  /** The bound rows as `nut<TAB>path` (debug and tests). */
  bindings(): string[] {
    return this.#bound.map((b) =>
      `${b.row.nut}\t${pathToString(b.field.path, this.#names!)}`
    );
  }
}

function flagList(flags: number): Array<"RW" | "STRING"> {
  const out: Array<"RW" | "STRING"> = [];
  if (flags & 1) out.push("RW");
  if (flags & 2) out.push("STRING");
  return out;
}
