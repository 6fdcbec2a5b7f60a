/**
 * upsmon.conf (clients/upsmon.c parse_conf_arg, NUT 2.8.0). Lines NUT warns
 * about and skips become `warnings` (ConfigError, `file:line: …`); the
 * settings NUT refuses to run with throw a ConfigError.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import { ConfigError } from "./errors.ts";
import {
  defaultNotifySettings,
  NOTIFY_FLAGS,
  type NotifyFlag,
  type NotifySetting,
  type NotifyType,
  notifyTypeOf,
} from "../monitor/notify.ts";
import {
  WEBHOOK_FORMATS,
  type WebhookFormat,
  type WebhookTarget,
} from "../monitor/notify_webhook.ts";
import type { MailAddresses, SmtpServer } from "../monitor/notify_mail.ts";

/** One MONITOR line. */
export interface MonitorEntry {
  /** The system string as written: `ups[@host[:port]]`. */
  system: string;
  upsName: string;
  host: string;
  port: number;
  powerValue: number;
  user: string;
  password: string;
  /** primary/master → true; secondary/slave → false. */
  primary: boolean;
  line: number;
}

/** A parsed upsmon.conf. */
export interface UpsmonConf {
  file: string;
  monitors: MonitorEntry[];
  minSupplies: number;
  pollFreq: number;
  pollFreqAlert: number;
  hostSync: number;
  deadTime: number;
  finalDelay: number;
  rbWarnTime: number;
  noCommWarnTime: number;
  /** OFFDURATION (2.8.1+): seconds of OFF before the UPS counts as unfed; < 0 never. */
  offDuration: number;
  /** OVERDURATION (2.8.1+): seconds an OVER UPS may be silent before it is critical; < 0 never. */
  overDuration: number;
  shutdownCmd: string | undefined;
  powerDownFlag: string | undefined;
  notifyCmd: string | undefined;
  runAsUser: string | undefined;
  notify: Map<NotifyType, NotifySetting>;
  /** CERTPATH: CA directory or bundle the server certificate must chain to. */
  certPath: string | undefined;
  /** CERTFILE (NUT 2.8.6): our client certificate chain and key. */
  certFile: string | undefined;
  /** CERTIDENT name and key passphrase. */
  certIdent: { name: string; password: string } | undefined;
  /** CERTHOST lines by host name (exact, as written in MONITOR). */
  certHosts: Map<string, CertHost>;
  certVerify: boolean;
  forceSsl: boolean;
  debugMin: number | undefined;
  /** NOTIFYURL (ours): where WEBHOOK notifications are POSTed. */
  notifyUrl: WebhookTarget | undefined;
  /** NOTIFYSMTP (ours): the mail server for EMAIL notifications. */
  notifySmtp: SmtpServer | undefined;
  /** NOTIFYMAIL (ours): sender and recipients of EMAIL notifications. */
  notifyMail: MailAddresses | undefined;
  /** Lines NUT logs and skips (invalid directive, bad values, parse errors). */
  warnings: ConfigError[];
}

/**
 * One CERTHOST line: the certificate name the host must present (or, beyond
 * NUT, `SHA256:<fingerprint>` to pin its certificate), and its own
 * CERTVERIFY and FORCESSL.
 */
export interface CertHost {
  certName: string;
  verify: boolean;
  forceSsl: boolean;
}

/** The defaults of NUT 2.8.0. */
export function defaultUpsmonConf(file = "upsmon.conf"): UpsmonConf {
  return {
    file,
    monitors: [],
    minSupplies: 1,
    pollFreq: 5,
    pollFreqAlert: 5,
    hostSync: 15,
    deadTime: 15,
    finalDelay: 5,
    rbWarnTime: 43200,
    noCommWarnTime: 300,
    offDuration: 30,
    overDuration: -1,
    shutdownCmd: undefined,
    powerDownFlag: undefined,
    notifyCmd: undefined,
    runAsUser: undefined,
    notify: defaultNotifySettings(),
    certPath: undefined,
    certFile: undefined,
    certIdent: undefined,
    certHosts: new Map(),
    certVerify: false,
    forceSsl: false,
    debugMin: undefined,
    notifyUrl: undefined,
    notifySmtp: undefined,
    notifyMail: undefined,
    warnings: [],
  };
}

/** C atoi(): leading blanks, sign, digits; anything else is 0. */
export function atoi(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  return m ? parseInt(m[1]!, 10) : 0;
}

/** upscli_splitname: `ups[@host[:port]]`, host defaults to localhost, port 3493. */
export function splitSystem(
  system: string,
): { upsName: string; host: string; port: number } | undefined {
  const at = system.indexOf("@");
  const upsName = at < 0 ? system : system.slice(0, at);
  if (upsName === "") return undefined;
  if (at < 0) return { upsName, host: "localhost", port: 3493 };
  let rest = system.slice(at + 1);
  let port = 3493;
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) return undefined;
    const after = rest.slice(close + 1);
    if (after.startsWith(":")) port = atoi(after.slice(1));
    rest = rest.slice(1, close);
  } else {
    const colon = rest.indexOf(":");
    if (colon >= 0) {
      port = atoi(rest.slice(colon + 1));
      rest = rest.slice(0, colon);
    }
  }
  if (rest === "" || port <= 0 || port > 65535) return undefined;
  return { upsName, host: rest, port };
}

const INT_KEYS: Record<
  string,
  [keyof UpsmonConf, number] // key, minimum accepted value
> = {
  POLLFREQ: ["pollFreq", 1],
  POLLFREQALERT: ["pollFreqAlert", 1],
  HOSTSYNC: ["hostSync", -Infinity],
  DEADTIME: ["deadTime", -Infinity],
  MINSUPPLIES: ["minSupplies", 0],
  RBWARNTIME: ["rbWarnTime", -Infinity],
  NOCOMMWARNTIME: ["noCommWarnTime", -Infinity],
  FINALDELAY: ["finalDelay", 0],
  OFFDURATION: ["offDuration", -Infinity],
  OVERDURATION: ["overDuration", -Infinity],
};

const STRING_KEYS: Record<string, keyof UpsmonConf> = {
  SHUTDOWNCMD: "shutdownCmd",
  POWERDOWNFLAG: "powerDownFlag",
  NOTIFYCMD: "notifyCmd",
  RUN_AS_USER: "runAsUser",
  CERTPATH: "certPath",
  CERTFILE: "certFile",
};

/**
 * Parses upsmon.conf text. Throws ConfigError for what NUT treats as fatal
 * (an old-style 5-word MONITOR line).
 */
export function parseUpsmonConf(
  text: string,
  file = "upsmon.conf",
): UpsmonConf {
  const conf = defaultUpsmonConf(file);
  const warn = (line: number, msg: string) =>
    conf.warnings.push(new ConfigError(file, line, msg));
  for (const { words, error, line } of parseConfigText(text)) {
    if (error !== undefined) {
      warn(line, `Parse error: ${error}`);
      continue;
    }
    if (words.length === 0) continue;
    if (!parseDirective(conf, words, line, warn)) {
      warn(line, `invalid directive ${words.join(" ")}`);
    }
  }
  return conf;
}

function parseDirective(
  conf: UpsmonConf,
  words: string[],
  line: number,
  warn: (line: number, msg: string) => void,
): boolean {
  const [key, a1, a2] = words;
  if (key === undefined || a1 === undefined) return false;
  const record = conf as unknown as Record<string, unknown>;
  const strKey = STRING_KEYS[key];
  if (strKey !== undefined) {
    record[strKey] = a1;
    return true;
  }
  const intKey = INT_KEYS[key];
  if (intKey !== undefined) {
    const value = atoi(a1);
    if (value < intKey[1]) {
      warn(line, `Ignoring invalid ${key} value: ${value}`);
    } else record[intKey[0]] = value;
    return true;
  }
  if (key === "CERTVERIFY") {
    conf.certVerify = atoi(a1) === 1;
    return true;
  }
  if (key === "FORCESSL") {
    conf.forceSsl = atoi(a1) === 1;
    return true;
  }
  if (key === "NOTIFYURL" || key === "NOTIFYSMTP" || key === "NOTIFYMAIL") {
    parseChannel(conf, words, line, warn);
    return true;
  }
  if (key.toUpperCase() === "DEBUG_MIN") {
    const n = atoi(a1);
    if (n < 0 || !/^\s*\d/.test(a1)) {
      warn(line, "Invalid DEBUG_MIN value found in upsmon.conf");
    } else conf.debugMin = n;
    return true;
  }
  if (a2 === undefined) return false;
  if (key === "NOTIFYMSG") {
    const type = notifyTypeOf(a1);
    if (!type) warn(line, `'${a1}' is not a valid notify event name`);
    else conf.notify.get(type)!.message = a2;
    return true;
  }
  if (key === "NOTIFYFLAG") {
    const type = notifyTypeOf(a1);
    if (!type) {
      warn(line, `Warning: invalid notify type [${a1}]`);
      return true;
    }
    const flags = new Set<NotifyFlag>();
    for (const f of a2.split("+")) {
      if ((NOTIFY_FLAGS as readonly string[]).includes(f)) {
        flags.add(f as NotifyFlag);
      } else warn(line, `Invalid notify flag: [${f}]`);
    }
    conf.notify.get(type)!.flags = flags;
    return true;
  }
  if (key === "CERTIDENT") {
    conf.certIdent = { name: a1, password: a2 };
    return true;
  }
  if (key === "CERTHOST") {
    if (words.length < 5) return false;
    conf.certHosts.set(a1, {
      certName: a2,
      verify: atoi(words[3]!) === 1,
      forceSsl: atoi(words[4]!) === 1,
    });
    return true;
  }
  if (key !== "MONITOR" || words.length < 5) return false;
  if (words.length === 5) {
    throw new ConfigError(
      conf.file,
      line,
      "Unable to use old-style MONITOR line without a username",
    );
  }
  addMonitor(conf, words, line, warn);
  return true;
}

/**
 * Our notification channels (NUT 2.8.0 warns "invalid directive" and skips
 * them). A bad value is a warning and leaves the channel off.
 */
function parseChannel(
  conf: UpsmonConf,
  words: string[],
  line: number,
  warn: (line: number, msg: string) => void,
): void {
  const [key, a1, a2] = words as [string, string, string | undefined];
  if (key === "NOTIFYMAIL") {
    const to = (a2 ?? "").split(",").map((t) => t.trim()).filter((t) => t);
    const ok = (a: string) => /^[^\s<>@]+@[^\s<>@]+$/.test(a);
    if (!ok(a1) || to.length === 0 || !to.every(ok)) {
      warn(line, `NOTIFYMAIL needs <from> <to>[,<to>...]: ${words.join(" ")}`);
    } else conf.notifyMail = { from: a1, to };
    return;
  }
  let url: URL;
  try {
    url = new URL(a1);
  } catch {
    warn(line, `${key}: invalid URL [${a1}]`);
    return;
  }
  if (key === "NOTIFYURL") {
    const format = (a2 ?? "json").toLowerCase();
    if (!/^https?:$/.test(url.protocol)) {
      warn(line, `NOTIFYURL: not an http(s) URL [${a1}]`);
    } else if (!(WEBHOOK_FORMATS as readonly string[]).includes(format)) {
      warn(line, `NOTIFYURL: unknown format [${a2}] (ntfy, gotify or json)`);
    } else conf.notifyUrl = { url: a1, format: format as WebhookFormat };
    return;
  }
  if (!/^smtps?:$/.test(url.protocol) || url.hostname === "") {
    warn(line, `NOTIFYSMTP: not an smtp:// or smtps:// URL [${a1}]`);
  } else conf.notifySmtp = a2 ? { url: a1, caFile: a2 } : { url: a1 };
}

function addMonitor(
  conf: UpsmonConf,
  words: string[],
  line: number,
  warn: (line: number, msg: string) => void,
): void {
  const [, system, pvs, user, password, role] = words as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const pv = atoi(pvs);
  if (pv < 0) {
    warn(line, `UPS [${system}]: ignoring invalid power value [${pvs}]`);
    return;
  }
  if (conf.monitors.some((m) => m.system === system)) {
    warn(line, `Warning: ignoring duplicate UPS [${system}]`);
    return;
  }
  const split = splitSystem(system);
  if (!split) {
    warn(line, `Error: unable to split UPS name [${system}]`);
    return;
  }
  const lower = role.toLowerCase();
  const primary = lower === "primary" || lower === "master";
  if (!primary && lower !== "secondary" && lower !== "slave") {
    warn(line, `UPS [${system}]: unknown role [${role}], using secondary`);
  }
  conf.monitors.push({
    system,
    ...split,
    powerValue: pv,
    user,
    password,
    primary,
    line,
  });
}

/** Sum of power values (NUT's totalpv). */
export function totalPowerValue(conf: UpsmonConf): number {
  return conf.monitors.reduce((sum, m) => sum + m.powerValue, 0);
}

/** Reads the POWERDOWNFLAG magic NUT writes (no newline). */
export const SHUTDOWN_MAGIC = "upsmon-shutdown-file";
