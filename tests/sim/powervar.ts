/**
 * A Powervar UPM unit speaking CUSPP, from the protocol facts of NUT
 * master's powervar_cx.c/.h: CR-ended requests; `GRP.FORMAT` answered by
 * `GRP.FORMAT=NAME;NAME;...`, `GRP` by `GRP=value;value;...` (PID, UID,
 * BAT, INP.1, OUT, SYS, SET, ALM, TST, EVT); writes `GRP.NAME.W=v`
 * answered `OK` and recorded; anything else `?`. `CusppModel` is the
 * unit (shared with the USB model); `PowervarSim` serves it on a pty.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Power states. */
export type PvarState = "online" | "battery" | "low" | "badbattery" | "boost";

const FORMATS: Record<string, string> = {
  PID: "VER;PROT;UID;BAT;INP;OUT;ALM;TST;SET;SYS;EVT",
  UID: "MANUF;MODEL;SWVER;SERNUM;FAMILY;MFGDT;CSWVER",
  BAT: "STATUS;TMLEFT;ESTCRG;VOLT;TEMP",
  INP: "STATUS;FREQ;VOLT;AMP;MAXVLT;MINVLT",
  OUT: "SOURCE;FREQ;VOLT;AMP;PERCNT",
  SYS: "INVOLT;INFRQ;OUTVLT;OUTFRQ;BATDTE;OVRLOD;OUTVA;BTSTDY",
  SET: "AUDIBL;ATOSRT;OFFNOW;OFFDLY;SRTDLY;OFFSTP;RSTINP;RSTTMP",
  ALM: "ONBAT;LOWBAT;BADBAT;TEMP;OVRLOD;TSTBAD;TESTNG;CHNGBT",
  TST: "TIMERM;ABORT;BATQCK;BATDEP;BATRUN;BTEMTY;DISP",
  EVT: "UPTIME",
};

/** The unit; tests change fields. */
export class CusppModel {
  state: PvarState = "online";
  /** Replaced answers (null: no answer at all). */
  readonly override = new Map<string, string | null>();
  /** Every write request received. */
  readonly writes: string[] = [];
  offDelay = "0";

  /** The answer to one request (without CR), or null. */
  answer(req: string): string | null {
    if (this.override.has(req)) return this.override.get(req)!;
    if (req.includes(".W=")) {
      this.writes.push(req);
      if (req.startsWith("SET.OFFDLY.W=")) this.offDelay = req.slice(13);
      if (req === "SET.OFFSTP.W=1") this.offDelay = "0";
      return "OK";
    }
    const m = /^([A-Z]{3})\.FORMAT$/.exec(req);
    if (m && FORMATS[m[1]!]) return `${m[1]}.FORMAT=${FORMATS[m[1]!]}`;
    const batt = this.state === "battery" || this.state === "low";
    switch (req) {
      case "PID":
        return "PID=1.2;CUSPP;UID;BAT;INP;OUT;ALM;TST;SET;SYS;EVT";
      case "UID":
        return "UID=POWERVAR;UPM48-1500;2.10;A123-456;UPM;20240115;1.05";
      case "BAT":
        return `BAT=${this.state === "low" ? 3 : batt ? 2 : 1};${
          batt ? 12 : 45
        };${this.state === "low" ? 18 : 100};27;29`;
      case "INP.1":
        return batt
          ? "INP.1=0;0.0;0;0.0;124;118"
          : "INP.1=1;60.0;121;2.1;124;118";
      case "OUT": {
        const src = batt ? 3 : this.state === "boost" ? 4 : 1;
        return `OUT=${src};60.0;120;3.2;35`;
      }
      case "SYS":
        return "SYS=120;60;120;60;202401;110;1500;14";
      case "SET":
        return `SET=1;1;0;${this.offDelay};0;0;0;0`;
      case "ALM": {
        const bad = this.state === "badbattery" ? 1 : 0;
        return `ALM=${batt ? 1 : 0};0;${bad};0;0;${bad};0;0`;
      }
      case "EVT":
        return "EVT=123456";
    }
    return "?";
  }
}

/** The serial simulator: every CR-ended request is recorded in `requests`. */
export class PowervarSim extends SerialSim {
  readonly model: CusppModel;
  /** Every byte received. */
  raw = "";
  /** Every CR-ended request. */
  readonly requests: string[] = [];

  constructor(model = new CusppModel()) {
    const box: { sim?: PowervarSim } = {};
    let line = "";
    super((ch) => {
      box.sim!.raw += ch;
      if (ch === "\n") return null;
      if (ch !== "\r") {
        line += ch;
        return null;
      }
      const req = line;
      line = "";
      if (!req) return null;
      box.sim!.requests.push(req);
      const a = model.answer(req);
      return a === null ? null : `${a}\r\n`;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
