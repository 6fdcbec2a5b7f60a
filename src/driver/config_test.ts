import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { parseUpsConf } from "../config/ups_conf.ts";
import { DriverConfigFatal, listVarsText, resolveConfig } from "./config.ts";
import { defineDriver } from "./types.ts";

const DEF = defineDriver({
  name: "test-ups",
  description: "Test driver",
  version: "1.0",
  vars: [
    { name: "mode", kind: "value", desc: "Mode" },
    { name: "community", kind: "value", desc: "Secret", sensitive: true },
    { name: "fast", kind: "flag", desc: "Go fast" },
  ],
  create: () => {
    throw new Error("unused");
  },
});

const CONF = parseUpsConf(`
pollinterval = 7
user = nut
[u1]
  driver = test-ups
  port = /dev/x
  desc = "A UPS"
  mode = m1
  community = s3cret
  default.battery.charge.low = 20
  override.ups.mfr = Acme
  fast
  nolock
[wrong]
  driver = other-ups
  port = y
`);

Deno.test("driver config: section, -x overrides, published parameters", {
  permissions: "none",
}, () => {
  const r = resolveConfig({
    def: DEF,
    upsName: "u1",
    upsConf: CONF,
    steps: [{ kind: "section", name: "u1" }, {
      kind: "x",
      name: "mode",
      value: "m2",
    }],
  });
  assertEquals(r.config.port, "/dev/x");
  assertEquals(r.config.values.get("mode"), "m2");
  assertEquals(r.config.values.get("community"), "s3cret");
  assertEquals([...r.config.flags].sort(), ["fast", "nolock"]);
  assertEquals(r.pollInterval, 7);
  assertEquals(r.user, "nut");
  assertEquals(r.noLock, true);
  assertEquals(r.publish, [
    { kind: "set", name: "driver.parameter.port", value: "/dev/x" },
    { kind: "set", name: "driver.parameter.mode", value: "m1" },
    { kind: "set", name: "battery.charge.low", value: "20" },
    { kind: "override", name: "ups.mfr", value: "Acme" },
    { kind: "set", name: "driver.flag.fast", value: "enabled" },
    { kind: "set", name: "driver.flag.nolock", value: "enabled" },
    { kind: "set", name: "driver.parameter.mode", value: "m2" },
  ]);
  // the sensitive value is never published
  assertEquals(
    r.publish.some((p) => p.name.includes("community")),
    false,
  );
});

Deno.test("driver config: NUT's fatal messages and exit codes", {
  permissions: "none",
}, () => {
  const unknown = assertThrows(
    () =>
      resolveConfig({
        def: DEF,
        upsName: "s",
        steps: [{ kind: "x", name: "port", value: "p" }, {
          kind: "x",
          name: "maxstartdelay",
          value: "10",
        }],
      }),
    DriverConfigFatal,
    "Fatal error: 'maxstartdelay' is not a valid variable name for this driver.",
  ) as DriverConfigFatal;
  assertEquals([unknown.fatal.stream, unknown.fatal.exitCode], ["stdout", 0]);
  assertThrows(
    () =>
      resolveConfig({
        def: DEF,
        upsName: "s",
        steps: [{ kind: "x", name: "port", value: "p" }, {
          kind: "x",
          name: "bogus",
        }],
      }),
    DriverConfigFatal,
    "'bogus' is not a valid flag for this driver.",
  );
  const missing = assertThrows(
    () =>
      resolveConfig({
        def: DEF,
        upsName: "nope",
        upsConf: CONF,
        steps: [{ kind: "section", name: "nope" }],
      }),
    DriverConfigFatal,
    "Error: Section nope not found in ups.conf",
  ) as DriverConfigFatal;
  assertEquals(missing.fatal.exitCode, 1);
  assertThrows(
    () =>
      resolveConfig({
        def: DEF,
        upsName: "wrong",
        upsConf: CONF,
        steps: [{ kind: "section", name: "wrong" }],
      }),
    DriverConfigFatal,
    "Error: UPS [wrong] is for driver other-ups, but I'm test-ups!",
  );
  assertThrows(
    () => resolveConfig({ def: DEF, upsName: "s", steps: [] }),
    DriverConfigFatal,
    "Error: you must specify a port name",
  );
});

Deno.test("driver config: -L listing", { permissions: "none" }, () => {
  assertEquals(
    listVarsText(DEF),
    'VALUE mode "Mode"\nUNKNOWN community "Secret"\nFLAG fast "Go fast"\n',
  );
});
