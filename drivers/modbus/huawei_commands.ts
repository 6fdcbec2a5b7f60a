/**
 * huawei-ups2000's instant commands and SET, as NUT 2.8.0 writes them
 * (function 16, register + 10000). shutdown.stayoff sends the shutdown
 * delay in tenths of minutes with 16-bit wrap. bypass.start and the
 * shutdown.return/reboot commands are listed but refused as unknown, as
 * NUT's (its table gives them no register), so `-k` (shutdown.reboot)
 * fails as NUT's does.
 *
 * @module
 */
import type { CommandResult } from "../../src/driver/types.ts";
import type { Ups2000Driver } from "./huawei.ts";
import { UPS2000_DELAYS, UPS2000_WRITES } from "./huawei_tables.ts";

async function writeAll(
  d: Ups2000Driver,
  pairs: ReadonlyArray<[number, number]>,
): Promise<CommandResult> {
  for (const [reg, val] of pairs) {
    if (!await d.write(10000 + reg, [val])) return "failed";
  }
  return "handled";
}

/** ups.start.auto yes/no (register 1044). */
async function autostart(d: Ups2000Driver, v: string): Promise<CommandResult> {
  const t = v.toLowerCase();
  if (t !== "yes" && t !== "no") return "invalid";
  return await d.write(11044, [t === "yes" ? 1 : 0]) ? "handled" : "failed";
}

/** ups.beeper.status (register 1046 is "beeper disabled"). */
async function beeper(d: Ups2000Driver, v: string): Promise<CommandResult> {
  const t = v.toLowerCase();
  let val: number;
  if (t === "disabled" || t === "muted") val = 1;
  else if (t === "enabled") val = 0;
  else return "invalid";
  return await d.write(11046, [val]) ? "handled" : "failed";
}

/** An instant command (lower case). */
export async function ups2000Command(
  d: Ups2000Driver,
  cmd: string,
): Promise<CommandResult> {
  const off = d.delays[0]!;
  const st = d.ctx.state;
  let r: CommandResult;
  switch (cmd) {
    case "load.on": {
      const status: string[] = [];
      if (!await d.updateStatus(status)) {
        st.dataStale();
        return "failed";
      }
      st.setStatus(status);
      const text = status.join(" ");
      if (text.includes("OFF")) { /* on from off: the normal case */ }
      else if (text.includes("OL") || text.includes("OB")) {
        d.ctx.log.warn("load.on: UPS is already on.");
      } else return "failed"; // bypass mode: use bypass.stop
      r = await writeAll(d, [[1029, 1]]);
      break;
    }
    case "beeper.toggle": {
      if (!await d.beeperGet()) return "failed";
      const cur = st.tree.get("ups.beeper.status");
      if (cur !== "enabled" && cur !== "disabled") return "failed";
      r = await beeper(d, cur === "enabled" ? "disabled" : "enabled") ===
          "handled"
        ? "handled"
        : "failed";
      break;
    }
    case "shutdown.stayoff": {
      if (await autostart(d, "no") !== "handled") return "failed";
      // uint16 arithmetic: (offdelay * 10) wraps before the division
      r = await writeAll(d, [[1049, Math.trunc(((off * 10) & 0xffff) / 60)]]);
      break;
    }
    case "bypass.start":
    case "shutdown.return":
    case "shutdown.reboot":
    case "shutdown.reboot.graceful":
      // NUT's table gives these a handler but no register, and refuses
      // a handler without one (2.8.0 and master): listed, never run
      d.ctx.log.warn(`instcmd: command [${cmd}] reg1 is negative`);
      return "unknown";
    default: {
      const pairs = UPS2000_WRITES[cmd];
      if (!pairs) {
        d.ctx.log.warn(`instcmd: command [${cmd}] unknown`);
        return "unknown";
      }
      r = await writeAll(d, pairs);
    }
  }
  if (r === "failed") d.ctx.log.error(`instcmd: command [${cmd}] failed`);
  else if (r === "handled") d.ctx.log.info(`instcmd: command [${cmd}] handled`);
  return r;
}

/** SET (name in lower case). */
export async function ups2000Set(
  d: Ups2000Driver,
  name: string,
  value: string,
): Promise<CommandResult> {
  let r: CommandResult;
  const delay = UPS2000_DELAYS.findIndex((x) => x.name === name);
  if (name === "ups.start.auto") r = await autostart(d, value);
  else if (name === "ups.beeper.status") r = await beeper(d, value);
  else if (delay >= 0) {
    r = d.delaySet(delay, value) === null ? "invalid" : "handled";
  } else return "unknown";
  if (r === "failed") {
    d.ctx.log.error(`setvar: setting variable [${name}] to [${value}] failed`);
  } else if (r === "invalid") {
    d.ctx.log.warn(`setvar: [${value}] is not valid for variable [${name}]`);
  }
  return r;
}
