/** The DDL comparison rules: identical failures are not identical outputs. */
import { assertEquals } from "../assert.ts";
import { compare } from "./ddl_compare.ts";

const OK = (out: string) => ({ ok: true, out });
const FAIL = (out: string) => ({ ok: false, out });

Deno.test({
  name: "ddl compare: the same failure on both sides is not counted identical",
  permissions: "none",
  fn() {
    const err = "Error: Driver not connected\n";
    const r = compare(
      "t",
      ["a.dev", "b.dev"],
      [OK("ups.status: OL\n"), FAIL(err)],
      [OK("ups.status: OL\n"), FAIL(err)],
    );
    assertEquals(r.same, 1);
    assertEquals(r.bothFailed, ["b.dev"]);
    assertEquals(r.unexplained, []);
  },
});

Deno.test({
  name: "ddl compare: one side failing, or differing lines, are unexplained",
  permissions: "none",
  fn() {
    const r = compare(
      "t",
      ["a.dev", "b.dev", "c.dev"],
      [OK("x: 1\n"), OK("x: 1\n"), OK("x: 1\n")],
      [FAIL("x: 1\n"), OK("x: 2\n"), OK("x: 1\n")],
    );
    assertEquals(r.same, 1);
    assertEquals(r.bothFailed, []);
    assertEquals(r.unexplained, [
      "-x: 1|+(upsc failed) x: 1",
      "-x: 1|+x: 2",
    ]);
  },
});

Deno.test({
  name: "ddl compare: a listed deliberate difference is explained",
  permissions: "none",
  fn() {
    const r = compare(
      "t",
      ["a.dev"],
      [OK("driver.parameter.synchronous: yes\n")],
      [OK("driver.parameter.synchronous: auto\n")],
    );
    assertEquals([r.same, r.unexplained.length], [0, 0]);
  },
});
