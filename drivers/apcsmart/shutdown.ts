/**
 * apcsmart's shutdown methods and instant commands: soft hibernate `S`,
 * hard hibernate `@nnn`, delayed off `K` (twice), instant off `Z` (twice),
 * the CS hack (`U` then `S`), and the `-k` choice among them by `sdtype`
 * or `advorder`, as NUT 2.8.0.
 *
 * @module
 */
import type { CommandResult } from "../../src/driver/types.ts";
import { SER, sleep } from "./link.ts";
import type { ApcCmdDef } from "./tables.ts";
import { CF } from "./tables.ts";
import type { ApcSmartDriver } from "./driver.ts";

const OL = 0x08, OB = 0x10, LB = 0x40, CAL = 0x01;

/** The shutdown side of one driver instance. */
export class ApcShutdown {
  #d: ApcSmartDriver;

  constructor(driver: ApcSmartDriver) {
    this.#d = driver;
  }

  get #link() {
    return this.#d.link;
  }

  #debug(m: string): void {
    this.#d.ctx.log.debug(1, m);
  }

  /** sdok: `OK` (or `*`) confirms; `ign` accepts silence (Z). */
  async #sdok(ign: boolean): Promise<CommandResult> {
    const r = await this.#link.read(SER.HA | SER.D1 | SER.TO);
    if (r.n < 0) return "failed";
    this.#debug(`sdok: got "${r.text}"`);
    if ((!r.n && ign) || r.text === "OK") return "handled";
    this.#debug("sdok: last shutdown cmd failed");
    return "failed";
  }

  /** Soft hibernate: works only on battery. */
  async cmdS(): Promise<CommandResult> {
    await this.#link.flush(0);
    if (await this.#link.write("S") !== 1) return "failed";
    return await this.#sdok(false);
  }

  /** The CS 350 hack: simulate a power failure when on line, then S. */
  async cmdCS(): Promise<CommandResult> {
    const v = this.#d.val("cshdelay");
    const delay = v !== undefined ? parseFloat(v) * 1000 : 3500;
    if (this.#d.status & OL) {
      await this.#link.flush(0);
      if (await this.#link.write("U") !== 1) return "failed";
      const r = await this.#link.read(SER.D1 | SER.TO);
      if (r.n < 0) return "failed";
      await sleep(delay);
    }
    return await this.cmdS();
  }

  /** Hard hibernate `@nnn` (or `@nn`), nnn = wakeup delay in 0.1 h. */
  async cmdAT(awdArg?: string): Promise<CommandResult> {
    const awd = awdArg ?? "000";
    const padto = awd.length === 2 ? 2 : 3;
    const code = "@" + awd.padStart(padto, "0");
    this.#debug(
      `sdcmd_AT: issuing [@] with ${
        (parseInt(awd, 10) || 0) * 6
      } minutes of additional wakeup delay`,
    );
    await this.#link.flush(0);
    if (await this.#link.writeLong(code) !== padto + 1) {
      this.#d.ctx.log.error(`issuing [@] with ${padto} digits failed`);
      return "failed";
    }
    const ret = await this.#sdok(false);
    if (ret === "handled" || padto === 3) return ret;
    this.#d.ctx.log.error(
      "command [@] with 2 digits doesn't work - try 3 digits",
    );
    // abort the half-taken sequence with something harmless
    await this.#link.write("Y");
    await this.#link.read(SER.D1 | SER.TO);
    return "failed";
  }

  /** Delayed power off `K` `K`. */
  async cmdK(): Promise<CommandResult> {
    await this.#link.flush(0);
    if (await this.#link.writeRep("K") !== 2) return "failed";
    return await this.#sdok(false);
  }

  /** Instant power off `Z` `Z` (no answer expected). */
  async cmdZ(): Promise<CommandResult> {
    await this.#link.flush(0);
    if (await this.#link.writeRep("Z") !== 2) return "failed";
    return await this.#sdok(true);
  }

  /** sdlist order of the man page: 0 S, 1 @, 2 K, 3 Z, 4 CS. */
  #method(i: number): Promise<CommandResult> {
    switch (i) {
      case 0:
        return this.cmdS();
      case 1:
        return this.cmdAT(this.#d.val("awd"));
      case 2:
        return this.cmdK();
      case 3:
        return this.cmdZ();
      default:
        return this.cmdCS();
    }
  }

  /** upsdrv_shutdown (`-k`). */
  async killpower(): Promise<CommandResult> {
    const d = this.#d;
    if (!(await d.smartmode(1))) {
      d.ctx.log.warn("upsdrv_shutdown: setting SmartMode failed !");
    }
    if (await this.#link.write("Q") === 1) {
      const r = await this.#link.read(SER.D1);
      // NUT 2.8.0 takes the status only from a one-character answer
      if (r.n === 1) d.setStatusByte(parseInt(r.text, 16) || 0);
      else {
        d.ctx.log.warn(
          "upsdrv_shutdown: status read failed, assuming LB+OB",
        );
        d.setStatusByte(LB | OB);
      }
    } else {
      d.ctx.log.warn("upsdrv_shutdown: status write failed, assuming LB+OB");
      d.setStatusByte(LB | OB);
    }
    const adv = d.val("advorder");
    if (adv !== undefined && adv[0]?.toUpperCase() !== "N") {
      let last: CommandResult = "failed";
      for (const ch of adv) {
        last = await this.#method(ch.charCodeAt(0) - 48);
        if (last === "handled") break;
      }
      return last;
    }
    const sdtype = parseInt(d.val("sdtype") ?? "0", 10) || 0;
    switch (sdtype) {
      case 5:
        return await this.cmdAT(d.val("awd"));
      case 4:
        return await this.cmdCS();
      case 3:
        return await this.cmdK();
      case 2:
        return await this.cmdZ();
      case 1:
        if (!(d.status & OB) || await this.cmdS() !== "handled") {
          return await this.cmdAT(d.val("awd"));
        }
        return "handled";
      default:
        return d.status & OL
          ? await this.cmdAT(d.val("awd"))
          : await this.cmdS();
    }
  }

  /** do_cal: start or stop a runtime calibration after checking `Q`. */
  async calibrate(start: boolean): Promise<CommandResult> {
    const log = this.#d.ctx.log;
    const st = await this.#d.readStatus();
    if (st === null) {
      log.warn("runtime calibration state undeterminable");
      return "handled";
    }
    const running = (st & CAL) !== 0;
    if (running && start) {
      log.notice("runtime calibration already in progress");
      return "handled";
    }
    if (!running && !start) {
      log.notice("runtime calibration not occurring");
      return "handled";
    }
    log.notice(`${start ? "starting" : "stopping"} runtime calibration`);
    if (await this.#link.write("D") !== 1) return "handled";
    const r = await this.#link.read(SER.AA);
    if (r.n < 1 || r.text === "NA" || r.text === "NO") {
      log.warn(
        `${
          start ? "start" : "stop"
        } calibration failed, cmd returned: ${r.text}`,
      );
    }
    return "handled";
  }

  /** load.on: ^N twice, no answer. */
  async loadOn(): Promise<CommandResult> {
    await this.#link.flush(0);
    if (await this.#link.writeRep("\x0e") !== 2) return "failed";
    return "handled";
  }

  /** do_cmd: the command character (twice for REPEAT), expecting `OK`. */
  async doCmd(ct: ApcCmdDef): Promise<CommandResult> {
    await this.#link.flush(SER.AA);
    const rep = (ct.flags & CF.REPEAT) !== 0;
    const sent = rep
      ? await this.#link.writeRep(ct.cmd)
      : await this.#link.write(ct.cmd);
    if (sent !== (rep ? 2 : 1)) return "failed";
    const r = await this.#link.read(SER.AA);
    if (r.n < 1) return "failed";
    if (r.text !== "OK") {
      this.#d.ctx.log.warn(
        `do_cmd: got [${r.text}] after command [${ct.name}]`,
      );
      return "failed";
    }
    this.#d.ctx.log.info(`do_cmd: ${ct.name} completed`);
    return "handled";
  }
}
