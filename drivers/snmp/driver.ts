/**
 * One snmp-ups instance (NUT 2.8.0 snmp-ups.c upsdrv_*): open the session,
 * pick the mapping (`mibs=auto`: sysObjectID, then each mapping's model
 * OID in mib2nut order; `mibs=NAME` forces it), publish commands and the
 * first walk, then a full walk every `pollfreq` seconds. SET VAR and
 * instant commands become SNMP SETs (su_setOID).
 *
 * Deliberate differences from 2.8.0: a request that times out ends the walk
 * at once (2.8.0 goes on, each row waiting retries x timeout, so a dead agent
 * took minutes to show stale); between full walks one GET of sysUpTime per
 * poll interval notices a silent agent within upsd's MAXAGE and a recovered
 * one at once.
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import type {
  SnmpConnector,
  SnmpSession,
  SnmpValue,
} from "../../src/transport/snmp_link.ts";
import { CommLost, fmtIdx, type Live, SnmpEngine } from "./engine.ts";
import { MIBS } from "./mibs.ts";
import { sessionOptions, SnmpConfigError } from "./options.ts";
import type { MibMapping } from "./types.ts";
import { strictLong, valinfo } from "./values.ts";

const SYSOID = "1.3.6.1.2.1.1.2.0";
const SYSUPTIME = "1.3.6.1.2.1.1.3.0";

/** How the instance reaches an agent (tests pass an in-memory one). */
export interface SnmpDriverOptions {
  readonly connector: SnmpConnector;
  /** Mappings to choose from (defaults to every mapping, in NUT's order). */
  readonly mibs?: readonly MibMapping[];
  /** Clock in ms (tests). */
  readonly now?: () => number;
}

/** One snmp-ups driver instance. */
export class SnmpUpsDriver implements DriverInstance {
  readonly #ctx: DriverContext;
  readonly #opts: SnmpDriverOptions;
  #session: SnmpSession | undefined;
  #engine: SnmpEngine | undefined;
  #pollfreq = 30;
  #lastpoll = 0;
  #commOk = false;

  constructor(ctx: DriverContext, opts: SnmpDriverOptions) {
    this.#ctx = ctx;
    this.#opts = opts;
  }

  /** The engine (after initups), for tests and the benchmark. */
  get engine(): SnmpEngine | undefined {
    return this.#engine;
  }

  #now(): number {
    return Math.floor((this.#opts.now ?? Date.now)() / 1000);
  }

  #val(name: string): string | undefined {
    return this.#ctx.config.values.get(name);
  }

  /** upsdrv_initups: session, mapping, model check, daisy chain, delays. */
  async initups(): Promise<void> {
    if (this.#engine) return;
    const cfg = this.#ctx.config;
    const mibs = this.#val("mibs") ?? "auto";
    let options;
    try {
      options = sessionOptions(cfg.port, cfg.values);
    } catch (e) {
      if (e instanceof SnmpConfigError) throw new Error(e.message);
      throw e;
    }
    this.#session = await this.#opts.connector(options);
    const mapping = await this.#detect(mibs);
    const semi = Number.parseInt(this.#val("semistaticfreq") ?? "10", 10);
    const eng = new SnmpEngine(
      mapping,
      this.#session,
      this.#ctx.state,
      this.#ctx.log,
      {
        semistaticfreq: semi >= 1 ? semi : 10,
        notransferoids: cfg.flags.has("notransferoids"),
        symmetrathreephase: cfg.flags.has("symmetrathreephase"),
      },
    );
    this.#pollfreq = this.#val("pollfreq") !== undefined
      ? Number.parseInt(this.#val("pollfreq")!, 10) || 0
      : 30;
    const modelRow = eng.find("ups.model") ?? eng.find("device.model");
    let model: string | undefined;
    if (modelRow?.oid !== undefined) {
      model = await eng.getStr(fmtIdx(modelRow.oid, 0));
    }
    if (model === undefined) {
      throw new Error(`${mibs} MIB wasn't found on ${cfg.port}`);
    }
    this.#ctx.log.info(
      `Detected ${model} on host ${cfg.port} (mib: ${mapping.name} ${mapping.version})`,
    );
    this.#engine = eng;
    await eng.daisychainInit();
    const st = this.#ctx.state;
    if (eng.find("load.off.delay")) st.addCmd("load.off");
    if (eng.find("load.on.delay")) st.addCmd("load.on");
    if (eng.find("load.off.delay") && eng.find("load.on.delay")) {
      st.addCmd("shutdown.return");
      st.addCmd("shutdown.stayoff");
    }
    for (
      const [name, oid] of [
        ["description", "1.3.6.1.2.1.1.1.0"],
        ["contact", "1.3.6.1.2.1.1.4.0"],
        ["location", "1.3.6.1.2.1.1.6.0"],
      ] as const
    ) {
      if (
        st.tree.get(`device.${name}`) !== undefined ||
        st.tree.get(`device.1.${name}`) !== undefined
      ) continue;
      const v = await eng.getStr(oid);
      if (v !== undefined) st.set(`device.${name}`, v);
    }
    await this.#setDelays();
  }

  /** load_mib2nut. */
  async #detect(mibs: string): Promise<MibMapping> {
    const list = this.#opts.mibs ?? MIBS;
    const cfg = this.#ctx.config;
    const auto = mibs === "auto";
    // A throw-away engine answers the probes with snmp-ups's decoding rules.
    const probe = (m: MibMapping) =>
      new SnmpEngine(m, this.#session!, this.#ctx.state, this.#ctx.log);
    const modelAnswers = async (m: MibMapping) => {
      const e = probe(m);
      const row = e.find("device.model") ?? e.find("ups.model");
      if (row?.oid === undefined) return false;
      return (await e.getStr(fmtIdx(row.oid, 0))) !== undefined;
    };
    // match_sysoid, tried three times as NUT does (each miss is logged).
    for (let attempt = 0; auto && attempt < 3; attempt++) {
      const v = await probe(list[0]!).get(SYSOID).catch((e) => {
        if (e instanceof CommLost) return undefined;
        throw e;
      });
      if (v?.type !== "ObjectIdentifier") continue;
      for (const m of list) {
        if (m.sysOid === undefined) continue;
        if (m.sysOid.replace(/^\./, "") !== v.value) continue;
        if (await modelAnswers(m)) return m;
      }
      this.#ctx.log.error(
        `No matching MIB found for sysOID '.${v.value}'!\nPlease report it to NUT developers, with an 'upsc' output for your device.\nGoing back to the classic MIB detection method.`,
      );
    }
    let seen = false;
    for (const m of list) {
      if (!auto && m.name !== mibs) continue;
      if (!auto) seen = true;
      try {
        if (await modelAnswers(m)) return m;
      } catch (e) {
        if (!(e instanceof CommLost)) throw e;
      }
    }
    if (!auto) {
      throw new Error(
        seen
          ? `Requested 'mibs' value '${mibs}' did not match this device [${cfg.upsName}] (host ${cfg.port})`
          : `Unknown 'mibs' value: ${mibs}`,
      );
    }
    throw new Error(
      `No supported device detected at [${cfg.upsName}] (host ${cfg.port})`,
    );
  }

  /** set_delays: ondelay/offdelay are written to the device at start-up. */
  async #setDelays(): Promise<void> {
    const on = this.#val("ondelay");
    const off = this.#val("offdelay");
    if (on !== undefined && Number.parseInt(on, 10) >= 0) {
      await this.setvar("ups.delay.start", String(Number.parseInt(on, 10)));
    }
    if (off !== undefined && Number.parseInt(off, 10) >= 0) {
      await this.setvar("ups.delay.shutdown", String(Number.parseInt(off, 10)));
    }
  }

  /** upsdrv_initinfo. */
  async init(): Promise<void> {
    await this.initups();
    const eng = this.#engine!;
    const m = eng.mapping;
    this.#ctx.state.set("driver.version.data", `${m.name} MIB ${m.version}`);
    try {
      await eng.addCommands();
      this.#commOk = await eng.walk("init");
    } catch (e) {
      if (!(e instanceof CommLost)) throw e;
      this.#ctx.log.warn(`agent not answering: ${e.message}`);
      this.#commOk = false;
    }
    if (this.#commOk) this.#ctx.state.dataOk();
    else this.#ctx.state.dataStale();
  }

  /** upsdrv_updateinfo: a full walk every pollfreq seconds. */
  async update(): Promise<void> {
    const eng = this.#engine;
    if (!eng) return;
    const st = this.#ctx.state;
    if (this.#now() <= this.#lastpoll + this.#pollfreq) {
      // Liveness between full walks (see the module comment).
      try {
        await eng.get(SYSUPTIME);
        if (!this.#commOk) this.#lastpoll = 0;
      } catch (e) {
        if (!(e instanceof CommLost)) throw e;
        this.#commOk = false;
      }
      if (this.#commOk) {
        st.dataOk();
        return;
      }
      if (this.#lastpoll !== 0) {
        st.dataStale();
        return;
      }
    }
    eng.status = [];
    eng.alarms = [];
    try {
      this.#commOk = await eng.walk("update");
    } catch (e) {
      if (!(e instanceof CommLost)) throw e;
      this.#ctx.log.warn(`agent not answering: ${e.message}`);
      this.#commOk = false;
    }
    if (this.#commOk) st.dataOk();
    else st.dataStale();
    if (eng.daisychain) {
      // NUT commits the status before the alarms here: a chain of several
      // units shows ALARM when any unit had one (their texts are in
      // device.N.ups.alarm); a single unit publishes ups.alarm but no ALARM.
      st.setAlarms([]);
      if (eng.devices > 1) {
        const tokens = eng.deviceAlarms > 0
          ? ["ALARM", ...(eng.status.length ? eng.status : [""])]
          : eng.status;
        st.setStatus(tokens);
      } else {
        st.setStatus(eng.status);
        if (eng.alarms.length) st.set("ups.alarm", eng.alarms.join(" "));
      }
    } else {
      st.setAlarms(eng.alarms);
      st.setStatus(eng.status);
    }
    this.#lastpoll = this.#now();
  }

  /** su_setOID for commands. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#setOid("instcmd", cmd, param);
  }

  /** su_setOID for variables. */
  setvar(name: string, value: string): Promise<CommandResult> {
    return this.#setOid("setvar", name, value);
  }

  /** upsdrv_shutdown: shutdown.return, else shutdown.reboot, else load.off.delay. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    for (
      const cmd of ["shutdown.return", "shutdown.reboot", "load.off.delay"]
    ) {
      if ((await this.instcmd(cmd)) === "handled") return "handled";
    }
    this.#ctx.log.error("Shutdown failed!");
    return "failed";
  }

  close(): Promise<void> {
    this.#session?.close();
    return Promise.resolve();
  }

  /** Finds the row and OID a SET goes to (su_setOID's name handling). */
  #target(
    mode: "instcmd" | "setvar",
    varname: string,
  ):
    | { l: Live; oid: string | undefined; dfl: string | undefined }
    | CommandResult {
    const eng = this.#engine!;
    let dnum = 0;
    let tmp = varname;
    if (varname.startsWith("device")) {
      if (/^\d$/.test(varname[7] ?? "")) {
        dnum = Number.parseInt(varname.slice(7), 10);
        tmp = varname.slice(9);
      } else if (eng.daisychain) {
        const row = eng.find(varname);
        dnum = row && (row.oid === undefined || row.oid.includes(".%i"))
          ? 0
          : 1;
      }
    }
    if (eng.daisychain && eng.devices > 1 && dnum === 0) return "invalid";
    // 2.8.0 takes every "outlet*" name for a template instance and crashes
    // on a plain one (outlet.desc, outlet.count): those are plain rows here.
    if (!/^outlet\.(group\.)?\d/.test(tmp)) {
      let l = eng.find(tmp);
      if (!l && tmp !== varname) l = eng.find(varname);
      if (
        !l && eng.daisychain && eng.devices > 1 && dnum === 1 &&
        varname.startsWith("device.1.")
      ) l = eng.find(`device.${varname.slice(9)}`);
      if (!l || !l.ok) return "unknown";
      return { l, oid: l.oid, dfl: l.dfl };
    }
    const group = tmp.startsWith("outlet.group");
    const countVar = (dnum > 0 && varname !== tmp ? `device.${dnum}.` : "") +
      (group ? "outlet.group.count" : "outlet.count");
    const total =
      Number.parseInt(this.#ctx.state.tree.get(countVar) ?? "0", 10) ||
      0;
    const after = tmp.slice(group ? 13 : 7);
    const item = Number.parseInt(after, 10) || 0;
    if (item > total) return "invalid";
    const dot = after.indexOf(".");
    const tname = `${group ? "outlet.group" : "outlet"}.%i${
      dot >= 0 ? after.slice(dot) : ""
    }`;
    const l = eng.find(tname);
    if (!l) return "unknown";
    const dfl = l.dfl?.includes("%i") ? fmtIdx(l.dfl, item) : l.dfl;
    if (l.oid === undefined) {
      return mode === "instcmd" ? "unknown" : { l, oid: undefined, dfl };
    }
    let oid: string;
    if (eng.daisychain) {
      const off = eng.devices > 1 ? 1 : 0;
      oid = l.flags.has("daisy")
        ? fmtIdx(l.oid, dnum - off, item)
        : fmtIdx(l.oid, item, dnum - off);
    } else oid = fmtIdx(l.oid, item);
    if (!l.ok) return "unknown";
    return { l, oid, dfl };
  }

  async #setOid(
    mode: "instcmd" | "setvar",
    varname: string,
    val: string | undefined,
  ): Promise<CommandResult> {
    const eng = this.#engine;
    if (!eng || !this.#session) return "failed";
    const t = this.#target(mode, varname);
    if (typeof t === "string") return t;
    const { l, oid, dfl } = t;
    if (mode === "instcmd" && val === undefined && dfl === undefined) {
      return "invalid";
    }
    let value: SnmpValue;
    if (l.flags.has("string")) {
      value = {
        type: "OctetString",
        value: new TextEncoder().encode(val ?? dfl ?? ""),
      };
    } else {
      let n: number | undefined;
      if (mode === "instcmd") n = strictLong(val ?? dfl ?? "");
      else if (l.row.lookup) n = valinfo(l.row.lookup, val ?? dfl ?? "");
      else {
        const v = strictLong(val ?? "");
        n = v === undefined ? undefined : Math.trunc(v / (l.row.scale ?? 1));
      }
      if (n === undefined) return "invalid";
      value = l.flags.has("typeTime")
        ? { type: "TimeTicks", value: n * 100 }
        : { type: "Integer", value: n };
    }
    if (oid === undefined || !/^\d+(\.\d+)*$/.test(oid)) return "failed";
    try {
      await this.#session.set(oid, value);
    } catch (e) {
      this.#ctx.log.error(
        `[${this.#ctx.config.upsName}] nut_snmp_set: can't set ${oid}: ${
          e instanceof Error ? e.message : String(e)
        }`,
      );
      return "failed";
    }
    if (mode === "setvar" && val !== undefined) {
      this.#ctx.state.set(varname, val);
    }
    return "handled";
  }
}
