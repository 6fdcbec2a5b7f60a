/**
 * Fuzz of every config parser and of `nutconf --check`: 120,000 mutated
 * files (real-looking seeds with lines dropped, doubled, swapped and
 * spliced across files, characters flipped, quotes, backslashes, `#`, `=`,
 * `[`, NULs and bytes outside ASCII inserted, truncation, huge words).
 * No parser may throw anything but a ConfigError, every ConfigError and
 * every problem the checker reports names the file and a line that exists,
 * and the checker's message lines all have the `file:line: ` form.
 * Pure and in-process: no permissions.
 */
import { assert } from "../assert.ts";
import { int, pick, rng } from "./gen.ts";
import { ConfigError } from "../../src/config/errors.ts";
import { parseNutConf } from "../../src/config/nut_conf.ts";
import { parseUpsConf } from "../../src/config/ups_conf.ts";
import { parseUpsdConf } from "../../src/config/upsd_conf.ts";
import { parseUpsdUsers } from "../../src/config/upsd_users.ts";
import { parseUpsmonConf } from "../../src/config/upsmon_conf.ts";
import { parseUpsschedConf } from "../../src/config/upssched_conf.ts";
import { checkConfigs } from "../../src/nutconf/check.ts";
import { type CheckedFile, formatProblem } from "../../src/nutconf/problems.ts";
import {
  monitorLine,
  replaceDirective,
  setDevices,
  setNotifyFlags,
  setUsers,
} from "../../src/nutconf/edit.ts";

const SEEDS: Record<CheckedFile, string> = {
  "nut.conf":
    "# mode\nMODE=standalone\nexport UPSD_OPTIONS='-D'\nPOWEROFF_WAIT=\"15\"\nexport MODE=netserver\n",
  "ups.conf":
    'maxretry = 3\npollinterval = 2\n[ups1]\n\tdriver = dummy-ups\n\tport = "ups1.dev"\n\tdesc = "Rack \\"A\\""\n\tmode = dummy-once\n\tnolock\n[ups2]\n\tdriver = usbhid-ups\n\tport = auto\n\tvendorid = 0463\n',
  "upsd.conf":
    "LISTEN 127.0.0.1 3493\nLISTEN ::1\nMAXAGE 15\nTRACKINGDELAY 3600\nMAXCONN 1024\nCERTFILE /etc/nut/c.pem\nALLOW_NO_DEVICE true\nDEBUG_MIN 2\n",
  "upsd.users":
    '[admin]\n\tpassword = "se#cret"\n\tactions = SET FSD\n\tinstcmds = ALL\n[mon]\n\tpassword = pw\n\tupsmon primary\n[ro]\n\tpassword = x\n\tinstcmds = test.battery.start\n',
  "upsmon.conf":
    'MONITOR ups1@localhost 1 mon pw primary\nMONITOR ups2@[::1]:3494 1 mon pw secondary\nMINSUPPLIES 1\nSHUTDOWNCMD "/sbin/shutdown -h +0"\nNOTIFYFLAG ONBATT SYSLOG+WALL+EXEC\nNOTIFYMSG ONLINE "UPS %s on line"\nNOTIFYCMD /usr/sbin/upssched\nPOLLFREQ 5\nDEADTIME 15\nCERTVERIFY 1\n',
  "upssched.conf":
    "CMDSCRIPT /usr/bin/upssched-cmd\nPIPEFN /run/nut/upssched.pipe\nLOCKFN /run/nut/upssched.lock\nAT ONBATT * START-TIMER onbatt 30\nAT ONLINE ups1@localhost CANCEL-TIMER onbatt online\nAT LOWBATT * EXECUTE lowbatt\n",
  "hosts.conf":
    'MONITOR ups1@localhost "Rack UPS"\nMONITOR ups2@host:3494 "Other"\n',
};
const FILES = Object.keys(SEEDS) as CheckedFile[];
const ALL_LINES = [
  ...Object.values(SEEDS).flatMap((t) => t.split("\n")),
  // shapes no seed has: continued lines, empty quotes, stray brackets
  'desc = "two \\',
  'lines"',
  "MONITOR \\",
  'LISTEN ""',
  "[]",
  "[ups 3]",
  "= = =",
  "MODE=",
  "AT * * EXECUTE",
  "upsmon",
];
const SPECIAL = [
  '"',
  "\\",
  "#",
  "=",
  "[",
  "]",
  "\0",
  "\t",
  " ",
  "\r",
  "\u00e9",
  "\u2603",
  "\n",
  "'",
  "+",
  "@",
  ":",
];

function mutate(r: () => number, seed: string): string {
  let lines = seed.split("\n");
  for (let n = 1 + int(r, 4); n > 0; n--) {
    const i = int(r, lines.length);
    switch (int(r, 9)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[i] ?? "");
        break;
      case 2:
        lines.splice(i, 0, pick(r, ALL_LINES));
        break;
      case 3: {
        const j = int(r, lines.length);
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        break;
      }
      case 4:
        lines = lines.slice(0, i + 1);
        break;
      case 5:
        lines.splice(
          i,
          0,
          "x".repeat(int(r, 2000)) + " = " + "y ".repeat(int(r, 60)),
        );
        break;
      default: {
        // character-level edits inside one line
        let l = lines[i] ?? "";
        for (let k = 1 + int(r, 3); k > 0; k--) {
          const at = int(r, l.length + 1);
          const op = int(r, 3);
          if (op === 0) l = l.slice(0, at) + pick(r, SPECIAL) + l.slice(at);
          else if (op === 1) l = l.slice(0, at) + l.slice(at + 1);
          else {l = l.slice(0, at) + String.fromCharCode(int(r, 256)) +
              l.slice(at + 1);}
        }
        lines[i] = l;
      }
    }
  }
  const text = lines.join("\n");
  return int(r, 4) === 0 ? text.slice(0, int(r, text.length + 1)) : text;
}

/** Lines a message may point at: 1 to the number of lines (+1 for a last line without newline). */
function lineOk(line: number, text: string): boolean {
  return Number.isInteger(line) && line >= 1 &&
    line <= text.split("\n").length + 1;
}

function checkError(e: unknown, file: string, text: string): void {
  if (!(e instanceof ConfigError)) throw e;
  assert(e.file === file, `error names ${e.file}, not ${file}`);
  assert(lineOk(e.line, text), `${e.message}: line out of range`);
  assert(e.message.startsWith(`${file}:${e.line}: `), e.message);
}

function parse(file: CheckedFile, text: string): void {
  try {
    switch (file) {
      case "nut.conf":
        parseNutConf(text, file);
        return;
      case "ups.conf":
        for (const e of parseUpsConf(text, file).errors) {
          checkError(e, file, text);
        }
        return;
      case "upsd.conf":
        for (const e of parseUpsdConf(text, file).errors) {
          checkError(e, file, text);
        }
        return;
      case "upsd.users":
        for (const e of parseUpsdUsers(text, file).errors) {
          checkError(e, file, text);
        }
        return;
      case "upsmon.conf":
        for (const e of parseUpsmonConf(text, file).warnings) {
          checkError(e, file, text);
        }
        return;
      case "upssched.conf":
        for (const e of parseUpsschedConf(text, file).warnings) {
          checkError(e, file, text);
        }
        return;
      case "hosts.conf":
        return; // only nutconf --check reads it
    }
  } catch (e) {
    checkError(e, file, text);
  }
}

const lookup = (name: string) =>
  name === "dummy-ups"
    ? {
      vars: [{ name: "mode", kind: "value" as const }, {
        name: "repeater",
        kind: "flag" as const,
      }],
    }
    : undefined;

Deno.test({
  name:
    "config fuzz: 112,000 mutated files through every parser and nutconf --check",
  permissions: "none",
  fn() {
    const r = rng(0x5ec_b);
    let files = 0;
    let problems = 0;
    // 4,000 rounds of a whole mutated set: every file parsed alone, then the
    // set checked together (cross-file checks see broken neighbours).
    for (let round = 0; round < 4000; round++) {
      const set: Partial<Record<CheckedFile, { text: string }>> = {};
      for (const f of FILES) {
        // several mutants per file and round; the last one joins the set
        for (let k = 0; k < 4; k++) {
          const text = mutate(r, SEEDS[f]);
          parse(f, text);
          set[f] = { text };
          files++;
        }
      }
      for (const p of checkConfigs(set, lookup)) {
        problems++;
        const text = set[p.file as CheckedFile]?.text;
        assert(text !== undefined, `problem for a file not given: ${p.file}`);
        assert(lineOk(p.line, text), `${formatProblem(p)}: line out of range`);
        const shown = formatProblem(p);
        assert(shown.startsWith(`${p.file}:${p.line}: `), shown);
      }
    }
    assert(files >= 100_000, `only ${files} files`);
    assert(problems > 10_000, `the mutations found only ${problems} problems`);
  },
});

Deno.test({
  name:
    "config fuzz: nutconf's edits on 18,000 mutated files read back and keep every comment",
  permissions: "none",
  fn() {
    const r = rng(0xed17);
    const comments = (t: string) =>
      t.split("\n").filter((l) => /^\s*#/.test(l));
    for (let i = 0; i < 6000; i++) {
      // comments in the mutants, to see that edits keep them
      const ups = mutate(r, "# head\n" + SEEDS["ups.conf"]);
      const added = setDevices(ups, [{
        id: "fz",
        driver: "dummy-ups",
        port: 'p "q" #1',
        settings: [["desc", "a\\b"]],
      }], true);
      const sec = parseUpsConf(added).sections.find((s) => s.name === "fz");
      assert(sec?.values.get("port") === 'p "q" #1', `${ups}\n---\n${added}`);
      assert(sec.values.get("desc") === "a\\b", added);
      for (const c of comments(ups)) assert(added.includes(c), c);

      const users = mutate(r, "# head\n" + SEEDS["upsd.users"]);
      const u = setUsers(users, [{
        name: "fzu",
        password: "p w#",
        actions: ["SET"],
        instcmds: ["load.off"],
        upsmon: "primary",
      }], true);
      const got = parseUpsdUsers(u).users.get("fzu");
      assert(got?.password === "p w#" && got.actions.has("primary"), u);
      for (const c of comments(users)) assert(u.includes(c), c);

      const mon = mutate(r, "# head\n" + SEEDS["upsmon.conf"]);
      let m: string;
      try {
        m = setNotifyFlags(mon, "LOWBATT", ["EXEC", "WALL"], false);
        m = replaceDirective(m, "MONITOR", [monitorLine({
          ups: "fz",
          host: "::1",
          port: 4000,
          powerValue: 1,
          user: "u",
          password: 'x"y',
          primary: true,
        })]);
      } catch (e) {
        checkError(e, "upsmon.conf", mon);
        continue;
      }
      for (const c of comments(mon)) assert(m.includes(c), c);
      try {
        const conf = parseUpsmonConf(m);
        const fz = conf.monitors.find((x) => x.upsName === "fz");
        assert(
          fz?.password === 'x"y' && fz.port === 4000 && fz.host === "::1",
          m,
        );
        const flags = [...conf.notify.get("LOWBATT")!.flags].sort();
        assert(flags.join() === "EXEC,WALL", m);
      } catch (e) {
        // an old-style MONITOR line the mutation left is still fatal
        checkError(e, "upsmon.conf", m);
      }
    }
  },
});
