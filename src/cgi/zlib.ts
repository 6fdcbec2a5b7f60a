/**
 * zlib compression for upsimage's PNGs. NUT's PNGs come from the system
 * zlib (via libpng); Deno's node:zlib compresses differently, so the
 * system library is used through FFI when it can be loaded, which makes
 * the bytes identical. Without it (no --allow-ffi, no libz.so.1) the
 * node:zlib stream still decodes to the same pixels.
 *
 * @module
 */
import { deflateSync } from "node:zlib";
import type { Deflate } from "./png.ts";

const LIBZ = ["libz.so.1", "libz.so", "libz.1.dylib", "zlib1.dll"];

function systemDeflate(): Deflate | undefined {
  for (const name of LIBZ) {
    try {
      const lib = Deno.dlopen(name, {
        compress2: {
          parameters: ["buffer", "buffer", "buffer", "u64", "i32"],
          result: "i32",
        },
        compressBound: { parameters: ["u64"], result: "u64" },
      });
      return (data) => {
        const bound = Number(lib.symbols.compressBound(BigInt(data.length)));
        const dest = new Uint8Array(bound);
        const len = new BigUint64Array([BigInt(bound)]);
        // level 6 is what Z_DEFAULT_COMPRESSION means
        const rc = lib.symbols.compress2(
          dest,
          len,
          data,
          BigInt(data.length),
          6,
        );
        if (rc !== 0) throw new Error(`zlib compress2 failed (${rc})`);
        return dest.slice(0, Number(len[0]));
      };
    } catch {
      // not loadable here: try the next name
    }
  }
  return undefined;
}

/** The best deflate available: the system zlib, else node:zlib. */
export function pngDeflate(): Deflate {
  return systemDeflate() ??
    ((data) => new Uint8Array(deflateSync(data, { level: 6, windowBits: 15 })));
}
