/**
 * nut-allinone: the drivers of ups.conf, upsd and upsmon in one process
 * (deno-nut extension, for small hosts and containers: one runtime instead
 * of four). Each part is the same code as its own binary, run in-process:
 * the driver host (`nut-driver-host -F --all`), `upsd -FF` (foreground with
 * its PID file, so `upsd -c reload` works), `upsmon -F -p`.
 *
 *   nut-allinone [-u user] [-D...] [--no-upsmon] [--no-upsd]
 *
 * Without `-u` everything stays root and upsmon runs as NUT's `upsmon -p`
 * does (one privileged process). With `-u USER` the split is kept: a 1 MB
 * root /bin/sh helper holds SHUTDOWNCMD and POWERDOWNFLAG (as NUT's upsmon
 * parent does) and the process drops to USER before any driver, socket or
 * connection exists (src/monitor/shutdown_helper.ts).
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { HOST_READY, main as hostMain } from "./nut_driver_host.ts";
import { NUT_VERSION, versionNote } from "../src/version.ts";
import { confFile, nutPaths } from "../src/config/paths.ts";
import { parseUpsmonConf } from "../src/config/upsmon_conf.ts";
import {
  derivedUpsmonConf,
  ShutdownHelper,
} from "../src/monitor/shutdown_helper.ts";
import { dropPrivileges } from "../src/privileges.ts";
import { runMain } from "./_io.ts";

function usage(io: Io): number {
  io.err("usage: nut-allinone [-u user] [-D...] [--no-upsd] [--no-upsmon]\n");
  return 1;
}

/** A view of `io` that reports when `marker` appears on stdout. */
function watchOut(io: Io, marker: string): { io: Io; seen: Promise<void> } {
  let resolve!: () => void;
  const seen = new Promise<void>((r) => resolve = r);
  let text = "";
  return {
    io: {
      ...io,
      out(t) {
        text += t;
        if (text.includes(marker)) resolve();
        else io.out(t);
      },
    },
    seen,
  };
}

/** What `-u USER` set up: the root helper and the derived upsmon.conf. */
interface Split {
  upsmonConf?: string;
  close(): Promise<void>;
}

/**
 * upsmon's privilege split in one process: while root, start the root
 * shutdown helper with SHUTDOWNCMD and POWERDOWNFLAG from upsmon.conf; then
 * drop the whole process to `user` and give upsmon a copy of its config
 * whose SHUTDOWNCMD asks the helper (SIGUSR2 to this process).
 */
async function splitPrivileges(
  user: string,
  withUpsmon: boolean,
  io: Io,
): Promise<Split> {
  const paths = nutPaths(io.env);
  let helper: ShutdownHelper | undefined;
  let text: string | undefined;
  if (withUpsmon) {
    const file = confFile(paths, "upsmon.conf");
    text = new TextDecoder("latin1").decode(await Deno.readFile(file));
    const conf = parseUpsmonConf(text, file);
    helper = ShutdownHelper.spawn(conf.powerDownFlag, conf.shutdownCmd);
  }
  try {
    dropPrivileges(user);
  } catch (e) {
    await helper?.close();
    throw e;
  }
  if (!helper || text === undefined) return { close: () => Promise.resolve() };
  const upsmonConf = `${paths.statePath}/upsmon-allinone.conf`;
  try {
    Deno.removeSync(upsmonConf);
  } catch {
    // none left over
  }
  Deno.writeTextFileSync(upsmonConf, derivedUpsmonConf(text, Deno.pid), {
    mode: 0o600,
  });
  const h = helper;
  const onUsr2 = () => void h.request();
  Deno.addSignalListener("SIGUSR2", onUsr2);
  return {
    upsmonConf,
    async close() {
      Deno.removeSignalListener("SIGUSR2", onUsr2);
      await h.close();
      try {
        Deno.removeSync(upsmonConf);
      } catch {
        // gone
      }
    },
  };
}

/** nut-allinone's main. */
export async function main(args: string[], io: Io): Promise<number> {
  let debug = "";
  let withUpsd = true, withUpsmon = true;
  let user: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-u" && i + 1 < args.length) {
      user = args[++i];
      continue;
    }
    if (a === "-V") {
      io.out(`Network UPS Tools - all-in-one ${NUT_VERSION}\n`);
      io.err(versionNote());
      return 0;
    }
    if (/^-D+$/.test(a)) debug += a.slice(1);
    else if (a === "--no-upsd") withUpsd = false;
    else if (a === "--no-upsmon") withUpsmon = false;
    else return usage(io);
  }
  const dbg = debug ? [`-${debug}`] : [];
  let split: Split | undefined;
  if (user !== undefined) {
    try {
      split = await splitPrivileges(user, withUpsmon, io);
    } catch (e) {
      io.err(`${e instanceof Error ? e.message : e}\n`);
      return 1;
    }
  }
  // one part failing (a fatal start-up error) ends all
  const stop = new AbortController();
  const onAbort = () => stop.abort(io.signal.reason);
  if (io.signal.aborted) onAbort();
  else io.signal.addEventListener("abort", onAbort, { once: true });
  const shared: Io = { ...io, signal: stop.signal };
  // (upsmon ending 0 after SHUTDOWNCMD leaves upsd serving FSD to secondaries)
  const ended = (p: Promise<number>) =>
    p.then((code) => {
      if (code !== 0) stop.abort(stop.signal.reason ?? "SIGTERM");
      return code;
    });
  // drivers first: upsd connects to their sockets when it starts
  const host = watchOut(shared, HOST_READY);
  // the process already has its final user (see -u above): no second drop
  const hostDone = ended(
    hostMain(["-F", "-u", "root", ...dbg, "--all"], host.io),
  );
  const first = await Promise.race([host.seen.then(() => 0), hostDone]);
  if (first !== 0) {
    await split?.close();
    return first;
  }
  const parts: Promise<number>[] = [hostDone];
  if (withUpsd) {
    const upsd = await import("./upsd.ts");
    // with -u the process is no longer root: upsd then changes nothing
    const as = user === undefined ? ["-u", "root"] : [];
    // a small host has few clients: Deno's own listener, without the FFI
    // epoll one (~2.5 MB more RSS), unless DENO_NUT_UPSD_EPOLL=1 asks
    const env = (name: string) =>
      shared.env(name) ??
        (name === "DENO_NUT_UPSD_EPOLL" ? "0" : undefined);
    parts.push(ended(upsd.main(["-FF", ...as, ...dbg], { ...shared, env })));
  }
  if (withUpsmon) {
    const upsmon = await import("./upsmon.ts");
    const conf = split?.upsmonConf ? ["-f", split.upsmonConf] : [];
    parts.push(ended(upsmon.main(["-F", "-p", ...conf, ...dbg], shared)));
  }
  const codes = await Promise.all(parts);
  io.signal.removeEventListener("abort", onAbort);
  await split?.close();
  return codes.find((c) => c !== 0) ?? 0;
}

if (import.meta.main) runMain(main);
