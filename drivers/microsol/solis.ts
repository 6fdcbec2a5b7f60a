/**
 * solis: NUT 2.8.0's `solis` 0.68 (Microsol Solis 1.0-3.0 and the
 * BZ1200-BR), its own code in 2.8.0 though the wire is microsol-common's:
 * 25-byte packets streamed by the unit. Volts and amps are a*raw + b per
 * model row and output voltage (solis_tables.ts); input volts come from
 * byte 6, input frequency is only known for the BZ1200-BR; battery charge
 * is the autonomy table's minutes over the full-load maximum in C integer
 * division (so 0 or 100). A short or misaligned packet resynchronises and
 * makes the data stale (NUT 2.8.0's solis never resynchronises and keeps
 * reporting the last values as fresh); a bad checksum keeps the last
 * values, as NUT.
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
import { AUTONOMY, SOLIS_CAL } from "./solis_tables.ts";

/** ups.conf variables of solis. */
export const SOLIS_VARS: readonly DriverVar[] = [
  { name: "battext", kind: "value", desc: "Battery Extension (0-80)min" },
  { name: "prgshut", kind: "value", desc: "Programable power off (0-3)" },
  { name: "daysweek", kind: "value", desc: "Days of week UPS power of/off" },
  { name: "daysoff", kind: "value", desc: "Days of week Driver shutdown" },
  { name: "houron", kind: "value", desc: "Power on hour (hh:mm)" },
  { name: "houroff", kind: "value", desc: "Power off hour (hh:mm)" },
];

const BEXT = [14, 18, 28, 18, 1];
const NOMPOW = [1000, 1500, 2000, 3000, 1200];
const INDS = [0, 0, 1, 2, 3, 4];
const NO_SOLIS = "Solis not detected! aborting ...";
// BZ1200-BR (model 16) output lines by relay state
const BZ_F1 = [1.1549, 1.0925, 0, 0, 1.0929, 1.0885, 0, 0.8654262224145391];
const BZ_F2 = [-6.9157, 11.026, 10.43, 0, -0.6109, 12.18, 0, 13.677];

/** The model name for solis's model number. */
export function solisModelName(m: number): string {
  if (m >= 10 && m <= 12) return "Solis 1.0";
  return ({
    13: "Solis 1.5",
    14: "Solis 2.0",
    15: "Solis 3.0",
    16: "Microsol Back-Ups BZ1200-BR",
  } as Record<number, string>)[m] ?? "(null)";
}

/** A solis instance. */
export class SolisDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: MicrosolLink;
  readonly schedule = new MicrosolSchedule();
  model = -1;
  #imodel = 0;
  #out220 = false;
  #battExt = 0;
  // autonomy minutes now and at the top of the battery window (C ints)
  #autonomy = 0;
  #maxAuto = 0;
  sourceFail = false;
  #v: Record<string, number> = {};
  #status: string[] = [];

  constructor(
    ctx: DriverContext,
    open: MicrosolPortOpener = openMicrosolPort,
    waitMs = 3000,
  ) {
    this.ctx = ctx;
    this.link = new MicrosolLink(ctx.config.port, open, waitMs);
  }

  /** upsdrv_initups. */
  async initups(): Promise<void> {
    await this.link.open();
  }

  /** autonomy_calc for group `g` with battery byte `b`. */
  #autonomyCalc(g: number, b: number, util: number): void {
    const t = AUTONOMY[g]!;
    const ipo = util > 20 ? Math.trunc((util - 51) / 100) : 0;
    if (ipo > t.steps) return;
    const min = t.minByte[ipo]!, max = t.maxByte[ipo]!;
    const row = t.minutes[ipo] ?? [];
    if (util <= 20) {
      this.#autonomy = 170;
      this.#maxAuto = 170;
    } else {
      this.#maxAuto = row[max - 139] ?? 0;
      if (b > min - 1 && b < max + 1) this.#autonomy = row[b - 139] ?? 0;
      else if (b > max) this.#autonomy = this.#maxAuto;
      else if (b < min) this.#autonomy = 0;
    }
    if (this.#battExt > 0 && g < 4) {
      const bx = BEXT[g]!;
      this.#autonomy = Math.trunc(
        (this.#autonomy * (this.#battExt + bx) * 1.0) / bx,
      );
    }
  }

  /** comm_receive + scan_received_pack: true when the packet was used. */
  receive(p: Uint8Array): boolean {
    if (p.length !== PACKET_SIZE || !packetValid(p)) return false;
    const hi = p[0]! & 0xf0;
    if (hi !== 0xa0 && hi !== 0xb0) return false;
    if (this.model < 0) {
      this.model = p[0] === 186 ? 16 : p[0]! & 0x0f;
      const im = this.model < 13 ? this.model - 10 : this.model - 11;
      this.#imodel = Math.min(5, Math.max(0, im)); // NUT: out of range
    }
    this.schedule.fromPacket(p, hostTime().week);
    const fl = p[20]!;
    if (fl & 0x01) this.#out220 = true;
    const lowCrit = (fl & 0x04) !== 0, inverter = (fl & 0x08) !== 0;
    this.sourceFail = (fl & 0x20) !== 0;
    const in220 = (fl & 0x40) !== 0;
    let temp = p[4]! & 0x7f;
    if (p[4]! & 0x80) temp -= 128;
    const c = SOLIS_CAL[this.#imodel]!, ov = this.#out220 ? 1 : 0;
    const im = INDS[this.#imodel]!;
    const line = (ab: readonly number[], x: number) => x * ab[0]! + ab[1]!;
    let inV: number;
    if (this.model !== 16) {
      inV = line(p[6]! >= 194 ? c.involt194 : c.involt193, p[6]!);
    } else {
      inV = line(c.involt193, p[2]!) - ((fl & 1) === 0 ? 0 : 3.0);
    }
    const battV = line(c.battvolt, p[3]!);
    const nominal = NOMPOW[im]!;
    const sf = this.sourceFail;
    let outV = line(sf ? c.outvoltI[ov]! : c.outvoltS[ov]!, p[1]!);
    let outI = line(sf ? c.outcurrI[ov]! : c.outcurrS[ov]!, p[5]!);
    let app = line(sf ? c.apppI[ov]! : c.apppS[ov]!, p[5]! * p[1]!);
    let util = line(sf ? c.utilpI[ov]! : c.utilpS[ov]!, p[7]! + p[8]! * 256);
    if (this.model === 16 && !sf) {
      const relay = (p[6]! & 0x38) >> 3;
      outI = Math.fround(0.12970000389100012 * p[5]! + 0.5387060281204546);
      outV = p[1]! * BZ_F1[relay]! + BZ_F2[relay]!;
      app = outI * outV;
      let real = p[7]! + p[8]! * 256;
      const va1 = 5.968 * app - 284.36, va2 = 7.149 * app - 567.18;
      real = Math.abs(va1 - real) < Math.abs(va2 - real)
        ? 0.1664 * real + 49.182
        : 0.1519 * real + 32.644;
      if (outI < 0.7) real = app;
      if (app < real) app = real; // NUT swaps; only the larger is used
    }
    const aux = p[21]! + p[22]! * 256;
    let inF = this.model === 16 ? Math.fround(0.37 * (257 - (aux >> 8))) : 0;
    if (inV < 30) {
      inF = 0;
      inV = 0;
    }
    if (app < c.apppOffset) {
      app = 0;
      util = 0;
      outI = 0;
    }
    const g = im === 3 && this.#battExt === 80 ? 4 : im;
    this.#autonomyCalc(g, p[3]!, util);
    // C: int / int, then * 100.0 (a zero maximum would crash NUT)
    let charge = this.#maxAuto
      ? Math.trunc(this.#autonomy / this.#maxAuto) * 100.0
      : 0;
    if (charge > 100) charge = 100;
    if (!inverter) outV = 0;
    this.#v = {
      outV,
      inV,
      battV,
      charge,
      outI,
      temp,
      inF,
      load: (app / nominal) * 100.0,
      low: in220 ? 150 : 75,
      high: in220 ? 300 : 150,
    };
    const st = [sf ? "OB" : "OL"];
    if (this.#autonomy < 5) st.push("LB");
    this.#status = st;
    void lowCrit; // solis reports LB from the autonomy, not the flag
    return true;
  }

  /** upsdrv_initinfo (get_base_info). */
  async init(): Promise<void> {
    await this.initups();
    const cfg = this.ctx.config.values, st = this.ctx.state;
    const ext = cfg.get("battext");
    if (ext !== undefined) this.#battExt = parseInt(ext, 10) || 0;
    const push = this.schedule.setup(cfg, hostTime());
    if (push) await this.link.send(...push);
    await this.link.send(MICROSOL_CMD.cont, 13);
    if (!await this.link.sync()) throw new DriverFatalError(NO_SOLIS);
    this.receive(await this.link.read(PACKET_SIZE));
    if (this.model < 0) throw new DriverFatalError(NO_SOLIS);
    this.schedule.computeShutTime();
    st.set("ups.mfr", "Microsol");
    st.set("ups.model", solisModelName(this.model));
    st.set("input.transfer.low", cfmt(this.#v.low!, 3, 1));
    st.set("input.transfer.high", cfmt(this.#v.high!, 3, 1));
    st.addCmd("shutdown.return");
    st.addCmd("shutdown.stayoff");
    this.ctx.log.notice(
      `Detected ${solisModelName(this.model)} on ${this.ctx.config.port}`,
    );
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    for (const l of this.schedule.check(hostTime())) this.ctx.log.notice(l);
    const p = await this.link.read(PACKET_SIZE);
    if (p.length !== PACKET_SIZE || p[24] !== RESP_END) {
      await this.link.sync();
      st.dataStale();
      return;
    }
    this.receive(p);
    const v = this.#v;
    st.set("output.voltage", cfmt(v.outV!, 3, 1));
    st.set("input.voltage", cfmt(v.inV!, 3, 1));
    st.set("battery.voltage", cfmt(v.battV!, 2, 1));
    st.set("battery.charge", cfmt(v.charge!, 3, 1));
    st.set("output.current", cfmt(v.outI!, 3, 1));
    const status = [...this.#status];
    if (this.schedule.progShut) {
      if (this.schedule.prgups === 2) {
        for (let i = 0; i < 10; i++) await this.link.send(MICROSOL_CMD.shut);
        this.ctx.log.notice("Ups shutdown command sent");
      }
      status.push("LB");
    }
    st.setStatus(status);
    st.set("ups.temperature", cfmt(v.temp!, 2, 2));
    st.set("input.frequency", cfmt(v.inF!, 2, 1));
    st.set("ups.load", cfmt(v.load!, 3, 1));
    st.dataOk();
  }

  /** upsdrv_instcmd. */
  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return microsolInstcmd(this.link, this.ctx.log, cmd, param);
  }

  /** upsdrv_shutdown: shutdown+return on line, shutdown on battery. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    if (!this.sourceFail) {
      this.ctx.log.notice("On line, sending shutdown+return command...");
      await this.link.send(MICROSOL_CMD.shutReturn);
    } else {
      this.ctx.log.notice("On battery, sending normal shutdown command...");
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
