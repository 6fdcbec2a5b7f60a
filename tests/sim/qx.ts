/**
 * A Megatec / Q1 UPS model for SerialSim: Q1 (or QS, D), F, I answers in
 * the normal, on-battery and low-battery states; commands are recorded and
 * unknown queries echoed back, as many units do.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states the script can set. */
export type PowerState = "online" | "battery" | "low";

/** Options of the Q1 model. */
export interface QxModelOptions {
  /** Status query this unit answers (Q1 for megatec, QS for mustek, D for megatec/old). */
  statusQuery?: string;
  /** Vendor query (I, or FW? for zinto). */
  vendorQuery?: string;
}

const STATUS: Record<PowerState, string> = {
  //          in    fault  out   load freq batt temp bits
  online: "(231.0 231.0 230.0 021 50.0 27.3 25.0 00001001\r",
  battery: "(000.0 000.0 229.0 023 50.0 24.6 25.0 10001001\r",
  low: "(000.0 000.0 228.0 024 50.0 21.4 25.0 11001001\r",
};

/**
 * The Q1 unit's answers as a line model (no transport): shared by QxSim and
 * the USB bridge models (tests/sim/usb/megatec_bridges.ts).
 */
export function qxModel(
  state: () => PowerState,
  opts: QxModelOptions = {},
): (cmd: string) => string | null {
  const status = opts.statusQuery ?? "Q1";
  const vendor = opts.vendorQuery ?? "I";
  return (cmd) => {
    if (cmd === status) return STATUS[state()];
    if (cmd === "F") return "#230.0 004 024.0 50.0\r";
    if (cmd === vendor) return "#SIMULATOR       QX-SIM     V1.0      \r";
    // instant commands: accepted silently
    if (/^(Q|C|CT|T|TL|T\d\d|S\.\d(R\d{4})?|S\d\d(R\d{4})?)$/.test(cmd)) {
      return null;
    }
    return cmd + "\r";
  };
}

/** A Q1 simulator with a settable power state. */
export class QxSim extends SerialSim {
  state: PowerState = "online";

  constructor(opts: QxModelOptions = {}) {
    const box: { sim?: QxSim } = {};
    super(qxModel(() => box.sim?.state ?? "online", opts));
    box.sim = this;
  }

  /** Commands received that are not queries (the killpower bytes among them). */
  commands(): string[] {
    return this.received.filter((c) =>
      !["Q1", "QS", "D", "F", "I", "FW?", "M", "QPI", "QGS", "ID"].includes(c)
    );
  }
}

/**
 * A unit that answers from a query → answer table (answers keep their CR);
 * commands matching `silent` get no answer (accepted, as Megatec units do).
 */
export class ReplaySim extends SerialSim {
  readonly table: Map<string, string>;

  /** `unknown`: what a query missing from the table gets (echo, as Megatec units do, or nothing). */
  constructor(
    table: Map<string, string>,
    unknown: "echo" | "none" = "echo",
    silent?: RegExp,
  ) {
    super((cmd) => {
      const a = table.get(cmd);
      if (a !== undefined) return a;
      if (silent?.test(cmd)) return null;
      return unknown === "echo" ? cmd + "\r" : null;
    });
    this.table = table;
  }
}

/** Answer tables of other Q1-family units, for the protocols probed before megatec. */
export const FLAVORS: Record<string, Record<string, string>> = {
  bestups: {
    Q1: "(231.0 231.0 230.0 021 50.0 27.3 25.0 00001000\r",
    ID: "FOR,750,120,120,20.0,27.6\r",
    RT: "045\r",
    "SS?": "0\r",
    M: "0\r",
  },
  mecer: {
    Q1: "(231.0 231.0 230.0 021 50.0 27.3 25.0 00001001\r",
    QPI: "(NAK\r",
    F: "#230.0 004 024.0 50.0\r",
    I: "#MECER           ME-1000    V2.1      \r",
  },
  "voltronic-qs": {
    M: "V\r",
    QS: "(231.0 231.0 230.0 021 50.0 13.5 25.0 00001001\r",
    F: "#230.0 004 12.00 50.0\r",
  },
  // NUT's sample answers (nutdrv_qx_masterguard.c has no testing table);
  // A series units also speak Megatec Q1, which is what 2.8.0 ends up using
  masterguard: {
    WH:
      "(00 10.06 03.09 A  700  + 0 Bat Pack-19        0 230 50.00 012 02.30 006.00 012.00 018 10 40 160 276 47.00 53.00\r",
    Q3:
      "(00 225.9 225.9 229.3 043 50.0 02.27 23.4 017.03 100 00000000 00000000\r",
    Q1: "(225.9 225.9 229.3 043 50.0 2.27 23.4 00000000\r",
    "GS,00": "(00,00 0 1\r",
    "GBS,00": "(00,100 0017 0000 0708 0712 0994 115 02.28\r",
    "GSN,00": "(00,SSN=6A1212      2782\r",
    "DRC,00": "(00,1869:19:06:37\r",
    MSO: "(220 230 240\r",
    PNV: "(PNV=230\r",
    "FLT,00":
      "(00,7 0043 0000:16:48:06 0 0000 0000:00:00:00 0 0000 0000:00:00:00 0 0000 0000:00:00:00 0 0000 0000:00:00:00\r",
  },
  "voltronic-qs-hex": {
    M: "T\r",
    QS:
      "#\x01\x02 \x65 \x73\x01 \x65 \x00 \x60\x00 \x12\xC0\x00 \xCC \x3C \x09 \x23\r",
  },
};

/** Ablerex's binary Q5: frequency, battery V, cut-off V, error code, current (big-endian words). */
function ablerexQ5(): string {
  const w = (n: number) => String.fromCharCode(n >> 8, n & 0xff);
  return "(" + w(0x0172) + "    " + w(0x044c) + w(0x0348) + "  " +
    w(0x0102) + w(0x0123) + "     \r";
}

const ABLEREX_COMMON: Record<string, string> = {
  F: "#230.0 004 024.0 50.0\r",
  I: "#ABLEREX         MS-1000    V1.0      \r",
  Q5: ablerexQ5(),
  At: "(\x01\x01\x01\x2c\r",
  TR: "#PASS\r",
};

/** Ablerex units (protocol=ablerex): on bypass (standby type), and failed and off. */
export const ABLEREX_FLAVORS: Record<string, Record<string, string>> = {
  bypass: {
    ...ABLEREX_COMMON,
    Q1: "(231.0 231.0 230.0 021 50.0 27.3 25.0 00101001\r",
  },
  failed: {
    ...ABLEREX_COMMON,
    Q1: "(000.0 000.0 040.0 000 00.0 11.2 25.0 11011001\r",
  },
};

/** Megatec instant commands: accepted without an answer. */
export const SILENT_COMMANDS =
  /^(Q|C|CT|T|TL|T\d\d|S\.\d(R\d{4})?|S\d\d(R\d{4})?)$/;
