/**
 * huawei-ups2000's instant commands and SET, as NUT 2.8.0 writes them
 * (function 16, register + 10000). shutdown.stayoff sends the shutdown
 * delay in tenths of minutes with 16-bit wrap.
 *
 * Fixed over NUT (2.8.0 and master): NUT lists bypass.start and
 * shutdown.return/reboot/reboot.graceful and has their handlers, but its
 * dispatcher refuses a handler whose table row has no register (a range
 * check added in 2021), so they answer "unknown" and `-k` fails. We run
 * those handlers: bypass.start sets "bypass on shutdown" (1045) and shuts
 * down (1030) when the bypass input is sane; the shutdown.return family
 * sets auto-start (1044) and writes the off delay (tenths of minutes) and
 * the on delay (minutes) to 1047-1048 in one request.
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

/**
 * Off after `offdelay` s, then on again after ondelay whether or not the
 * line came back (auto-start on): registers 1044, then 1047-1048. Sets the
 * ups.timer.* the command schedules.
 */
async function guaranteedReturn(
  d: Ups2000Driver,
  offdelay: number,
  timer: "shutdown" | "reboot",
): Promise<CommandResult> {
  if (await autostart(d, "yes") !== "handled") return "failed";
  const on = d.delays[2]!;
  const regs = [Math.trunc(offdelay * 10 / 60), Math.trunc(on / 60)];
  if (!await d.write(11047, regs)) return "failed";
  const now = Math.floor(Date.now() / 1000);
  if (timer === "shutdown") d.timers.shutdown = now + offdelay;
  else {
    d.timers.reboot = now + offdelay;
    d.timers.start = d.timers.reboot + on;
  }
  return "handled";
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
    case "bypass.start": {
      const alarms = await d.updateAlarms([]);
      if (!alarms) return "failed";
      st.setAlarms(alarms);
      if (!d.bypassAvailable) {
        d.ctx.log.warn(
          "bypass input is abnormal, refuse to enter bypass mode.",
        );
        return "failed";
      }
      r = await writeAll(d, [[1045, 1], [1030, 1]]);
      break;
    }
    case "shutdown.return":
      r = await guaranteedReturn(d, off, "shutdown");
      break;
    case "shutdown.reboot": // as soon as the UPS can: the 6 s minimum
      r = await guaranteedReturn(d, UPS2000_DELAYS[1]!.min, "reboot");
      break;
    case "shutdown.reboot.graceful":
      r = await guaranteedReturn(d, d.delays[1]!, "reboot");
      break;
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
