/**
 * A levelled logger in NUT's manner: messages always, debug lines when the
 * debug level (-D count) is high enough. Output goes to an injected sink.
 * Secrets must never be passed here.
 *
 * @module
 */

/** Severity of a log line (syslog names). */
export type LogLevel = "crit" | "err" | "warning" | "notice" | "info" | "debug";

/** Where log lines go. */
export type LogSink = (level: LogLevel, message: string) => void;

/** A logger bound to a sink and a debug level. */
export class Logger {
  #sink: LogSink;
  debugLevel: number;

  constructor(sink: LogSink, debugLevel = 0) {
    this.#sink = sink;
    this.debugLevel = debugLevel;
  }

  /** Critical: the process cannot do its job. */
  crit(message: string): void {
    this.#sink("crit", message);
  }
  /** An error that was handled. */
  error(message: string): void {
    this.#sink("err", message);
  }
  /** A warning. */
  warn(message: string): void {
    this.#sink("warning", message);
  }
  /** A notice (NUT's upslogx(LOG_NOTICE)). */
  notice(message: string): void {
    this.#sink("notice", message);
  }
  /** Information (NUT's upslogx(LOG_INFO)). */
  info(message: string): void {
    this.#sink("info", message);
  }
  /** A debug line, shown when the debug level is at least `level`. */
  debug(level: number, message: string): void {
    if (this.debugLevel >= level) this.#sink("debug", message);
  }
}

/** A sink that writes plain lines through `write` (stderr in the foreground). */
export function lineSink(write: (text: string) => void): LogSink {
  return (_level, message) => write(message + "\n");
}

/** A logger that drops everything (tests). */
export function silentLogger(): Logger {
  return new Logger(() => {});
}
