/**
 * NUT's microsol-common framework (used by microsol-apc in 2.8.0): the unit
 * streams 25-byte packets (0 model, 1 output V, 2 input V, 3 battery V,
 * 4 temperature, 5 output A, 6 relays, 7-8 real power, 9-11 clock,
 * 13-17 schedule, 18-19 date, 20 flags, 21-22 input Hz, 23 checksum,
 * 24 0xFE). Start-up sends 0xCC CR, synchronises on 0xFE and needs one
 * valid packet whose model byte is 0xAx/0xBx. Each poll reads one packet:
 * no 0xFE at its end resynchronises twice and makes the data stale; a bad
 * checksum keeps the last values (as NUT). `-k` sends 0xDE (on line) or
 * 0xDD (on battery, as last seen: never, since -k reads no packet).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
  DriverVar,
} from "../../src/driver/types.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import {
  cfmt,
  MICROSOL_CMD,
  microsolInstcmd,
  MicrosolLink,
  type MicrosolPortOpener,
  openMicrosolPort,
  PACKET_SIZE,
  packetValid,
  RESP_END,
} from "./link.ts";
import { hostTime, MicrosolSchedule } from "./schedule.ts";

/** Flags of packet byte 20 that the model part needs. */
export interface MicrosolFlags {
  out220: boolean;
  lineUnpowered: boolean;
}

/** What a model part computes from a packet. */
export interface MicrosolReadings {
  inputVoltage: number;
  outputVoltage: number;
  outputCurrent: number;
  batteryVoltage: number;
  inputFrequency: number;
  apparentPower: number;
  realPower: number;
  batteryCharge: number;
  nominalPower: number;
}

/** A model family on the common framework. */
export interface MicrosolModel {
  mfr: string;
  known(model: number): boolean;
  name(model: number): string;
  decode(
    p: ArrayLike<number>,
    model: number,
    f: MicrosolFlags,
  ): MicrosolReadings;
}

/** ups.conf variables of the microsol-common drivers. */
export const MICROSOL_COMMON_VARS: readonly DriverVar[] = [
  { name: "battext", kind: "value", desc: "Battery extension (0-80AH)" },
  { name: "prgshut", kind: "value", desc: "Scheduled power-off mode (0-3)" },
  { name: "daysweek", kind: "value", desc: "Days of week for UPS shutdown" },
  {
    name: "daysoff",
    kind: "value",
    desc: "Days of week for driver-induced shutdown",
  },
  { name: "houron", kind: "value", desc: "Power on hour (hh:mm)" },
  { name: "houroff", kind: "value", desc: "Power off hour (hh:mm)" },
];

const NO_UNIT = "Solis not detected! aborting ...";

/** A microsol-common instance. */
export class MicrosolCommonDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: MicrosolLink;
  readonly schedule = new MicrosolSchedule();
  #kind: MicrosolModel;
  model = -1;
  #out220 = false;
  #lineUnpowered = false;
  #values: Record<string, string> = {};
  #status: string[] = [];

  constructor(
    ctx: DriverContext,
    kind: MicrosolModel,
    open: MicrosolPortOpener = openMicrosolPort,
    waitMs = 3000,
  ) {
    this.ctx = ctx;
    this.#kind = kind;
    this.link = new MicrosolLink(ctx.config.port, open, waitMs);
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    await this.link.open();
  }

  /** comm_receive + scan_received_pack: true when the packet was used. */
  receive(p: Uint8Array): boolean {
    if (p.length !== PACKET_SIZE || !packetValid(p)) return false;
    const hi = p[0]! & 0xf0;
    if (hi !== 0xa0 && hi !== 0xb0) return false;
    if (this.model < 0) this.model = p[0]!;
    const p2 = (n: number) => String(n).padStart(2, "0");
    this.#clockLines = [
      `UPS Date ${(p[19]! & 0x0f) + 1998}/${p2((p[19]! & 0xf0) >> 4)}/${
        p2(p[18]! & 0x1f)
      }`,
      `UPS internal Time ${p[11]}:${p2(p[10]!)}:${p2(p[9]!)}`,
    ];
    this.schedule.fromPacket(p, hostTime().week);
    const fl = p[20]!;
    if (fl & 0x01) this.#out220 = true; // never cleared, as NUT
    const lowBatt = (fl & 0x04) !== 0, inverter = (fl & 0x08) !== 0;
    const hot = (fl & 0x10) !== 0, over = (fl & 0x80) !== 0;
    this.#lineUnpowered = (fl & 0x20) !== 0;
    const charging = (fl & 0x02) !== 0 && !this.#lineUnpowered;
    const in220 = (fl & 0x40) !== 0;
    let temp = p[4]! & 0x7f;
    if (p[4]! & 0x80) temp -= 128;
    const r = this.#kind.decode(p, this.model, {
      out220: this.#out220,
      lineUnpowered: this.#lineUnpowered,
    });
    const load = (r.apparentPower / r.nominalPower) * 100.0;
    const charge = Math.min(100, Math.max(0, r.batteryCharge));
    let outV = r.outputVoltage;
    if (!inverter) outV = 0;
    let pf: number;
    if (r.apparentPower < 0) pf = 0;
    else if (Math.abs(r.apparentPower) <= Number.EPSILON) pf = 100;
    else pf = Math.min(100, Math.trunc((r.realPower / r.apparentPower) * 100));
    this.#values = {
      "battery.charge": cfmt(charge, 3, 1),
      "battery.voltage": cfmt(r.batteryVoltage, 2, 1),
      "input.frequency": cfmt(r.inputFrequency, 2, 1),
      "input.voltage": cfmt(r.inputVoltage, 3, 1),
      "output.current": cfmt(r.outputCurrent, 3, 1),
      "output.power": cfmt(r.apparentPower, 3, 1),
      "output.powerfactor": cfmt(pf / 100.0, 0, 2),
      "output.realpower": cfmt(r.realPower, 3, 1),
      "output.voltage": cfmt(outV, 3, 1),
      "ups.temperature": cfmt(temp, 2, 2),
      "ups.load": cfmt(load, 3, 1),
      "input.transfer.low": cfmt(in220 ? 150 : 75, 3, 1),
      "input.transfer.high": cfmt(in220 ? 300 : 150, 3, 1),
    };
    const st = [this.#lineUnpowered ? "OB" : "OL"];
    if (over) st.push("OVER");
    if (hot) st.push("OVERHEAT");
    if (charging) st.push("CHRG");
    if (lowBatt) st.push("LB");
    this.#status = st;
    return true;
  }

  /** upsdrv_initinfo (get_base_info). */
  async init(): Promise<void> {
    await this.initups();
    const cfg = this.ctx.config.values, st = this.ctx.state;
    const push = this.schedule.setup(cfg, hostTime());
    if (push) await this.link.send(...push);
    await this.link.send(MICROSOL_CMD.cont, 13);
    if (!await this.link.sync()) throw new DriverFatalError(NO_UNIT);
    this.receive(await this.link.read(PACKET_SIZE));
    if (this.model < 0) throw new DriverFatalError(NO_UNIT);
    this.schedule.computeShutTime();
    st.set("ups.mfr", this.#kind.mfr);
    st.set("ups.model", this.#kind.name(this.model));
    st.set("input.transfer.low", this.#values["input.transfer.low"]!);
    st.set("input.transfer.high", this.#values["input.transfer.high"]!);
    st.addCmd("shutdown.return");
    st.addCmd("shutdown.stayoff");
    this.ctx.log.notice(
      `Detected ${this.#kind.name(this.model)} on ${this.ctx.config.port}`,
    );
    for (const l of this.#clockLines) this.ctx.log.notice(l);
    this.#printSchedule();
  }

  #clockLines: string[] = [];

  /** print_info's schedule part. */
  #printSchedule(): void {
    const s = this.schedule, log = (m: string) => this.ctx.log.notice(m);
    const p2 = (n: number) => String(n).padStart(2, "0");
    if (s.prgups <= 0) {
      log("Shutdown programming not activated");
      return;
    }
    log(
      s.prgups === 3
        ? "Internal shutdown programming active"
        : "External shutdown programming active",
    );
    log(`UPS Time power on ${p2(s.on[0])}:${p2(s.on[1])}`);
    log(`UPS Time power off ${p2(s.off[0])}:${p2(s.off[1])}`);
    log("Programming Shutdown Sun  Mon  Tue  Wed  Thu  Fri  Sat");
    const bits = [...Array(7)].map((_, i) => (s.daysToShutdown >> (6 - i)) & 1);
    log(" ".repeat(22) + bits.join("    "));
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    for (const l of this.schedule.check(hostTime())) this.ctx.log.notice(l);
    const p = await this.link.read(PACKET_SIZE);
    if (p.length !== PACKET_SIZE || p[24] !== RESP_END) {
      // out of step (or silent): find the boundary again, stale meanwhile
      await this.link.sync();
      await this.link.sync();
      st.dataStale();
      return;
    }
    this.receive(p);
    for (const [k, v] of Object.entries(this.#values)) {
      if (!k.startsWith("input.transfer.")) st.set(k, v);
    }
    const status = [...this.#status];
    if (this.schedule.progShut) {
      if (this.schedule.prgups === 2) await this.#shutdownNow();
      status.push("LB"); // hosts go down before the UPS does
    }
    st.setStatus(status);
    st.dataOk();
  }

  async #shutdownNow(): Promise<void> {
    for (let i = 0; i < 10; i++) await this.link.send(MICROSOL_CMD.shut);
    this.ctx.log.notice("UPS shutdown command sent");
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return microsolInstcmd(this.link, this.ctx.log, cmd, param);
  }

  /** upsdrv_shutdown: power cycle on line, power off on battery. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    if (!this.#lineUnpowered) {
      this.ctx.log.notice("On line, sending power cycle command...");
      await this.link.send(MICROSOL_CMD.shutReturn);
    } else {
      this.ctx.log.notice("On battery, sending power off command...");
      await this.link.send(MICROSOL_CMD.shut);
    }
    return "handled";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
