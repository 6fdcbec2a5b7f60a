/**
 * upsstats.cgi `?json`, as NUT 2.8.5 added it (clients/upsstats.c
 * display_json, tag v2.8.5): one device object for `?host=...&json`, or
 * `{"devices": [...]}` for every MONITOR line of hosts.conf. Each object
 * has host, desc, status_raw, status_parsed (the STATUS texts) and vars
 * (LIST VAR), or an "error" when upsd cannot be reached.
 *
 * Differences from 2.8.5, on purpose: every device of the list is queried
 * (2.8.5 disconnects after each device yet reuses "the same upsd" for the
 * next one, so later devices on one upsd print "Connection failed"), and
 * the host named in an error is JSON-escaped like every other string.
 *
 * @module
 */
import type { CgiEnv } from "./upsstats.ts";
import { loadHosts } from "./upsstats.ts";
import type { UpsLink } from "./link.ts";
import type { HostEntry } from "./cgi_args.ts";
import { findHost } from "./hosts.ts";
import { Page, PageExit } from "./template.ts";
import { STATUS_TABLE } from "./status.ts";

/** json_print_esc(): quotes, backslash and control characters escaped. */
export function jsonEscape(text: string): string {
  let out = "";
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 32) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return out;
}

/** The status words NUT spells out, as the JSON list items. */
function parsedStatus(status: string): string {
  const items: string[] = [];
  for (const word of status.split(/[ \n]+/)) {
    if (word === "") continue;
    for (const [flag, text] of STATUS_TABLE) {
      if (word.toUpperCase() === flag) items.push(`"${jsonEscape(text)}"`);
    }
  }
  return items.join(", ");
}

/** Prints the JSON document; returns the exit code. */
export async function statsJson(
  env: CgiEnv,
  link: UpsLink,
  host: string | undefined,
): Promise<number> {
  env.out(
    "Content-type: application/json; charset=utf-8\nPragma: no-cache\n\n",
  );
  let hosts: HostEntry[];
  const loaded = loadHosts(env);
  if (host !== undefined) {
    if (loaded.error) env.err(`${loaded.error}\n`);
    const entry = findHost(loaded.hosts, host);
    if (!entry) {
      env.out(
        `{"error": "Access to host ${jsonEscape(host)} is not authorized."}`,
      );
      return 0;
    }
    hosts = [{ sys: host, desc: entry.desc }];
  } else {
    // 2.8.5 leaves the body empty when hosts.conf is unusable
    if (loaded.error) {
      env.err(`upsstats: ${loaded.error}\n`);
      return 1;
    }
    if (loaded.hosts.length === 0) {
      env.err("upsstats: no hosts to monitor\n");
      return 1;
    }
    hosts = loaded.hosts;
  }
  const page = new Page(
    { link, out: env.out, err: env.err, now: () => new Date(), refresh: -1 },
    hosts,
    true,
  );
  try {
    if (host === undefined) env.out('{"devices": [\n');
    for (let i = 0; i < hosts.length; i++) {
      page.select(i);
      await page.connectCurrent();
      if (i > 0) env.out(",\n");
      env.out(await device(page, link, hosts[i]!));
    }
    if (host === undefined) env.out("\n]}\n");
  } catch (e) {
    if (e instanceof PageExit) return e.code;
    throw e;
  }
  return 0;
}

async function device(
  page: Page,
  link: UpsLink,
  h: HostEntry,
): Promise<string> {
  const id = `"host": "${jsonEscape(h.sys)}"`;
  const desc = `"desc": "${jsonEscape(h.desc)}"`;
  if (!link.connected) {
    return `  {${id}, ${desc}, "error": "Connection failed: ${
      jsonEscape(link.errorText)
    }"}`;
  }
  let out = `  {\n    ${id},\n    ${desc},\n`;
  const status = await page.getVar("ups.status", false);
  if (status !== undefined) {
    out += `    "status_raw": "${jsonEscape(status)}",\n` +
      `    "status_parsed": [${parsedStatus(status)}],\n`;
  }
  out += '    "vars": {\n';
  const items = await link.list(["VAR", page.upsName ?? ""]);
  if (!items) {
    out += `      "error": "Failed to list variables: ${
      jsonEscape(link.errorText)
    }"`;
  } else {
    out += items.filter((w) => w.length >= 4).map((w) =>
      `      "${jsonEscape(w[2]!)}": "${jsonEscape(w[3]!)}"`
    ).join(",\n");
  }
  return out + "\n    }\n  }";
}
