/**
 * nut-allinone: the drivers of ups.conf, upsd and upsmon in one process
 * (deno-nut extension, for small hosts and containers: one runtime instead
 * of four). Each part is the same code as its own binary, run in-process:
 * the driver host (`nut-driver-host -F --all`), `upsd -FF` (foreground with
 * its PID file, so `upsd -c reload` works), `upsmon -F -p`.
 *
 *   nut-allinone [-D...] [--no-upsmon] [--no-upsd]
 *
 * upsmon runs as NUT's `upsmon -p` does (one privileged process, no split):
 * SHUTDOWNCMD runs from this process, which must therefore stay root. Use
 * the separate binaries where upsmon's privilege split or a run-as user for
 * upsd and the drivers is wanted.
 *
 * @module
 */
import type { Io } from "../src/io.ts";
import { HOST_READY, main as hostMain } from "./nut_driver_host.ts";
import { NUT_VERSION } from "../src/version.ts";
import { runMain } from "./_io.ts";

function usage(io: Io): number {
  io.err("usage: nut-allinone [-D...] [--no-upsd] [--no-upsmon]\n");
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

/** nut-allinone's main. */
export async function main(args: string[], io: Io): Promise<number> {
  let debug = "";
  let withUpsd = true, withUpsmon = true;
  for (const a of args) {
    if (a === "-V") {
      io.out(`Network UPS Tools - all-in-one ${NUT_VERSION} (deno-nut)\n`);
      return 0;
    }
    if (/^-D+$/.test(a)) debug += a.slice(1);
    else if (a === "--no-upsd") withUpsd = false;
    else if (a === "--no-upsmon") withUpsmon = false;
    else return usage(io);
  }
  const dbg = debug ? [`-${debug}`] : [];
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
  const hostDone = ended(hostMain(["-F", ...dbg, "--all"], host.io));
  const first = await Promise.race([host.seen.then(() => 0), hostDone]);
  if (first !== 0) return first;
  const parts: Promise<number>[] = [hostDone];
  if (withUpsd) {
    const upsd = await import("./upsd.ts");
    parts.push(ended(upsd.main(["-FF", "-u", "root", ...dbg], shared)));
  }
  if (withUpsmon) {
    const upsmon = await import("./upsmon.ts");
    parts.push(ended(upsmon.main(["-F", "-p", ...dbg], shared)));
  }
  const codes = await Promise.all(parts);
  io.signal.removeEventListener("abort", onAbort);
  return codes.find((c) => c !== 0) ?? 0;
}

if (import.meta.main) runMain(main);
