/**
 * upsd.users (server/user.c, docs/man/upsd.users.txt): `[name]` sections
 * with password, actions, instcmds and the upsmon role. NUT's quirk is kept:
 * a duplicate section header does not switch the current user, so its lines
 * add to the user defined before it.
 *
 * Beyond NUT: `password = "$scrypt$ln=15,r=8,p=1$<salt>$<hash>"` stores a
 * hash (see password_hash.ts); a malformed one is an error and never matches.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import { ConfigError } from "./errors.ts";
import { hashProblem } from "./password_format.ts";

/** One user. Action and instcmd names are stored lowercased. */
export interface UpsdUser {
  name: string;
  /** Plaintext, or a `$scrypt$…` hash. */
  password?: string;
  /** Lowercased actions: set, fsd, login, master, primary, … */
  actions: Set<string>;
  /** Lowercased instant command names, or "all". */
  instcmds: Set<string>;
}

/** A parsed upsd.users. */
export interface UpsdUsersResult {
  users: Map<string, UpsdUser>;
  errors: ConfigError[];
  warnings: string[];
}

/** Parses upsd.users text; `file` names it in errors and warnings. */
export function parseUpsdUsers(
  text: string,
  file = "upsd.users",
): UpsdUsersResult {
  const users = new Map<string, UpsdUser>();
  const errors: ConfigError[] = [];
  const warnings: string[] = [];
  let current: UpsdUser | undefined;
  for (const { words, error, line } of parseConfigText(text)) {
    if (error !== undefined) {
      errors.push(new ConfigError(file, line, error));
      continue;
    }
    const first = words[0];
    if (first === undefined) continue;
    if (first.startsWith("[") && first.endsWith("]") && first.length > 2) {
      const name = first.slice(1, -1);
      if (users.has(name)) {
        warnings.push(`Ignoring duplicate user ${name}`);
        continue; // NUT keeps adding to the current user
      }
      current = { name, actions: new Set(), instcmds: new Set() };
      users.set(name, current);
      continue;
    }
    if (!current) continue; // lines outside a section are ignored
    const problem = applyUserLine(current, words);
    if (problem) errors.push(new ConfigError(file, line, problem));
    if (first.toLowerCase() === "allowfrom") {
      warnings.push(
        `${file}:${line}: allowfrom in upsd.users is no longer used`,
      );
    }
  }
  return { users, errors, warnings };
}

/** Grants the actions of an upsmon role; returns false for an unknown role. */
function applyUpsmonRole(user: UpsdUser, role: string): boolean {
  const r = role.toLowerCase();
  if (r === "primary" || r === "master") {
    for (const a of ["login", "master", "primary", "fsd"]) user.actions.add(a);
    return true;
  }
  if (r === "secondary" || r === "slave") {
    user.actions.add("login");
    return true;
  }
  return false;
}

function applyUserLine(user: UpsdUser, words: string[]): string | undefined {
  const key = words[0]!.toLowerCase();
  // `key = v1 v2 …` or `key v1` (the upsmon form).
  const values = words[1] === "=" ? words.slice(2) : words.slice(1);
  switch (key) {
    case "password":
      if (values.length === 0) return "password needs a value";
      {
        // An unquoted hash is split at each "=": join it back.
        const value = values[0]!.startsWith("$scrypt$")
          ? values.join("")
          : values[0]!;
        user.password ??= value;
        return hashProblem(value);
      }
    case "actions":
      for (const v of values) user.actions.add(v.toLowerCase());
      return undefined;
    case "instcmds":
      for (const v of values) user.instcmds.add(v.toLowerCase());
      return undefined;
    case "upsmon":
      if (values.length === 0) return "upsmon needs a role";
      for (const v of values) {
        if (!applyUpsmonRole(user, v)) return `Invalid upsmon type ${v}`;
      }
      return undefined;
    case "allowfrom":
    case "user":
      return undefined;
  }
  return `invalid directive ${words.join(" ")}`;
}
