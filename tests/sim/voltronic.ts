/**
 * A Voltronic (QGS/QPI) UPS model for SerialSim: status (QGS, QMOD, QWS,
 * QBV), ratings and identity, QFLAG capabilities, outlets, ECO and bypass
 * limits; settings and commands answer (ACK, unknown ones (NAK. A script
 * moves it between online, on battery, low battery and overload; the
 * SerialSim faults (garbled, silent...) apply on top.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states the script can set. */
export type VoltronicPower = "online" | "battery" | "low" | "overload";

/** Options of the model. */
export interface VoltronicOptions {
  /** QPI protocol number (default 2). */
  protocol?: number;
  /** QFLAG answer (default: alarm control on, ECO off, outlets on). */
  qflag?: string;
}

interface Reading {
  inV: string;
  inF: string;
  outV: string;
  cur: string;
  load: string;
  batt: string;
  /** Bits 65..72 of QGS: utility fail, LB, bypass, fault, -, test, SD, beeper. */
  bits: string;
  mode: string;
  charge: string;
  runtime: string;
  /** QWS bit indexes set. */
  warn: number[];
}

const READINGS: Record<VoltronicPower, Reading> = {
  online: {
    inV: "231.0",
    inF: "50.0",
    outV: "230.0",
    cur: "001.7",
    load: "021",
    batt: "027.3",
    bits: "00000000",
    mode: "L",
    charge: "100",
    runtime: "045",
    warn: [],
  },
  battery: {
    inV: "000.0",
    inF: "00.0",
    outV: "229.0",
    cur: "001.9",
    load: "023",
    batt: "024.6",
    bits: "10000000",
    mode: "B",
    charge: "070",
    runtime: "030",
    warn: [],
  },
  low: {
    inV: "000.0",
    inF: "00.0",
    outV: "228.0",
    cur: "002.0",
    load: "024",
    batt: "021.4",
    bits: "11000000",
    mode: "B",
    charge: "015",
    runtime: "004",
    warn: [7],
  },
  overload: {
    inV: "231.0",
    inF: "50.0",
    outV: "230.0",
    cur: "009.1",
    load: "112",
    batt: "027.3",
    bits: "00000000",
    mode: "L",
    charge: "100",
    runtime: "008",
    warn: [8, 12],
  },
};

/** Queries (everything else the driver sends is a command or a setting). */
const QUERIES = new Set([
  "QGS",
  "QPI",
  "QRI",
  "QMD",
  "F",
  "QMF",
  "QVFW",
  "QID",
  "I",
  "QMOD",
  "QFS",
  "QWS",
  "QBV",
  "QLDL",
  "QFLAG",
  "QHE",
  "QFRE",
  "QBYV",
  "QBYF",
  "QBT",
  "QGR",
  "RE0",
  "QPD",
  "QPAR",
  "QBDR",
  "M",
  "QS",
  "Q1",
  "D",
  "FW?",
]);

const COMMAND =
  /^(SOFF|SON|S\.\d(R\d{4})?|S\d\d(R\d{4})?|CS|T|TL|CT|T\.\d|T\d\d|BZON|BZOFF|P[ED][ASRGCJPBOVEDFLNQW]|PF|SK(ON|OFF)[1-4]|PSK[1-4]\d{3}|HE[HL]\d{3}|FRE[HL]\d\d\.\d|P[HL]V\d{3}|P[GS]F\d\d\.\d|BATN\d|BATGN\d\d|PBT\d\d|PGR\d\d|W0E\d\d|PPD\d{3})$/;

/** A Voltronic simulator with a settable power state. */
export class VoltronicSim extends SerialSim {
  power: VoltronicPower = "online";
  readonly protocol: number;
  readonly qflag: string;

  constructor(opts: VoltronicOptions = {}) {
    const box: { sim?: VoltronicSim } = {};
    super((cmd) => box.sim!.answer(cmd));
    this.protocol = opts.protocol ?? 2;
    this.qflag = opts.qflag ?? "EpashcjDbroegfl";
    box.sim = this;
  }

  /** The QGS line of the current state. */
  qgs(): string {
    const r = READINGS[this.power];
    return `(${r.inV} ${r.inF} ${r.outV} 50.0 ${r.cur} ${r.load} 369.1 ---.- ${r.batt} ---.- 025.0 10${r.bits}01\r`;
  }

  /** The model's answer to `cmd`. */
  answer(cmd: string): string | null {
    const r = READINGS[this.power];
    const multi = [3, 9, 10].includes(this.protocol);
    const p31 = this.protocol === 31;
    switch (cmd) {
      case "QGS":
        return this.qgs();
      case "QPI":
        return `(PI${String(this.protocol).padStart(2, "0")}\r`;
      case "QRI":
        return "(230.0 004 024.0 50.0\r";
      case "QMD":
        return "(#######OLHVT1K0 ###1000 80 1/1 230 230 02 12.0\r";
      case "F":
        return "#230.0 004 024.0 50.0\r";
      case "QMF":
        return "(#####VOLTRONIC\r";
      case "QVFW":
        return "(VERFW:00322.02\r";
      case "QID":
        return "(685653211455\r";
      case "I":
        return "#-------------   ------     VT12046Q  \r";
      case "QMOD":
        return `(${r.mode}\r`;
      case "QFS":
        return "(OK\r";
      case "QWS": {
        const bits = Array.from(
          { length: 64 },
          (_, i) => r.warn.includes(i) ? "1" : "0",
        );
        return `(${bits.join("")}\r`;
      }
      case "QBV":
        return `(${r.batt} 02 01 ${r.charge} ${r.runtime}\r`;
      case "QLDL":
        return "(021 023\r";
      case "QFLAG":
        return `(${this.qflag}\r`;
      case "QSK1":
        return "(1\r";
      case "QSK2":
        return "(0\r";
      case "QSKT1":
        return "(008\r";
      case "QHE":
        return "(242 218\r";
      case "QFRE":
        return "(53.0 47.0\r";
      case "QBYV":
        return "(264 170\r";
      case "QBYF":
        return "(53.0 47.0\r";
      case "QBT":
        return p31 ? "(01\r" : "(NAK\r";
      case "QGR":
        return p31 ? "(00\r" : "(NAK\r";
      case "RE0":
        return "#20\r";
      case "QPD":
        return "(000 120\r";
      case "QPAR":
        return "(001\r";
      case "Q3PV":
      case "Q3OV":
      case "Q3YV":
        return multi ? "(230.1 229.8 231.2 398.6 399.0 400.1\r" : "(NAK\r";
      case "Q3PC":
      case "Q3OC":
      case "Q3LD":
        return multi ? "(010 011 012\r" : "(NAK\r";
    }
    return COMMAND.test(cmd) ? "(ACK\r" : "(NAK\r";
  }

  /** Commands and settings received (not queries): killpower bytes among them. */
  commands(): string[] {
    return this.received.filter((c) => !QUERIES.has(c) && !/^Q/.test(c));
  }
}
