/**
 * upscmd: list and run instant commands (NUT's clients/upscmd.c, 2.8.0),
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
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { runMain } from "./_io.ts";

/** getopt option letters (`x:` takes an argument); `-h` lists each one. */
export const GETOPT = "+lhu:p:t:wjVW:";

const DEFAULT_TRACKING_TIMEOUT = 10;

function usage(io: Io): void {
  io.out(`Network UPS Tools upscmd ${NUT_VERSION}

usage: upscmd [-h]
       upscmd [-l <ups>]
       upscmd [-u <username>] [-p <password>] [-w] [-t <timeout>] <ups> <command> [<value>]

Administration program to initiate instant commands on UPS hardware.

  -h\t\tdisplay this help text
  -l <ups>\tshow available commands on UPS <ups>
  -u <username>\tset username for command authentication
  -p <password>\tset password for command authentication
  -w            wait for the completion of command by the driver
                and return its actual result from the device
  -t <timeout>\tset a timeout when using -w (in seconds, default: ${DEFAULT_TRACKING_TIMEOUT})

  <ups>\t\tUPS identifier - <upsname>[@<hostname>[:<port>]]
  <command>\tValid instant command - test.panel.start, etc.
  [<value>]\tAdditional data for command - number of seconds, etc.

Also accepted (NUT 2.8.1+):
  -j            JSON output (with -l)
  -W <secs>     network timeout for initial connections
  -V            display the version of this software
`);
}

async function listCmds(
  client: NutClient,
  io: Io,
  ups: string,
  json: boolean,
): Promise<number> {
  const names = (await client.list(["CMD", ups])).map((w) => w[2] ?? "");
  const cmds: Array<{ name: string; description: string | null }> = [];
  if (!json) io.out(`Instant commands supported on UPS [${ups}]:\n\n`);
  for (const name of names) {
    let desc: string | undefined;
    try {
      desc = (await client.get(["CMDDESC", ups, name]))[3];
    } catch {
      desc = undefined;
    }
    if (json) cmds.push({ name, description: desc ?? null });
    else io.out(desc === undefined ? `${name}\n` : `${name} - ${desc}\n`);
  }
  if (json) io.out(jsonPretty({ ups, commands: cmds }));
  return 0;
}

interface CmdOptions {
  ups: string;
  cmd: string;
  param: string | undefined;
  user: string | undefined;
  pass: string | undefined;
  wait: boolean;
  timeout: number;
  json: boolean;
}

async function doCmd(
  client: NutClient,
  io: Io,
  o: CmdOptions,
): Promise<number> {
  if (!o.cmd.includes(".")) {
    throw new Fatal("Error: old command names are not supported");
  }
  const { user, pass } = await askCredentials(
    io,
    o.user,
    o.pass,
    "Error reading from stdin!",
  );
  const step = async (line: string, what: string): Promise<string> => {
    try {
      return await client.raw(line);
    } catch (e) {
      throw new Fatal(`${what}: ${errorText(e)}`);
    }
  };
  await step(`USERNAME ${user}`, "Set username failed");
  await step(`PASSWORD ${pass}`, "Set password failed");
  if (o.wait) {
    const r = await step(
      "SET TRACKING ON",
      "Enabling command status tracking failed",
    );
    if (!r.startsWith("OK")) {
      throw new Fatal(
        `Enabling command status tracking failed. upsd answered: ${r}`,
      );
    }
  }
  // As NUT: the value goes raw, unquoted (upsd takes only its first word).
  const line = o.param === undefined
    ? `INSTCMD ${o.ups} ${o.cmd}`
    : `INSTCMD ${o.ups} ${o.cmd} ${o.param}`;
  const reply = await step(line, "Instant command failed");
  const report = (result: string, id: string | undefined, ok: boolean) => {
    if (!o.json) return;
    io.out(jsonPretty({
      ups: o.ups,
      command: o.cmd,
      parameter: o.param ?? null,
      ok,
      result,
      tracking: id === undefined ? null : { id, status: result },
    }));
  };
  if (!reply.startsWith("OK")) {
    report(reply, undefined, false);
    throw new Fatal(`Unexpected response from upsd: ${reply}`);
  }
  const id = o.wait ? trackingId(reply) : undefined;
  const result = id === undefined
    ? reply
    : await waitForTracking(client, id, o.timeout);
  io.err(result + "\n");
  report(result, id, result === "OK" || result === "SUCCESS");
  return 0;
}

/** upscmd's command line: see `upscmd -h`. */
export async function main(args: string[], io: Io): Promise<number> {
  const { opts, rest } = getopt(args, GETOPT);
  let list = false;
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
      case "l":
        list = true;
        break;
      case "V":
        io.err(`Network UPS Tools upscmd ${NUT_VERSION}\n` + versionNote());
        return 0;
      default:
        if (o.error) io.err(`upscmd: ${o.error}\n`);
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
    if (list) return await listCmds(client, io, ups, json);
    if (rest.length < 2) {
      usage(io);
      return 0;
    }
    return await doCmd(client, io, {
      ups,
      cmd: rest[1]!,
      param: rest[2],
      user,
      pass,
      wait,
      timeout,
      json,
    });
  });
}

if (import.meta.main) runMain(main);
