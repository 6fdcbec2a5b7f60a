/**
 * nutdrv_qx's USB communication subdrivers: how each USB-to-serial bridge
 * carries a Megatec command and its reply (facts from NUT 2.8.0's
 * nutdrv_qx.c; our own code), and the VID:PID table that picks one.
 * Errors that mean a lost device throw UsbError; a missing or unusable
 * reply is `null`.
 *
 * @module
 */
import type { UsbDeviceInfo, UsbLink } from "../../src/transport/usb_link.ts";
import { UsbError } from "../../src/transport/usb_link.ts";

/** Per-device state a bridge keeps between commands. */
export interface BridgeState {
  /** langid_fix (undefined when not set). */
  langidFix?: number;
  /** hunnox lock-step position. */
  hunnoxStep: number;
}

/** One bridge: sends `cmd` (CR included), returns the reply text. */
export type BridgeCommand = (
  link: UsbLink,
  cmd: string,
  st: BridgeState,
) => Promise<string | null>;

/** nutdrv_qx's answer buffer (SMALLBUF). */
const BUFLEN = 512;
const SET_REPORT = (value: number) => ({
  requestType: 0x21,
  request: 0x09,
  value,
  index: 0,
});

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** A C string: up to the first NUL. */
function cstr(b: Uint8Array): string {
  const z = b.indexOf(0);
  return String.fromCharCode(...(z < 0 ? b : b.subarray(0, z)));
}

function hasCr(b: number[]): boolean {
  return b.includes(13);
}

/** Sends `cmd` in `size`-byte SET_REPORT chunks (zero padded). */
async function sendChunks(
  link: UsbLink,
  cmd: string,
  value: number,
  timeout: number,
): Promise<boolean> {
  const b = bytes(cmd);
  for (let i = 0; i < b.length; i += 8) {
    const chunk = new Uint8Array(8);
    chunk.set(b.subarray(i, i + 8));
    await link.control(SET_REPORT(value), chunk, timeout);
  }
  return true;
}

/**
 * Reads 8-byte interrupt packets until a CR; null on timeout. With `padded`
 * the packets' zero padding stays in the answer, as cypress and phoenix
 * count it in the length NUT's protocol code checks (bestups' ID, e.g.).
 */
async function readChunks(
  link: UsbLink,
  padded = false,
): Promise<string | null> {
  const buf: number[] = [];
  while (buf.length <= BUFLEN - 8 && !hasCr(buf)) {
    const got = await link.interruptRead(0x81, 8, 1000);
    if (!got.length) return null;
    buf.push(...got);
  }
  return padded ? String.fromCharCode(...buf) : cstr(Uint8Array.from(buf));
}

const cypress: BridgeCommand = async (link, cmd) => {
  await sendChunks(link, cmd, 0x200, 5000);
  return await readChunks(link, true);
};

const phoenix: BridgeCommand = async (link, cmd) => {
  // the converter keeps stale output: drain it until a read times out
  for (let i = 0; i < 8; i++) {
    try {
      if (!(await link.interruptRead(0x81, 8, 1000)).length) break;
    } catch (e) {
      if (e instanceof UsbError && e.kind === "gone") throw e;
      break;
    }
  }
  await sendChunks(link, cmd, 0x200, 1000);
  return await readChunks(link, true);
};

const ippon: BridgeCommand = async (link, cmd) => {
  await sendChunks(link, cmd, 0x2, 1000);
  const got = await link.interruptRead(0x81, 64, 1000);
  if (!got.length) return null;
  const cr = got.indexOf(13);
  let s = cr >= 0 ? cstr(got.subarray(0, cr + 1)) : cstr(got);
  if (s.length && !s.includes("\r")) s += "\r";
  return s;
};

const sgs: BridgeCommand = async (link, cmd) => {
  const b = bytes(cmd);
  for (let i = 0; i < b.length; i += 7) {
    const n = Math.min(7, b.length - i);
    const chunk = new Uint8Array(8);
    chunk[0] = n;
    chunk.set(b.subarray(i, i + n), 1);
    await link.control(SET_REPORT(0x200), chunk, 5000);
  }
  const buf: number[] = [];
  while (buf.length <= BUFLEN - 8) {
    const got = await link.interruptRead(0x81, 8, 1000);
    if (!got.length) break; // a timeout ends the reply
    const n = Math.min(got[0]!, 7);
    buf.push(...got.subarray(1, 1 + n));
  }
  let s = cstr(Uint8Array.from(buf));
  if (buf.length && !buf.includes(13)) s += "\r";
  return s;
};

const ARMAC_UNSUPPORTED = ["QGS\r", "QS\r", "QPI\r", "M\r", "D\r"];

const armac: BridgeCommand = async (link, cmd) => {
  if (ARMAC_UNSUPPORTED.includes(cmd)) return cmd; // it would stay silent
  const b = bytes(cmd);
  for (let i = 0; i < b.length; i += 3) {
    const n = Math.min(3, b.length - i);
    const chunk = new Uint8Array(4);
    chunk[0] = 0xa0 + n;
    chunk.set(b.subarray(i, i + n), 1);
    await link.control(SET_REPORT(0x200), chunk, 5000);
  }
  const buf: number[] = [];
  while (buf.length + 6 < BUFLEN) {
    const got = await link.interruptRead(0x81, 6, 1000);
    if (got.length !== 6) return null;
    const n = got[0]! & 0x0f;
    if (!n) break;
    buf.push(...got.subarray(1, 1 + n));
  }
  return cstr(Uint8Array.from(buf));
};

/** Phoenixtec commands that get no answer (exact, or followed by a non-letter). */
const NO_ANSWER = [
  "T",
  "TL",
  "S",
  "C",
  "CT",
  "M",
  "N",
  "O",
  "SRC",
  "FCLR",
  "SS",
  "TUD",
  "SSN",
];

const phoenixtec: BridgeCommand = async (link, cmd) => {
  await link.control(
    { requestType: 0x42, request: 0x0d, value: 0, index: 0 },
    bytes(cmd),
    1000,
  );
  for (const p of NO_ANSWER) {
    if (cmd.startsWith(p) && !/[A-Z]/.test(cmd[p.length] ?? "")) return "";
  }
  const buf: number[] = [];
  while (buf.length < BUFLEN) {
    const got = await link.interruptRead(0x81, BUFLEN - buf.length, 1000);
    if (!got.length) return null;
    buf.push(...got);
    const cr = buf.indexOf(13);
    if (cr >= 0) return cstr(Uint8Array.from(buf.slice(0, cr + 1)));
  }
  return null;
};

const FUJI_ANSWER: Record<string, number> = { Q1: 47, F: 22, I: 39 };

const fuji: BridgeCommand = async (link, cmd) => {
  let c = cmd.split("\r")[0]!;
  const m = /^S([\d.]+)R(\d+)\r/.exec(cmd);
  if (m && Number(m[2]) !== 0) c = c.slice(0, 3); // SnRm → Sn
  if (c.length > 3) return cmd; // too long for the 8-byte frame: echo
  const out = new Uint8Array(8);
  out.set([0x80, 0x06, c.length + 1, 0x03]);
  out.set(bytes(c), 4);
  out[7] = FUJI_ANSWER[c] ?? 0;
  await link.interruptWrite(0x02, out, 5000);
  return await readChunks(link);
};

/** A string descriptor's UTF-16 as NUT's in-place conversion does it. */
function fromUtf16(b: Uint8Array): string {
  let s = "";
  for (let i = 2; i < b[0]!; i += 2) {
    s += b[i + 1] ? "?" : String.fromCharCode(b[i] ?? 0);
  }
  return s;
}

/** GET_DESCRIPTOR(STRING) with an explicit LANGID, raw bytes. */
function rawString(
  link: UsbLink,
  index: number,
  langId: number,
  length: number,
): Promise<Uint8Array> {
  return link.control(
    { requestType: 0x80, request: 6, value: 0x0300 | index, index: langId },
    length,
    1000,
  );
}

/** String `index` as text: with langid_fix the raw way, else as libusb's ASCII helper. */
async function stringQuery(
  link: UsbLink,
  index: number,
  st: BridgeState,
  length: number,
): Promise<string | null | "mismatch"> {
  if (st.langidFix !== undefined) {
    const raw = await rawString(link, index, st.langidFix, length);
    if (!raw.length) return null;
    if (raw.length !== raw[0]) return "mismatch";
    return fromUtf16(raw);
  }
  const s = await link.getString(index);
  return s === undefined || s === "" ? null : s;
}

const isNoAck = (s: string) =>
  s.split("\r")[0]!.length === 10 && /^UPS No Ack/i.test(s);

const KRAULER: Record<string, [number, string]> = {
  "Q1\r": [0x03, "("],
  "F\r": [0x0d, "#"],
  "I\r": [0x0c, "#"],
  "T\r": [0x04, "\r"],
  "TL\r": [0x05, "\r"],
  "Q\r": [0x07, "\r"],
  "C\r": [0x0b, "\r"],
  "CT\r": [0x0b, "\r"],
};

const krauler: BridgeCommand = async (link, cmd, st) => {
  const row = KRAULER[cmd];
  if (!row) return cmd; // unknown: echo, as Megatec units do
  for (let retry = 0; retry < 10; retry++) {
    const got = await stringQuery(link, row[0], st, BUFLEN);
    if (got === null) return null;
    if (got === "mismatch") continue;
    let s = got;
    if (!s.includes("\r")) s += "\r";
    if (isNoAck(s)) continue;
    return row[1] + s.slice(1);
  }
  return "";
};

const FABULA: Record<string, number> = {
  "Q1\r": 0x03,
  "F\r": 0x0d,
  "I\r": 0x0c,
  "Q\r": 0x07,
  "C\r": 0x0a,
};

/** The string index of a fabula/hunnox command; undefined: echo it. */
export function fabulaIndex(cmd: string): number | undefined {
  const known = FABULA[cmd];
  if (known) return known;
  const m = /^S(\d*\.?\d*)(?:R(\d+))?\r/.exec(cmd);
  if (!m || m[1] === "" || m[1] === ".") return undefined;
  const v = Number(m[1]);
  const delay = v < 0.5 ? 0.5 : v > 10 ? 10 : v;
  let index = delay < 1
    ? 16 + Math.round((delay - 0.5) * 10) * 16
    : 96 + Math.trunc((delay - 1) * 16);
  // NUT tests the restart value left at -1 for a plain Sn: it counts as set
  const restart = m[2] === undefined ? -1 : Number(m[2]);
  if (restart) index += 8;
  return index;
}

async function fabulaLike(
  link: UsbLink,
  cmd: string,
  st: BridgeState,
  hunnox: boolean,
): Promise<string | null> {
  const index = fabulaIndex(cmd);
  if (index === undefined) return cmd;
  let len = BUFLEN;
  if (hunnox) {
    await hunnoxStep(link, st, index);
    len = 102;
  }
  const got = hunnox
    ? await stringQuery(link, index, st, len)
    : await stringQuery(link, index, { hunnoxStep: st.hunnoxStep }, len);
  if (got === null || got === "mismatch") return null;
  let s = got;
  if (!s.includes("\r")) s += "\r";
  if (isNoAck(s)) return ""; // "accepted" for commands, a failure for queries
  return s;
}

/** Hunnox's lock-step: a primer sequence, then one query ahead of each. */
async function hunnoxStep(
  link: UsbLink,
  st: BridgeState,
  asking: number,
): Promise<void> {
  const lang = st.langidFix ?? 0x0409;
  const q = (i: number, n: number) =>
    rawString(link, i, lang, n).catch((e) => {
      if (e instanceof UsbError && e.kind === "gone") throw e;
    });
  switch (st.hunnoxStep) {
    case 0:
      await q(0, 1026);
      await q(0, 1026);
      await q(1, 1026);
      await new Promise((r) => setTimeout(r, 10));
      break;
    case 1:
      if (asking !== 0x0d) await q(0x0d, 102);
      break;
    case 2:
      if (asking !== 0x03) await q(0x03, 102);
      break;
    case 3:
      if (asking !== 0x0c) await q(0x0c, 102);
      break;
  }
  st.hunnoxStep = st.hunnoxStep + 1 > 3 ? 1 : st.hunnoxStep + 1;
}

const SNR: Record<string, [number, string]> = {
  "Q1\r": [0x03, "("],
  "F\r": [0x0d, "#"],
  "I\r": [0x0c, "#"],
};

const snr: BridgeCommand = async (link, cmd, st) => {
  // without this read the unit answers zeros for a while
  await link.interruptRead(0x81, 102, 1000).catch((e) => {
    if (e instanceof UsbError && e.kind === "gone") throw e;
  });
  const row = SNR[cmd];
  if (!row) return cmd;
  for (let retry = 0; retry < 10; retry++) {
    const raw = await rawString(link, row[0], st.langidFix ?? 0xffff, 102);
    if (!raw.length) return null;
    if (raw.length !== raw[0]) continue;
    const s = fromUtf16(raw);
    if (isNoAck(s)) continue;
    return row[1] + s.slice(1);
  }
  return "";
};

/** Answer lengths Ablerex units give when the reply is whole. */
const ABLEREX_LEN: Record<string, number> = {
  "Q1\r": 47,
  "I\r": 39,
  "F\r": 22,
};

const ablerex: BridgeCommand = async (link, cmd) => {
  const text = cmd.slice(0, cmd.indexOf("\r") + 1 || cmd.length);
  for (let retry = 0; retry < 3; retry++) {
    // report 5 carries [5, 0, length, command with its CR]
    const out = new Uint8Array(47);
    out.set([0x05, 0, text.length]);
    out.set(bytes(text).subarray(0, 44), 3);
    await link.control(SET_REPORT(0x305), out, 1000);
    await new Promise((r) => setTimeout(r, 500)); // the unit needs the time
    const got = await link.control(
      { requestType: 0xa1, request: 0x01, value: 0x305, index: 0 },
      47,
      1000,
    );
    if (!got.length) return null;
    const cr = got.subarray(0, 47).indexOf(13);
    const len = cr > 0 ? cr + 1 : 0;
    const reply = cstr(cr >= 0 ? got.subarray(0, cr + 1) : got);
    const want = ABLEREX_LEN[cmd.toUpperCase()];
    if (want !== undefined && len !== want) continue;
    // NUT answers an unusable Q5 with "(" and a length of 22 (zero filled)
    if (cmd.toUpperCase() === "Q5\r" && len !== 22) {
      return "(" + "\0".repeat(21);
    }
    return len ? reply : "";
  }
  return "";
};

/** The subdrivers by `subdriver=` name (NUT's list order). */
export const USB_BRIDGES: Record<string, BridgeCommand> = {
  cypress,
  phoenixtec,
  phoenix,
  ippon,
  krauler,
  fabula: (l, c, s) => fabulaLike(l, c, s, false),
  hunnox: (l, c, s) => fabulaLike(l, c, s, true),
  fuji,
  sgs,
  snr,
  ablerex,
  armac,
};

/** NUT's VID:PID (and strings) → subdriver table, first match wins. */
export const USB_TABLE: ReadonlyArray<
  [number, number, string | undefined, string | undefined, string]
> = [
  [0x05b8, 0x0000, undefined, undefined, "cypress"], // Agiler
  [0xffff, 0x0000, undefined, undefined, "ablerex"], // Ablerex 625L
  [0x1cb0, 0x0035, undefined, undefined, "krauler"], // Legrand Daker DK
  [0x0665, 0x5161, undefined, undefined, "cypress"], // Belkin / Voltronic
  [0x06da, 0x0002, "Phoenixtec Power", "USB Cable (V2.00)", "phoenixtec"],
  [0x06da, 0x0002, undefined, undefined, "cypress"], // Online Yunto YQ450
  [0x06da, 0x0003, undefined, undefined, "ippon"], // Mustek Powermust
  [0x06da, 0x0004, undefined, undefined, "cypress"], // Phoenixtec Innova 3/1 T
  [0x06da, 0x0005, undefined, undefined, "cypress"], // Phoenixtec Innova RT
  [0x06da, 0x0201, undefined, undefined, "cypress"], // Phoenixtec Innova T
  [0x06da, 0x0601, undefined, undefined, "phoenix"], // Online Zinto A
  [0x0f03, 0x0001, undefined, undefined, "cypress"], // Unitek Alpha 1200Sx
  [0x14f0, 0x00c9, undefined, undefined, "phoenix"], // GE EP series
  [0x0483, 0x0035, undefined, undefined, "sgs"], // TS Shara
  [0x0001, 0x0000, "MEC", "MEC0003", "fabula"], // Fideltronik LUPUS
  [0x0001, 0x0000, undefined, "MEC0003", "hunnox"], // Hunnox HNX 850
  [0x0001, 0x0000, "ATCL FOR UPS", "ATCL FOR UPS", "fuji"], // Fuji
  [0x0001, 0x0000, undefined, undefined, "krauler"], // Krauler UP-M500VA
  [0x0001, 0x0000, undefined, "MEC0003", "snr"], // SNR (never reached)
  [0x0925, 0x1234, undefined, undefined, "armac"], // Armac
];

/**
 * The table's verdict on a device: the subdriver name, "possibly" for a
 * known vendor with an unknown product, or undefined.
 */
export function tableLookup(info: UsbDeviceInfo): string | undefined {
  let verdict: string | undefined;
  const same = (a: string, b: string | undefined) =>
    b !== undefined && a.toLowerCase() === b.toLowerCase();
  for (const [vid, pid, vendor, product, sub] of USB_TABLE) {
    if (vid !== info.vendorId) continue;
    verdict = "possibly";
    if (pid !== info.productId) continue;
    if (vendor !== undefined && !same(vendor, info.vendor)) continue;
    if (product !== undefined && !same(product, info.product)) continue;
    return sub;
  }
  return verdict;
}
