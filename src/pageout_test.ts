import { assertEquals } from "../tests/assert.ts";
import { cleanFileRanges, pageOutDelay } from "./pageout.ts";

const pure = { permissions: "none" } as const;

// the shape of /proc/self/maps: code, read-only data and data of a binary,
// a shared library, heap, anonymous memory, a writable shared file, vdso
const MAPS = `55d0c0000000-55d0c1000000 r--p 00000000 08:01 1234 /usr/bin/deno
55d0c1000000-55d0c5000000 r-xp 01000000 08:01 1234 /usr/bin/deno
55d0c5000000-55d0c5100000 rw-p 05000000 08:01 1234 /usr/bin/deno
55d0c6000000-55d0c6200000 rw-p 00000000 00:00 0 [heap]
7f0000000000-7f0000100000 rw-p 00000000 00:00 0
7f0000200000-7f0000228000 r-xp 00028000 08:01 99 /usr/lib/x86_64-linux-gnu/libc.so.6
7f0000300000-7f0000308000 rw-s 00000000 08:01 77 /root/.cache/deno/v8_code_cache_v2-shm
7f0000400000-7f0000402000 r-xp 00000000 00:00 0 [vdso]
not a maps line`;

Deno.test("cleanFileRanges: read-only file mappings only", pure, () => {
  assertEquals(cleanFileRanges(MAPS), [
    { start: 0x55d0c0000000n, end: 0x55d0c1000000n },
    { start: 0x55d0c1000000n, end: 0x55d0c5000000n },
    { start: 0x7f0000200000n, end: 0x7f0000228000n },
  ]);
});

Deno.test(
  "pageOutDelay: DENO_NUT_PAGEOUT ms, 10 s by default, 0 off",
  pure,
  () => {
    assertEquals(pageOutDelay(undefined), 10_000);
    assertEquals(pageOutDelay(""), 10_000);
    assertEquals(pageOutDelay("250"), 250);
    assertEquals(pageOutDelay("0"), undefined);
    assertEquals(pageOutDelay("off"), undefined);
  },
);
