import { assertEquals } from "../../tests/assert.ts";
import { Logger } from "../log.ts";
import { resolveConfig } from "./config.ts";
import { startInstance } from "./instance.ts";
import { defineDriver, type DriverContext } from "./types.ts";

/** A driver that publishes ups.* only, and a new ups.model on each update. */
function fakeDef(model: () => string) {
  return defineDriver({
    name: "fake",
    description: "fake",
    version: "0.1",
    vars: [],
    create: (ctx: DriverContext) => ({
      init() {
        ctx.state.set("ups.mfr", "ACME");
        ctx.state.set("ups.serial", "SN1");
        return Promise.resolve();
      },
      update() {
        ctx.state.set("ups.model", model());
        ctx.state.setStatus(["OL"]);
        return Promise.resolve();
      },
      shutdown: () => Promise.resolve("handled" as const),
    }),
  });
}

async function start(model: () => string, x: Record<string, string> = {}) {
  const def = fakeDef(model);
  const steps = [
    { kind: "x" as const, name: "port", value: "none" },
    ...Object.entries(x).map(([name, value]) => ({
      kind: "x" as const,
      name,
      value,
    })),
  ];
  const resolved = resolveConfig({ def, upsName: "u", steps });
  return await startInstance({ def, resolved, log: new Logger(() => {}) });
}

Deno.test({
  name: "start-up copies ups.mfr/model/serial to device.* once, as main.c",
  permissions: "none",
  fn: async () => {
    let n = 0;
    const running = await start(() => `M${++n}`);
    try {
      const t = running.state.tree;
      // after init and the first update
      assertEquals(t.get("device.mfr"), "ACME");
      assertEquals(t.get("device.model"), "M1");
      assertEquals(t.get("device.serial"), "SN1");
      // 2.8.0 does not keep them in step afterwards
      await running.update();
      assertEquals(t.get("ups.model"), "M2");
      assertEquals(t.get("device.model"), "M1");
    } finally {
      await running.stop();
    }
  },
});

Deno.test({
  name: "device.* copies follow override.ups.* and yield to override.device.*",
  permissions: "none",
  fn: async () => {
    const running = await start(() => "REAL", {
      "override.ups.model": "OVR",
      "override.device.serial": "FIXED",
    });
    try {
      const t = running.state.tree;
      assertEquals(t.get("ups.model"), "OVR");
      assertEquals(t.get("device.model"), "OVR");
      assertEquals(t.get("device.serial"), "FIXED");
      assertEquals(t.get("device.mfr"), "ACME");
    } finally {
      await running.stop();
    }
  },
});

Deno.test({
  name: "no device.* copy when the driver publishes no ups.* names",
  permissions: "none",
  fn: async () => {
    const def = defineDriver({
      name: "bare",
      description: "bare",
      version: "0.1",
      vars: [],
      create: (ctx: DriverContext) => ({
        init: () => Promise.resolve(),
        update() {
          ctx.state.set("device.model", "OWN");
          return Promise.resolve();
        },
        shutdown: () => Promise.resolve("handled" as const),
      }),
    });
    const resolved = resolveConfig({
      def,
      upsName: "u",
      steps: [{ kind: "x", name: "port", value: "none" }],
    });
    const running = await startInstance({
      def,
      resolved,
      log: new Logger(() => {}),
    });
    try {
      const t = running.state.tree;
      assertEquals(t.get("device.model"), "OWN");
      assertEquals(t.get("device.mfr"), undefined);
      assertEquals(t.get("device.serial"), undefined);
    } finally {
      await running.stop();
    }
  },
});
