/**
 * A UPS speaking the SEC protocol (NUT's `gamatronic`) on a pty, from the
 * protocol facts: a message is `^`, P (poll) or S (set), three digits of
 * length, then that many characters of command and data, with no line
 * end. Answers are CR-ended: `^D` + three-digit length + comma-separated
 * fields, `^1` for a SET done, `^0` for a refusal. `AP1`/`AP2` list the
 * variable numbers the unit supports. Every message is recorded.
 *
 * Fields per query (1-based): ST1 battery (condition 0 good/1 weak/2
 * replace, status 0 ok/1 low/2 depleted, charge state, seconds on battery,
 * estimated minutes, estimated %, volts x10, amps x10, temperature); ST2
 * input (line bads, lines, then per line Hz x10, V x10, A x10, W); ST3
 * output (source 0 normal/1 battery/2 bypass/3 reducing/4 boosting, Hz
 * x10, lines, then per line V x10, A x10, W, load %); ST4 bypass (Hz x10,
 * lines, then per line V x10, A x10, W); ST5 fifteen alarm bits; NOM
 * nominal values (in V, in Hz, out V, out Hz, VA, W, low-battery minutes,
 * audible alarm, low and high transfer points, battery date, battery life).
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";

/**
 * Every variable NUT publishes, the status ones, some alarms, a write-only
 * one (83) and the start-up-only ones, in lists of at most 43 characters:
 * NUT 2.8.0 moves a reply over itself with strcpy, which garbles longer
 * ones (fixed in 2.8.3).
 */
export const SHORT_LISTS: [number[], number[]] = [
  [2, 4, 7, 9, 10, 19, 20, 21, 22, 23, 24, 36, 37, 38, 83, 39],
  [43, 51, 54, 55, 56, 59, 64, 65, 68, 69, 76, 77, 81, 84],
];

/** All 89 numbers, in two long lists. */
export const ALL_LISTS: [number[], number[]] = [
  Array.from({ length: 45 }, (_, i) => i + 1),
  Array.from({ length: 44 }, (_, i) => i + 46),
];

/** Power states. */
export type SecState =
  | "online"
  | "battery"
  | "low"
  | "replace"
  | "overload"
  | "off"
  | "boost"
  | "minutes1";

/** The unit; tests change fields. */
export class SecModel {
  state: SecState = "online";
  /** the variable numbers the unit lists in AP1 and AP2 */
  lists: [number[], number[]];
  /** refuse everything but MAN (no variables) */
  empty = false;
  constructor(lists: [number[], number[]] = SHORT_LISTS) {
    this.lists = lists;
  }

  #fields(cmd: string): string[] | null {
    const s = this.state;
    const onBatt = s === "battery" || s === "low" || s === "minutes1";
    switch (cmd) {
      case "MAN":
        return ["Gamatronic"];
      case "MOD":
        return ["MP-RT 3000"];
      case "VER":
        return ["2.31"];
      case "UID":
        return ["rack 4 west"];
      case "ATR":
        return ["1"];
      case "SDA":
        return ["1"];
      case "UBR":
        return ["2400"];
      case "STR":
        return ["0", "passed"];
      case "NOM":
        return [
          "230",
          "0",
          "230",
          "0",
          "3000",
          "2",
          "2",
          "1",
          "184",
          "264",
          "230412",
          "5",
        ];
      case "ST1":
        return [
          s === "replace" ? "2" : "0",
          s === "low" ? "1" : "0",
          onBatt ? "2" : "1",
          onBatt ? "95" : "0",
          s === "minutes1" ? "1" : onBatt ? "12" : "43",
          s === "low" ? "18" : onBatt ? "81" : "100",
          onBatt ? "2614" : "2736",
          onBatt ? "-84" : "12",
          "27",
        ];
      case "ST2":
        return [
          onBatt ? "1" : "0",
          "1",
          onBatt ? "0" : "499",
          onBatt ? "0" : s === "boost" ? "1987" : "2291",
          onBatt ? "0" : "57",
          onBatt ? "0" : "1240",
        ];
      case "ST3":
        return [
          onBatt ? "1" : s === "boost" ? "4" : "0",
          "500",
          "1",
          s === "off" ? "0" : "2301",
          "49",
          "1080",
          s === "overload" ? "112" : "45",
        ];
      case "ST4":
        return ["500", "1", "2291", "0", "0"];
      case "ST5": {
        const bits = new Array(15).fill("0");
        if (s === "overload") bits[3] = "1"; // field 4
        if (s === "off") bits[5] = bits[8] = "1"; // output off, system off
        if (onBatt) bits[1] = "1"; // input bad
        if (s === "low") bits[13] = "1"; // shutdown pending
        return bits;
      }
      case "AP1":
        return this.lists[0].map(String);
      case "AP2":
        return this.lists[1].map(String);
    }
    return null;
  }

  /** The answer line (without CR) to one message. */
  answer(mode: string, body: string): string {
    if (mode === "S") return "^1";
    const cmd = body.slice(0, 3);
    if (this.empty && cmd !== "MAN") return "^0";
    const f = this.#fields(cmd);
    if (!f) return "^0";
    const data = f.join(",");
    return `^D${String(data.length).padStart(3, "0")}${data}`;
  }
}

/** The simulator: frames messages by their length field. */
export class SecSim extends SerialSim {
  readonly model: SecModel;
  /** Every message received, whole. */
  readonly messages: string[] = [];
  /** The data of every `^D` answer sent. */
  readonly data: string[] = [];

  constructor(model = new SecModel()) {
    let buf = "";
    const box: { sim?: SecSim } = {};
    super((ch) => {
      buf += ch;
      if (buf[0] !== "^") {
        buf = "";
        return null;
      }
      if (buf.length < 5) return null;
      const len = parseInt(buf.slice(2, 5), 10);
      if (!(len >= 0)) {
        buf = "";
        return null;
      }
      if (buf.length < 5 + len) return null;
      const msg = buf;
      buf = "";
      box.sim!.messages.push(msg);
      const a = model.answer(msg[1]!, msg.slice(5));
      if (a.startsWith("^D")) box.sim!.data.push(a.slice(5));
      return `${a}\r`;
    }, "char");
    box.sim = this;
    this.model = model;
  }
}
