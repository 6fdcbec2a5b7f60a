import { assertEquals } from "../../tests/assert.ts";
import { instcmdPlan, setvarPlan, statusTokens } from "./commands.ts";

const opts = { permissions: "none" as const };

Deno.test({
  name: "bcmxcp plans: delays little-endian, outlet -1 means shutdown_delay",
  ...opts,
  fn: () => {
    assertEquals(instcmdPlan("shutdown.return", 300, () => 0)?.bytes, [
      0x8a,
      0x2c,
      0x01,
    ]);
    assertEquals(
      instcmdPlan("OUTLET.2.shutdown.return", 120, () => -1)?.bytes,
      [
        0x8a,
        120,
        0,
        2,
      ],
    );
    assertEquals(
      instcmdPlan("shutdown.return", 0, () => 0)?.message(
        new Uint8Array([0x31, 0, 0x2c, 0x01]),
      ),
      "Going down in 300 sec",
    );
    assertEquals(instcmdPlan("outlet.1.load.off", 0, () => 0)?.bytes, [
      0x8b,
      1,
    ]);
    assertEquals(instcmdPlan("no.such", 0, () => 0), undefined);
  },
});

Deno.test({
  name: "bcmxcp SET: out of range still authorises; outlets need the block",
  ...opts,
  fn: () => {
    assertEquals(setvarPlan("input.transfer.boost.high", "999", 0), {
      authorise: true,
    });
    assertEquals(
      setvarPlan("input.transfer.boost.high", "300", 0).plan?.bytes.slice(0, 2),
      [0x95, 0x02],
    );
    assertEquals(setvarPlan("outlet.1.delay.start", "5", 8), {
      authorise: false,
    });
    assertEquals(setvarPlan("outlet.1.delay.start", "5", 20).plan?.bytes, [
      0x97,
      2,
      1,
      5,
      0,
    ]);
  },
});

Deno.test({
  name:
    "bcmxcp status: the topology LB comes first, then the alarms' OB and RB",
  ...opts,
  fn: () => {
    const none = { onBattery: false, lowBattery: false, replace: false };
    assertEquals(statusTokens(new Uint8Array([0x50, 0]), 0, none), ["OL"]);
    assertEquals(
      statusTokens(new Uint8Array([0xf0, 0x20]), 0x20, {
        ...none,
        onBattery: true,
        replace: true,
      }),
      ["LB", "OB", "RB"],
    );
  },
});
