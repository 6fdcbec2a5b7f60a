import { assertEquals } from "../../tests/assert.ts";
import { parseUpsdUsers } from "./upsd_users.ts";

const pure = { permissions: "none" } as const;

Deno.test(
  "parseUpsdUsers() reads users, actions, instcmds, roles",
  pure,
  () => {
    const { users, errors } = parseUpsdUsers(`
stray = line
[admin]
  password = secret
  actions = SET FSD
  instcmds = ALL
[mon]
  password=pw
  upsmon primary
[sec]
  password = x
  upsmon = secondary
  instcmds = test.battery.start
  instcmds = Beeper.Off
`);
    assertEquals(errors, []);
    assertEquals([...users.keys()], ["admin", "mon", "sec"]);
    assertEquals([...users.get("admin")!.actions], ["set", "fsd"]);
    assertEquals([...users.get("admin")!.instcmds], ["all"]);
    assertEquals(users.get("mon")!.password, "pw");
    assertEquals(
      [...users.get("mon")!.actions].sort(),
      ["fsd", "login", "master", "primary"],
    );
    assertEquals([...users.get("sec")!.actions], ["login"]);
    assertEquals([...users.get("sec")!.instcmds], [
      "test.battery.start",
      "beeper.off",
    ]);
  },
);

Deno.test("parseUpsdUsers() keeps NUT's duplicate-section quirk", pure, () => {
  const { users, warnings } = parseUpsdUsers(
    "[a]\npassword = one\n[b]\npassword = two\n[a]\npassword = three\nactions = FSD\n",
  );
  assertEquals(warnings, ["Ignoring duplicate user a"]);
  // the duplicate's lines went to the current user, b
  assertEquals(users.get("a")!.password, "one");
  assertEquals(users.get("b")!.password, "two");
  assertEquals([...users.get("b")!.actions], ["fsd"]);
});

Deno.test("parseUpsdUsers() reports bad lines with file:line", pure, () => {
  const { errors } = parseUpsdUsers(
    "[a]\nupsmon boss\nfrobnicate = 1\n",
    "/e/upsd.users",
  );
  assertEquals(errors.map((e) => e.message), [
    "/e/upsd.users:2: Invalid upsmon type boss",
    "/e/upsd.users:3: invalid directive frobnicate = 1",
  ]);
});

Deno.test("conf/upsd.users.sample parses cleanly", async () => {
  const text = await Deno.readTextFile(
    new URL("../../conf/upsd.users.sample", import.meta.url),
  );
  const { users, errors } = parseUpsdUsers(text);
  assertEquals(errors, []);
  assertEquals(users.size, 0); // every example is commented out
});
