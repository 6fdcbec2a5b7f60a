/**
 * A Liebert GXE unit speaking YDN23 (YD/T 1363.3) on a pty, from the
 * protocol facts of NUT's `liebert-gxe` and ydn23.h: CR-ended ASCII-hex
 * frames, answers with return code 0 (2 for a bad checksum). Registers are
 * byte-addressed in INFO (two hex characters each): vendor information
 * (2A51) starts with the name; system parameters (2A47) hold the nominal
 * voltage at 9, frequency at 11, bypass limits enabled at 17 and 19, test
 * interval at 39; warnings (2A44) a data flag then 25 warning bytes; on/off
 * states (2A43) flag, supply (01 UPS, 02 bypass), rectifier source at 3
 * (E1 mains, E2 battery), battery state at 4, test state at 5; analog
 * values (2A42) four hex digits each at 1, 7, 13, 19, 21, 27 (hundredths),
 * 33, 35 (tens of W/VA) and 41 (minutes). Every frame received is kept.
 *
 * @module
 */
import { SerialSim } from "./serial_sim.ts";
import { buildFrame, checksum } from "../../drivers/liebert_gxe/ydn23.ts";

/** Power states. */
export type GxeState = "online" | "battery" | "bypass";

const hex = (v: number, n: number) =>
  (v & (16 ** n - 1)).toString(16).toUpperCase().padStart(n, "0");

function registers(
  bytes: number,
  values: Array<[number, number, number]>,
): string {
  const s = "00".repeat(bytes).split("");
  for (const [r, v, n] of values) {
    const h = hex(v, n);
    for (let i = 0; i < n; i++) s[2 * r + i] = h[i]!;
  }
  return s.join("");
}

/** The unit; tests change fields. */
export class GxeModel {
  state: GxeState = "online";
  addr = "01";
  /** Data flag bits sent with on/off and analog answers. */
  dataflag = 0;
  /** Warning register (1-25) -> value. */
  readonly warnings = new Map<number, number>();
  /** Remote command data received. */
  readonly remote: string[] = [];
  /** Answers garbage instead of frames. */
  garbage = false;

  /** The answer to one frame (without CR), or null. */
  answer(frame: string): string | null {
    if (this.garbage) return "~21012A00$$$$\r";
    if (frame[0] !== "~") return null;
    if (checksum(frame.slice(1, -4)) !== frame.slice(-4)) {
      return buildFrame("21", this.addr, "2A02"); // RTN 2: bad CHKSUM
    }
    return this.#answer(frame.slice(7, 9), frame);
  }

  #answer(cid2: string, frame: string): string | null {
    const ver = frame.slice(1, 3), adr = frame.slice(3, 5);
    const info = frame.slice(13, -4);
    // another unit's frame goes unanswered (NUT's remote commands put the
    // address in VER and 21 in ADR); a wrong version is refused (RTN 1)
    if (adr !== this.addr) return null;
    if (ver !== "21") return buildFrame("21", this.addr, "2A01");
    const ok = (info: string) => buildFrame("21", this.addr, "2A00", info);
    const batt = this.state === "battery";
    switch (cid2) {
      case "51":
        return ok(
          [..."UHA1R-0030"].map((c) => hex(c.charCodeAt(0), 2)).join("") +
            "0102",
        );
      case "47":
        return ok(registers(42, [[9, 220, 4], [11, 50, 4], [17, 1, 4], [
          19,
          1,
          4,
        ], [39, 2, 4]]));
      case "44":
        return ok(registers(26, [
          [0, this.dataflag, 2],
          ...[...this.warnings].map(([r, v]) =>
            [r, v, 2] as [number, number, number]
          ),
        ]));
      case "43":
        return ok(registers(6, [
          [0, this.dataflag, 2],
          [1, this.state === "bypass" ? 2 : 1, 2],
          [3, batt ? 0xe2 : 0xe1, 2],
          [4, batt ? 0xe3 : 0xe0, 2],
          [5, 0xe1, 2],
        ]));
      case "42":
        return ok(registers(45, [
          [0, this.dataflag, 2],
          [1, batt ? 0 : 22050, 4],
          [7, 22013, 4],
          [13, 1234, 4],
          [19, batt ? 19870 : 21640, 4],
          [21, 5000, 4],
          [27, batt ? 0 : 4998, 4],
          [33, 120, 4],
          [35, 150, 4],
          [41, batt ? 12 : 45, 4],
        ]));
      case "45":
        this.remote.push(info);
        return ok("");
    }
    return null;
  }
}

/** The simulator: frames cut at CR. */
export class GxeSim extends SerialSim {
  readonly frames: string[] = [];
  constructor(readonly model = new GxeModel()) {
    let buf = "";
    const box: { sim?: GxeSim } = {};
    super((c) => {
      if (c !== "\r") {
        buf += c;
        return null;
      }
      const frame = buf;
      buf = "";
      box.sim!.frames.push(frame);
      return model.answer(frame);
    }, "char");
    box.sim = this;
  }
}
