/**
 * `nutconf --check` for upsd's files: upsd.conf (the parser's errors, LISTEN
 * addresses and ports, TLS for remote listeners) and upsd.users (unknown
 * actions and settings, rights that can never be used).
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import { parseUpsdConf } from "../config/upsd_conf.ts";
import { parseUpsdUsers } from "../config/upsd_users.ts";
import { bodyOf, isLoopback, validAddress } from "./check_files.ts";
import type { Report } from "./problems.ts";

/** upsd.conf: the parser's errors, LISTEN addresses, TLS for remote listeners. */
export function checkUpsdConf(
  text: string,
  r: Report,
  file = "upsd.conf",
): Array<{ addr: string; port: number }> {
  const parsed = parseUpsdConf(text, file);
  for (const e of parsed.errors) r.error(file, e.line, bodyOf(e));
  for (const { words, line } of parseConfigText(text)) {
    const [key, a] = words;
    if (key === "LISTEN" && a !== undefined && !validAddress(a)) {
      r.error(file, line, `invalid LISTEN address: ${a}`);
    }
    if (key === "LISTEN" && words.length > 3) {
      r.error(
        file,
        line,
        `LISTEN takes an address and a port: ${words.join(" ")}`,
      );
    }
    if (/^(MAXAGE|TRACKINGDELAY|MAXCONN)$/.test(key ?? "") && a !== undefined) {
      if (/^\d/.test(a) && !/^\d+$/.test(a)) {
        r.error(file, line, `${key} is not a number: ${a}`);
      }
    }
    if (["ACCEPT", "REJECT", "ACL"].includes(key ?? "")) {
      r.warn(file, line, `${key} is no longer supported: use LISTEN`);
    }
  }
  const listens = new Set<string>();
  for (const { words, line } of parseConfigText(text)) {
    if (words[0] !== "LISTEN" || words[1] === undefined) continue;
    const key = `${words[1]} ${words[2] ?? "3493"}`;
    if (listens.has(key)) {
      r.error(file, line, `LISTEN ${key} twice: upsd cannot bind it again`);
    }
    listens.add(key);
  }
  const tls = parsed.conf.certFile !== undefined ||
    parsed.conf.certPath !== undefined;
  for (const { words, line } of parseConfigText(text)) {
    const [key, a] = words;
    if (key === "LISTEN" && a !== undefined && !isLoopback(a) && !tls) {
      r.warn(
        file,
        line,
        `LISTEN ${a} is reachable from the network but no CERTFILE or CERTPATH is set: passwords travel in clear text`,
      );
    }
  }
  return parsed.conf.listen;
}

const KNOWN_ACTIONS = new Set(["set", "fsd", "login", "master", "primary"]);

/** upsd.users: parse errors, unknown actions, rights that cannot be used. */
export function checkUpsdUsers(
  text: string,
  r: Report,
  knownCommands?: ReadonlySet<string>,
  file = "upsd.users",
): ReturnType<typeof parseUpsdUsers>["users"] {
  const parsed = parseUpsdUsers(text, file);
  for (const e of parsed.errors) r.error(file, e.line, bodyOf(e));
  let user = "";
  const seen = new Set<string>();
  for (const { words, line, error } of parseConfigText(text)) {
    if (error !== undefined || words.length === 0) continue;
    const first = words[0]!;
    if (first.startsWith("[") && first.endsWith("]")) {
      user = first.slice(1, -1);
      if (seen.has(user)) r.error(file, line, `duplicate user [${user}]`);
      seen.add(user);
      continue;
    }
    if (user === "") {
      r.error(
        file,
        line,
        `line outside any [user] section: ${words.join(" ")}`,
      );
      continue;
    }
    const key = first.toLowerCase();
    const values = words[1] === "=" ? words.slice(2) : words.slice(1);
    if (key === "actions") {
      for (const v of values) {
        if (!KNOWN_ACTIONS.has(v.toLowerCase())) {
          r.error(file, line, `unknown action ${v} (known: SET FSD)`);
        }
      }
    } else if (key === "instcmds") {
      for (const v of values) {
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(v)) {
          r.error(file, line, `not an instant command name: ${v}`);
        } else if (
          knownCommands && v.toLowerCase() !== "all" &&
          !knownCommands.has(v.toLowerCase())
        ) {
          r.warn(
            file,
            line,
            `${v} is not an instant command NUT knows (cmdvartab): a typo?`,
          );
        }
      }
      const all = values.some((v) => v.toLowerCase() === "all");
      if (all && values.length > 1) {
        r.warn(
          file,
          line,
          "instcmds lists ALL and more: the others are redundant",
        );
      }
    }
  }
  for (const u of parsed.users.values()) {
    const hasRights = u.actions.size > 0 || u.instcmds.size > 0;
    if (u.password === undefined && hasRights) {
      const at = headerLine(text, u.name);
      r.error(
        file,
        at,
        `user ${u.name} has rights but no password: it can never log in`,
      );
    }
    if (u.password === undefined && !hasRights) {
      r.warn(
        file,
        headerLine(text, u.name),
        `user ${u.name} has no password and no rights`,
      );
    }
  }
  return parsed.users;
}

function headerLine(text: string, user: string): number {
  const i = text.split("\n").findIndex((l) => l.trim() === `[${user}]`);
  return i < 0 ? 1 : i + 1;
}
