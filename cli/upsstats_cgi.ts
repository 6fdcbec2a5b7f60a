/**
 * upsstats.cgi: NUT's status pages as a CGI program (QUERY_STRING in,
 * HTTP headers and HTML out). See src/cgi/upsstats.ts.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { nutConnector } from "../src/cgi/link.ts";
import { upsstats } from "../src/cgi/upsstats.ts";
import { nutPaths } from "../src/config/paths.ts";
import { cgiCommandLine } from "../src/cgi/command_line.ts";
import { runMain } from "./_io.ts";

/** Runs one CGI request (argv: only -V/-h outside a web server). */
export async function main(args: string[], io: Io): Promise<number> {
  const early = cgiCommandLine(
    "upsstats.cgi",
    "Status pages of the UPSes in hosts.conf (upsstats.html, upsstats-single.html, ?json).",
    args,
    io,
  );
  if (early !== undefined) return early;
  // one write at the end, as stdio buffering gives NUT's program
  let page = "";
  try {
    return await upsstats({
      query: io.env("QUERY_STRING"),
      confPath: nutPaths(io.env).confPath,
      readFile: (path) => Deno.readFileSync(path),
      connector: nutConnector,
      now: () => new Date(),
      out: (text) => page += text,
      err: io.err,
    });
  } finally {
    if (page !== "") io.out(page);
  }
}

if (import.meta.main) runMain(main);
