/**
 * The Deno-backed Io and the entry guard every binary uses:
 * `if (import.meta.main) runMain(main)`. This is the only place that calls
 * Deno.exit.
 *
 * @module
 */
import type { Io } from "../src/io.ts";

const encoder = new TextEncoder();

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string) {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) {
    const n = file.writeSync(bytes);
    bytes = bytes.subarray(n);
  }
}

async function readLine(): Promise<string | undefined> {
  const buf = new Uint8Array(1);
  const bytes: number[] = [];
  while (true) {
    const n = await Deno.stdin.read(buf);
    if (n === null || n === 0) return bytes.length ? decode(bytes) : undefined;
    if (buf[0] === 10) return decode(bytes);
    bytes.push(buf[0]!);
  }
}

function decode(bytes: number[]): string {
  return new TextDecoder().decode(new Uint8Array(bytes)).replace(/\r$/, "");
}

/** The real Io of this process. */
export function denoIo(): Io {
  let controller: AbortController | undefined;
  // Registered on first use of io.signal: the first signal listener costs a
  // client that never waits on signals ~4 ms of start-up (upsc, upsmon -K).
  const signal = () => {
    if (controller) return controller.signal;
    const c = controller = new AbortController();
    for (const sig of ["SIGINT", "SIGTERM"] as const) {
      try {
        Deno.addSignalListener(sig, () => c.abort(sig));
      } catch {
        // signals unavailable (e.g. Windows SIGTERM): nothing to listen to
      }
    }
    return c.signal;
  };
  return {
    out: (text) => writeAll(Deno.stdout, text),
    err: (text) => writeAll(Deno.stderr, text),
    env: (name) => {
      try {
        return Deno.env.get(name);
      } catch {
        return undefined;
      }
    },
    isTerminal: Deno.stdin.isTerminal(),
    async prompt(text, secret = false) {
      writeAll(Deno.stderr, text);
      if (secret && Deno.stdin.isTerminal()) Deno.stdin.setRaw(true);
      try {
        if (!secret || !Deno.stdin.isTerminal()) return await readLine();
        // raw mode: read until Enter, no echo
        const bytes: number[] = [];
        const buf = new Uint8Array(1);
        while (true) {
          const n = await Deno.stdin.read(buf);
          if (n === null) break;
          const c = buf[0]!;
          if (c === 13 || c === 10) break;
          if (c === 3) throw new Deno.errors.Interrupted("interrupted");
          if (c === 127 || c === 8) bytes.pop();
          else bytes.push(c);
        }
        writeAll(Deno.stderr, "\n");
        return decode(bytes);
      } finally {
        if (secret && Deno.stdin.isTerminal()) Deno.stdin.setRaw(false);
      }
    },
    get signal() {
      return signal();
    },
  };
}

/** Runs a binary's main with the real Io and exits with its code. */
export async function runMain(
  main: (args: string[], io: Io) => Promise<number>,
): Promise<never> {
  const io = denoIo();
  let code: number;
  try {
    code = await main(Deno.args, io);
  } catch (e) {
    io.err(`Fatal error: ${e instanceof Error ? e.message : String(e)}\n`);
    code = 1;
  }
  Deno.exit(code);
}
