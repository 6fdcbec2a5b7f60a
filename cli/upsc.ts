/**
 * upsc: show UPS variables (NUT's clients/upsc.c, 2.8.0), plus `-j` JSON in
 * the form NUT 2.8.5 prints.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { getopt } from "../src/client/getopt.ts";
import {
  jsonArrayLines,
  jsonObjectLines,
  jsonString,
} from "../src/client/json.ts";
import {
  type NutClient,
  NutError,
  parseHostPort,
  parseUpsName,
  UpsNameError,
} from "../src/client/mod.ts";
import {
  connectFromEnv,
  errorText,
  Fatal,
  runTool,
  withConnectTimeout,
} from "../src/client/tool.ts";
import { runMain } from "./_io.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";

/** getopt option letters (`x:` takes an argument); `-h` lists each one. */
export const GETOPT = "+hlLcjVW:";

function usage(io: Io): void {
  io.out(`Network UPS Tools upsc ${NUT_VERSION}

usage: upsc -l | -L [<hostname>[:port]]
       upsc <ups> [<variable>]
       upsc -c <ups>

Demo program to display UPS variables.

First form (lists UPSes):
  -l         - lists each UPS on <hostname>, one per line.
  -L         - lists each UPS followed by its description (from ups.conf).
               Default hostname: localhost

Second form (lists variables and values):
  <ups>      - upsd server, <upsname>[@<hostname>[:<port>]] form
  <variable> - optional, display this variable only.
               Default: list all variables for <host>

Third form (lists clients connected to a device):
  -c         - lists each client connected on <ups>, one per line.
  <ups>      - upsd server, <upsname>[@<hostname>[:<port>]] form

Also accepted (NUT 2.8.1+):
  -j         - JSON output, with any of the forms above
  -W <secs>  - network timeout for initial connections
  -V         - display the version of this software
  -h         - display this help text
`);
}

/** upsc's command line: see `upsc -h`. */
export async function main(args: string[], io: Io): Promise<number> {
  const { opts, rest } = getopt(args, GETOPT);
  let varlist = false, verbose = false, clients = false, json = false;
  for (const o of opts) {
    switch (o.opt) {
      case "L":
        verbose = true;
        varlist = true;
        break;
      case "l":
        varlist = true;
        break;
      case "c":
        clients = true;
        break;
      case "j":
        json = true;
        break;
      case "W": {
        // NUT 2.8.3+: timeout for the initial connection
        const next = withConnectTimeout(io, o.arg!);
        if (typeof next === "string") {
          io.err(next + "\n");
          return 1;
        }
        io = next;
        break;
      }
      case "V":
        io.err(`Network UPS Tools upsc ${NUT_VERSION}\n` + versionNote());
        return 0;
      default:
        if (o.error) io.err(`upsc: ${o.error}\n`);
        usage(io);
        return 0;
    }
  }
  // -j errors: the JSON error object on stdout, NUT's line on stderr
  const simple = !varlist && !clients && rest.length > 1;
  const fail = (text: string): Fatal => {
    if (json) {
      io.out(
        simple
          ? `{"error": ${jsonString(text)}}\n`
          : `{\n  "error": ${jsonString(text)}\n}\n`,
      );
    }
    return new Fatal(`Error: ${text}`);
  };
  return await runTool(io, async () => {
    let host: string, port: number, ups = "";
    try {
      if (varlist) {
        ({ host, port } = parseHostPort(rest[0] ?? "localhost"));
      } else {
        ({ ups, host, port } = parseUpsName(rest[0] ?? ""));
      }
    } catch (e) {
      if (!(e instanceof UpsNameError)) throw e;
      if (rest[0]) io.err(e.message + "\n");
      throw fail(
        varlist
          ? "invalid hostname.\nRequired format: [hostname[:port]]"
          : "invalid UPS definition.\nRequired format: upsname[@hostname[:port]]",
      );
    }
    let client: NutClient | undefined;
    try {
      client = await connectFromEnv(io, host, port);
      if (varlist) {
        const items = await client.list(["UPS"]);
        if (json) {
          io.out(
            verbose
              ? jsonObjectLines(items.map((w) => [w[1] ?? "", w[2] ?? ""]))
              : jsonArrayLines(items.map((w) => w[1] ?? "")),
          );
        } else {
          for (const w of items) {
            io.out(verbose ? `${w[1]}: ${w[2]}\n` : `${w[1]}\n`);
          }
        }
      } else if (clients) {
        const items = await client.list(["CLIENT", ups]);
        if (json) io.out(jsonArrayLines(items.map((w) => w[2] ?? "")));
        else for (const w of items) io.out(`${w[2]}\n`);
      } else if (rest.length > 1) {
        const name = rest[1]!;
        if (!name.includes(".")) {
          throw fail("old-style variable names are not supported");
        }
        const value = await client.getVar(ups, name);
        io.out(json ? `${jsonString(value)}\n` : `${value}\n`);
      } else {
        const vars = await client.listVars(ups);
        if (json) io.out(jsonObjectLines(vars));
        else for (const [k, v] of vars) io.out(`${k}: ${v}\n`);
      }
      return 0;
    } catch (e) {
      if (e instanceof Fatal) throw e;
      if (e instanceof NutError && e.code === "UNKNOWN-COMMAND") {
        throw fail(
          simple
            ? "variable unknown (old upsd detected)"
            : "upsd is too old to support this query",
        );
      }
      throw fail(errorText(e));
    } finally {
      await client?.close();
    }
  });
}

if (import.meta.main) runMain(main);
