/**
 * upsset.cgi's form, its upsset.conf guard and the fixed pieces of its
 * pages (NUT 2.8.0's clients/upsset.c).
 *
 * @module
 */
import { parsePostBody } from "./cgi_args.ts";
import { parseConfigText } from "../words.ts";
import type { Connector } from "./link.ts";
import { openError } from "./upsstats.ts";
import { NUT_VERSION } from "../version.ts";

/** The magic word of upsset.conf. */
export const MAGIC_ENABLE_STRING = "I_HAVE_SECURED_MY_CGI_DIRECTORY";
const MAX_UPSVARS = 64;
const MAX_UPSVAR_LEN = 256;

/** The surroundings of one run. */
export interface UpssetEnv {
  /** The POST body ("" when none came within NUT's 250 ms). */
  body: string;
  confPath: string;
  readFile(path: string): Uint8Array;
  connector: Connector;
  out(text: string): void;
  err(text: string): void;
}

/** Leaves the program with NUT's exit code once a page is complete. */
export class Done extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export interface Form {
  username?: string;
  password?: string;
  function?: string;
  monups?: string;
  upscommand?: string;
  vars: [string, string][];
}

/** parsearg(): the form fields NUT's upsset keeps. */
export function readForm(body: string): Form {
  const form: Form = { vars: [] };
  let count = 0;
  for (const [name, value] of parsePostBody(body)) {
    if (name.startsWith("UPSVAR_")) {
      if (count > MAX_UPSVARS || value.length > MAX_UPSVAR_LEN) continue;
      form.vars.push([name.slice(name.indexOf("_") + 1), value]);
      count++;
    } else if (
      name === "username" || name === "password" || name === "function" ||
      name === "monups" || name === "upscommand"
    ) form[name] = value;
  }
  return form;
}

/** Runs upsset.cgi; returns the exit code. */
/** The upsset.conf guard: returns only when the magic word is there. */
export function checkConf(env: UpssetEnv): void {
  const fn = `${env.confPath}/upsset.conf`;
  let text: string;
  try {
    text = new TextDecoder().decode(env.readFile(fn));
  } catch (e) {
    env.err(`Can't open ${fn}: ${openError(e)}\n`);
    env.out(
      "<PRE>\nError: Can't open upsset.conf to verify security settings.\n" +
        "Refusing to start until this is fixed.\n</PRE>\n",
    );
    env.err("upsset.conf does not exist to permit execution\n");
    throw new Done(1);
  }
  let magic = false;
  for (const line of parseConfigText(text)) {
    if (line.error) {
      env.err(`Parse error: ${fn}:${line.line}: ${line.error}\n`);
    } else if (line.words[0] === MAGIC_ENABLE_STRING) magic = true;
  }
  if (magic) return;
  env.out(
    "<PRE>\nError: Secure mode has not been enabled in upsset.conf.\n" +
      "Refusing to start until this is fixed.\n</PRE>\n",
  );
  env.err("upsset.conf does not permit execution\n");
  throw new Done(1);
}

/** The end of most pages. */
export const END = "</TD></TR>\n</TABLE>\n</TD></TR></TABLE>\n</BODY></HTML>\n";

/** do_header(): the page head and the outer table. */
export function headerHtml(title: string): string {
  return `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"
	"http://www.w3.org/TR/REC-html40/loose.dtd">
<HTML>
<HEAD><TITLE>upsset: ${title}</TITLE></HEAD>
<BODY BGCOLOR="#FFFFFF" TEXT="#000000" LINK="#0000EE" VLINK="#551A8B">
<TABLE BGCOLOR="#50A0A0" ALIGN="CENTER">
<TR><TD>
`;
}

/** start_table(): the inner table and its title row. */
export function startTableHtml(): string {
  return `<TABLE CELLPADDING="5" CELLSPACING="0" ALIGN="CENTER" WIDTH="100%">
<TR><TH COLSPAN=2 BGCOLOR="#60B0B0">
<FONT SIZE="+2">Network UPS Tools upsset ${NUT_VERSION}</FONT>
</TH></TR>
`;
}

/** The rows of the login form after start_table(). */
export const LOGIN_ROWS = `<TR BGCOLOR="#60B0B0">
<TH>Username</TH>
<TD><INPUT TYPE="TEXT" NAME="username" VALUE=""></TD>
</TR>
<TR BGCOLOR="#60B0B0">
<TH>Password</TH>
<TD><INPUT TYPE="PASSWORD" NAME="password" VALUE=""></TD>
</TR>
<TR><TD COLSPAN=2 ALIGN="CENTER">
<INPUT TYPE="HIDDEN" NAME="function" VALUE="pickups">
<INPUT TYPE="SUBMIT" VALUE="Login">
<INPUT TYPE="RESET" VALUE="Reset fields">
</TD></TR></TABLE>
</FORM>
</TD></TR></TABLE>
</BODY></HTML>
`;
