/**
 * An unterminated quote in any config file is a `file:line: message` error
 * for that line, and the next line is read normally (NUT's parseconf would
 * run the quoted word on over the following lines and say nothing).
 */
import { assertEquals } from "../../tests/assert.ts";
import { parseConfigText, parseText, UNTERMINATED_QUOTE } from "../words.ts";
import { parseNutConf } from "./nut_conf.ts";
import { parseUpsConf } from "./ups_conf.ts";
import { parseUpsdConf } from "./upsd_conf.ts";
import { parseUpsdUsers } from "./upsd_users.ts";
import { parseUpsmonConf } from "./upsmon_conf.ts";
import { parseUpsschedConf } from "./upssched_conf.ts";

const at = (file: string, line: number) =>
  `${file}:${line}: ${UNTERMINATED_QUOTE}`;

Deno.test({
  name: "ups.conf: unterminated quote is an error; the next lines still count",
  permissions: "none",
  fn() {
    const c = parseUpsConf(
      '[a]\n  driver = dummy-ups\n  desc = "no end\n  port = a.dev\n',
      "/etc/nut/ups.conf",
    );
    assertEquals(c.errors.map((e) => e.message), [at("/etc/nut/ups.conf", 3)]);
    assertEquals(c.sections[0]!.values.get("port"), "a.dev");
    assertEquals(c.sections[0]!.values.has("desc"), false);
  },
});

Deno.test({
  name: "upsd.users: unterminated quote in a password",
  permissions: "none",
  fn() {
    const r = parseUpsdUsers(
      '[mon]\n  password = "secret\n  upsmon primary\n',
      "upsd.users",
    );
    assertEquals(r.errors.map((e) => e.message), [at("upsd.users", 2)]);
    assertEquals(r.users.get("mon")?.password, undefined);
  },
});

Deno.test({
  name: "upsmon.conf: unterminated quote in SHUTDOWNCMD",
  permissions: "none",
  fn() {
    const c = parseUpsmonConf(
      'SHUTDOWNCMD "/sbin/shutdown -h now\nPOLLFREQ 7\n',
      "upsmon.conf",
    );
    assertEquals(c.warnings.map((e) => e.message), [
      "upsmon.conf:1: Parse error: " + UNTERMINATED_QUOTE,
    ]);
    assertEquals(c.shutdownCmd, undefined);
    assertEquals(c.pollFreq, 7);
  },
});

Deno.test({
  name:
    "upsd.conf and upssched.conf: unterminated quote at the end of the file",
  permissions: "none",
  fn() {
    const d = parseUpsdConf('MAXAGE 20\nLISTEN "127.0.0.1', "upsd.conf");
    assertEquals(d.errors.map((e) => e.message), [at("upsd.conf", 2)]);
    assertEquals(d.conf.maxAge, 20);
    const s = parseUpsschedConf('CMDSCRIPT "/bin/x\n', "upssched.conf");
    assertEquals(s.warnings.map((e) => e.message), [
      "upssched.conf:1: Parse error: " + UNTERMINATED_QUOTE,
    ]);
  },
});

Deno.test({
  name: "nut.conf: unterminated quote is a file:line error",
  permissions: "none",
  fn() {
    let message = "";
    try {
      parseNutConf('MODE=standalone\nPOWEROFF_WAIT="15\n', "nut.conf");
    } catch (e) {
      message = (e as Error).message;
    }
    assertEquals(message, 'nut.conf:2: unterminated quote: POWEROFF_WAIT="15');
  },
});

Deno.test({
  name:
    "a quote closed on its line, and an escaped newline inside quotes, stay fine",
  permissions: "none",
  fn() {
    const c = parseUpsConf(
      '[a]\n  desc = "one \\\n two"\n  port = "x"\n',
      "ups.conf",
    );
    assertEquals(c.errors, []);
    assertEquals(c.sections[0]!.values.get("desc"), "one  two");
    assertEquals(c.sections[0]!.values.get("port"), "x");
  },
});

Deno.test({
  name:
    "only config files are strict: the protocol tokenizer keeps NUT's run-on quote",
  permissions: "none",
  fn() {
    const text = 'a "b\nc"\n';
    assertEquals(parseText(text).map((l) => l.words), [["a", "bc"]]);
    const strict = parseConfigText(text);
    assertEquals(strict[0]!.error, UNTERMINATED_QUOTE);
    assertEquals(strict[1]!.words, ['c"']); // a quote mid-word is literal
  },
});
