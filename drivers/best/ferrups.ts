/**
 * The Ferrups terminal dialogue bestuferrups and bestfcom share: 1200 bps,
 * the unit echoes each command line (ending CR LF), answers one line
 * ending CR, then prompts with LF CR LF `=>`. `d <nn>` shows a setting as
 * `<nn> <name> <value>`; `f` gives the 80-character record
 * (`frecord.ts`); `time`, `id` identify; `pw377` then `off`/`o <s> a`
 * turns the load off and back on with the line.
 *
 * @module
 */
import type { BestLink } from "./link.ts";
import { atof } from "./cfmt.ts";

/** Seconds NUT waits for an answer line. */
export const LINE_WAIT_MS = 3000;

/**
 * A small sscanf: literal text must match, a blank matches any run of
 * blanks, `%d` and `%f` skip blanks and read a number, `%%` is `%`. The
 * numbers read before the first mismatch, as sscanf assigns them.
 */
export function scan(text: string, format: string): number[] {
  const out: number[] = [];
  let i = 0;
  for (let f = 0; f < format.length; f++) {
    const c = format[f]!;
    if (/\s/.test(c)) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      continue;
    }
    if (c === "%" && format[f + 1] !== "%") {
      const kind = format[++f];
      while (i < text.length && /\s/.test(text[i]!)) i++;
      const re = kind === "d"
        ? /^[+-]?\d+/
        : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
      const m = re.exec(text.slice(i));
      if (!m) return out;
      out.push(kind === "d" ? parseInt(m[0], 10) : atof(m[0]));
      i += m[0].length;
      continue;
    }
    if (c === "%") f++;
    if (text[i] !== c) return out;
    i++;
  }
  return out;
}

/** The first number `format` reads from `text`, or `fallback`. */
export function scan1(text: string, format: string, fallback: number): number {
  return scan(text, format)[0] ?? fallback;
}

/** bestuferrups's execute: the echo line, the answer line, the prompt. */
export async function executeUf(
  link: BestLink,
  cmd: string,
): Promise<string | null> {
  await link.send(cmd);
  await link.getLine("\n", "", LINE_WAIT_MS);
  const r = await link.getLine("\r", "\n", LINE_WAIT_MS, 511);
  await link.getLine(">", "", LINE_WAIT_MS);
  return r;
}

/**
 * bestfcom's execute: a short read that swallows a pending alarm line
 * (`{Inverter: On}`) or prompt, the command, the echo read byte by byte up
 * to LF, the answer line. NUT waits for the echo's LF forever; ours gives
 * up after the answer wait.
 */
export async function executeFcom(
  link: BestLink,
  cmd: string,
  max = 511,
): Promise<string | null> {
  await link.getLine("\n", "", 20);
  await link.send(cmd);
  await link.sleep(50);
  const end = Date.now() + LINE_WAIT_MS;
  while (true) {
    const c = await link.getChar(10);
    if (c === "\n") break;
    if (Date.now() > end) return null;
  }
  return await link.getLine("\r", "\n", LINE_WAIT_MS, max);
}

/**
 * sync_serial: CR, then two lines and a prompt; CR again until a prompt
 * comes (NUT tries forever; ours `tries` times). bestfcom first flushes
 * the input and pauses a second after each CR.
 */
export async function syncSerial(
  link: BestLink,
  pauseMs: number,
  flush = false,
  tries = 5,
): Promise<boolean> {
  if (flush) await link.flushIn();
  await link.send("\r");
  await link.sleep(pauseMs);
  await link.getLine("\r", "\n", LINE_WAIT_MS, 9);
  await link.getLine("\r", "\n", LINE_WAIT_MS, 9);
  for (let i = 0; i < tries; i++) {
    const l = await link.getLine(">", "\n", LINE_WAIT_MS, 9);
    if (l) return true;
    await link.send("\r");
    await link.sleep(pauseMs);
  }
  return false;
}

/** The status both Ferrups drivers derive from the record. */
export function ferrupsStatus(
  inverter: number,
  alarms: number,
  line: number,
  vin: number,
  lowVolts = false,
): string[] {
  const s = [inverter ? "OB" : "OL"];
  if (alarms & (1 << 1) || lowVolts) s.push("LB");
  // line status bit 2 with the inverter on: trimming above 115 V, boosting below
  const regulating = inverter && line & (1 << 2);
  if (regulating && vin > 115) s.push("TRIM");
  if (regulating && vin < 115) s.push("BOOST");
  if (alarms & (1 << 10)) s.push("RB");
  if (alarms & (1 << 6)) s.push("OVER");
  return s;
}
