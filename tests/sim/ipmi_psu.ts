/**
 * A BMC with one power supply, served by OpenIPMI's `ipmi_sim` (Debian
 * package openipmi) on loopback over IPMI LAN (1.5 and 2.0/RMCP+). The
 * records are built here from the IPMI v2.0 spec: a FRU Device Locator SDR
 * for the PSU's logical FRU, compact SDRs for its Entity Presence and
 * Power Supply sensors, full SDRs for its current, voltage and
 * temperature, an unrelated board temperature (another entity), and the
 * PSU's FRU data (board info area, power supply multirecord). Sensor
 * states change at run time through ipmi_sim's console.
 *
 * @module
 */
import { freePort, waitFor } from "../net.ts";

/** The simulated PSU's identity and ratings. */
export interface PsuSpec {
  fruId: number;
  mfr: string;
  product: string;
  serial: string;
  part: string;
  /** Minutes since 1996-01-01 00:00 UTC. */
  mfgMinutes: number;
  capacityW: number;
  /** Input voltage range 1, in 10 mV units as stored. */
  lowV: number;
  highV: number;
  lowHz: number;
  highHz: number;
  /** Output voltage code (0 = 12 V, 1 = -12 V, 2 = 5 V, 3 = 3.3 V). */
  voltageCode: number;
}

/** A typical 500 W supply as FRU id 2. */
export const PSU: PsuSpec = {
  fruId: 2,
  mfr: "DELTA",
  product: "DPS-500AB",
  serial: "PSU0001234",
  part: "0RN442",
  mfgMinutes: 8_000_000,
  capacityW: 500,
  lowV: 9000,
  highV: 26400,
  lowHz: 47,
  highHz: 63,
  voltageCode: 0,
};

/** Sensor numbers in the simulated BMC. */
export const SENSOR = {
  presence: 0x54,
  status: 0x64,
  current: 0x94,
  voltage: 0x96,
  temperature: 0x97,
  board: 0x30,
} as const;

const hex = (b: number[]) =>
  b.map((x) => "0x" + x.toString(16).padStart(2, "0")).join(" ");
const str = (
  s: string,
) => [0xc0 | s.length, ...[...s].map((c) => c.charCodeAt(0))];
const cksum = (b: number[]) =>
  (0x100 - (b.reduce((a, x) => a + x, 0) & 0xff)) & 0xff;

/** An SDR: header (id 0 — the BMC assigns ids) plus body. */
function sdr(type: number, body: number[]): number[] {
  return [0x00, 0x00, 0x51, type, body.length, ...body];
}

function fruLocator(fruId: number, name: string): number[] {
  return sdr(0x11, [
    0x20,
    fruId,
    0x80,
    0x00,
    0x00,
    0x10,
    0x00,
    0x0a,
    0x01,
    0x00,
    ...str(name),
  ]);
}

function compact(
  num: number,
  entity: number,
  type: number,
  mask: number,
  name: string,
): number[] {
  return sdr(0x02, [
    0x20,
    0x00,
    num,
    entity,
    0x01,
    0x67,
    0x40,
    type,
    0x6f,
    mask & 0xff,
    mask >> 8,
    mask & 0xff,
    mask >> 8,
    mask & 0xff,
    mask >> 8,
    0xc0,
    0x00,
    0x00,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    ...str(name),
  ]);
}

/** A threshold sensor reading m * raw * 10^r in `unit`. */
function full(
  num: number,
  entity: number,
  type: number,
  unit: number,
  m: number,
  r: number,
  name: string,
): number[] {
  return sdr(0x01, [
    0x20,
    0x00,
    num,
    entity,
    0x01,
    0x7f,
    0x48,
    type,
    0x01,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    unit,
    0x00,
    0x00,
    m & 0xff,
    0x00,
    0x00,
    0x00,
    0x00,
    (r & 0x0f) << 4,
    0x00,
    0x00,
    0xff,
    0x00,
    0xff,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    0x00,
    ...str(name),
  ]);
}

/** FRU data: common header, board info area, power supply multirecord. */
export function fruData(p: PsuSpec): number[] {
  const fields = [p.mfr, p.product, p.serial, p.part, ""].flatMap(str);
  let board = [
    0x01,
    0x00,
    0x00,
    p.mfgMinutes & 0xff,
    (p.mfgMinutes >> 8) & 0xff,
    p.mfgMinutes >> 16,
    ...fields,
    0xc1,
  ];
  while ((board.length + 1) % 8) board.push(0);
  board[1] = (board.length + 1) / 8;
  board = [...board, cksum(board)];
  const le = (v: number) => [v & 0xff, v >> 8];
  const ps = [
    ...le(p.capacityW),
    ...le(550),
    0x20,
    0x0a,
    ...le(p.lowV),
    ...le(p.highV),
    0,
    0,
    0,
    0,
    p.lowHz,
    p.highHz,
    0x14,
    0x0e,
    ...le(550),
    p.voltageCode << 4,
    ...le(500),
    0x00,
  ];
  const head = [0x00, 0x82, ps.length, cksum(ps)];
  const multi = [...head, cksum(head), ...ps];
  const common = [0x01, 0x00, 0x00, 1, 0x00, 1 + board.length / 8, 0x00];
  const data = [...common, cksum(common), ...board, ...multi];
  while (data.length % 8) data.push(0);
  return data;
}

/** The ipmi_sim command file for the PSU. */
export function emu(p: PsuSpec): string {
  const lines = [
    "mc_setbmc 0x20",
    "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02",
    `main_sdr_add 0x20 ${hex(fruLocator(p.fruId, "PSU1"))}`,
    `main_sdr_add 0x20 ${
      hex(compact(SENSOR.presence, 0x0a, 0x25, 0x0007, "Presence"))
    }`,
    `main_sdr_add 0x20 ${
      hex(compact(SENSOR.status, 0x0a, 0x08, 0x000f, "Status"))
    }`,
    `main_sdr_add 0x20 ${
      hex(full(SENSOR.current, 0x0a, 0x03, 0x05, 1, -2, "Current"))
    }`,
    `main_sdr_add 0x20 ${
      hex(full(SENSOR.voltage, 0x0a, 0x02, 0x04, 2, 0, "Voltage"))
    }`,
    `main_sdr_add 0x20 ${
      hex(full(SENSOR.temperature, 0x0a, 0x01, 0x01, 1, 0, "Temp"))
    }`,
    // another entity, after the PSU's: must not be read as the PSU's
    `main_sdr_add 0x20 ${
      hex(full(SENSOR.board, 0x07, 0x01, 0x01, 1, 0, "Board Temp"))
    }`,
    `sensor_add 0x20 0 ${SENSOR.board} 0x01 0x01`,
    `sensor_add 0x20 0 ${SENSOR.presence} 0x25 0x6f`,
    `sensor_add 0x20 0 ${SENSOR.status} 0x08 0x6f`,
    `sensor_add 0x20 0 ${SENSOR.current} 0x03 0x01`,
    `sensor_add 0x20 0 ${SENSOR.voltage} 0x02 0x01`,
    `sensor_add 0x20 0 ${SENSOR.temperature} 0x01 0x01`,
    `sensor_set_value 0x20 0 ${SENSOR.board} 31 0`,
    `sensor_set_bit_clr_rest 0x20 0 ${SENSOR.presence} 0 1 0`,
    `sensor_set_bit_clr_rest 0x20 0 ${SENSOR.status} 0 1 0`,
    `sensor_set_value 0x20 0 ${SENSOR.current} 20 0`,
    `sensor_set_value 0x20 0 ${SENSOR.voltage} 118 0`,
    `sensor_set_value 0x20 0 ${SENSOR.temperature} 38 0`,
    `mc_add_fru_data 0x20 ${p.fruId} 256 data ${hex(fruData(p))}`,
    "mc_enable 0x20",
  ];
  return lines.join("\n") + "\n";
}

/**
 * A running ipmi_sim. Its console stays connected for the simulator's whole
 * life and is drained continuously: ipmi_sim logs to the console, and once
 * a console connection has gone it stops answering on the LAN.
 */
export class IpmiSim {
  readonly port: number;
  /** The LAN address (127.0.0.1 unless `start` was given another). */
  readonly host: string;
  #proc: Deno.ChildProcess;
  #dir: string;
  #console: Deno.TcpConn;
  #seen = "";
  #drain: Promise<void>;

  private constructor(
    proc: Deno.ChildProcess,
    dir: string,
    port: number,
    console: Deno.TcpConn,
    host: string,
  ) {
    this.#proc = proc;
    this.#dir = dir;
    this.port = port;
    this.host = host;
    this.#console = console;
    this.#drain = (async () => {
      const buf = new Uint8Array(8192);
      const dec = new TextDecoder();
      try {
        while (true) {
          const n = await console.read(buf);
          if (n === null) return;
          this.#seen = (this.#seen + dec.decode(buf.subarray(0, n))).slice(
            -65536,
          );
        }
      } catch { /* closed */ }
    })();
  }

  /**
   * Starts the simulator; resolves once its command file has run. `at`
   * moves its LAN address (nut-scanner only reaches port 623).
   */
  static async start(
    p: PsuSpec = PSU,
    at?: { host: string; port: number },
  ): Promise<IpmiSim> {
    const dir = await Deno.makeTempDir({ prefix: "ipmisim-" });
    const host = at?.host ?? "127.0.0.1";
    const port = at?.port ?? freePort();
    let consolePort = freePort();
    while (consolePort === port) consolePort = freePort();
    await Deno.writeTextFile(
      `${dir}/lan.conf`,
      `name "psu"
set_working_mc 0x20
  startlan 1
    addr ${host} ${port}
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid a123456789abcdefa123456789abcdef
  endlan
  console 127.0.0.1 ${consolePort}
  user 1 true  ""      "test" user  10 none md2 md5 straight
  user 2 true  "admin" "pw"   admin 10 none md2 md5 straight
`,
    );
    await Deno.writeTextFile(`${dir}/psu.emu`, emu(p));
    await Deno.mkdir(`${dir}/state`);
    const proc = new Deno.Command("/usr/bin/ipmi_sim", {
      args: [
        "-c",
        `${dir}/lan.conf`,
        "-f",
        `${dir}/psu.emu`,
        "-s",
        `${dir}/state`,
        "-n",
      ],
      stdin: "piped",
      stdout: "null",
      stderr: "null",
    }).spawn();
    let conn: Deno.TcpConn | undefined;
    await waitFor(
      async () => {
        try {
          conn = await Deno.connect({
            hostname: "127.0.0.1",
            port: consolePort,
          });
          return true;
        } catch {
          return false;
        }
      },
      10_000,
      50,
      "ipmi_sim console",
    );
    const sim = new IpmiSim(proc, dir, port, conn!, host);
    await sim.command(`mc_dump_fru_data 0x20 ${p.fruId}`);
    return sim;
  }

  /** Runs ipmi_sim console commands (sensor_set_bit …), waits for their prompts. */
  async command(...cmds: string[]): Promise<void> {
    const before = this.#seen.length;
    const prompts = () => (this.#seen.slice(before).match(/> /g) ?? []).length;
    await this.#console.write(new TextEncoder().encode(cmds.join("\n") + "\n"));
    await waitFor(() => prompts() >= cmds.length, 10_000, 20, "console");
  }

  /** SIGSTOP / SIGCONT: a BMC that goes silent, then answers again. */
  pause(on: boolean): void {
    this.#proc.kill(on ? "SIGSTOP" : "SIGCONT");
  }

  /** Stops ipmi_sim and removes its files. */
  async close(): Promise<void> {
    try {
      this.#proc.kill("SIGKILL");
    } catch { /* gone */ }
    await this.#proc.status;
    try {
      this.#console.close();
    } catch { /* closed */ }
    await this.#drain;
    await Deno.remove(this.#dir, { recursive: true });
  }
}
