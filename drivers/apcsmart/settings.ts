/**
 * apcsmart's settable variables: enumerated ones are stepped through their
 * allowed values with `-` (APC_NEXTVAL), strings (ups.id, battery.date)
 * are sent as `-` and 8 characters, as NUT 2.8.0.
 *
 * @module
 */
import type { CommandResult } from "../../src/driver/types.ts";
import { SER } from "./link.ts";
import { convertData } from "./tables.ts";
import { type ApcSmartDriver, STRLEN, type VarRow } from "./driver.ts";

/** setvar_enum: step the setting with `-` until it shows `value`. */
export async function setEnum(
  d: ApcSmartDriver,
  vt: VarRow,
  value: string,
): Promise<CommandResult> {
  const L = d.link;
  await L.flush(SER.AA);
  if (await L.write(vt.def.cmd) !== 1) return "failed";
  const orig = await L.read(SER.AA);
  if (orig.n < 1 || orig.text === "NA") return "failed";
  if (convertData(vt.def.format, orig.text) === value) {
    d.ctx.log.info(
      `setvar_enum: ignoring SET ${vt.def.name}='${value}' (unchanged value)`,
    );
    return "handled";
  }
  for (let i = 0; i < 32; i++) {
    if (await L.write("-") !== 1) return "failed";
    const ack = await L.read(SER.AA);
    if (ack.n < 1 || ack.text !== "OK") return "failed";
    if (await L.write(vt.def.cmd) !== 1) return "failed";
    const now = await L.read(SER.AA);
    if (now.n < 1 || now.text === "NA") return "failed";
    const got = convertData(vt.def.format, now.text);
    if (got === value) {
      d.ctx.log.info(`setvar_enum: SET ${vt.def.name}='${value}'`);
      await d.pollVar(vt);
      return "handled";
    }
    // NUT compares the converted value with the raw original here
    if (got === orig.text) {
      d.ctx.log.error(`setvar_enum: variable ${vt.def.name} wrapped`);
      return "failed";
    }
  }
  d.ctx.log.error(`setvar_enum: gave up after 6 tries for ${vt.def.name}`);
  await d.pollVar(vt);
  return "failed";
}

/** setvar_string: `-` and 8 characters (CR padded), paced. */
export async function setString(
  d: ApcSmartDriver,
  vt: VarRow,
  value: string,
): Promise<CommandResult> {
  const L = d.link;
  if (value.length > STRLEN) {
    d.ctx.log.error(`setvar_string: value (${value}) too long`);
    return "failed";
  }
  await L.flush(SER.AA);
  if (await L.write(vt.def.cmd) !== 1) return "failed";
  const cur = await L.read(SER.AA);
  if (cur.n < 1 || cur.text === "NA") return "failed";
  if (cur.text === value) {
    d.ctx.log.info(
      `setvar_string: ignoring SET ${vt.def.name}='${value}' (unchanged value)`,
    );
    return "handled";
  }
  const long = "-" + value + "\r".repeat(STRLEN - value.length);
  if (await L.writeLong(long) !== STRLEN + 1) return "failed";
  const fin = await L.read(SER.AA);
  if (fin.n < 1) {
    d.ctx.log.error("setvar_string: short final read");
    return "failed";
  }
  if (fin.text === "NO") {
    d.ctx.log.error("setvar_string: got NO at final read");
    return "failed";
  }
  await d.pollVar(vt);
  d.ctx.log.info(`setvar_string: SET ${vt.def.name}='${value}'`);
  return "handled";
}
