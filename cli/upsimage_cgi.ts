/**
 * upsimage.cgi: PNG bar images of UPS variables as a CGI program
 * (QUERY_STRING in, headers and a PNG out). See src/cgi/upsimage.ts.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { nutConnector } from "../src/cgi/link.ts";
import { upsimage } from "../src/cgi/upsimage.ts";
import { pngDeflate } from "../src/cgi/zlib.ts";
import { nutPaths } from "../src/config/paths.ts";
import { runMain } from "./_io.ts";

/** Runs one CGI request; arguments are ignored, as NUT's program does. */
export async function main(_args: string[], io: Io): Promise<number> {
  const r = await upsimage({
    query: io.env("QUERY_STRING"),
    confPath: nutPaths(io.env).confPath,
    readFile: (path) => Deno.readFileSync(path),
    connector: nutConnector,
    deflate: pngDeflate(),
    err: io.err,
  });
  // binary output: straight to the stdout file, not through Io's text
  let rest = r.stdout;
  while (rest.length > 0) rest = rest.subarray(Deno.stdout.writeSync(rest));
  return r.code;
}

if (import.meta.main) runMain(main);
