/**
 * upsset.cgi: UPS settings and instant commands through a web form, as a
 * CGI program (POST body on stdin). See src/cgi/upsset.ts.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { nutConnector } from "../src/cgi/link.ts";
import { upsset } from "../src/cgi/upsset.ts";
import { nutPaths } from "../src/config/paths.ts";
import { cgiCommandLine } from "../src/cgi/command_line.ts";
import { runMain } from "./_io.ts";

/** The POST body: what arrives on stdin, waiting at most 250 ms for it. */
async function readBody(limitMs = 250): Promise<string> {
  const chunks: Uint8Array[] = [];
  const reader = Deno.stdin.readable.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), limitMs);
  });
  try {
    const first = await Promise.race([reader.read(), timeout]);
    clearTimeout(timer);
    // nothing within the wait: NUT's select() gives up the same way
    if (first === null || first.done) return "";
    chunks.push(first.value);
    while (true) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}

/** Runs one CGI request (argv: only -V/-h outside a web server). */
export async function main(args: string[], io: Io): Promise<number> {
  const early = cgiCommandLine(
    "upsset.cgi",
    "UPS settings and instant commands through a web form (needs upsset.conf).",
    args,
    io,
  );
  if (early !== undefined) return early;
  let page = "";
  try {
    return await upsset({
      body: await readBody(),
      confPath: nutPaths(io.env).confPath,
      readFile: (path) => Deno.readFileSync(path),
      connector: nutConnector,
      out: (text) => page += text,
      err: io.err,
    });
  } finally {
    if (page !== "") io.out(page);
  }
}

if (import.meta.main) runMain(main);
