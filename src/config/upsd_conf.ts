/**
 * upsd.conf (server/conf.c, docs/man/upsd.conf.txt): LISTEN lines, MAXAGE,
 * TRACKINGDELAY, STATEPATH, DATAPATH, MAXCONN, ALLOW_NO_DEVICE, CERTFILE and
 * the other TLS directives; beyond NUT, HTTP_LISTEN, MQTT_BROKER,
 * LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW, LOGIN_LOCKOUT and
 * REQUIRE_LOGIN_FOR_READ (NUT's upsd logs them as unknown and carries on).
 * Bad lines become `file:line: message` errors and
 * are skipped, as NUT logs and skips them.
 *
 * @module
 */
import { parseConfigText } from "../words.ts";
import { ConfigError } from "./errors.ts";

/** The default TCP port (IANA). */
export const DEFAULT_PORT = 3493;

/** One LISTEN line. */
export interface ListenAddress {
  addr: string;
  port: number;
}

/** One HTTP_LISTEN line: `HTTP_LISTEN <address> <port> [TLS]`. */
export interface HttpListen {
  addr: string;
  port: number;
  /** Serve HTTPS with CERTFILE. */
  tls: boolean;
}

/**
 * MQTT_BROKER `mqtt[s]://[user:pass@]host[:port][/prefix] [<upsd.users name>]`.
 * The optional second word names the upsd.users entry whose INSTCMDS rights
 * decide which command buttons are offered (none without it).
 */
export interface MqttBroker {
  url: string;
  user?: string;
}

/** A parsed upsd.conf. */
export interface UpsdConf {
  /** LISTEN lines in file order; empty means NUT's default (::1 and 127.0.0.1). */
  listen: ListenAddress[];
  /** Seconds without driver data before it is stale (MAXAGE, default 15). */
  maxAge: number;
  /** Seconds a tracking entry lives (TRACKINGDELAY, default 3600). */
  trackingDelay: number;
  statePath?: string;
  dataPath?: string;
  /** MAXCONN; undefined means no limit of ours (NUT: the fd limit). */
  maxConn?: number;
  allowNoDevice: boolean;
  certFile?: string;
  certPath?: string;
  certIdent?: { name: string; password: string };
  certRequest?: number;
  disableWeakSsl: boolean;
  debugMin?: number;
  /** HTTP_LISTEN lines; empty means no HTTP server (off by default). */
  httpListen: HttpListen[];
  /** MQTT_BROKER; undefined means no MQTT publishing (off by default). */
  mqttBroker?: MqttBroker;
  /** Beyond NUT: failed logins from one address that lock it (0: never). */
  loginFailureLimit: number;
  /** Seconds in which LOGIN_FAILURE_LIMIT failures must happen. */
  loginFailureWindow: number;
  /** Seconds an address stays locked out. */
  loginLockout: number;
  /** Beyond NUT (#3411): GET and LIST need valid USERNAME/PASSWORD. */
  requireLoginForRead: boolean;
}

/** What parsing produced: the config plus errors and warnings to log. */
export interface UpsdConfResult {
  conf: UpsdConf;
  errors: ConfigError[];
  /** Messages NUT logs but which are not errors (obsolete directives). */
  warnings: string[];
}

/** A fresh config with NUT's defaults. */
export function defaultUpsdConf(): UpsdConf {
  return {
    listen: [],
    maxAge: 15,
    trackingDelay: 3600,
    allowNoDevice: false,
    disableWeakSsl: false,
    httpListen: [],
    loginFailureLimit: 10,
    loginFailureWindow: 60,
    loginLockout: 60,
    requireLoginForRead: false,
  };
}

/** NUT's boolean words; any number counts too (non-zero = true). */
export function parseBool(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (["true", "on", "yes", "1"].includes(t)) return true;
  if (["false", "off", "no", "0"].includes(t)) return false;
  if (/^[+-]?\d+$/.test(t)) return Number(t) !== 0;
  return undefined;
}

function digits(text: string): number | undefined {
  // NUT checks only that the value starts with a digit, then atoi()s it.
  const m = /^\d+/.exec(text);
  return m ? Math.min(Number(m[0]), 2147483647) : undefined;
}

const CERT_REQUEST: Record<string, number> = {
  "0": 0,
  "1": 1,
  "2": 2,
  NO: 0,
  REQUEST: 1,
  REQUIRE: 2,
};

/** Parses upsd.conf text; `file` names it in errors. */
export function parseUpsdConf(
  text: string,
  file = "upsd.conf",
): UpsdConfResult {
  const conf = defaultUpsdConf();
  const errors: ConfigError[] = [];
  const warnings: string[] = [];
  for (const { words, error, line } of parseConfigText(text)) {
    if (error !== undefined) {
      errors.push(new ConfigError(file, line, error));
      continue;
    }
    if (words.length === 0) continue;
    const problem = applyDirective(conf, words, warnings);
    if (problem) errors.push(new ConfigError(file, line, problem));
  }
  return { conf, errors, warnings };
}

/** Applies one line; returns an error message or undefined. */
function applyDirective(
  conf: UpsdConf,
  words: string[],
  warnings: string[],
): string | undefined {
  const [key = "", a, b] = words;
  const need = (n: number) =>
    words.length < n + 1 ? `${key} needs ${n} argument(s)` : undefined;
  switch (key) {
    case "LISTEN": {
      if (a === undefined) return "LISTEN needs an address";
      let port = DEFAULT_PORT;
      if (b !== undefined) {
        const p = Number(b);
        if (!/^\d+$/.test(b) || p < 1 || p > 65535) {
          return `invalid LISTEN port: ${b}`;
        }
        port = p;
      }
      conf.listen.push({ addr: a, port });
      return undefined;
    }
    case "HTTP_LISTEN": {
      if (a === undefined || b === undefined) {
        return "HTTP_LISTEN needs an address and a port";
      }
      const p = Number(b);
      if (!/^\d+$/.test(b) || p < 1 || p > 65535) {
        return `invalid HTTP_LISTEN port: ${b}`;
      }
      const extra = words[3];
      if (extra !== undefined && extra.toUpperCase() !== "TLS") {
        return `HTTP_LISTEN: unknown option ${extra} (only TLS)`;
      }
      conf.httpListen.push({ addr: a, port: p, tls: extra !== undefined });
      return undefined;
    }
    case "MQTT_BROKER": {
      if (a === undefined) return "MQTT_BROKER needs a URL";
      let url: URL;
      try {
        url = new URL(a);
      } catch {
        return `MQTT_BROKER: invalid URL ${a}`;
      }
      if (url.protocol !== "mqtt:" && url.protocol !== "mqtts:") {
        return `MQTT_BROKER: URL must start with mqtt:// or mqtts:// (${a})`;
      }
      conf.mqttBroker = b === undefined ? { url: a } : { url: a, user: b };
      return undefined;
    }
    case "LOGIN_FAILURE_LIMIT":
    case "LOGIN_FAILURE_WINDOW":
    case "LOGIN_LOCKOUT": {
      const missing = need(1);
      if (missing) return missing;
      if (!/^\d{1,9}$/.test(a!)) return `${key} has non numeric value (${a})`;
      const n = Number(a);
      if (key === "LOGIN_FAILURE_LIMIT") conf.loginFailureLimit = n;
      else if (key === "LOGIN_FAILURE_WINDOW") conf.loginFailureWindow = n;
      else conf.loginLockout = n;
      return undefined;
    }
    case "MAXAGE":
    case "TRACKINGDELAY":
    case "MAXCONN": {
      const missing = need(1);
      if (missing) return missing;
      const n = digits(a!);
      if (n === undefined) return `${key} has non numeric value (${a})`;
      if (key === "MAXAGE") conf.maxAge = n;
      else if (key === "TRACKINGDELAY") conf.trackingDelay = n;
      else conf.maxConn = n;
      return undefined;
    }
    case "STATEPATH":
    case "DATAPATH":
    case "CERTFILE":
    case "CERTPATH": {
      const missing = need(1);
      if (missing) return missing;
      if (key === "STATEPATH") conf.statePath = a!;
      else if (key === "DATAPATH") conf.dataPath = a!;
      else if (key === "CERTFILE") conf.certFile = a!;
      else conf.certPath = a!;
      return undefined;
    }
    case "CERTIDENT": {
      const missing = need(2);
      if (missing) return missing;
      conf.certIdent = { name: a!, password: b! };
      return undefined;
    }
    case "CERTREQUEST": {
      const missing = need(1);
      if (missing) return missing;
      const v = CERT_REQUEST[a!.toUpperCase()];
      if (v === undefined) return `CERTREQUEST has invalid value (${a})`;
      conf.certRequest = v;
      return undefined;
    }
    case "ALLOW_NO_DEVICE":
    case "REQUIRE_LOGIN_FOR_READ":
    case "DISABLE_WEAK_SSL":
    case "ALLOW_NOT_ALL_LISTENERS": {
      const missing = need(1);
      if (missing) return missing;
      const v = parseBool(a!);
      if (v === undefined) return `${key} has invalid value (${a})`;
      if (key === "ALLOW_NO_DEVICE") conf.allowNoDevice = v;
      else if (key === "DISABLE_WEAK_SSL") conf.disableWeakSsl = v;
      else if (key === "REQUIRE_LOGIN_FOR_READ") conf.requireLoginForRead = v;
      return undefined;
    }
    case "ACCEPT":
    case "REJECT":
    case "ACL":
      warnings.push(
        `${key} in upsd.conf is no longer supported - switch to LISTEN`,
      );
      return undefined;
  }
  if (key.toUpperCase() === "DEBUG_MIN") {
    const missing = need(1);
    if (missing) return missing;
    const n = digits(a!);
    if (n === undefined) return `DEBUG_MIN has non numeric value (${a})`;
    conf.debugMin = n;
    return undefined;
  }
  return `invalid directive ${words.join(" ")}`;
}
