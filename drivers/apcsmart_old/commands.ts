/**
 * apcsmart-old's instant commands and SETs: a command character (twice,
 * 1.5 s apart, for load.on/off and shutdown.stayoff) answered `OK`;
 * calibration toggled by the `Q` CAL bit; dangerous commands only when
 * repeated 3-15 s after the last; enum settings stepped with `-` (six
 * tries), 8-character strings typed after `-` and padded with CR.
 *
 * @module
 */
import type { CommandResult } from "../../src/driver/types.ts";
import { sleep } from "../apcsmart/link.ts";
import { convertData } from "../apcsmart/tables.ts";
import type { ApcSmartOldDriver } from "./driver.ts";
import { hexStatus } from "./driver.ts";
import { OLD_CMDTAB, OLD_VARTAB, type OldCmd, type OldVar } from "./tables.ts";

const NASTY_MIN = 3, NASTY_MAX = 15;

/** do_cmd: the character (twice for REPEAT ones), then `OK`. */
async function doCmd(d: ApcSmartOldDriver, ct: OldCmd): Promise<CommandResult> {
  await d.link.flush(0);
  if (await d.send(ct.cmd) !== 1) return "handled";
  if (ct.repeat) {
    await sleep(1500);
    if (await d.send(ct.cmd) !== 1) return "handled";
  }
  const r = await d.readBuf();
  if (r.n < 1) return "handled";
  if (r.text !== "OK") {
    d.ctx.log.warn(`Got [${r.text}] after command [${ct.name}]`);
  } else d.ctx.log.info(`Command: ${ct.name}`);
  return "handled";
}

/** do_cal: start or stop a runtime calibration by the CAL status bit. */
async function doCal(
  d: ApcSmartOldDriver,
  start: boolean,
): Promise<CommandResult> {
  const log = d.ctx.log;
  if (await d.send("Q") !== 1) return "handled";
  const q = await d.readBuf();
  if (q.n < 1 || q.text === "NA") return "handled";
  const cal = hexStatus(q.text) & 0x01;
  if (cal && start) {
    log.info("Runtime calibration already in progress");
    return "handled";
  }
  if (!cal && !start) {
    log.info("Runtime calibration not occurring");
    return "handled";
  }
  log.info(
    start ? "Starting runtime calibration" : "Stopping runtime calibration",
  );
  if (await d.send("D") !== 1) return "handled";
  const r = await d.readBuf();
  if (r.n < 1 || r.text === "NA" || r.text === "NO") {
    log.warn(`${start ? "Start" : "Stop"} calibration failed: ${r.text}`);
  }
  return "handled";
}

export async function oldInstcmd(
  d: ApcSmartOldDriver,
  cmd: string,
  param?: string,
): Promise<CommandResult> {
  const name = cmd.toLowerCase();
  const ct = OLD_CMDTAB.findLast((c) => c.name === name);
  if (!ct) {
    d.ctx.log.warn(
      `instcmd: unknown command [${cmd}] [${param ?? "(null)"}]`,
    );
    return "unknown";
  }
  if (!d.commands.has(ct.name)) {
    d.ctx.log.warn(
      `instcmd: command [${cmd}] [${param ?? "(null)"}] is not supported`,
    );
    return "unknown";
  }
  if (name === "calibrate.start") return await doCal(d, true);
  if (name === "calibrate.stop") return await doCal(d, false);
  if (ct.nasty) {
    // instcmd_chktime: only a repeat 3-15 s after the last one runs
    const now = Math.floor(Date.now() / 1000);
    const elapsed = now - d.lastNasty;
    d.lastNasty = now;
    if (elapsed < NASTY_MIN || elapsed > NASTY_MAX) return "handled";
  }
  return await doCmd(d, ct);
}

export async function oldSetvar(
  d: ApcSmartOldDriver,
  name: string,
  value: string,
): Promise<CommandResult> {
  const vt = OLD_VARTAB.find((v) => v.name === name.toLowerCase());
  if (!vt) return "unknown";
  const kind = d.writable.get(vt.name);
  if (!kind) {
    d.ctx.log.warn(`setvar: [${name}] is not writable`);
    return "unknown";
  }
  return kind === "enum"
    ? await setEnum(d, vt, value)
    : await setString(d, vt, value);
}

async function setEnum(
  d: ApcSmartOldDriver,
  vt: OldVar,
  val: string,
): Promise<CommandResult> {
  await d.link.flush(0);
  if (await d.send(vt.cmd) !== 1) return "handled";
  const o = await d.readBuf();
  if (o.n < 1 || o.text === "NA") return "handled";
  const orig = convertData(vt.format, o.text);
  if (orig === val) return "handled";
  for (let i = 0; i < 6; i++) {
    if (await d.send("-") !== 1) return "handled";
    const a = await d.readBuf();
    if (a.n < 1 || a.text !== "OK") return "handled";
    if (await d.send(vt.cmd) !== 1) return "handled";
    const t = await d.readBuf();
    if (t.n < 1 || t.text === "NA") return "handled";
    const got = convertData(vt.format, t.text);
    if (got === val) {
      d.ctx.log.info(`SET ${vt.name}='${val}'`);
      await d.queryUps(vt.name, false);
      return "handled";
    }
    // NUT compares the converted value with the raw original here
    if (got === o.text) {
      d.ctx.log.error(`setvar: variable ${vt.name} wrapped`);
      return "handled";
    }
  }
  d.ctx.log.error(`setvar: gave up after 6 tries for ${vt.name}`);
  await d.queryUps(vt.name, false);
  return "handled";
}

async function setString(
  d: ApcSmartOldDriver,
  vt: OldVar,
  val: string,
): Promise<CommandResult> {
  await d.link.flush(0);
  if (await d.send(vt.cmd) !== 1) return "handled";
  const o = await d.readBuf();
  if (o.n < 1 || o.text === "NA" || o.text === val) return "handled";
  if (await d.send("-") !== 1) return "handled";
  await sleep(50);
  for (const ch of val.padEnd(8, "\r")) {
    if (await d.send(ch) !== 1) return "handled";
    await sleep(50);
  }
  const r = await d.readBuf();
  if (r.n < 1 || r.text === "NO") return "handled";
  await d.queryUps(vt.name, false);
  d.ctx.log.info(`SET ${vt.name}='${val}'`);
  return "handled";
}
