/**
 * A UPScode II unit on a pty, from the protocol facts of NUT's `upscode2`:
 * commands are CR-ended lines, some followed by a parameter line (UPSN,
 * UPID-less reads with "0", UPCD/UPSD delays, UPPM, UPDT, UPTM and the
 * shutdown and test commands); answers are CR LF-ended lines. UPCL lists
 * the commands the unit knows and ends with "UPCL"; UPTP answers NNAME and
 * the model; UPSN ACSN and the serial; UPDS, UPDV and UPBS answer with
 * name/value line pairs ending with MOFFF, NOFLL and BDAT8. Every command
 * line (with its parameter) is recorded.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/** Unit variants. */
export type UcState =
  | "online"
  | "battery"
  | "low"
  | "trim"
  | "boost"
  | "overload"
  | "off"
  | "bypass"
  | "charging"
  | "voltage"
  | "peukert";

const WITH_PARAM = new Set([
  "UPSN",
  "UPCD",
  "UPSD",
  "UPPM",
  "UPDT",
  "UPTM",
  "UPPF",
  "UPPD",
  "UPPC",
  "UPBT",
]);

/** The unit; tests change fields. */
export class UcModel {
  state: UcState = "online";
  threePhase = false;
  model = "Profile 9150";
  /** extra commands listed by UPCL (UPBS, UPID, UPDT, UPTM, UPPM, UPDA) */
  extras = ["UPBS", "UPID", "UPDT", "UPTM"];
  delays: Record<string, string> = { UPCD: "0060", UPSD: "0010" };

  #upds(): Array<[string, string]> {
    const s = this.state;
    const onBatt = s === "battery" || s === "low" || s === "peukert" ||
      s === "voltage";
    const p: Array<[string, string]> = [
      ["STAT", s === "overload" ? "OL" : s === "off" ? "OD" : "00"],
      ["STBO", onBatt ? "11" : "00"],
      ["STBL", s === "low" ? "11" : "00"],
      ["STBP", s === "bypass" ? "11" : "00"],
      ["STLR", s === "trim" ? "SD" : s === "boost" ? "SU" : "NO"],
      ["STMF", "00"],
      ["STEA", "TH"],
      ["STOK", "11"],
    ];
    if (s === "battery" || s === "low") {
      p.push(["BTIME", s === "low" ? "3" : "17"]);
    }
    if (s === "battery" || s === "low") {
      p.push(["MBCH1", s === "low" ? "12" : "64.5"]);
    }
    p.push(
      ["METE1", "23.5"],
      ["MIFFF", onBatt ? "0" : "50.1"],
      ["MIUL1", onBatt ? "0" : "231"],
      ["MIIL1", "4.2"],
      [
        "MBIII",
        s === "charging" ? "1.7" : onBatt ? "-12.25" : "0.3",
      ],
      ["MBUUU", onBatt ? "223.4" : "245.6"],
      ["MOIL1", "5.4"],
      ["MOPL1", "1.125"],
      ["MOSL1", "1.41"],
      ["MOUL1", "230"],
      ["MUTE1", "31"],
    );
    if (this.threePhase) {
      p.push(
        ["MIUL2", "232"],
        ["MIUL3", "229"],
        ["MIU31", "399"],
        ["MOIL2", "6.1"],
        ["MOIL3", "3.9"],
        ["MOSL2", "1.62"],
        ["MOSL3", "1.05"],
        ["MOPL2", "1.5"],
        ["MOPL3", "0.9"],
        ["MOUL2", "231"],
        ["MOUL3", "229"],
        ["MOU31", "400"],
      );
    }
    p.push(["MOFFF", "50.0"]);
    return p;
  }

  #updv(): Array<[string, string]> {
    const s = this.state;
    return [
      ["NIUHH", "276"],
      ["NIULL", "184"],
      ["NIUNN", "230"],
      ["NBAHN", "7.2"],
      ["NBILL", s === "peukert" ? "-25" : "0"],
      ["NBTHH", s === "peukert" ? "40" : "0"],
      ["NBUHH", "270"],
      ["NBULL", "200"],
      ["NBUNN", "240"],
      ["NOIHH", "13.0"],
      ["NOINN", s === "voltage" ? "0" : "10.9"],
      ["NOPNN", this.threePhase ? "6.0" : "2.1"],
      ["NOSNN", this.threePhase ? "7.5" : "3.0"],
      ["NOUNN", "230"],
      ["NUTEH", "40"],
      ["NOFHH", "55.0"],
      ["NOFLL", "45.0"],
    ];
  }

  #upbs(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (let n = 1; n <= 8; n++) {
      out.push([`MBTE${n}`, String(20 + n)], [`MBIN${n}`, "1"], [
        `BDAT${n}`,
        `2023-0${n}-15`,
      ]);
    }
    return out;
  }

  /** The answer lines to a command and its parameter. */
  answer(cmd: string, param: string | null): string[] {
    const pairs = (p: Array<[string, string]>) => p.flat();
    switch (cmd) {
      case "UPCL":
        return [
          "UPTP",
          "UPSN",
          "UPDS",
          "UPDV",
          "UPCD",
          "UPSD",
          "UPPF",
          "UPPD",
          "UPPU",
          "UPPC",
          "UPIS",
          "UPBT",
          ...this.extras,
          "UPCL",
        ];
      case "UPTP":
        return ["NNAME", this.model];
      case "UPSN":
        return ["ACSN", "FA12345678"];
      case "UPID":
        return ["ACID", "rack-4"];
      case "UPCD":
      case "UPSD":
        if (param && param !== "0000") this.delays[cmd] = param;
        return [`AC${cmd.slice(2)}`, this.delays[cmd]!];
      case "UPDT":
        return ["ACDT", "2024-03-15"];
      case "UPTM":
        return ["ACTM", "12:34:56"];
      case "UPPM":
        return param === "0" ? ["ACPM", "P00", "P03"] : ["ACPM", "1"];
      case "UPDS":
        return pairs(this.#upds());
      case "UPDV":
        return pairs(this.#updv());
      case "UPBS":
        return pairs(this.#upbs());
    }
    return [];
  }
}

/** The simulator. */
export class UcSim extends SerialSim {
  readonly model: UcModel;
  /** Every command, with its parameter after a space. */
  readonly commands: string[] = [];

  constructor(model = new UcModel()) {
    let waiting: string | null = null;
    const box: { sim?: UcSim } = {};
    super((line) => {
      const sim = box.sim!;
      if (waiting !== null) {
        const cmd = waiting;
        waiting = null;
        sim.commands.push(`${cmd} ${line}`);
        const a = model.answer(cmd, line);
        return a.length ? a.map((l) => `${l}\r\n`).join("") : null;
      }
      if (WITH_PARAM.has(line)) {
        waiting = line;
        return null;
      }
      sim.commands.push(line);
      const a = model.answer(line, null);
      return a.length ? a.map((l) => `${l}\r\n`).join("") : null;
    }, "cr");
    box.sim = this;
    this.model = model;
  }
}
