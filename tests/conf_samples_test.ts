/**
 * Every sample in conf/ parses with our parsers, documents its key
 * directives, and Debian's own /etc/nut files (NUT 2.8.0) load unchanged.
 */
import { assert, assertEquals } from "./assert.ts";
import { haveNut } from "./net.ts";
import { parseUpsConf } from "../src/config/ups_conf.ts";
import { parseUpsdConf } from "../src/config/upsd_conf.ts";
import { parseUpsdUsers } from "../src/config/upsd_users.ts";
import { parseUpsmonConf } from "../src/config/upsmon_conf.ts";
import { parseUpsschedConf } from "../src/config/upssched_conf.ts";
import { parseNutConf } from "../src/config/nut_conf.ts";

/** Parses a file and returns the problems it reported. */
type Check = (text: string, file: string) => string[];

const PARSERS: Record<string, { check: Check; documents: string[] }> = {
  "ups.conf": {
    check: (t, f) => parseUpsConf(t, f).errors.map((e) => e.message),
    documents: ["driver", "port", "desc", "maxretry", "sdorder"],
  },
  "upsd.conf": {
    check: (t, f) => parseUpsdConf(t, f).errors.map((e) => e.message),
    documents: ["LISTEN", "MAXAGE", "MAXCONN", "CERTFILE", "STATEPATH"],
  },
  "upsd.users": {
    check: (t, f) => parseUpsdUsers(t, f).errors.map((e) => e.message),
    documents: ["password", "actions", "instcmds", "upsmon"],
  },
  "upsmon.conf": {
    check: (t, f) => parseUpsmonConf(t, f).warnings.map((e) => e.message),
    documents: [
      "MONITOR",
      "MINSUPPLIES",
      "SHUTDOWNCMD",
      "POWERDOWNFLAG",
      "HOSTSYNC",
    ],
  },
  "upssched.conf": {
    check: (t, f) => {
      parseUpsschedConf(t, f);
      return [];
    },
    documents: ["CMDSCRIPT", "PIPEFN", "LOCKFN", "AT"],
  },
  "nut.conf": {
    check: (t, f) => {
      parseNutConf(t, f);
      return [];
    },
    documents: ["MODE", "POWEROFF_WAIT"],
  },
};

const CONF_DIR = new URL("../conf/", import.meta.url).pathname;

Deno.test("every conf/*.sample parses cleanly and documents its directives", () => {
  const samples = [...Deno.readDirSync(CONF_DIR)].map((e) => e.name).sort();
  assertEquals(samples, Object.keys(PARSERS).map((n) => `${n}.sample`).sort());
  for (const name of samples) {
    const kind = name.replace(/\.sample$/, "");
    const text = Deno.readTextFileSync(CONF_DIR + name);
    const { check, documents } = PARSERS[kind]!;
    assertEquals(check(text, name), [], `${name} has problems`);
    for (const word of documents) {
      assert(text.includes(word), `${name} does not document ${word}`);
    }
  }
});

Deno.test("Debian's NUT 2.8.0 /etc/nut files load with our parsers", () => {
  if (!haveNut()) return;
  let loaded = 0;
  for (const [kind, { check }] of Object.entries(PARSERS)) {
    let text: string;
    try {
      text = Deno.readTextFileSync(`/etc/nut/${kind}`);
    } catch {
      continue;
    }
    assertEquals(check(text, `/etc/nut/${kind}`), [], `/etc/nut/${kind}`);
    loaded++;
  }
  assert(loaded >= 5, `only ${loaded} Debian files found`);
});
