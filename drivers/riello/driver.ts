/**
 * The Riello driver logic shared by riello_ser and riello_usb: start-up
 * reads identification (GI or a SENTR block) and nominal values, each poll
 * reads status (RS) and extended values (RE); instant commands and `-k`
 * follow NUT 2.8.0, including its quirk that shutdown.return is only
 * accepted while the unit reports running on battery. The byte level is a
 * `RielloPort` (a serial line or a USB bridge).
 *
 * @module
 */
import type {
  CommandResult,
  DriverContext,
  DriverInstance,
} from "../../src/driver/types.ts";
import {
  emptyData,
  GPSER,
  gpserOutcome,
  GpserReceiver,
  parseGi,
  parseGn,
  parseRe,
  parseRs,
  type RielloData,
  RS_LENGTH,
  statusTokens,
  testBit,
} from "./protocol.ts";
import {
  parseSentr,
  SENTR,
  SENTR_CMD,
  sentrPoll,
  SentrReceiver,
  sentrValid,
} from "./sentr.ts";

/** Failed polls before the data is declared stale (COUNTLOST). */
const COUNTLOST = 10;
/** ups.delay.shutdown and ups.delay.reboot at start-up (seconds). */
const DEFAULT_DELAY = 5;
/** Shutdown attempts (MAXTRIES). */
const MAXTRIES = 3;

/** Which protocol a unit speaks. */
export type RielloKind = "gpser" | "sentr";

/** What one exchange gave: a frame, a NAK, a bad check, or nothing. */
export type Exchange =
  | { outcome: "ok"; frame: Uint8Array }
  | { outcome: "nak" | "badcrc" | "none" };

/** The byte level under the driver. */
export interface RielloPort {
  /** Sends `request` and collects one reply of `kind` (GPSER: checked as `crc` says). */
  exchange(
    request: Uint8Array,
    kind: RielloKind,
    crc: boolean,
  ): Promise<Exchange>;
  close(): Promise<void> | void;
}

/** Opens the port and detects the protocol (riello_comm_setup). */
export type RielloOpener = (
  ctx: DriverContext,
) => Promise<{
  port: RielloPort;
  kind: RielloKind;
  /** Run before each identification (riello_usb sets its bridge up). */
  beforeIdentify?: () => Promise<void>;
}>;

/** A receiver for `kind` that reports the outcome of a finished frame. */
export function receiverFor(kind: RielloKind, crc: boolean) {
  const rx = kind === "gpser" ? new GpserReceiver() : new SentrReceiver();
  return {
    rx,
    result(): Exchange {
      const frame = rx.frame;
      if (!frame) return { outcome: "none" };
      if (kind === "sentr") {
        return sentrValid(frame)
          ? { outcome: "ok", frame }
          : { outcome: "badcrc" };
      }
      const outcome = gpserOutcome(frame, crc);
      return outcome === "ok" ? { outcome, frame } : { outcome };
    },
  };
}

/** One Riello unit (riello_ser or riello_usb). */
export class RielloDriver implements DriverInstance {
  readonly ctx: DriverContext;
  readonly data: RielloData = emptyData();
  #open: RielloOpener;
  #port: RielloPort | undefined;
  kind: RielloKind = "gpser";
  /** gpser_error_control: CRC instead of sum once GI said so. */
  #crc = false;
  #inputMono = true;
  #outputMono = true;
  #sentrRequest: number = SENTR.only192;
  #countlost = 0;
  #beforeIdentify: (() => Promise<void>) | undefined;

  constructor(ctx: DriverContext, open: RielloOpener) {
    this.ctx = ctx;
    this.#open = open;
  }

  /** Exchange with the check kind the current settings call for. */
  async #ask(request: Uint8Array, kind = this.kind): Promise<Exchange> {
    if (!this.#port) return { outcome: "none" };
    return await this.#port.exchange(request, kind, this.#crc);
  }

  async initups(): Promise<void> {
    if (this.#port) return;
    const { port, kind, beforeIdentify } = await this.#open(this.ctx);
    this.#port = port;
    this.kind = kind;
    this.#beforeIdentify = beforeIdentify;
  }

  async init(): Promise<void> {
    await this.initups();
    const st = this.ctx.state;
    await this.#beforeIdentify?.();
    const id = this.kind === "gpser"
      ? await this.#ask(GPSER.gi())
      : await this.#ask(new Uint8Array([192]));
    if (id.outcome === "none") throw new Error("No communication with UPS");
    if (id.outcome !== "ok") throw new Error("Bad checksum or NACK");
    if (this.kind === "gpser") parseGi(id.frame, this.data);
    else this.#sentrRequest = parseSentr(id.frame, this.data);
    const d = this.data;
    this.#crc = d.identif[4]! - 0x30 !== 0;
    const ph = d.identif[0];
    this.#inputMono = ph === 0x31 || ph === 0x32;
    if (!this.#inputMono) {
      st.set("input.phases", 3);
      st.set("input.bypass.phases", 3);
    }
    this.#outputMono = ph === 0x31 || ph === 0x33;
    if (!this.#outputMono) st.set("output.phases", 3);
    st.set("device.mfr", "RPS S.p.a.");
    st.set("device.model", d.model);
    st.set("device.serial", d.identification);
    st.set("device.type", "ups");
    st.set("ups.mfr", "RPS S.p.a.");
    st.set("ups.model", d.model);
    st.set("ups.serial", d.identification);
    st.set("ups.firmware", d.version);
    if ((this.kind === "gpser" ? await this.#nominal() : await this.#sentr())) {
      st.set("ups.realpower.nominal", d.nomPowerKW);
      st.set("ups.power.nominal", d.nomPowerKVA);
      st.set("output.voltage.nominal", d.nominalUout);
      st.set("output.frequency.nominal", (d.nomFout / 10).toFixed(1));
      st.set("battery.voltage.nominal", d.nomUbat);
      st.set("battery.capacity", d.nomBatCap);
    }
    for (
      const cmd of [
        "load.off",
        "load.on",
        "load.off.delay",
        "load.on.delay",
        "shutdown.return",
        "shutdown.stop",
        "test.battery.start",
      ]
    ) st.addCmd(cmd);
    for (const name of ["ups.delay.shutdown", "ups.delay.reboot"]) {
      st.set(name, DEFAULT_DELAY);
      st.setFlags(name, ["RW", "STRING"]);
      st.setAux(name, 3);
    }
    if (this.kind === "gpser") st.addCmd("test.panel.start");
  }

  async #nominal(): Promise<boolean> {
    const r = await this.#ask(GPSER.gn(this.#crc));
    if (r.outcome !== "ok") return false;
    parseGn(r.frame, this.data);
    return true;
  }

  async #sentr(): Promise<boolean> {
    const r = await this.#ask(sentrPoll(this.#sentrRequest), "sentr");
    if (r.outcome !== "ok") return false;
    this.#sentrRequest = parseSentr(r.frame, this.data);
    return true;
  }

  async #status(): Promise<boolean> {
    const r = await this.#ask(GPSER.rs(this.#crc));
    if (r.outcome !== "ok") return false;
    const n = this.#inputMono
      ? RS_LENGTH.mono
      : this.#outputMono
      ? RS_LENGTH.triMono
      : RS_LENGTH.triTri;
    parseRs(r.frame, this.data, n);
    return true;
  }

  /** RE is optional: a NAK counts as success without new data. */
  async #extended(): Promise<boolean> {
    const r = await this.#ask(GPSER.re(this.#crc));
    if (r.outcome === "nak") return true;
    if (r.outcome !== "ok") return false;
    parseRe(r.frame, this.data);
    return true;
  }

  /** One exchange at a time: upsd's commands wait for the poll (NUT is single-threaded). */
  #lock: Promise<unknown> = Promise.resolve();

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn);
    this.#lock = run.catch(() => {});
    return run;
  }

  update(): Promise<void> {
    return this.#exclusive(() => this.#poll());
  }

  instcmd(cmd: string, param?: string): Promise<CommandResult> {
    return this.#exclusive(() => this.#instcmd(cmd, param));
  }

  async #poll(): Promise<void> {
    const st = this.ctx.state;
    const log = this.ctx.log;
    if (this.#countlost > 0) {
      log.debug(1, "Communication with UPS is lost: status read failed!");
      if (this.#countlost === COUNTLOST) {
        st.dataStale();
        log.warn("Communication with UPS is lost: status read failed!");
      }
    }
    const ok = this.kind === "gpser"
      ? await this.#status()
      : await this.#sentr();
    if (!ok) {
      if (this.#countlost < COUNTLOST) this.#countlost++;
      return;
    }
    const extendedOk = this.kind === "gpser" ? await this.#extended() : true;
    if (this.#countlost === COUNTLOST) {
      log.notice("Communication with UPS is re-established!");
    }
    this.#publish(extendedOk);
    this.#countlost = 0;
  }

  #publish(extendedOk: boolean): void {
    const st = this.ctx.state;
    const d = this.data;
    st.set("input.frequency", (d.finp / 10).toFixed(2));
    st.set("input.bypass.frequency", (d.fbypass / 10).toFixed(2));
    st.set("output.frequency", (d.fout / 10).toFixed(2));
    st.set("battery.voltage", (d.ubat / 10).toFixed(1));
    if (d.batCap < 0xffff && d.batTime < 0xffff) {
      st.set("battery.charge", d.batCap);
      st.set("battery.runtime", d.batTime * 60);
    }
    if (d.tsystem < 0xff) st.set("ups.temperature", d.tsystem);
    if (this.#inputMono) {
      st.set("input.voltage", d.uinp[0]);
      st.set("input.bypass.voltage", d.ubypass[0]);
    } else {
      for (let p = 0; p < 3; p++) {
        st.set(`input.L${p + 1}-N.voltage`, d.uinp[p]!);
        st.set(`input.bypass.L${p + 1}-N.voltage`, d.ubypass[p]!);
      }
    }
    if (this.#outputMono) {
      st.set("output.voltage", d.uout[0]);
      st.set("output.power.percent", d.pout[0]);
      st.set("ups.load", d.pout[0]);
    } else {
      for (let p = 0; p < 3; p++) {
        st.set(`output.L${p + 1}-N.voltage`, d.uout[p]!);
        st.set(`output.L${p + 1}.power.percent`, d.pout[p]!);
      }
      st.set("ups.load", Math.floor((d.pout[0] + d.pout[1] + d.pout[2]) / 3));
    }
    st.setStatus(statusTokens(d.status));
    st.dataOk();
    if (extendedOk) {
      for (let p = 0; p < 3; p++) {
        st.set(`output.L${p + 1}.power`, d.poutVA[p]!);
        st.set(`output.L${p + 1}.realpower`, d.poutW[p]!);
        st.set(`output.L${p + 1}.current`, d.iout[p]!);
      }
    }
  }

  /**
   * A delay variable as NUT's atoi reads it; undefined when out of range or
   * unset (2.8.0 crashes on an unset one: atoi(NULL)).
   */
  #delay(name: string): number | undefined {
    const text = this.ctx.state.tree.get(name);
    if (text === undefined) return undefined;
    const v = parseInt(text, 10);
    const n = Number.isNaN(v) ? 0 : v;
    return n < 0 || n > 0xffff ? undefined : n;
  }

  /** Sends a command and expects an acknowledged reply. */
  async #command(
    request: Uint8Array,
    kind = this.kind,
  ): Promise<CommandResult> {
    const r = await this.#ask(request, kind);
    return r.outcome === "ok" ? "handled" : "failed";
  }

  async #instcmd(cmd: string, _param?: string): Promise<CommandResult> {
    const c = cmd.toLowerCase();
    const gpser = this.kind === "gpser";
    const crc = this.#crc;
    if (!testBit(this.data.status, 1)) {
      if (c === "load.off" || c === "load.off.delay") {
        const delay = c === "load.off" ? 0 : this.#delay("ups.delay.shutdown");
        if (delay === undefined) return "failed";
        return await this.#command(
          gpser ? GPSER.cs(crc, delay) : SENTR_CMD.shutdown(delay),
        );
      }
      if (c === "load.on" || c === "load.on.delay") {
        const delay = c === "load.on" ? 0 : this.#delay("ups.delay.reboot");
        if (delay === undefined) return "failed";
        if (gpser) return await this.#command(GPSER.cr(crc, delay));
        const first = await this.#command(SENTR_CMD.setReboot(delay));
        if (first !== "handled") return first;
        return await this.#command(SENTR_CMD.reboot(delay));
      }
    } else if (c === "shutdown.return") {
      const delay = this.#delay("ups.delay.shutdown");
      if (delay === undefined) return "failed";
      return await this.#command(
        gpser ? GPSER.cs(crc, delay) : SENTR_CMD.shutdown(delay),
      );
    }
    if (c === "shutdown.stop") {
      return await this.#command(gpser ? GPSER.cd(crc) : SENTR_CMD.cancel());
    }
    if (c === "test.panel.start") {
      return await this.#command(GPSER.tp(crc), "gpser");
    }
    if (c === "test.battery.start") {
      return await this.#command(
        gpser ? GPSER.tb(crc) : SENTR_CMD.batteryTest(),
      );
    }
    this.ctx.log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
    return "unknown";
  }

  /**
   * `-k`: shutdown.stop then shutdown.return, up to three times. As in
   * 2.8.0, nothing was polled before, so the unit is taken as on line and
   * shutdown.return is refused: every attempt sends only the cancel.
   */
  async shutdown(): Promise<CommandResult> {
    this.ctx.log.debug(2, "upsdrv Shutdown execute");
    for (let retry = 1; retry <= MAXTRIES; retry++) {
      if ((await this.instcmd("shutdown.stop")) !== "handled") continue;
      if ((await this.instcmd("shutdown.return")) !== "handled") continue;
      this.ctx.log.notice("Shutting down");
      return "handled";
    }
    this.ctx.log.error("Shutdown failed!");
    return "failed";
  }

  async close(): Promise<void> {
    await this.#port?.close();
    this.#port = undefined;
  }
}
