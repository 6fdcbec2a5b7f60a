import { assertEquals } from "../../tests/assert.ts";
import {
  isSimulationFile,
  scanSimulation,
  simulationDevices,
} from "./simulation.ts";

Deno.test("isSimulationFile: .dev/.seq with a name before the dot", {
  permissions: "none",
}, () => {
  assertEquals(
    ["a.dev", "b.seq", ".dev", "c.dev.bak", "d.DEV", "ups.conf", "e.x.seq"]
      .map(isSimulationFile),
    [true, true, false, false, false, false, true],
  );
});

Deno.test("simulationDevices: master's order (sorted, last first)", {
  permissions: "none",
}, () => {
  assertEquals(
    simulationDevices(["b.dev", "ups.conf", "a.seq", "c.dev"]).map((d) => [
      d.driver,
      d.port,
    ]),
    [["dummy-ups", "c.dev"], ["dummy-ups", "b.dev"], ["dummy-ups", "a.seq"]],
  );
});

Deno.test("scanSimulation: regular files only; missing dir throws", async () => {
  const dir = await Deno.makeTempDir({ prefix: "scan-sim-" });
  try {
    await Deno.writeTextFile(`${dir}/ups1.dev`, "ups.status: OL\n");
    await Deno.writeTextFile(`${dir}/ups2.seq`, "ups.status: OB\n");
    await Deno.writeTextFile(`${dir}/ups.conf`, "");
    await Deno.mkdir(`${dir}/dir.dev`);
    await Deno.symlink(`${dir}/ups1.dev`, `${dir}/link.dev`);
    const found = await scanSimulation(dir);
    assertEquals(found.map((d) => d.port), ["ups2.seq", "ups1.dev"]);
    let threw = false;
    await scanSimulation(`${dir}/absent`).catch(() => threw = true);
    assertEquals(threw, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
