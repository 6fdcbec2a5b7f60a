import { assertEquals } from "../../tests/assert.ts";
import {
  defaultNotifySettings,
  formatNotifyMessage,
  NOTIFY_TYPES,
  route,
} from "./notify.ts";

const opts = { permissions: "none" } as const;

Deno.test("formatNotifyMessage() as snprintf with one %s", opts, () => {
  assertEquals(
    formatNotifyMessage("UPS %s on battery", "u@h"),
    "UPS u@h on battery",
  );
  assertEquals(formatNotifyMessage("%s %s 100%%", "u"), "u  100%");
});

Deno.test("route() applies flags and IGNORE", opts, () => {
  const s = defaultNotifySettings();
  // 2.8.0's 11, then OFF/NOTOFF (2.8.1+) and OVER/NOTOVER (upsmon.conf(5))
  assertEquals(NOTIFY_TYPES.length, 15);
  assertEquals(route(s, "ONBATT", "u"), {
    type: "ONBATT",
    system: "u",
    message: "UPS u on battery",
    syslog: true,
    wall: true,
    exec: false,
    webhook: false,
    email: false,
  });
  s.get("ONBATT")!.flags = new Set(["IGNORE", "EXEC"]);
  assertEquals(route(s, "ONBATT", "u"), undefined);
  assertEquals(route(s, "CAL", "u")?.wall, false);
});
