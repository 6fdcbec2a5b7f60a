/**
 * metasys instant commands, as NUT's `metasys` sends them. `beeper.off`
 * and `beeper.on` are the old names of `beeper.mute` and `beeper.enable`.
 * The battery test waits 15 s before reading its answer.
 *
 * @module
 */
import type { CommandResult } from "../../src/driver/types.ts";
import type { MetasysDriver } from "./driver.ts";
import { MS, TEST_RESULTS } from "./models.ts";
import { metasysPacket } from "./link.ts";

const NEVER = [0xff, 0xff, 0xff, 0xff];

/** upsdrv_instcmd (the caller holds the line). */
export async function metasysCommand(
  d: MetasysDriver,
  cmd: string,
): Promise<CommandResult> {
  const log = d.ctx.log;
  switch (cmd.toLowerCase()) {
    case "beeper.off":
      log.warn(
        "The 'beeper.off' command has been renamed to 'beeper.mute' for this driver",
      );
      return await metasysCommand(d, "beeper.mute");
    case "beeper.on":
      log.warn("The 'beeper.on' command has been renamed to 'beeper.enable'");
      return await metasysCommand(d, "beeper.enable");
    case "shutdown.return":
      await d.scheduleOff(0x1e, [1, 0, 0, 0]);
      return "handled";
    case "shutdown.stayoff":
      await d.sequence([MS.setSchedule, 0x1e, 0, 0, 0, ...NEVER]);
      return "handled";
    case "shutdown.stop":
      await d.sequence([MS.setSchedule, ...NEVER, ...NEVER]);
      return "handled";
    case "test.failure.start":
      await d.sequence([MS.batteryTest, 1]);
      return "handled";
    case "test.failure.stop":
      await d.sequence([MS.batteryTest, 2]);
      return "handled";
    case "beeper.enable":
      await d.sequence([MS.buzzer, 0]);
      return "handled";
    case "beeper.mute":
      await d.sequence([MS.buzzer, 1]);
      return "handled";
    case "test.battery.start": {
      await d.line!.write(metasysPacket([MS.batteryTest, 0]));
      await new Promise((r) => setTimeout(r, d.testWaitMs));
      const a = await d.answer();
      const r = a?.[1];
      d.ctx.state.set(
        "ups.test.result",
        (r !== undefined && TEST_RESULTS[r]) || "Impossible to test",
      );
      d.ctx.state.dataOk();
      log.notice(
        `instcmd: test battery returned with ${a ? a.length : -1} bytes`,
      );
      return "handled";
    }
  }
  log.notice(`instcmd: unknown command [${cmd}] [(null)]`);
  return "unknown";
}
