/**
 * The I/O a binary's `main(args, io)` may use. The Deno-backed implementation
 * is `cli/_io.ts`; tests pass a recording one (`tests/fake_io.ts`).
 *
 * @module
 */

/** Console, environment and cancellation for one run of a binary. */
export interface Io {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** An environment variable, or undefined. */
  env(name: string): string | undefined;
  /** True when standard input is a terminal (tools may prompt then). */
  readonly isTerminal: boolean;
  /** Reads one line from standard input after printing `prompt` (no echo when `secret`). */
  prompt(prompt: string, secret?: boolean): Promise<string | undefined>;
  /** Aborted when the process is asked to stop (SIGINT/SIGTERM). */
  readonly signal: AbortSignal;
}
