/**
 * Reads everything upsd is configured by: upsd.conf, ups.conf, upsd.users
 * and cmdvartab, resolving NUT_CONFPATH/NUT_STATEPATH/NUT_DATADIR.
 *
 * @module
 */
import { readConfigText } from "../config/load.ts";
import { ConfigError } from "../config/errors.ts";
import { confFile, driverSocketPath, type NutPaths } from "../config/paths.ts";
import { parseUpsConf } from "../config/ups_conf.ts";
import {
  parseBool,
  parseUpsdConf,
  type UpsdConf,
} from "../config/upsd_conf.ts";
import { parseUpsdUsers, type UpsdUser } from "../config/upsd_users.ts";
import {
  type Descriptions,
  emptyDescriptions,
  parseCmdvartab,
} from "./descriptions.ts";

/** One usable ups.conf section as upsd sees it. */
export interface UpsEntryConf {
  name: string;
  driver: string;
  port: string;
  desc: string | undefined;
  socketPath: string;
}

/** Everything loaded, plus what went wrong on the way. */
export interface LoadedConfig {
  upsd: UpsdConf;
  ups: UpsEntryConf[];
  users: Map<string, UpsdUser>;
  descriptions: Descriptions;
  statePath: string;
  /** Line-level errors (the lines were skipped). */
  errors: ConfigError[];
  /** Things NUT warns about. */
  warnings: string[];
  /** Why upsd.users could not be read (then `users` is empty). */
  usersUnreadable?: string;
}

function fileError(path: string, e: unknown): Error {
  const why = e instanceof Deno.errors.NotFound
    ? "No such file or directory"
    : e instanceof Deno.errors.PermissionDenied
    ? "Permission denied"
    : e instanceof Error
    ? e.message
    : String(e);
  return new Error(`Can't open ${path}: ${why}`);
}

async function read(path: string): Promise<string> {
  try {
    return await readConfigText(path);
  } catch (e) {
    throw fileError(path, e);
  }
}

/**
 * Loads every file. Throws when upsd.conf or ups.conf cannot be read or no
 * UPS is defined (without ALLOW_NO_DEVICE); a missing upsd.users is a warning.
 */
export async function loadConfig(
  paths: NutPaths,
  env: (name: string) => string | undefined,
): Promise<LoadedConfig> {
  const errors: ConfigError[] = [];
  const warnings: string[] = [];
  const upsdFile = confFile(paths, "upsd.conf");
  const upsdText = await read(upsdFile);
  const upsd = parseUpsdConf(upsdText, upsdFile);
  errors.push(...upsd.errors);
  warnings.push(...upsd.warnings);
  const conf = upsd.conf;
  const envAllow = env("ALLOW_NO_DEVICE");
  if (envAllow !== undefined) {
    conf.allowNoDevice = parseBool(envAllow) ?? conf.allowNoDevice;
  }
  // NUT_STATEPATH from the environment wins over upsd.conf STATEPATH.
  const statePath = env("NUT_STATEPATH") || conf.statePath || paths.statePath;

  const upsFile = confFile(paths, "ups.conf");
  const upsConf = parseUpsConf(await read(upsFile), upsFile);
  errors.push(...upsConf.errors);
  const ups: UpsEntryConf[] = [];
  for (const s of upsConf.sections) {
    const driver = s.values.get("driver");
    const port = s.values.get("port");
    if (!driver || !port) {
      warnings.push(
        `Warning: ignoring incomplete configuration for UPS [${s.name}]`,
      );
      continue;
    }
    ups.push({
      name: s.name,
      driver,
      port,
      desc: s.values.get("desc"),
      socketPath: driverSocketPath(statePath, driver, s.name),
    });
  }
  if (ups.length === 0 && !conf.allowNoDevice) {
    throw new Error(
      "Fatal error: at least one UPS must be defined in ups.conf",
    );
  }

  const usersFile = confFile(paths, "upsd.users");
  let users = new Map<string, UpsdUser>();
  let usersUnreadable: string | undefined;
  try {
    const parsed = parseUpsdUsers(await readConfigText(usersFile), usersFile);
    users = parsed.users;
    errors.push(...parsed.errors);
    warnings.push(...parsed.warnings);
  } catch (e) {
    usersUnreadable = fileError(usersFile, e).message;
    warnings.push(usersUnreadable);
  }

  const dataPath = conf.dataPath || env("NUT_DATADIR") || paths.dataPath;
  let descriptions = emptyDescriptions();
  try {
    descriptions = parseCmdvartab(
      await readConfigText(`${dataPath}/cmdvartab`),
    );
  } catch {
    // optional file: every description is then "Description unavailable"
  }
  return {
    upsd: conf,
    ups,
    users,
    descriptions,
    statePath,
    errors,
    warnings,
    ...(usersUnreadable !== undefined ? { usersUnreadable } : {}),
  };
}
