/**
 * What upscmd and upsrw share: the -u -p -t -w -j -W options and the run
 * around one request (connect to the target, JSON error reply, close).
 *
 * @module
 */
import type { Io } from "../io.ts";
import { jsonPretty } from "./json.ts";
import type { NutClient } from "./mod.ts";
import {
  connectFromEnv,
  errorText,
  Fatal,
  parseTarget,
  parseTimeoutOption,
  runTool,
  withConnectTimeout,
} from "./tool.ts";

/** The shared options as parsed so far (`io` gains -W's deadline). */
export interface WriteToolOptions {
  io: Io;
  user?: string;
  pass?: string;
  timeout: number;
  wait: boolean;
  json: boolean;
}

/**
 * Applies one shared option: true when it was one, false when the tool
 * handles the letter itself, a number to exit with on a bad value.
 */
export function applyWriteToolOption(
  o: { opt: string; arg?: string },
  s: WriteToolOptions,
): boolean | number {
  switch (o.opt) {
    case "u":
      s.user = o.arg!;
      return true;
    case "p":
      s.pass = o.arg!;
      return true;
    case "t": {
      const t = parseTimeoutOption(s.io, o.arg!);
      if (t === undefined) return 1;
      s.timeout = t;
      return true;
    }
    case "w":
      s.wait = true;
      return true;
    case "j":
      s.json = true;
      return true;
    case "W": {
      // NUT 2.8.3+: timeout for the initial connection
      const next = withConnectTimeout(s.io, o.arg!);
      if (typeof next === "string") {
        s.io.err(next + "\n");
        return 1;
      }
      s.io = next;
      return true;
    }
  }
  return false;
}

/**
 * Connects to `target` and runs `fn`; with -j a failure is also printed as
 * `{"error": ...}` (NUT 2.8.3+), except for the unexpected-reply fatals.
 */
export function runWriteTool(
  io: Io,
  target: string,
  json: boolean,
  fn: (client: NutClient, ups: string) => Promise<number>,
): Promise<number> {
  return runTool(io, async () => {
    const { ups, host, port } = parseTarget(io, target);
    let client: NutClient | undefined;
    try {
      client = await connectFromEnv(io, host, port, "off");
      return await fn(client, ups);
    } catch (e) {
      if (json && !(e instanceof Fatal && e.message.startsWith("Unexpected"))) {
        const text = e instanceof Fatal
          ? e.message.replace(/^Error: /, "")
          : errorText(e);
        io.out(jsonPretty({ error: text }));
      }
      throw e;
    } finally {
      await client?.close();
    }
  });
}
