import { assertEquals } from "../../tests/assert.ts";
import {
  fruIdsPresent,
  hasPowerSupplyRecord,
  ipmiLanArgs,
  type IpmiToolRunner,
  scanIpmi,
} from "./ipmi.ts";

Deno.test({
  name: "fruIdsPresent: ids whose inventory area info succeeds, in order",
  permissions: "none",
  fn() {
    // ipmi-raw --file output: one reply per line, ids 0…
    const out = "rcvd: 10 CC \nrcvd: 10 00 00 00 00 \nrcvd: 10 00 00 01 00 \n";
    assertEquals(fruIdsPresent(out), [2]);
  },
});

Deno.test({
  name: "ipmiLanArgs: IPMI 1.5, ADMIN, credentials only when given",
  permissions: "none",
  fn() {
    const base = { authType: "MD2", concurrency: 1 };
    assertEquals(ipmiLanArgs("h", base), [
      "-h",
      "h",
      "--driver-type=LAN",
      "-a",
      "MD2",
      "-l",
      "ADMIN",
      "--session-timeout=5000",
    ]);
    assertEquals(
      ipmiLanArgs("h", { ...base, username: "u", password: "p" }).slice(-4),
      ["-u", "u", "-p", "p"],
    );
  },
});

Deno.test({
  name:
    "scanIpmi: a PSU FRU gives id<decimal>@host (as the driver reads it); other FRUs are skipped",
  permissions: { read: true, write: true },
  async fn() {
    const calls: string[][] = [];
    const run: IpmiToolRunner = (tool, args) => {
      calls.push([tool, ...args]);
      if (tool === "ipmi-raw") {
        const lines = Array.from(
          { length: 256 },
          (_, id) =>
            id === 0 || id === 26 ? "rcvd: 10 00 00 01 00" : "rcvd: 10 CB",
        );
        return Promise.resolve({ ok: true, out: lines.join("\n") + "\n" });
      }
      const psu = args.includes("--device-id=26");
      return Promise.resolve({
        ok: true,
        out: psu
          ? "  FRU Power Supply Overall Capacity: 500 Watts\n"
          : "  FRU Board Manufacturer: X\n",
      });
    };
    const found = await scanIpmi(["10.1.1.1"], {
      authType: "MD5",
      concurrency: 4,
      run,
    });
    assertEquals(found.map((d) => [d.driver, d.port]), [
      ["nut-ipmipsu", "id26@10.1.1.1"], // NUT 2.8.0 prints id1a
    ]);
    assertEquals(calls.length, 3);
    assertEquals(calls[0]![0], "ipmi-raw");
    assertEquals(hasPowerSupplyRecord("FRU Board Manufacturer: X"), false);
  },
});
