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
import { cgiCommandLine } from "../src/cgi/command_line.ts";
import { runMain } from "./_io.ts";

/** Runs one CGI request (argv: only -V/-h outside a web server). */
export async function main(args: string[], io: Io): Promise<number> {
  const early = cgiCommandLine(
    "upsimage.cgi",
    "PNG bar images of UPS variables (?host=<ups>&display=<variable>).",
    args,
    io,
  );
  if (early !== undefined) return early;
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
