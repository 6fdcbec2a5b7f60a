import { assertEquals } from "../tests/assert.ts";
import { DRIVERS, findDriver } from "./mod.ts";
import { availableBinaries, BINARIES } from "../scripts/binaries.ts";

Deno.test("the registry and the binaries table list the same drivers", () => {
  const driverEntries = availableBinaries().filter((b) =>
    b.entry.startsWith("drivers/")
  );
  assertEquals(
    driverEntries.map((b) => b.name).sort(),
    Object.keys(DRIVERS).sort(),
  );
  for (const [name, def] of Object.entries(DRIVERS)) {
    assertEquals(def.name, name);
    assertEquals(findDriver(name), def);
  }
  assertEquals(findDriver("toString"), undefined);
  assertEquals(BINARIES.filter((b) => b.name === "dummy-ups").length, 1);
});
