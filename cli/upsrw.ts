/**
 * upsrw: list and set read/write variables (NUT's clients/upsrw.c, 2.8.0),
 * plus `-j` JSON (docs/json.md).
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import {
  applyWriteToolOption,
  runWriteTool,
  type WriteToolOptions,
} from "../src/client/write_tool.ts";
import { getopt } from "../src/client/getopt.ts";
import { jsonPretty } from "../src/client/json.ts";
import type { NutClient } from "../src/client/mod.ts";
import { askCredentials, errorText, Fatal } from "../src/client/tool.ts";
import { trackingId, waitForTracking } from "../src/client/tracking.ts";
import {
  describeRw,
  PartialFatal,
  printRw,
  type RwVar,
} from "../src/client/rw_list.ts";
import { encodeWord } from "../src/words.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { runMain } from "./_io.ts";

/** getopt option letters (`x:` takes an argument); `-h` lists each one. */
export const GETOPT = "+hls:p:t:u:wjVW:";

const DEFAULT_TRACKING_TIMEOUT = 10;

function usage(io: Io): void {
  io.out(`Network UPS Tools upsrw ${NUT_VERSION}

usage: upsrw [-h]
       upsrw [-s <variable>] [-u <username>] [-p <password>] [-w] [-t <timeout>] <ups>

Demo program to set variables within UPS hardware.

  -h            display this help text
  -s <variable>\tspecify variable to be changed
\t\tuse -s VAR=VALUE to avoid prompting for value
  -l            show all possible read/write variables.
  -u <username> set username for command authentication
  -p <password> set password for command authentication
  -w            wait for the completion of setting by the driver
                and return its actual result from the device
  -t <timeout>\tset a timeout when using -w (in seconds, default: ${DEFAULT_TRACKING_TIMEOUT})

  <ups>         UPS identifier - <upsname>[@<hostname>[:<port>]]

Call without -s to show all possible read/write variables (same as -l).

Also accepted (NUT 2.8.1+):
  -j            JSON output (with -l, or without -s)
  -W <secs>     network timeout for initial connections
  -V            display the version of this software
`);
}

interface SetOptions {
  ups: string;
  setvar: string;
  user: string | undefined;
  pass: string | undefined;
  wait: boolean;
  timeout: number;
  json: boolean;
}

async function doSet(
  client: NutClient,
  io: Io,
  o: SetOptions,
): Promise<number> {
  const { user, pass } = await askCredentials(io, o.user, o.pass);
  let name = o.setvar;
  let value: string;
  const eq = name.indexOf("=");
  if (eq >= 0) {
    value = name.slice(eq + 1);
    name = name.slice(0, eq);
  } else {
    io.out(`Enter new value for ${name}: `);
    value = (await io.prompt("", false)) ?? "";
  }
  const step = async (line: string, what: string): Promise<string> => {
    try {
      return await client.raw(line);
    } catch (e) {
      throw new Fatal(`${what}: ${errorText(e)}`);
    }
  };
  await step(`USERNAME ${user}`, "Set username failed");
  await step(`PASSWORD ${pass}`, "Set password failed");
  if (!name.includes(".")) {
    throw new Fatal("Error: old variable names are not supported");
  }
  if (o.wait) {
    const r = await step(
      "SET TRACKING ON",
      "Enabling set variable status tracking failed",
    );
    if (!r.startsWith("OK")) {
      throw new Fatal(
        `Enabling set variable status tracking failed. upsd answered: ${r}`,
      );
    }
  }
  const reply = await step(
    `SET VAR ${o.ups} ${name} "${encodeWord(value)}"`,
    "Set variable failed",
  );
  if (!reply.startsWith("OK")) {
    if (o.json) {
      io.out(
        jsonPretty({
          ups: o.ups,
          variable: name,
          value,
          ok: false,
          result: reply,
          tracking: null,
        }),
      );
    }
    throw new Fatal(`Unexpected response from upsd: ${reply}`);
  }
  const id = o.wait ? trackingId(reply) : undefined;
  const result = id === undefined
    ? reply
    : await waitForTracking(client, id, o.timeout);
  io.err(result + "\n");
  if (o.json) {
    io.out(jsonPretty({
      ups: o.ups,
      variable: name,
      value,
      ok: result === "OK" || result === "SUCCESS",
      result,
      tracking: id === undefined ? null : { id, status: result },
    }));
  }
  return 0;
}

async function listRw(
  client: NutClient,
  io: Io,
  ups: string,
  json: boolean,
): Promise<number> {
  const names = (await client.list(["RW", ups])).map((w) => w[2] ?? "");
  const vars: Array<Omit<RwVar, "text">> = [];
  for (const name of names) {
    let v: RwVar;
    try {
      v = await describeRw(client, ups, name);
    } catch (e) {
      if (e instanceof PartialFatal && !json) io.out(e.partial);
      throw e;
    }
    const { text: _text, ...rest } = v;
    if (json) vars.push(rest);
    else io.out(printRw(v));
  }
  if (json) io.out(jsonPretty({ ups, variables: vars }));
  return 0;
}

/** upsrw's command line: see `upsrw -h`. */
export async function main(args: string[], io: Io): Promise<number> {
  const { opts, rest } = getopt(args, GETOPT);
  let setvar: string | undefined;
  const s: WriteToolOptions = {
    io,
    timeout: DEFAULT_TRACKING_TIMEOUT,
    wait: false,
    json: false,
  };
  for (const o of opts) {
    const shared = applyWriteToolOption(o, s);
    if (typeof shared === "number") return shared;
    if (shared) continue;
    io = s.io;
    switch (o.opt) {
      case "s":
        setvar = o.arg!;
        break;
      case "l":
        if (setvar !== undefined) {
          io.err(
            "Listing mode requested, overriding setvar specified earlier!\n",
          );
          setvar = undefined;
        }
        break;
      case "V":
        io.out(`Network UPS Tools upsrw ${NUT_VERSION}\n`);
        io.err(versionNote());
        return 0;
      default:
        if (o.error) io.err(`upsrw: ${o.error}\n`);
        usage(io);
        return 0;
    }
  }
  io = s.io;
  if (rest.length < 1) {
    usage(io);
    return 0;
  }
  const { user, pass, wait, timeout, json } = s;
  return await runWriteTool(io, rest[0]!, json, async (client, ups) => {
    if (setvar !== undefined) {
      return await doSet(client, io, {
        ups,
        setvar,
        user,
        pass,
        wait,
        timeout,
        json,
      });
    }
    return await listRw(client, io, ups, json);
  });
}

if (import.meta.main) runMain(main);
