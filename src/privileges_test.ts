import { assertEquals } from "../tests/assert.ts";
import { findGroup, findUser } from "./privileges.ts";

const opts = { permissions: "none" } as const;

Deno.test("findUser() and findGroup() read passwd/group text", opts, () => {
  const passwd =
    "root:x:0:0:root:/root:/bin/sh\nnut:x:102:105::/var/lib/nut:/usr/sbin/nologin\n";
  assertEquals(findUser(passwd, "nut"), {
    name: "nut",
    uid: 102,
    gid: 105,
    home: "/var/lib/nut",
  });
  assertEquals(findUser(passwd, "0")?.name, "root");
  assertEquals(findUser(passwd, "nobody"), undefined);
  assertEquals(findGroup("nut:x:105:\n", "nut"), 105);
  assertEquals(findGroup("", "7"), 7);
});
