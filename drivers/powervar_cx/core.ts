/**
 * The CUSPP logic both Powervar drivers share (NUT master's
 * powervar_cx.c): start-up reads each group's FORMAT and data (a time-out
 * there ends start-up), a poll reads OUT (no answer: stale), then INP.1,
 * BAT, SET, ALM and EVT where the unit has them. Each request is tried
 * twice when the answer does not start with the group's three letters.
 * The byte level (serial line or USB reports) is a PvarLink.
 *
 * @module
 */
import type { CommandResult, DriverContext } from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { atoi } from "../../src/state/tree.ts";
import {
  NAMES,
  type Pos,
  positions,
  SIMPLE_CMDS,
  sourceStatus,
  substringFrom as sub,
} from "./protocol.ts";

/** The byte level: send a request (CR added), read one CR-ended answer. */
export interface PvarLink {
  send(request: string): Promise<void>;
  /** The answer (at most `size` - 1 characters), or null when none came. */
  response(size: number): Promise<string | null>;
}

/** ups.conf variables both drivers take (pvbaud is the serial one's own). */
export const PVAR_VARS = [
  {
    name: "startdelay",
    kind: "value" as const,
    desc: "Change start delay time from the 1 second default (1-65535).",
  },
  {
    name: "offdelay",
    kind: "value" as const,
    desc: "Change shutdown delay time from 0 second default (1-65535).",
  },
  {
    name: "disptesttime",
    kind: "value" as const,
    desc:
      "Change display test time from the 10 second default (UPM only, 11-255).",
  },
];

type Groups = { -readonly [G in keyof typeof NAMES]: Pos<G> };

/** The shared part of a Powervar instance. */
export class PowervarCore {
  #ctx: DriverContext;
  #link: PvarLink;
  #pos = {} as Groups;

  constructor(ctx: DriverContext, link: PvarLink) {
    this.#ctx = ctx;
    this.#link = link;
  }

  /** An answer that starts with the request's group (3 letters), else null. */
  #valid(req: string, a: string | null): string | null {
    return a !== null && a[0] !== "?" && a.slice(0, 3) === req.slice(0, 3)
      ? a
      : null;
  }

  /** GetInitFormatAndOrData: FORMAT and/or data, two tries shared by both. */
  async #initGroup(
    req: string,
    wantData: boolean,
  ): Promise<[string | null, string | null]> {
    let tries = 0, format: string | null = null, data: string | null = null;
    const port = this.#ctx.config.port;
    do {
      await this.#link.send(`${req}.FORMAT`);
      const a = await this.#link.response(512);
      if (a === null) {
        throw new DriverFatalError(
          `'${req}.FORMAT' timeout getting UPS data on ${port}`,
        );
      }
      format = this.#valid(req, a);
    } while (format === null && ++tries < 2);
    if (!wantData) return [format, null];
    // NUT's loop counter is not reset between FORMAT and data
    do {
      await this.#link.send(req);
      const a = await this.#link.response(512);
      if (a === null) {
        throw new DriverFatalError(
          `'${req}' timeout getting UPS data on '${port}'`,
        );
      }
      data = this.#valid(req, a);
    } while (data === null && ++tries < 2);
    return [format, data];
  }

  /** GetUPSData: a poll request, tried twice. */
  async #get(req: string): Promise<string | null> {
    for (let i = 0; i < 2; i++) {
      await this.#link.send(req);
      const a = this.#valid(req, await this.#link.response(512));
      if (a !== null) return a;
    }
    return null;
  }

  /** SendCommand: a request whose answer is read and dropped. */
  async #command(req: string): Promise<void> {
    await this.#link.send(req);
    await this.#link.response(40);
  }

  /** PvarCommon_Initinfo. */
  async init(): Promise<void> {
    const st = this.#ctx.state, p = this.#pos;
    const set = (n: string, v: string | null, fmt = (s: string) => s) => {
      if (v !== null) st.set(n, fmt(v));
    };
    let [f, d] = await this.#initGroup("PID", true);
    if (!f || !d) {
      throw new DriverFatalError(
        "[PID] Comm error or not a UPS that handles CUSPP",
      );
    }
    p.PID = positions(f, NAMES.PID);
    if (sub(d, p.PID.prot) !== "CUSPP") {
      throw new DriverFatalError("[CUSPP] Not a UPS that handles CUSPP");
    }
    [f, d] = await this.#initGroup("UID", true);
    p.UID = positions(f, NAMES.UID);
    const u = (k: keyof Pos<"UID">) => d ? sub(d, p.UID[k]) : null;
    const family = u("family")?.slice(0, 3) ?? "";
    if (u("family") !== null) {
      st.set("device.description", family);
      st.set("ups.id", family);
    }
    set("device.model", u("model"));
    st.set("device.type", "ups");
    st.set("ups.type", "Line Interactive");
    set("device.mfr", u("manuf"));
    set("ups.mfr.date", u("mfgdt"), (s) => `${s} (yyyymmdd)`);
    set("ups.firmware", u("swver"));
    set("ups.firmware.aux", u("cswver"));
    const serial = u("sernum");
    if (serial !== null) {
      st.set("device.serial", serial);
      if (!p.UID.mfgdt) {
        st.set(
          "ups.mfr.date",
          `${serial.split("-").at(-1)!.slice(0, 3)} (yyq)`,
        );
      }
    }
    this.#ctx.log.info(
      `Found a Powervar '${family}' UPS with serial number: '${serial ?? ""}'`,
    );
    [f, d] = await this.#initGroup("BAT", true);
    p.BAT = positions(f, NAMES.BAT);
    let volts = 1;
    const bv = d ? sub(d, p.BAT.volt) : null;
    if (bv !== null) {
      volts = atoi(bv);
      st.set(
        "battery.voltage.nominal",
        volts < 36 ? (volts < 18 ? "12" : "24") : "48",
      );
    }
    p.INP = positions((await this.#initGroup("INP", false))[0], NAMES.INP);
    p.OUT = positions((await this.#initGroup("OUT", false))[0], NAMES.OUT);
    [f, d] = await this.#initGroup("SYS", true);
    p.SYS = positions(f, NAMES.SYS);
    const s = (k: keyof Pos<"SYS">) => d ? sub(d, p.SYS[k]) : null;
    set("input.voltage.nominal", s("involt"));
    set("input.frequency.nominal", s("infrq"));
    const ov = s("outvlt");
    if (ov !== null) {
      st.set("output.voltage.nominal", ov);
      volts = atoi(ov);
    }
    // NUT divides by zero here when the output voltage reads 0
    const va = s("outva");
    if (va !== null && volts) {
      st.set("output.current.nominal", String(Math.trunc(atoi(va) / volts)));
    }
    set("output.frequency.nominal", s("outfrq"));
    set("ups.test.interval", s("btstdy"), (v) => String(atoi(v) * 86400));
    const bd = s("batdte");
    if (bd !== null) {
      st.set("battery.date", `${bd} (yyyymm)`);
      st.setFlags("battery.date", ["STRING", "RW"]);
      st.setAux("battery.date", 6);
    }
    st.set("battery.type", p.BAT.pvolt ? "LFP" : "PbAc");
    st.set("ups.load.high", s("ovrlod") ?? "100");
    [f, d] = await this.#initGroup("SET", true);
    p.SET = positions(f, NAMES.SET);
    const auto = d ? sub(d, p.SET.atosrt) : null;
    if (auto !== null) {
      st.set("ups.start.auto", auto[0] === "1" ? "yes" : "no");
      st.setFlags("ups.start.auto", ["STRING", "RW"]);
      st.setAux("ups.start.auto", 3);
      st.set("ups.shutdown", "enabled");
    }
    const off = d ? sub(d, p.SET.offdly) : null;
    if (off !== null && off[0] !== "0") st.set("ups.timer.shutdown", off);
    p.ALM = positions((await this.#initGroup("ALM", false))[0], NAMES.ALM);
    p.TST = positions((await this.#initGroup("TST", false))[0], NAMES.TST);
    p.EVT = positions(null, NAMES.EVT);
    if (p.PID.evt) {
      [f, d] = await this.#initGroup("EVT", true);
      p.EVT = positions(f, NAMES.EVT);
      set("device.uptime", d ? sub(d, p.EVT.uptime) : null);
    }
    this.#addCmds();
    const v = this.#ctx.config.values;
    st.set("ups.delay.shutdown", v.get("offdelay") ?? "1");
    st.set("ups.delay.start", v.get("startdelay") ?? "1");
    for (const n of ["ups.delay.shutdown", "ups.delay.start"]) {
      st.setFlags(n, ["STRING", "RW"]);
      st.setAux(n, 5);
    }
  }

  #addCmds(): void {
    const { TST: t, SET: s } = this.#pos, st = this.#ctx.state;
    const add = (on: number, ...cmds: string[]) => {
      if (on) { for (const c of cmds) st.addCmd(c); }
    };
    add(t.batqck, "test.battery.start.quick");
    add(
      t.batdep,
      "test.battery.start.deep",
      "test.failure.start",
      "test.failure.stop",
    );
    add(t.abort, "test.battery.stop");
    add(
      s.offnow || s.offdly || s.offstp,
      "shutdown.return",
      "shutdown.stop",
      "shutdown.reboot",
      "load.off",
      "load.off.delay",
    );
    add(s.atosrt, "shutdown.stayoff");
    add(s.audibl, "beeper.enable", "beeper.disable", "beeper.mute");
    add(s.srtdly, "load.on", "load.on.delay");
    add(s.rstinp, "reset.input.minmax");
    add(t.disp, "test.panel.start");
  }

  /** PvarCommon_Updateinfo; false when OUT got no answer (the data is then stale). */
  async update(): Promise<boolean> {
    const st = this.#ctx.state, p = this.#pos;
    const out = await this.#get("OUT");
    if (out === null) {
      st.dataStale();
      return false;
    }
    const status: string[] = [];
    const put = (n: string, d: string, pos: number) => {
      const v = sub(d, pos);
      if (v !== null) st.set(n, v);
    };
    const word = sourceStatus(sub(out, p.OUT.source)?.[0]);
    if (word) status.push(word);
    const onBattery = word === "OB";
    put("ups.load", out, p.OUT.percnt);
    put("output.voltage", out, p.OUT.volt);
    put("output.frequency", out, p.OUT.freq);
    put("output.current", out, p.OUT.amp);
    const inp = p.PID.inp ? await this.#get("INP.1") : null;
    if (inp) {
      put("input.voltage", inp, p.INP.volt);
      put("input.frequency", inp, p.INP.freq);
      put("input.voltage.maximum", inp, p.INP.maxvlt);
      put("input.voltage.minimum", inp, p.INP.minvlt);
      put("input.current", inp, p.INP.amp);
    }
    const bat = p.PID.bat ? await this.#get("BAT") : null;
    if (bat) {
      if (onBattery && sub(bat, p.BAT.status)?.[0] === "3") status.push("LB");
      put("battery.charge", bat, p.BAT.estcrg);
      put("battery.voltage", bat, p.BAT.volt);
      put("battery.temperature", bat, p.BAT.temp);
      put("ups.temperature", bat, p.BAT.temp);
      const left = sub(bat, p.BAT.tmleft);
      if (left !== null) st.set("battery.runtime", String(atoi(left) * 60));
    }
    const set = p.PID.set ? await this.#get("SET") : null;
    if (set) {
      const beep = ({ "1": "enabled", "0": "disabled", "2": "muted" } as Record<
        string,
        string
      >)[sub(set, p.SET.audibl)?.[0] ?? ""];
      if (beep) st.set("ups.beeper.status", beep);
      for (
        const [k, n] of [["offdly", "ups.timer.shutdown"], [
          "srtdly",
          "ups.timer.start",
        ]] as const
      ) {
        const v = sub(set, p.SET[k]);
        if (v === null) continue;
        if (v[0] === "0") st.del(n);
        else st.set(n, v);
      }
    }
    const alm = p.PID.alm ? await this.#get("ALM") : null;
    if (alm) {
      if (sub(alm, p.ALM.badbat)?.[0] === "1") status.push("RB");
      if (sub(alm, p.ALM.ovrlod)?.[0] === "1") status.push("OVER");
      const bad = sub(alm, p.ALM.tstbad);
      if (bad !== null) {
        st.set("ups.test.result", bad[0] === "1" ? "Change Battery" : "Normal");
        if (bad[0] === "1") status.push("RB");
      }
    }
    const evt = p.PID.evt ? await this.#get("EVT") : null;
    if (evt) put("device.uptime", evt, p.EVT.uptime);
    st.setAlarms([]);
    st.setStatus([...new Set(status)]);
    st.dataOk();
    return true;
  }

  /** HandleOffDelay: SET.OFFDLY.W=<ups.delay.shutdown, 0 sent as 1>. */
  async offDelay(): Promise<void> {
    const d = atoi(this.#ctx.state.tree.get("ups.delay.shutdown") ?? "");
    await this.#command(`SET.OFFDLY.W=${d || 1}`);
  }

  /** instcmd. */
  async instcmd(cmd: string): Promise<CommandResult> {
    const c = cmd.toLowerCase(), st = this.#ctx.state;
    const simple = SIMPLE_CMDS[c];
    if (simple) {
      await this.#command(simple);
      return "handled";
    }
    switch (c) {
      case "load.off.delay":
        await this.offDelay();
        return "handled";
      case "load.on.delay":
        await this.#command(
          `SET.SRTDLY.W=${st.tree.get("ups.delay.start") ?? "1"}`,
        );
        return "handled";
      case "shutdown.return":
      case "shutdown.reboot":
      case "shutdown.stayoff":
        await this.#command(
          `SET.ATOSRT.W=${c === "shutdown.stayoff" ? 0 : 1}`,
        );
        await this.offDelay();
        return "handled";
      case "test.panel.start": {
        const t = this.#ctx.config.values.get("disptesttime");
        await this.#command(`TST.DISP.W=${t === undefined ? 10 : atoi(t)}`);
        // NUT sends it, then falls through to "unknown"; we say handled
        return "handled";
      }
    }
    this.#ctx.log.notice(`instcmd: unknown command [${cmd}]`);
    return "unknown";
  }

  /** setvar. */
  async setvar(name: string, value: string): Promise<CommandResult> {
    const n = name.toLowerCase(), st = this.#ctx.state;
    if (n === "ups.delay.shutdown" || n === "ups.delay.start") {
      if (atoi(value) > 65535) return "unknown";
      st.set(n, value);
      return "handled";
    }
    if (n === "battery.date") {
      if (value.length !== 6) return "unknown";
      await this.#link.send(`SYS.BATDTE.W=${value}`);
      st.set("battery.date", `${value} (yyyymm)`);
      return "handled";
    }
    if (n === "ups.start.auto") {
      const v = value.toLowerCase();
      if (v !== "yes" && v !== "no") return "unknown";
      await this.#link.send(`SET.ATOSRT.W=${v === "yes" ? 1 : 0}`);
      st.set("ups.start.auto", v);
      return "handled";
    }
    this.#ctx.log.notice(`setvar: unknown command [${name}]`);
    return "unknown";
  }
}
