/**
 * rhino: NUT 2.8.0's `rhino` 0.52 (Microsol Rhino 6-20 kVA). At 19200 bps
 * the unit streams 37-byte packets (byte 36 the sum of bytes 0-35 mod 256,
 * model 0xC0-0xC3); each poll reads one and drops what else is queued.
 * Commands are 19-byte frames (0x01, the command, sixteen zeros, the
 * complement of the sum) sent five times; shutdown.stayoff and `-k` wait
 * 15 s first. Battery autonomy under five minutes is LB (the 6 kVA's
 * formula gives a negative autonomy for any byte-sized voltage, so it is
 * always LB, as NUT). A read that brings no whole packet makes the data
 * stale (NUT 2.8.0's rhino never marks it stale); a bad checksum keeps the
 * last values, as NUT.
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
  MicrosolLink,
  type MicrosolPortOpener,
  openMicrosolPort,
} from "./link.ts";

/** ups.conf variables of rhino (battext is accepted and unused, as NUT). */
export const RHINO_VARS: readonly DriverVar[] = [
  { name: "battext", kind: "value", desc: "Battery Extension (0-80)min" },
];

const PACKET = 37;
const MODELS: Record<number, string> = {
  0xc0: "Rhino 20.0 kVA",
  0xc1: "Rhino 10.0 kVA",
  0xc2: "Rhino 6.0 kVA",
  0xc3: "Rhino 7.5 kVA",
};
const COMMANDS: Record<string, number> = {
  "load.on": 3,
  "load.off": 4,
  "bypass.start": 5,
  "bypass.stop": 6,
};
const CMD_SHUT = 4;

/** A command frame: 0x01, cmd, zeros to 18 bytes, then ~sum(1..17). */
export function rhinoFrame(cmd: number): number[] {
  const f = [0x01, cmd, ...Array(16).fill(0)];
  f.push(~cmd & 0xff);
  return f;
}

/** A 37-byte packet with a known model and a good checksum. */
export function rhinoPacketOk(p: ArrayLike<number>): boolean {
  if (p.length !== PACKET || !MODELS[p[0]!]) return false;
  let sum = 0;
  for (let i = 0; i < 36; i++) sum += p[i]!;
  return sum % 256 === p[36];
}

/** AutonomyCalc: minutes (C int) from the battery and load. */
export function rhinoAutonomy(
  sixKva: boolean,
  battV: number,
  outV: number,
  outI: number,
  outW: number,
): number {
  if (sixKva) {
    if (battV === 0) return 0;
    let auton = ((outV * outI) / (0.08 * battV)) ** 1.18;
    if (auton === 0) return 0;
    auton = (1.0 / auton) * 11.07;
    return Math.trunc(auton * (battV / 10 - 168) * 2.5);
  }
  const currin = (outW + 250) / 220;
  const auton = (40 / currin) * 60 * ((battV - 126) / (144 - 126)) * 0.32 - 2;
  return battV > 129 && battV < 144 ? 133 : Math.trunc(auton);
}

/** A rhino instance. */
export class RhinoDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly link: MicrosolLink;
  model = -1;
  #pace: number;
  #v = {
    outV: 0,
    inV: 0,
    battV: 0,
    temp: 0,
    inF: 0,
    outputOn: false,
    bypass: false,
    sourceFail: false,
    autonomy: 0,
  };

  /** `pace` scales the 15 s shutdown wait (tests pass 0). */
  constructor(
    ctx: DriverContext,
    open: MicrosolPortOpener = (p) => openMicrosolPort(p, 19200),
    waitMs = 3000,
    pace = 1,
  ) {
    this.ctx = ctx;
    this.link = new MicrosolLink(ctx.config.port, open, waitMs);
    this.#pace = pace;
  }

  /** upsdrv_initups: 19200 bps, DTR on, RTS off. */
  async initups(): Promise<void> {
    await this.link.open();
  }

  /** CommReceive + ScanReceivePack: true when the packet was used. */
  receive(p: Uint8Array): boolean {
    if (!rhinoPacketOk(p)) return false;
    if (this.model < 0) this.model = p[0]!;
    const v = this.#v;
    v.outputOn = (p[33]! & 0x02) !== 0;
    v.bypass = (p[33]! & 0x08) !== 0;
    v.sourceFail = (p[35]! & 0x02) !== 0;
    v.inV = p[2]!;
    v.inF = (p[9]! + p[10]! * 256) / 10;
    v.outV = p[11]!;
    v.battV = p[20]!;
    v.temp = p[23]! & 0x7f;
    if (v.bypass) v.outV = v.inV / 2 + 5;
    v.autonomy = rhinoAutonomy(
      p[0] === 0xc2,
      v.battV,
      v.outV,
      p[12]!,
      p[13]! + p[14]! * 256,
    );
    return true;
  }

  /** One packet: true when a whole one came (the rest queued is dropped). */
  async #poll(): Promise<boolean> {
    const p = await this.link.read(PACKET);
    if (p.length !== PACKET) return false;
    await this.link.line!.flush(); // ser_flush_in
    this.receive(p);
    return true;
  }

  /** upsdrv_initinfo (getbaseinfo): up to ten packets to find the model. */
  async init(): Promise<void> {
    await this.initups();
    for (let j = 0; j < 10 && this.model < 0; j++) await this.#poll();
    if (this.model < 0) {
      throw new DriverFatalError("Rhino not detected! aborting ...");
    }
    const st = this.ctx.state;
    st.set("ups.mfr", "Microsol");
    st.set("ups.model", MODELS[this.model]!);
    for (const c of ["shutdown.stayoff", ...Object.keys(COMMANDS)]) {
      st.addCmd(c);
    }
    this.ctx.log.notice(
      `Detected ${MODELS[this.model]} on ${this.ctx.config.port}`,
    );
  }

  /** upsdrv_updateinfo. */
  async update(): Promise<void> {
    const st = this.ctx.state;
    if (!await this.#poll()) {
      st.dataStale();
      return;
    }
    const v = this.#v;
    st.set("output.voltage", cfmt(v.outV, 3, 1));
    st.set("input.voltage", cfmt(v.inV, 3, 1));
    st.set("battery.voltage", cfmt(v.battV, 2, 1));
    st.set("outlet.switchable", v.outputOn ? "yes" : "no");
    st.set("outlet.1.switchable", v.bypass ? "yes" : "no");
    const status = [v.sourceFail ? "OB" : "OL"];
    if (v.autonomy < 5) status.push("LB");
    st.setStatus(status);
    st.set("ups.temperature", cfmt(v.temp, 2, 2));
    st.set("input.frequency", cfmt(v.inF, 2, 1));
    st.dataOk();
  }

  /** send_command: the frame five times. */
  async send(cmd: number): Promise<void> {
    const f = rhinoFrame(cmd);
    for (let k = 0; k < 5; k++) {
      await this.link.send(...f);
      await new Promise((r) => setTimeout(r, 0.5 * this.#pace));
    }
  }

  async #sendShut(): Promise<void> {
    await new Promise((r) => setTimeout(r, 15_000 * this.#pace));
    await this.send(CMD_SHUT);
    this.ctx.log.notice("Ups shutdown command sent");
  }

  /** upsdrv_instcmd. */
  async instcmd(cmd: string, param?: string): Promise<CommandResult> {
    const c = cmd.toLowerCase();
    if (c === "shutdown.stayoff") {
      await this.#sendShut();
      return "handled";
    }
    const code = COMMANDS[c];
    if (code !== undefined) {
      await this.send(code);
      return "handled";
    }
    this.ctx.log.notice(
      `instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`,
    );
    return "unknown";
  }

  /** upsdrv_shutdown: CMD_SHUT after 15 s, on line or on battery alike. */
  async shutdown(): Promise<CommandResult> {
    await this.initups();
    await this.#sendShut();
    return "handled";
  }

  /** upsdrv_cleanup. */
  close(): Promise<void> {
    this.link.close();
    return Promise.resolve();
  }
}
