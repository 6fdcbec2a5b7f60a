/**
 * Modem lines on a pty for side-by-side tests. NUT's driver gets
 * `modem_lines.c` through LD_PRELOAD; ours runs through
 * `lined_driver.ts`, whose port wraps the pty with the same two files:
 * MODEM_LINES_IN (the words "dsr cts dcd rng" the unit raises, read at
 * every query) and MODEM_LINES_LOG (a "dtr=D rts=R" line per change the
 * driver makes). Both drivers thus see the same lines and leave the same
 * trace.
 *
 * @module
 */
import type { LineTransport, ModemLines } from "../../src/transport/mod.ts";
import { type DriverRun, runNutDriver, runOurDriver } from "./harness.ts";

const SOURCE = new URL("./modem_lines.c", import.meta.url);
let built: Promise<string> | undefined;

async function build(): Promise<string> {
  const src = await Deno.readFile(SOURCE);
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", src));
  const tag = Array.from(
    d.subarray(0, 8),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
  const dir = new URL(`../../.work/modemlines/${tag}/`, import.meta.url)
    .pathname;
  const lib = `${dir}modem_lines.so`;
  try {
    await Deno.stat(lib);
    return lib;
  } catch { /* not built yet */ }
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${lib}.${Deno.pid}.tmp`;
  const out = await new Deno.Command("gcc", {
    args: [
      "-shared",
      "-fPIC",
      "-O1",
      "-Wall",
      "-o",
      tmp,
      SOURCE.pathname,
      "-ldl",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(new TextDecoder().decode(out.stderr));
  }
  await Deno.rename(tmp, lib); // atomic: test files may race
  return lib;
}

/** The built LD_PRELOAD stand-in. */
export function modemLinesLib(): Promise<string> {
  built ??= build();
  return built;
}

/** A pair of line files in a temp dir. */
export class LineFiles {
  private constructor(readonly dir: string) {}
  /** Creates the files; `raised` is what the unit asserts ("dsr cts"). */
  static async create(raised = ""): Promise<LineFiles> {
    const f = new LineFiles(await Deno.makeTempDir({ prefix: "lines-" }));
    await f.raise(raised);
    await Deno.writeTextFile(f.log, "");
    return f;
  }
  get input(): string {
    return `${this.dir}/in`;
  }
  get log(): string {
    return `${this.dir}/log`;
  }
  /** Sets the unit's lines. */
  raise(words: string): Promise<void> {
    return Deno.writeTextFile(this.input, words);
  }
  /** The driver's DTR/RTS changes. */
  async changes(): Promise<string[]> {
    return (await Deno.readTextFile(this.log)).split("\n").filter((l) => l);
  }
  env(): Record<string, string> {
    return { MODEM_LINES_IN: this.input, MODEM_LINES_LOG: this.log };
  }
  remove(): Promise<void> {
    return Deno.remove(this.dir, { recursive: true });
  }
}

/** Wraps a port so that its modem lines are the files' (ours' side). */
export function withLineFiles(
  inner: LineTransport,
  input: string,
  log: string,
): LineTransport {
  const out = { dtr: false, rts: false };
  return {
    write: (d) => inner.write(d),
    read: (ms, max) => inner.read(ms, max),
    flush: () => inner.flush(),
    close: () => inner.close(),
    ...(inner.sendBreak
      ? { sendBreak: (ms: number) => inner.sendBreak!(ms) }
      : {}),
    async setLines(l): Promise<void> {
      if (l.dtr !== undefined) out.dtr = l.dtr;
      if (l.rts !== undefined) out.rts = l.rts;
      await Deno.writeTextFile(
        log,
        `dtr=${out.dtr ? 1 : 0} rts=${out.rts ? 1 : 0}\n`,
        { append: true },
      );
    },
    async getLines(): Promise<ModemLines> {
      const w = await Deno.readTextFile(input).catch(() => "");
      return {
        ...out,
        cts: w.includes("cts"),
        dcd: w.includes("dcd"),
        rng: w.includes("rng"),
        dsr: w.includes("dsr"),
      };
    },
  };
}

/** NUT's `/lib/nut/<driver>` with the stand-in lines. */
export async function runNutLined(
  driver: string,
  conf: string,
  args: string[],
  lines: LineFiles,
): Promise<DriverRun> {
  return runNutDriver(driver, conf, args, 30_000, {
    LD_PRELOAD: await modemLinesLib(),
    ...lines.env(),
  });
}

/** Our driver (through lined_driver.ts) with the same lines. */
export function runOurLined(
  driver: string,
  conf: string,
  args: string[],
  lines: LineFiles,
): Promise<DriverRun> {
  return runOurDriver("../tests/sim/lined_driver", conf, args, 30_000, {
    LINED_DRIVER: driver,
    ...lines.env(),
  });
}
