/**
 * Shared pieces of the peer fuzz tests: a seeded PRNG (so a failure can be
 * replayed), line mutators, byte helpers, a unix/TCP line reader, and
 * process helpers (spawn with captured output, liveness, RSS).
 *
 * @module
 */

/** xorshift32: deterministic input, so a failure can be replayed. */
export function rng(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** A random integer in [0, n). */
export function int(r: () => number, n: number): number {
  return Math.floor(r() * n);
}

/** A random element of `list`. */
export function pick<T>(r: () => number, list: readonly T[]): T {
  return list[int(r, list.length)]!;
}

const enc = new TextEncoder();

/** Latin-1 bytes of `text` (chars above 0xff are cut to their low byte). */
export function bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** `n` random bytes of any value (NUL, controls, high bytes, newlines). */
export function randomBytes(r: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => int(r, 256));
}

/** Random bytes that never contain a newline (to build one line). */
export function randomLineBytes(r: () => number, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => {
    const b = int(r, 256);
    return b === 10 ? 0 : b;
  });
}

/** Flips up to `flips` random bytes of `seed` (never into a newline). */
export function flip(r: () => number, seed: string, flips = 3): Uint8Array {
  const b = bytes(seed);
  for (let i = 0; i < flips && b.length; i++) {
    const v = int(r, 256);
    b[int(r, b.length)] = v === 10 ? 0 : v;
  }
  return b;
}

/** Inserts NUL bytes at random places of `seed`. */
export function withNuls(r: () => number, seed: string): Uint8Array {
  const b = Array.from(bytes(seed));
  for (let i = 0, n = 1 + int(r, 4); i < n; i++) {
    b.splice(int(r, b.length + 1), 0, 0);
  }
  return Uint8Array.from(b);
}

/** A prefix of `seed`. */
export function truncate(r: () => number, seed: string): Uint8Array {
  return bytes(seed.slice(0, int(r, seed.length)));
}

/** A line of `n` words. */
export function manyWords(n: number, prefix = "w"): string {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(" ");
}

/** Writes all of `data`. */
export async function writeAll(
  conn: { write(p: Uint8Array): Promise<number> },
  data: Uint8Array | string,
): Promise<void> {
  const b = typeof data === "string" ? enc.encode(data) : data;
  let off = 0;
  while (off < b.length) off += await conn.write(b.subarray(off));
}

/** Sleeps `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}

/**
 * Reads a connection as `\n` lines in the background: `lines` grows as they
 * arrive, `done` resolves at EOF or error. Lines longer than `maxLine` are
 * cut (a fuzz peer must not make the test itself grow without bound).
 */
export class LineReader {
  lines: string[] = [];
  eof = false;
  done: Promise<void>;
  #partial = "";

  constructor(conn: Deno.Conn, maxLine = 1 << 20) {
    this.done = (async () => {
      const dec = new TextDecoder("latin1");
      const buf = new Uint8Array(65536);
      try {
        let n: number | null;
        while ((n = await conn.read(buf)) !== null) {
          const parts = (this.#partial + dec.decode(buf.subarray(0, n)))
            .split("\n");
          this.#partial = parts.pop()!.slice(0, maxLine);
          for (const p of parts) this.lines.push(p.slice(0, maxLine));
        }
      } catch {
        // reset or closed by us
      }
      this.eof = true;
    })();
  }

  /** Waits until `probe(lines)` holds; throws after `ms`. */
  async until(
    probe: (lines: string[]) => boolean,
    ms = 5000,
    what = "reply",
  ): Promise<void> {
    const end = Date.now() + ms;
    while (!probe(this.lines)) {
      if (Date.now() > end) {
        throw new Error(
          `timed out waiting for ${what}; last lines: ${
            JSON.stringify(this.lines.slice(-5))
          }`,
        );
      }
      if (this.eof && !probe(this.lines)) {
        throw new Error(`EOF while waiting for ${what}`);
      }
      await sleep(10);
    }
  }
}

/** Closes a connection, ignoring "already closed". */
export function closeQuietly(c: { close(): void } | undefined): void {
  try {
    c?.close();
  } catch {
    // already closed
  }
}

/** True while a process with this PID exists (and is not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/\) Z /.test(stat);
  } catch {
    return false;
  }
}

/** Resident memory of a process in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

/** SIGTERMs a PID we started, then SIGKILLs it if it lingers. */
export async function killPid(pid: number): Promise<void> {
  for (const [sig, waitMs] of [["SIGTERM", 3000], ["SIGKILL", 2000]] as const) {
    if (!alive(pid)) return;
    try {
      Deno.kill(pid, sig);
    } catch {
      return;
    }
    const end = Date.now() + waitMs;
    while (Date.now() < end && alive(pid)) await sleep(25);
  }
}

/** A spawned child with its stdout+stderr text. */
export interface Child {
  proc: Deno.ChildProcess;
  output(): string;
  stop(): Promise<Deno.CommandStatus>;
}

/** Spawns `cmd`, collecting its output; stop() SIGTERMs then SIGKILLs. */
export function start(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Child {
  const proc = new Deno.Command(cmd, {
    args,
    env,
    ...(cwd ? { cwd } : {}),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  const dec = new TextDecoder();
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const c of s) text += dec.decode(c, { stream: true });
  };
  const pumps = Promise.all([pump(proc.stdout), pump(proc.stderr)]);
  return {
    proc,
    output: () => text,
    async stop() {
      try {
        proc.kill("SIGTERM");
      } catch {
        // already gone
      }
      const t = setTimeout(() => {
        try {
          proc.kill("SIGKILL");
        } catch {
          // already gone
        }
      }, 3000);
      const status = await proc.status;
      clearTimeout(t);
      await pumps;
      return status;
    },
  };
}
