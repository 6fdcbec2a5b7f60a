/**
 * oneac's instant commands and settable variables (NUT 2.8.0's instcmd and
 * setcmd): what each sends, with the family differences.
 *
 * @module
 */
import type { CommandResult } from "../../src/driver/types.ts";
import type { OneacDriver } from "./driver.ts";

function atoi(s: string | undefined): number {
  const m = /^\s*([+-]?\d+)/.exec(s ?? "");
  return m ? parseInt(m[1]!, 10) : 0;
}

const ozob = (d: OneacDriver) => d.family === "OZ" || d.family === "OB";

/** Instant commands by name. */
export const ONEAC_CMDS: Readonly<
  Record<string, (d: OneacDriver) => Promise<void>>
> = Object.freeze({
  "test.failure.start": (d) => d.send("\x02\x15"),
  "shutdown.return": (d) => {
    const i = atoi(d.ctx.state.tree.get("ups.delay.shutdown"));
    // OZ/OB take the seconds as is, EG/ON as three digits
    return d.send(`Z${ozob(d) ? i : String(i).padStart(3, "0")}`);
  },
  "shutdown.reboot": (d) => d.line!.write("\x0f\x06"),
  "shutdown.stop": (d) => d.send("Z"),
  "test.battery.start.quick": (d) => {
    // two characters of testtime, a single digit gets a leading zero
    let t = (d.ctx.config.values.get("testtime") ?? "02").slice(0, 2);
    if (t.length < 2) t = `0${t}`;
    return d.send(`\x02${t}`);
  },
  "test.battery.start.deep": (d) => d.send("\x02\x04"),
  "test.battery.stop": (d) =>
    d.send(d.family === "EG" || d.family === "ON" ? "\x0200" : "\x01"),
  "reset.input.minmax": (d) => d.send("R"),
  "beeper.enable": (d) => d.send("\x071"),
  "beeper.disable": (d) => d.send("\x070"),
  "beeper.mute": (d) => d.send("\x072"),
  "test.panel.start": (d) => d.send("\x09\x14"),
});

/** SetOutputAllow: `[=lll,hhh`; an asterisk answer refuses it. */
async function setAllow(
  d: OneacDriver,
  low: string,
  high: string,
): Promise<boolean> {
  let lo = low.slice(0, 3);
  if (lo.length < 3) lo = `0${lo}`; // NUT shifts in one zero only
  await d.send(`[=${lo.slice(0, 3)},${high.slice(0, 3)}`);
  // without an answer NUT looks at its own buffer, which holds `lo`
  const reply = (await d.readLine()) ?? lo;
  return reply[0] !== "*";
}

/** setcmd. */
export async function oneacSet(
  d: OneacDriver,
  name: string,
  value: string,
): Promise<CommandResult> {
  const st = d.ctx.state;
  const get = (n: string) => st.tree.get(n) ?? "";
  switch (name.toLowerCase()) {
    case "ups.delay.shutdown":
      if (atoi(value) > (ozob(d) ? 65535 : 999)) return "unknown";
      st.set("ups.delay.shutdown", value);
      return "handled";
    case "input.transfer.low":
      if (!(await setAllow(d, value, get("input.transfer.high")))) {
        return "unknown";
      }
      st.set("input.transfer.low", value);
      return "handled";
    case "input.transfer.high":
      if (!(await setAllow(d, get("input.transfer.low"), value))) {
        return "unknown";
      }
      st.set("input.transfer.high", value);
      return "handled";
    case "battery.date":
      if (value.length !== 6) return "unknown";
      await d.send(`+=${value}`);
      st.set("battery.date", `${value} (yymmdd)`);
      return "handled";
    case "ups.delay.start":
      if (atoi(value) > 9999) return "unknown";
      await d.send(`_=${value}`);
      st.set("ups.delay.start", value);
      return "handled";
    case "battery.runtime.low":
      if (atoi(value) > 99) return "unknown";
      await d.send(`"=${value}`);
      st.set("battery.runtime.low", value);
      return "handled";
    case "ups.start.auto": {
      const v = value.toLowerCase();
      if (v !== "yes" && v !== "no") return "unknown";
      await d.send(v === "yes" ? "<0" : "<1");
      st.set("ups.start.auto", v);
      return "handled";
    }
    default:
      d.ctx.log.notice(`setcmd: unknown command [${name}]`);
      return "unknown";
  }
}
