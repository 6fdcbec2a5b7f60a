/**
 * bcmxcp's instant commands and writable variables as byte plans, the
 * answer codes (decode_instcmd_exec) and the ups.status tokens a poll
 * derives. Pure: the driver sends what a plan says.
 *
 * @module
 */
import type { CommandResult, DriverContext } from "../../src/driver/types.ts";
import { CONF_SETTINGS } from "./settings.ts";
import { PW, RETURN, STATUS } from "./protocol.ts";

/** A command to send after the authorisation code, and its success message. */
export interface XcpPlan {
  bytes: number[];
  message(answer: Uint8Array | undefined): string;
}

/** What a SET does: authorise or not, then send `plan` (none: invalid). */
export interface XcpSetPlan {
  authorise: boolean;
  plan?: XcpPlan;
}

const fixed = (bytes: number[], text: string): XcpPlan => ({
  bytes,
  message: () => text,
});

/** "Going down in N sec" from the delay the UPS echoes. */
const goingDown = (bytes: number[]): XcpPlan => ({
  bytes,
  message: (a) => `Going down in ${((a?.[3] ?? 0) << 8) + (a?.[2] ?? 0)} sec`,
});

/**
 * The plan for instant command `name`, or undefined when unknown.
 * `outletDelay(n)` reads outlet.n.delay.shutdown as published.
 */
export function instcmdPlan(
  name: string,
  shutdownDelay: number,
  outletDelay: (outlet: number) => number,
): XcpPlan | undefined {
  const c = name.toLowerCase();
  const d = shutdownDelay;
  switch (c) {
    case "shutdown.return":
      return goingDown([PW.loadOffRestart, d & 0xff, (d >> 8) & 0xff]);
    case "shutdown.stayoff":
      return fixed([PW.upsOff], "Going down NOW");
    case "load.on":
      return fixed([PW.upsOn], "Enabling");
    case "bypass.start":
      return fixed([PW.goToBypass], "Bypass enabled");
    case "test.battery.start":
      return fixed([PW.initBatTest, 0x0a, 0x1e], "Testing battery now");
    case "test.system.start":
      return fixed([PW.initSysTest, 0x01], "Testing system now");
    case "test.panel.start":
      return fixed([PW.initSysTest, 0x04, 0x0a], "Testing panel now");
    case "beeper.disable":
    case "beeper.enable":
    case "beeper.mute": {
      const mode = ["beeper.disable", "beeper.enable", "beeper.mute"]
        .indexOf(c);
      return fixed([PW.setConf, 0x06, mode, 0], "Beeper status changed");
    }
  }
  const m = /^outlet\.([1-9])\.(shutdown\.return|load\.on|load\.off)$/.exec(c);
  if (!m) return undefined;
  const n = parseInt(m[1]!, 10);
  if (m[2] === "shutdown.return") {
    let delay = outletDelay(n);
    if (delay === -1) delay = shutdownDelay;
    return goingDown([PW.loadOffRestart, delay & 0xff, (delay >> 8) & 0xff, n]);
  }
  const on = m[2] === "load.on";
  return fixed(
    [on ? PW.upsOn : PW.upsOff, n],
    `Outlet ${n} is  ${on ? "On" : "Off"}`,
  );
}

/** The plan for SET `name` to `value` (outlet delays need an outlet block). */
export function setvarPlan(
  name: string,
  value: string,
  outletBlockLen: number,
): XcpSetPlan {
  const n = name.toLowerCase();
  const num = parseInt(value, 10) || 0;
  const conf = CONF_SETTINGS[n];
  if (conf) {
    const [code, min, max, wide, msg] = conf;
    // 2.8.0 sends the authorisation code before it checks the range
    if (num < min || num > max) return { authorise: true };
    return {
      authorise: true,
      plan: fixed(
        [PW.setConf, code, num & 0xff, wide ? (num >> 8) & 0xff : 0],
        msg(num),
      ),
    };
  }
  const m = /^outlet\.(.)\.delay\.(start|shutdown)$/.exec(n);
  if (!m || outletBlockLen <= 8) return { authorise: false };
  const outlet = m[1]!.charCodeAt(0) - 0x30;
  if (outlet < 1 || outlet > 9 || num < -1 || num > 0x7fff) {
    return { authorise: true };
  }
  const start = m[2] === "start";
  return {
    authorise: true,
    plan: fixed(
      [PW.setOutlet, start ? 2 : 1, outlet, num & 0xff, (num >> 8) & 0xff],
      `Outlet ${outlet} ${m[2]} delay set to ${num} sec`,
    ),
  };
}

/** decode_instcmd_exec: the UPS's answer code as upsd's result, logged. */
export function decodeAnswer(
  code: number | undefined,
  cmd: string,
  ok: string,
  log: DriverContext["log"],
): CommandResult {
  switch (code) {
    case RETURN.accepted:
      log.notice(`[${cmd}] ${ok}`);
      return "handled";
    case RETURN.acceptedAdjusted:
      log.notice(`[${cmd}] Parameter adjusted`);
      log.notice(`[${cmd}] ${ok}`);
      return "handled";
    case RETURN.busy:
      log.notice(`[${cmd}] Busy or disbled by front panel`);
      return "failed";
    case RETURN.unrecognised:
      log.notice(`[${cmd}] Unrecognised command byte or corrupt checksum`);
      return "failed";
    case RETURN.invalid:
      log.notice(`[${cmd}] Invalid parameter`);
      return "invalid";
    case RETURN.outOfRange:
      log.notice(`[${cmd}] Parameter out of range`);
      return "invalid";
    default:
      log.notice(`[${cmd}] Not supported`);
      return "invalid";
  }
}

/** What the alarm block said, for the status tokens. */
export interface AlarmFlags {
  onBattery: boolean;
  lowBattery: boolean;
  replace: boolean;
}

/** ups.status from the status block's first two bytes and the alarms. */
export function statusTokens(
  s: Uint8Array,
  topologyMask: number,
  f: AlarmFlags,
): string[] {
  const tokens: string[] = [];
  const put = (...ts: string[]) => {
    for (const t of ts) if (!tokens.includes(t)) tokens.push(t);
  };
  switch (s[0]) {
    case STATUS.online:
      put("OL");
      break;
    case STATUS.onBattery:
      if (!f.onBattery) put("OB");
      break;
    case STATUS.overload:
      put("OL", "OVER");
      break;
    case STATUS.trim:
      put("OL", "TRIM");
      break;
    case STATUS.boost1:
    case STATUS.boost2:
      put("OL", "BOOST");
      break;
    case STATUS.bypass:
      put("OL", "BYPASS");
      break;
    case STATUS.off:
      put("OFF");
      break;
    default:
      put("OL");
  }
  const topology = (s[1] ?? 0) & topologyMask;
  if ((topology & 0x20) && !f.lowBattery) put("LB");
  if (f.onBattery) put("OB");
  if (f.lowBattery) put("LB");
  // 2.8.0 latched RB for good once seen (fixed upstream in 9e48aa07)
  if (f.replace) put("RB");
  return tokens;
}
