import { assertEquals } from "../../tests/assert.ts";
import { parseConnectTimeout, withConnectTimeout } from "./tool.ts";
import { fakeIo } from "../../tests/fake_io.ts";

// NUT 2.8.3+ client tools (upsc(8) and friends): `-W <secs>`, also
// NUT_DEFAULT_CONNECT_TIMEOUT; a bad value is "Error: invalid network timeout"
Deno.test("-W: connect timeout values", { permissions: "none" }, () => {
  assertEquals(parseConnectTimeout("5"), 5);
  assertEquals(parseConnectTimeout("0.5"), 0.5);
  assertEquals(parseConnectTimeout("0"), 0);
  assertEquals(parseConnectTimeout("-1"), undefined);
  assertEquals(parseConnectTimeout("abc"), undefined);
  assertEquals(parseConnectTimeout(undefined), undefined);
  const io = fakeIo({ OTHER: "x" });
  const next = withConnectTimeout(io, "3");
  if (typeof next === "string") throw new Error(next);
  assertEquals(next.env("NUT_DEFAULT_CONNECT_TIMEOUT"), "3");
  assertEquals(next.env("OTHER"), "x");
  next.out("through\n");
  assertEquals(io.stdout, "through\n");
  assertEquals(
    withConnectTimeout(io, "soon"),
    "Error: invalid network timeout: soon",
  );
});
