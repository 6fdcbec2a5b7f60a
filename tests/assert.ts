/**
 * Assertions for tests: node:assert/strict under std-like names (JSR is
 * unreachable here, so @std/assert is not available).
 *
 * @module
 */
import assert from "node:assert/strict";

/** Deep strict equality. */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  assert.deepStrictEqual(actual, expected, msg);
}

/** Asserts a truthy value. */
export function assert_(value: unknown, msg?: string): asserts value {
  assert.ok(value, msg);
}
export { assert_ as assert };

/** Asserts `text` contains `part`. */
export function assertStringIncludes(text: string, part: string): void {
  if (!text.includes(part)) {
    throw new assert.AssertionError({
      message: `Expected text to include ${JSON.stringify(part)}:\n${text}`,
    });
  }
}

/** Asserts `fn` throws an instance of `type` whose message includes `part`. */
export function assertThrows(
  fn: () => unknown,
  type: new (...args: never[]) => Error = Error,
  part = "",
): Error {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof type)) throw e;
    assertStringIncludes(e.message, part);
    return e;
  }
  throw new assert.AssertionError({ message: "Expected function to throw" });
}

/** Async variant of assertThrows. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  type: new (...args: never[]) => Error = Error,
  part = "",
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    if (!(e instanceof type)) throw e;
    assertStringIncludes(e.message, part);
    return e;
  }
  throw new assert.AssertionError({ message: "Expected promise to reject" });
}

/** Asserts `actual` matches `re`. */
export function assertMatch(actual: string, re: RegExp): void {
  assert.match(actual, re);
}
