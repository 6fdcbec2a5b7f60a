/**
 * Where a daemon's log goes once it is in the background: syslog, through
 * logger(1) (Deno has no syslog(3) and no unix datagram sockets without
 * unstable flags). Facility daemon, tag `<program>[<pid>]`, as NUT's.
 *
 * @module
 */
import type { LogSink } from "./log.ts";

/** A sink that sends each line to syslog through logger(1). */
export function syslogSink(tag: string): LogSink {
  const prio: Record<string, string> = {
    crit: "crit",
    err: "err",
    warning: "warning",
    notice: "notice",
    info: "info",
    debug: "debug",
  };
  return (level, message) => {
    try {
      new Deno.Command("logger", {
        args: [
          "-t",
          `${tag}[${Deno.pid}]`,
          "-p",
          `daemon.${prio[level]}`,
          "--",
          message,
        ],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn().status.catch(() => {});
    } catch {
      // no logger: nowhere to write
    }
  };
}
