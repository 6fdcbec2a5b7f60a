/**
 * A Tripp Lite SmartUPS (serial) simulator on a pty, written from the
 * protocol facts NUT's `tripplite` documents: each `:<letter>[args]` CR
 * command is echoed back as a line, then answered with one CR LF line.
 * :D is the 21-character data record (A battery 0=LB, B load 0=OVER, CC
 * input volts hex, D tap 0..3, E mode 0=off 1/3=battery 2=line, FF
 * temperature, ... II load %, ... KKK frequency x10); :B battery volts
 * x10 hex, :M/:I input max/min volts hex, :C self test 0..3; :W :L :V :X
 * identify the unit. Commands that act (:A :G :K :N :H) answer an empty
 * line and are counted.
 *
 * @module
 */
import { withUpsdFor } from "./upsd_serve.ts";
import { SerialSim } from "./serial_sim.ts";

/** Power states the model can be in. */
export type TlPowerState = "online" | "battery" | "low" | "trim" | "boost";

/** The unit's state; tests change fields between polls. */
export class TlModel {
  state: TlPowerState = "online";
  /** hex input volts (0x78 = 120 V) */
  volts = "78";
  /** hex load % */
  load = "23";
  /** hex battery volts x10 (0x82 = 13.0 V) */
  battery = "82";
  /** :C reply */
  selfTest = "0";
  /** :X reply (outlet count comes from its first character) */
  x = "2";
  /** :W reply (bit 6: Unison; bit 7: the newer VA formula) */
  w = "85";
  /** :L reply */
  l = "40";
  /** Acting commands received, in order. */
  readonly acted: string[] = [];

  /** The :D record for the current state. */
  data(): string {
    const s = this.state;
    const a = s === "low" ? "0" : "1";
    const tap = s === "trim" ? "1" : s === "boost" ? "2" : "0";
    const mode = s === "battery" || s === "low" ? "1" : "2";
    // temperature 0x78 -> 120 * 0.3636 - 21 = 22 C; frequency 0x258 = 60.0 Hz
    return `${a}1${this.volts}${tap}${mode}780000${this.load}5B82258`;
  }

  /** The reply line to `cmd` (without the echo), or null for no answer. */
  answer(cmd: string): string | null {
    if (!cmd.startsWith(":") || cmd.length < 2) return null;
    switch (cmd[1]) {
      case "D":
        return this.data();
      case "B":
        return this.battery;
      case "M":
        return "80";
      case "I":
        return "70";
      case "C":
        return this.selfTest;
      case "W":
        return this.w;
      case "L":
        return this.l;
      case "V":
        return "12";
      case "X":
        return this.x;
      case "A":
      case "G":
      case "K":
      case "N":
      case "H":
        this.acted.push(cmd);
        return "";
      default:
        return null;
    }
  }
}

/** The simulator: a TlModel behind a pty, echoing as the real unit does. */
export class TrippLiteSim extends SerialSim {
  readonly model: TlModel;

  constructor(model = new TlModel()) {
    super((cmd) => {
      const reply = model.answer(cmd);
      return reply === null ? null : `${cmd}\r\n${reply}\r\n`;
    });
    this.model = model;
  }
}

/** A driver served by NUT's upsd: the upsc target and the environment. */
export interface ServedUps {
  target: string;
  env: Record<string, string>;
}

/**
 * Runs `argv -a sim -u root -F` (NUT's or ours) for `[sim] driver = <name>`
 * on `port` behind NUT's upsd on an ephemeral loopback port, waits for
 * data, then calls `fn`; every process is stopped afterwards
 * (tests/sim/upsd_serve.ts).
 */
export function withNutUpsd<T>(
  name: string,
  argv: string[],
  port: string,
  fn: (s: ServedUps) => Promise<T>,
): Promise<T> {
  return withUpsdFor(name, argv, port, fn);
}

/** Runs a NUT client tool; its exit code and output. */
export async function runTool(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    out: dec.decode(out.stdout),
    err: dec.decode(out.stderr),
  };
}
