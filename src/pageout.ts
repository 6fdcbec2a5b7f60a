/**
 * Gives back the code a daemon needed only to start. Starting touches many
 * pages of Deno's 100 MB binary that steady serving never runs again:
 * module loading and TypeScript, config parsing, subprocess and FFI set-up
 * (~10–15 MB). They are clean file pages, so the kernel may drop them at
 * any time and read them back on use; until it does, they count in RSS.
 * Once start-up is over we ask for that at once: madvise(MADV_PAGEOUT,
 * Linux 5.4+) on every read-only file mapping. What is still used comes
 * back on the next touch, so RSS settles at the working set. Writable
 * mappings (data, anonymous memory) are never touched.
 *
 * `DENO_NUT_PAGEOUT`: milliseconds after start-up (default 10000), `0` off.
 *
 * @module
 */

/** One address range of a mapping. */
export interface Range {
  start: bigint;
  end: bigint;
}

const MAPS_LINE = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \d+\s+(.*)$/;

/**
 * The clean file-backed mappings of a /proc/PID/maps text: backed by a file
 * (a path, not [heap], [vdso] or anonymous) and not writable.
 */
export function cleanFileRanges(maps: string): Range[] {
  const out: Range[] = [];
  for (const line of maps.split("\n")) {
    const m = MAPS_LINE.exec(line);
    if (!m) continue;
    const [, start, end, perms, path] = m;
    if (!path!.startsWith("/") || perms![1] === "w") continue;
    out.push({ start: BigInt(`0x${start}`), end: BigInt(`0x${end}`) });
  }
  return out;
}

/** The delay before paging out, or undefined when it is off. */
export function pageOutDelay(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return 10_000;
  const ms = Number(value);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

const MADV_PAGEOUT = 21;

const LIBC = {
  madvise: { parameters: ["usize", "usize", "i32"], result: "i32" },
  open: { parameters: ["buffer", "i32"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
} as const;

/**
 * /proc/self/maps, read through libc: Deno lets only --allow-all read it
 * through its own API, and this already runs with FFI.
 */
function readMaps(libc: Deno.DynamicLibrary<typeof LIBC>["symbols"]): string {
  const fd = libc.open(new TextEncoder().encode("/proc/self/maps\0"), 0);
  if (fd < 0) throw new Error("cannot open /proc/self/maps");
  try {
    const chunks: Uint8Array[] = [];
    const buf = new Uint8Array(65536);
    while (true) {
      const n = Number(libc.read(fd, buf, BigInt(buf.length)));
      if (n <= 0) break;
      chunks.push(buf.slice(0, n));
    }
    const all = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    return new TextDecoder().decode(all);
  } finally {
    libc.close(fd);
  }
}

/**
 * Pages out the clean file mappings of this process now. Returns the bytes
 * advised, or undefined where that cannot be done (not Linux, no FFI
 * permission, a kernel without MADV_PAGEOUT).
 */
export function pageOut(): number | undefined {
  if (Deno.build.os !== "linux") return undefined;
  let libc;
  try {
    libc = Deno.dlopen("libc.so.6", LIBC);
  } catch {
    return undefined;
  }
  try {
    let bytes = 0;
    for (const r of cleanFileRanges(readMaps(libc.symbols))) {
      const len = r.end - r.start;
      if (libc.symbols.madvise(r.start, len, MADV_PAGEOUT) === 0) {
        bytes += Number(len);
      }
    }
    return bytes > 0 ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    libc.close();
  }
}

// one per process (nut-allinone's parts each ask), kept referenced until
// it fires
let scheduled: AbortSignal | undefined;

/**
 * Pages out once, DENO_NUT_PAGEOUT ms from now (default 10 s), without
 * keeping the process alive. Later calls in the same process do nothing.
 */
export function schedulePageOut(
  env: (name: string) => string | undefined,
): void {
  if (scheduled) return;
  const delay = pageOutDelay(env("DENO_NUT_PAGEOUT"));
  if (delay === undefined) return;
  // AbortSignal.timeout's timer never keeps the process alive
  scheduled = AbortSignal.timeout(delay);
  scheduled.addEventListener("abort", () => pageOut(), { once: true });
}
