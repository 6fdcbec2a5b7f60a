/**
 * A recording Io for tests of `main(args, io)`.
 *
 * @module
 */
import type { Io } from "../src/io.ts";

/** An Io that records output and answers prompts from a list. */
export interface FakeIo extends Io {
  readonly stdout: string;
  readonly stderr: string;
  abort(): void;
}

/** Creates a FakeIo with the given environment and prompt answers. */
export function fakeIo(
  env: Record<string, string> = {},
  answers: string[] = [],
  isTerminal = false,
): FakeIo {
  let stdout = "";
  let stderr = "";
  const controller = new AbortController();
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    env: (name) => env[name],
    isTerminal,
    prompt: (text) => {
      stderr += text;
      return Promise.resolve(answers.shift());
    },
    signal: controller.signal,
    abort: () => controller.abort(),
  };
}
