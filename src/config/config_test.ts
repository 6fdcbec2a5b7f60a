import { assertEquals, assertThrows } from "../../tests/assert.ts";
import { findSection, parseUpsConf } from "./ups_conf.ts";
import { parseNutConf } from "./nut_conf.ts";
import { nutPaths } from "./paths.ts";
import { ConfigError } from "./errors.ts";

const pure = { permissions: "none" } as const;

Deno.test(
  "parseUpsConf() reads globals, sections, values and flags",
  pure,
  () => {
    const conf = parseUpsConf(
      'maxretry = 3\nnowait\n[a]\n driver = dummy-ups\n port=a.dev\n desc = "My UPS"\n nolock\n[b]\ndriver = x\nport = auto # c\n',
    );
    assertEquals(conf.globals.values.get("maxretry"), "3");
    assertEquals([...conf.globals.flags], ["nowait"]);
    assertEquals(conf.sections.map((s) => s.name), ["a", "b"]);
    const a = findSection(conf, "a")!;
    assertEquals(a.values.get("port"), "a.dev");
    assertEquals(a.values.get("desc"), "My UPS");
    assertEquals([...a.flags], ["nolock"]);
    assertEquals(findSection(conf, "b")!.values.get("port"), "auto");
  },
);

Deno.test(
  "parseUpsConf() ignores NUT-ignored shapes and merges repeated sections",
  pure,
  () => {
    const conf = parseUpsConf(
      "[my ups]\n[u]\ndriver x\nport = 1 2\n[u]\nport = 3\n",
    );
    assertEquals(conf.sections.map((s) => s.name), ["u"]);
    assertEquals(conf.sections[0]!.values.get("port"), "3");
    assertEquals(conf.sections[0]!.values.has("driver"), false);
  },
);

Deno.test(
  "parseUpsConf() reports a bad line as file:line and goes on",
  pure,
  () => {
    const conf = parseUpsConf(
      '[u]\ndesc = "a # b"\nport = p\n',
      "/etc/nut/ups.conf",
    );
    assertEquals(conf.errors.length, 1);
    assertEquals(
      conf.errors[0]!.message,
      "/etc/nut/ups.conf:2: Unbalanced word due to unescaped # in quotes",
    );
    assertEquals(conf.sections[0]!.values.get("port"), "p");
  },
);

Deno.test("parseNutConf() reads MODE and quoted values", pure, () => {
  const conf = parseNutConf("# c\nMODE=netserver\nPOWEROFF_WAIT='15m'\n");
  assertEquals(conf.mode, "netserver");
  assertEquals(conf.values.get("POWEROFF_WAIT"), "15m");
  assertThrows(() => parseNutConf("MODE=bogus\n"), ConfigError, "nut.conf:1");
  assertThrows(() => parseNutConf("\nfoo bar\n"), ConfigError, "nut.conf:2");
});

Deno.test("nutPaths() follows NUT's environment rules", pure, () => {
  const env: Record<string, string> = { NUT_STATEPATH: "/tmp/s" };
  const p = nutPaths((n) => env[n]);
  assertEquals(p.statePath, "/tmp/s");
  assertEquals(p.altPidPath, "/tmp/s");
  assertEquals(p.confPath, "/etc/nut");
  env.NUT_ALTPIDPATH = "/tmp/p";
  assertEquals(nutPaths((n) => env[n]).altPidPath, "/tmp/p");
});
