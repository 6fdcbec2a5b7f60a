/**
 * `nutconf --check`: every config file alone (check_files.ts), then across
 * files: MONITORed local UPSes exist in ups.conf, MONITOR users exist in
 * upsd.users with the matching upsmon role and password, MONITOR ports are
 * ones upsd listens on; and permissions of files that hold secrets.
 *
 * @module
 */
import {
  checkNutConf,
  checkUpsConf,
  isLoopback,
  validAddress,
} from "./check_files.ts";
import { checkUpsdConf, checkUpsdUsers } from "./check_server.ts";
import { verifyPasswordSync } from "../config/password_hash.ts";
import {
  checkHostsConf,
  checkUpsmonConf,
  checkUpsschedConf,
} from "./check_clients.ts";
import {
  type CheckedFile,
  type ConfigInput,
  type DriverLookup,
  type Problem,
  Report,
} from "./problems.ts";

/** Files whose secrets must not be readable by every local user. */
const SECRET_FILES: readonly CheckedFile[] = [
  "ups.conf",
  "upsd.conf",
  "upsd.users",
  "upsmon.conf",
];

/** Checks a set of config files (absent files are skipped). */
export function checkConfigs(
  files: Partial<Record<CheckedFile, ConfigInput>>,
  findDriver: DriverLookup,
  /** Lowercased instant command names of NUT's cmdvartab, when available. */
  knownCommands?: ReadonlySet<string>,
): Problem[] {
  const r = new Report();
  const text = (f: CheckedFile) => files[f]?.text;
  const nut = text("nut.conf");
  if (nut !== undefined) checkNutConf(nut, r);
  const upsText = text("ups.conf");
  const sections = upsText === undefined
    ? undefined
    : checkUpsConf(upsText, r, findDriver);
  const upsdText = text("upsd.conf");
  const listen = upsdText === undefined
    ? undefined
    : checkUpsdConf(upsdText, r);
  const usersText = text("upsd.users");
  const users = usersText === undefined
    ? undefined
    : checkUpsdUsers(usersText, r, knownCommands);
  const monText = text("upsmon.conf");
  const mon = monText === undefined ? undefined : checkUpsmonConf(monText, r);
  const sched = text("upssched.conf");
  if (sched !== undefined) checkUpsschedConf(sched, r);
  const hosts = text("hosts.conf");
  if (hosts !== undefined) checkHostsConf(hosts, r);

  for (const m of mon?.monitors ?? []) {
    if (!validAddress(m.host)) {
      r.error(
        "upsmon.conf",
        m.line,
        `MONITOR ${m.system}: invalid host ${m.host}`,
      );
      continue;
    }
    if (!isLoopback(m.host)) continue;
    const file = "upsmon.conf";
    if (sections && !sections.some((s) => s.name === m.upsName)) {
      r.error(
        file,
        m.line,
        `MONITOR ${m.system}: no [${m.upsName}] in ups.conf`,
      );
    }
    const ports = listen && listen.length > 0
      ? listen.map((l) => l.port)
      : listen
      ? [3493]
      : undefined;
    if (ports && !ports.includes(m.port)) {
      r.error(
        file,
        m.line,
        `MONITOR ${m.system}: upsd does not listen on port ${m.port}`,
      );
    }
    if (!users) continue;
    const u = users.get(m.user);
    const role = m.primary ? "primary" : "secondary";
    if (!u) {
      r.error(
        file,
        m.line,
        `MONITOR ${m.system}: user ${m.user} is not in upsd.users`,
      );
    } else if (
      u.password === undefined || !verifyPasswordSync(m.password, u.password)
    ) {
      r.error(
        file,
        m.line,
        `MONITOR ${m.system}: password of ${m.user} differs from upsd.users`,
      );
    } else if (!u.actions.has("login")) {
      r.error(
        file,
        m.line,
        `MONITOR ${m.system}: user ${m.user} has no upsmon role in upsd.users`,
      );
    } else if (m.primary && !u.actions.has("primary")) {
      r.error(
        file,
        m.line,
        `MONITOR ${m.system} is ${role} but user ${m.user} is "upsmon secondary"`,
      );
    }
  }
  if (mon && nut !== undefined && /^\s*MODE\s*=\s*"?none/m.test(nut)) {
    if (mon.monitors.length > 0) {
      r.warn(
        "nut.conf",
        1,
        "MODE=none: the init scripts start nothing although upsmon.conf has MONITOR lines",
      );
    }
  }
  for (const f of SECRET_FILES) {
    const mode = files[f]?.mode;
    if (mode !== undefined && (mode & 0o004) !== 0) {
      r.warn(
        f,
        1,
        `readable by every user (mode ${
          (mode & 0o777).toString(8)
        }): it holds passwords; chmod 640`,
      );
    }
  }
  return r.problems;
}
