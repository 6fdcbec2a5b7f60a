/**
 * upsstats.cgi (NUT 2.8.0's clients/upsstats.c): the hosts.conf overview
 * from upsstats.html, one UPS from upsstats-single.html (`?host=`), the
 * variable tree (`&treemode`), and NUT 2.8.5's `?json`.
 *
 * @module
 */
import { CgiFatal, type HostEntry, parseQueryString } from "./cgi_args.ts";
import { findHost, parseHostsConf } from "./hosts.ts";
import { type Connector, UpsLink } from "./link.ts";
import { Page, PageExit } from "./template.ts";
import { strtol } from "./cfmt.ts";
import { statsJson } from "./stats_json.ts";

/** The surroundings of one CGI run. */
export interface CgiEnv {
  /** QUERY_STRING. */
  query: string | undefined;
  /** NUT_CONFPATH or the compiled-in /etc/nut. */
  confPath: string;
  /** Reads a file; throws (a Deno error) when it cannot. */
  readFile(path: string): Uint8Array;
  connector: Connector;
  now(): Date;
  out(text: string): void;
  err(text: string): void;
}

const MAX_CGI_STRLEN = 128;

const DOCTYPE = `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"
	"http://www.w3.org/TR/REC-html40/loose.dtd">
`;

/** strerror text of a failed open. */
export function openError(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "No such file or directory";
  if (e instanceof Deno.errors.PermissionDenied) return "Permission denied";
  if (e instanceof Deno.errors.IsADirectory) return "Is a directory";
  return e instanceof Error ? e.message : String(e);
}

/** Reads and parses hosts.conf; undefined (error noted) when unreadable. */
export function loadHosts(
  env: Pick<CgiEnv, "confPath" | "readFile" | "err">,
): { hosts: HostEntry[]; error?: string } {
  const fn = `${env.confPath}/hosts.conf`;
  let text: string;
  try {
    text = new TextDecoder().decode(env.readFile(fn));
  } catch (e) {
    return { hosts: [], error: `Can't open ${fn}: ${openError(e)}` };
  }
  const parsed = parseHostsConf(text, fn);
  for (const e of parsed.errors) env.err(`Parse error: ${e}\n`);
  return { hosts: parsed.hosts };
}

/** Runs upsstats.cgi; returns the exit code. */
export async function upsstats(env: CgiEnv): Promise<number> {
  let host: string | undefined;
  let refresh = -1;
  let tree = false;
  let json = false;
  try {
    for (const [name, value] of parseQueryString(env.query)) {
      if (name.length > MAX_CGI_STRLEN || value.length > MAX_CGI_STRLEN) {
        continue;
      }
      if (name === "host") host = value;
      else if (name === "refresh") refresh = strtol(value).value | 0;
      else if (name === "treemode") tree = true;
      else if (name === "json") json = true;
    }
  } catch (e) {
    if (!(e instanceof CgiFatal)) throw e;
    env.err(`fatal error: ${e.message}\n`);
    return 1;
  }
  const link = new UpsLink(env.connector);
  try {
    if (json) return await statsJson(env, link, host);
    env.out("Content-type: text/html\nPragma: no-cache\n\n");
    if (host !== undefined) return await single(env, link, host, refresh, tree);
    return await multi(env, link, refresh);
  } catch (e) {
    if (e instanceof PageExit) return e.code;
    throw e;
  } finally {
    await link.disconnect();
  }
}

async function single(
  env: CgiEnv,
  link: UpsLink,
  host: string,
  refresh: number,
  tree: boolean,
): Promise<number> {
  const hosts = loadHosts(env);
  if (hosts.error) env.err(`${hosts.error}\n`);
  const entry = findHost(hosts.hosts, host);
  if (!entry) {
    env.out(`Access to that host [${host}] is not authorized.\n`);
    return 1;
  }
  const page = new Page(
    { link, out: env.out, err: env.err, now: env.now, refresh },
    [{ sys: host, desc: entry.desc }],
    true,
  );
  await page.connectCurrent();
  if (tree) await displayTree(env, page, link);
  else await template(env, page, "upsstats-single.html");
  return 0;
}

async function multi(
  env: CgiEnv,
  link: UpsLink,
  refresh: number,
): Promise<number> {
  const hosts = loadHosts(env);
  const fail = (title: string, body: string, log: string) => {
    env.out(
      `${DOCTYPE}<HTML><HEAD>\n<TITLE>${title}</TITLE>\n</HEAD><BODY>\n${body}\n</BODY></HTML>\n`,
    );
    env.err(`upsstats: ${log}\n`);
    return 1;
  };
  if (hosts.error) {
    return fail(
      "Error: can't open hosts.conf",
      "Error: can't open hosts.conf",
      hosts.error,
    );
  }
  if (hosts.hosts.length === 0) {
    return fail(
      "Error: no hosts to monitor",
      "Error: no hosts to monitor (check <CODE>hosts.conf</CODE>)",
      "no hosts to monitor",
    );
  }
  const page = new Page(
    { link, out: env.out, err: env.err, now: env.now, refresh },
    hosts.hosts,
    true,
  );
  await template(env, page, "upsstats.html");
  return 0;
}

async function template(env: CgiEnv, page: Page, name: string): Promise<void> {
  const fn = `${env.confPath}/${name}`;
  let bytes: Uint8Array;
  try {
    bytes = env.readFile(fn);
  } catch (e) {
    env.err(`upsstats: Can't open ${fn}: ${openError(e)}\n`);
    env.out(`Error: can't open template file (${name})\n`);
    throw new PageExit(1);
  }
  await page.run(bytes);
}

async function displayTree(env: CgiEnv, page: Page, link: UpsLink) {
  const ups = page.upsName;
  if (ups === undefined) {
    env.out("[No UPS name specified]\n");
    return;
  }
  const items = await link.list(["VAR", ups]);
  if (!items) {
    page.reportError();
    return;
  }
  const desc = page.current!.desc;
  let out = DOCTYPE + "<HTML>\n" +
    `<HEAD><TITLE>upsstat: data tree of ${desc}</TITLE></HEAD>\n` +
    `<BODY BGCOLOR="#FFFFFF" TEXT="#000000" LINK="#0000EE" VLINK="#551A8B">\n` +
    `<TABLE BGCOLOR="#50A0A0" ALIGN="CENTER">\n<TR><TD>\n` +
    `<TABLE CELLPADDING="5" CELLSPACING="0" ALIGN="CENTER" WIDTH="100%">\n` +
    `<TR><TH COLSPAN=3 BGCOLOR="#50A0A0">\n` +
    `<FONT SIZE="+2">${desc}</FONT>\n</TH></TR>\n` +
    `<TR><TH COLSPAN=3 BGCOLOR="#60B0B0"></TH></TR>\n`;
  for (const w of items) {
    out += `<TR BGCOLOR="#60B0B0" ALIGN="LEFT">\n<TD>${w[2]}</TD>\n` +
      `<TD>:</TD>\n<TD>${w[3]}<br></TD>\n</TR>\n`;
  }
  out += "</TABLE>\n</TD></TR></TABLE>\n</BODY></HTML>\n";
  env.out(out);
}
