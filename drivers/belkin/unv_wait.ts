/**
 * belkinunv's standalone mode (`-x wait[=level]`, NUT 2.8.0's
 * belkin_wait): for start-up and shutdown scripts, since the unit cannot
 * do a soft shutdown. It polls battery status, output volts and battery
 * level once a second until the unit is on AC power with the battery at
 * `level` %, showing a status line (`silent`: none, `dumbterm`: one line
 * per change), reopening the port after a failure; `nohang` gives up
 * after three failures, `flash` then interrupts the load for about two
 * minutes. The exit code is belkin_wait's: 0, 1 (no answer) or 2.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import type { LineTransport } from "../../src/transport/mod.ts";
import { REG, UnvLink } from "./unv_link.ts";

const ST = ["UPS is off", "UPS is on AC power", "UPS is on battery"];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the standalone mode; the exit code. */
export async function belkinWait(
  ctx: DriverContext,
  open: (path: string) => Promise<LineTransport>,
  print: (text: string) => void,
  pace = 1,
): Promise<number> {
  const c = ctx.config;
  const m = /^\s*[+-]?\d+/.exec(c.values.get("wait") ?? "");
  const level = m ? parseInt(m[0], 10) : 0;
  const nohang = c.flags.has("nohang"), flash = c.flags.has("flash");
  const smode = c.flags.has("silent") ? 0 : c.flags.has("dumbterm") ? 2 : 1;
  let old = "";
  const status = (text: string) => {
    if (smode === 0 || text === old) return;
    old = text;
    print(smode === 2 ? `${text}\n` : `\x1b[G\x1b[K${text}`);
  };
  const end = () => {
    if (smode === 1) print("\n");
  };
  // read() gives up with EAGAIN: that is the error NUT reports
  const why = "Resource temporarily unavailable";
  status("Connecting to UPS...");
  let fails = 0;
  let line: LineTransport | null = null;
  let link: UnvLink | null = null;
  try {
    while (!ctx.signal.aborted) {
      if (fails >= 3 && nohang) {
        end();
        print(`UPS is not responding: ${why}\n`);
        return 1;
      } else if (fails >= 3) {
        status(`UPS is not responding, will keep trying: ${why}`);
      }
      if (!line) {
        try {
          line = await open(c.port);
          await sleep(1000 * pace); // let the unit wake up
          await line.flush();
          link = new UnvLink(line, pace, true);
        } catch {
          fails++;
          await sleep(1000 * pace);
          continue;
        }
      }
      const bs = await link!.readInt(REG.batStatus);
      const ov = bs === -1 ? -1 : await link!.readInt(REG.outputVolt);
      const bl = ov === -1 ? -1 : await link!.readInt(REG.batLevel);
      if (bl === -1) {
        fails++;
        line.close();
        line = link = null;
        await sleep(1000 * pace);
        continue;
      }
      fails = 0;
      const st = bs & 0x20 ? 2 : ov > 0 ? 1 : 0;
      status(`${ST[st]}, battery level: ${bl}%`);
      if (st === 1 && bl >= level) break;
      await sleep(1000 * pace);
    }
    end();
    if (flash && link) {
      print("Interrupting UPS load for ca. 2 minutes.\n");
      let r = await link.writeInt(REG.restartTimer, 2);
      if (r === 0) r = await link.writeInt(REG.shutdownTimer, 1);
      if (r) {
        print("Timed shutdown operation failed.\n");
        return 2;
      }
    }
    return 0;
  } finally {
    line?.close();
  }
}
