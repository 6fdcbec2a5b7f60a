/**
 * Powervar CUSPP text protocol (NUT master's powervar_cx.c, shared by
 * `powervar_cx_ser` and `powervar_cx_usb`), pure. A group request (`PID`,
 * `UID`, `BAT`, `INP.1`, `OUT`, `SYS`, `SET`, `ALM`, `EVT`) is answered by
 * `GRP=v1;v2;...`; `GRP.FORMAT` by `GRP.FORMAT=NAME1;NAME2;...`, which
 * tells where each value sits. Writes are `GRP.NAME.W=value`; `?` means
 * "not understood". Positions count format names of three characters or
 * more, split at `;`, `.` and CR; values are split at `;` and CR with empty
 * fields skipped (C's strtok), so an empty value shifts the ones after it,
 * as in NUT.
 *
 * @module
 */

/** NUT's substring buffer: values are cut to 47 characters. */
const SUB_MAX = 47;

/** GetSubstringPosition: 1-based position of `name` in a FORMAT answer, 0 if absent. */
export function substringPosition(format: string, name: string): number {
  const eq = format.indexOf("=");
  if (eq < 0) return 0;
  let pos = 1;
  for (const tok of format.slice(eq + 1, 511).split(/[;.\r]/)) {
    if (tok.length <= 2) continue;
    if (tok === name) return pos;
    pos++;
  }
  return 0;
}

/** GetSubstringFromBuffer: the `pos`-th value of a data answer, or null. */
export function substringFrom(data: string, pos: number): string | null {
  if (!pos) return null;
  const eq = data.indexOf("=");
  if (eq < 0) return null;
  const toks = data.slice(eq + 1, 511).split(/[;\r]/).filter((t) => t);
  const t = toks[pos - 1];
  return t === undefined ? null : t.slice(0, SUB_MAX);
}

/** Positions of one group's names in its FORMAT answer. */
export function positions<K extends string>(
  format: string | null,
  names: Record<K, string>,
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of Object.keys(names) as K[]) {
    out[k] = format ? substringPosition(format, names[k]) : 0;
  }
  return out;
}

/** The names NUT looks for in each group's FORMAT answer. */
export const NAMES = {
  PID: {
    ver: "VER",
    prot: "PROT",
    uid: "UID",
    bat: "BAT",
    inp: "INP",
    out: "OUT",
    alm: "ALM",
    tst: "TST",
    set: "SET",
    pdu: "PDU",
    sys: "SYS",
    btm: "BTM",
    oem: "OEM",
    buz: "BUZ",
    evt: "EVT",
  },
  UID: {
    manuf: "MANUF",
    model: "MODEL",
    swver: "SWVER",
    sernum: "SERNUM",
    family: "FAMILY",
    mfgdt: "MFGDT",
    cswver: "CSWVER",
  },
  BAT: {
    status: "STATUS",
    tmleft: "TMLEFT",
    estcrg: "ESTCRG",
    volt: "VOLT",
    temp: "TEMP",
    pvolt: "PVOLT",
  },
  INP: {
    status: "STATUS",
    freq: "FREQ",
    volt: "VOLT",
    amp: "AMP",
    maxvlt: "MAXVLT",
    minvlt: "MINVLT",
  },
  OUT: {
    source: "SOURCE",
    freq: "FREQ",
    volt: "VOLT",
    amp: "AMP",
    percnt: "PERCNT",
  },
  SYS: {
    involt: "INVOLT",
    infrq: "INFRQ",
    outvlt: "OUTVLT",
    outfrq: "OUTFRQ",
    batdte: "BATDTE",
    ovrlod: "OVRLOD",
    outva: "OUTVA",
    btstdy: "BTSTDY",
  },
  SET: {
    audibl: "AUDIBL",
    atosrt: "ATOSRT",
    offnow: "OFFNOW",
    offdly: "OFFDLY",
    srtdly: "SRTDLY",
    offstp: "OFFSTP",
    rstinp: "RSTINP",
    rsttmp: "RSTTMP",
  },
  ALM: {
    onbat: "ONBAT",
    lowbat: "LOWBAT",
    badbat: "BADBAT",
    temp: "TEMP",
    ovrlod: "OVRLOD",
    tstbad: "TSTBAD",
    testng: "TESTNG",
    chngbt: "CHNGBT",
  },
  TST: {
    timerm: "TIMERM",
    abort: "ABORT",
    batqck: "BATQCK",
    batdep: "BATDEP",
    batrun: "BATRUN",
    btemty: "BTEMTY",
    disp: "DISP",
  },
  EVT: { uptime: "UPTIME" },
} as const;

/** A group's positions. */
export type Pos<G extends keyof typeof NAMES> = Record<
  keyof (typeof NAMES)[G],
  number
>;

/** ups.status word for the OUT source code (null: none). */
export function sourceStatus(code: string | undefined): string | null {
  switch (code) {
    case "0":
      return "OFF";
    case "1":
      return "OL";
    case "3":
      return "OB";
    case "4":
    case "5":
    case "8":
      return "BOOST";
    case "6":
    case "7":
      return "TRIM";
  }
  return null;
}

/** Fixed instant commands: name -> request(s). */
export const SIMPLE_CMDS: Readonly<Record<string, string>> = {
  "test.battery.start.quick": "TST.BATQCK.W=1",
  "test.battery.start.deep": "TST.BATDEP.W=1",
  "test.failure.start": "TST.BATDEP.W=1",
  "test.battery.stop": "TST.ABORT.W=1",
  "test.failure.stop": "TST.ABORT.W=1",
  "shutdown.stop": "SET.OFFSTP.W=1",
  "beeper.enable": "SET.AUDIBL.W=1",
  "beeper.disable": "SET.AUDIBL.W=0",
  "beeper.mute": "SET.AUDIBL.W=2",
  "load.off": "SET.OFFNOW.W=1",
  "load.on": "SET.SRTDLY.W=1",
  "reset.input.minmax": "SET.RSTINP.W=1",
};
