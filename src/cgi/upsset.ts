/**
 * upsset.cgi (NUT 2.8.0's clients/upsset.c): settings and instant commands
 * through a POSTed form, refused unless upsset.conf holds
 * I_HAVE_SECURED_MY_CGI_DIRECTORY. Reads only the POST body, never
 * QUERY_STRING, as NUT's program does.
 *
 * @module
 */
import { quoteWord } from "../words.ts";
import { UpsLink } from "./link.ts";
import { parseUpsName, UpsNameError } from "../client/name.ts";
import { findHost } from "./hosts.ts";
import { loadHosts } from "./upsstats.ts";
import { strtol } from "./cfmt.ts";
import {
  checkConf,
  Done,
  END,
  type Form,
  headerHtml,
  LOGIN_ROWS,
  readForm,
  startTableHtml,
  type UpssetEnv,
} from "./upsset_form.ts";

export {
  MAGIC_ENABLE_STRING,
  readForm,
  type UpssetEnv,
} from "./upsset_form.ts";

/** Runs upsset.cgi; returns the exit code. */
export async function upsset(env: UpssetEnv): Promise<number> {
  const link = new UpsLink(env.connector);
  env.out("Content-type: text/html\n\n");
  try {
    checkConf(env);
    await new Upsset(env, link, readForm(env.body)).run();
    return 0;
  } catch (e) {
    if (e instanceof Done) return e.code;
    throw e;
  } finally {
    await link.disconnect();
  }
}

class Upsset {
  #env: UpssetEnv;
  #link: UpsLink;
  #form: Form;
  #ups = "";

  constructor(env: UpssetEnv, link: UpsLink, form: Form) {
    this.#env = env;
    this.#link = link;
    this.#form = form;
  }

  async run(): Promise<void> {
    const f = this.#form;
    const fn = f.function;
    if (
      f.username === undefined || f.password === undefined || fn === undefined
    ) return this.#login();
    if (fn === "pickups" || f.monups === undefined) return this.#initial();
    if (fn === "showsettings") return await this.#showSettings();
    if (fn === "savesettings") return await this.#saveSettings();
    if (fn === "showcmds") return await this.#showCmds();
    if (fn === "docmd") return await this.#doCmd();
    this.#env.out(`Error: Unhandled function name [${fn}]\n`);
  }

  #header(title: string): void {
    this.#env.out(headerHtml(title));
  }

  #startTable(): void {
    this.#env.out(startTableHtml());
  }

  #hidden(next: string | undefined): void {
    // printf("%s", NULL) prints (null) with glibc
    const u = this.#form.username ?? "(null)";
    const p = this.#form.password ?? "(null)";
    let out = `<INPUT TYPE="HIDDEN" NAME="username" VALUE="${u}">\n` +
      `<INPUT TYPE="HIDDEN" NAME="password" VALUE="${p}">\n`;
    if (next !== undefined) {
      out += `<INPUT TYPE="HIDDEN" NAME="function" VALUE="${next}">\n`;
    }
    this.#env.out(out);
  }

  #pickups(current: string): void {
    const env = this.#env;
    env.out(
      '<FORM METHOD="POST" ACTION="upsset.cgi">\nSelect UPS and function:\n<BR>\n',
    );
    const hosts = loadHosts(env);
    if (hosts.error) {
      env.out("Error: hosts.conf unavailable\n</FORM>\n");
      env.err(`upsset: ${hosts.error}\n`);
      return;
    }
    let out = '<SELECT NAME="monups">\n';
    for (const h of hosts.hosts) {
      const sel = h.sys === this.#form.monups ? "SELECTED" : "";
      out += `<OPTION VALUE="${h.sys}"${sel}>${h.desc}</OPTION>\n`;
    }
    out += '</SELECT>\n<SELECT NAME="function">\n';
    for (
      const [value, label] of [["showsettings", "Settings"], [
        "showcmds",
        "Commands",
      ]]
    ) {
      const sel = current === value ? " SELECTED" : "";
      out += `<OPTION VALUE="${value}"${sel}>${label}</OPTION>\n`;
    }
    out += "</SELECT>\n";
    env.out(out);
    this.#hidden(undefined);
    env.out('<INPUT TYPE="SUBMIT" VALUE="View">\n</FORM>\n');
  }

  #errorPage(next: string, title: string, msg: string): never {
    this.#header(title);
    this.#startTable();
    this.#env.out(
      `<TR><TH COLSPAN=2 BGCOLOR="#60B0B0">\nError: ${
        msg.slice(0, 511)
      }\n</TH></TR>\n` +
        '<TR><TD ALIGN="CENTER" COLSPAN=2>\n',
    );
    this.#pickups(next);
    this.#env.out(END);
    throw new Done(0);
  }

  #login(): never {
    this.#header("Login");
    this.#env.out('<FORM METHOD="POST" ACTION="upsset.cgi">\n');
    this.#startTable();
    this.#env.out(LOGIN_ROWS);
    throw new Done(0);
  }

  #initial(): never {
    this.#header("Select a UPS");
    this.#startTable();
    this.#env.out('<TR><TD ALIGN="CENTER" COLSPAN="2">\n');
    this.#pickups("");
    this.#env.out(END);
    throw new Done(0);
  }

  /** checkhost(monups): the description, or the Access denied page. */
  #check(): string {
    const h = findHost(loadHosts(this.#env).hosts, this.#form.monups!);
    if (!h) {
      this.#errorPage(
        "showsettings",
        "Access denied",
        "Access to that host is not authorized",
      );
    }
    return h.desc;
  }

  async #connect(): Promise<void> {
    const monups = this.#form.monups!;
    let name;
    try {
      name = parseUpsName(monups);
    } catch (e) {
      if (!(e instanceof UpsNameError)) throw e;
      this.#errorPage(
        "showsettings",
        "UPS name is unusable",
        `Unable to split UPS name [${monups}]`,
      );
    }
    this.#ups = name.ups;
    if (!(await this.#link.connect(name.host, name.port))) {
      this.#errorPage(
        "showsettings",
        "Connect failure",
        `Unable to connect to ${monups}: ${this.#link.errorText}`,
      );
    }
  }

  async #getData(type: string, name: string): Promise<string | undefined> {
    const w = await this.#link.get([type, this.#ups, name]);
    return w && w.length >= 3 ? w[3] : undefined;
  }

  async #sendAuth(next: string): Promise<void> {
    const f = this.#form;
    if ((await this.#link.raw(`USERNAME ${f.username}`)) === undefined) {
      if (this.#link.errorText === "Unknown command") {
        this.#errorPage(
          next,
          "Protocol mismatch",
          "upsd version too old - USERNAME not supported",
        );
      }
      this.#errorPage(
        next,
        "Can't set user name",
        `Set user name failed: ${this.#link.errorText}`,
      );
    }
    if ((await this.#link.raw(`PASSWORD ${f.password}`)) === undefined) {
      this.#errorPage(
        next,
        "Can't set password",
        `Password set failed: ${this.#link.errorText}`,
      );
    }
  }

  async #showSettings(): Promise<never> {
    const desc = this.#check();
    await this.#connect();
    const items = await this.#link.list(["RW", this.#ups]);
    if (!items) {
      this.#env.err(`LIST RW ${this.#ups} failed: ${this.#link.errorText}\n`);
      this.#errorPage(
        "showsettings",
        "Server protocol error",
        "LIST RW command failed",
      );
    }
    const out = this.#env.out;
    this.#header("Current settings");
    out('<FORM ACTION="upsset.cgi" METHOD="POST">\n');
    this.#startTable();
    out(`<TR><TH BGCOLOR="#60B0B0"COLSPAN=2>${desc}</TH></TR>\n`);
    out('<TR BGCOLOR="#60B0B0">\n<TH>Setting</TH>\n<TH>Value</TH></TR>\n');
    for (const w of items) await this.#printRw(w[2] ?? "");
    out('<TR BGCOLOR="#60B0B0">\n<TD COLSPAN="2" ALIGN="CENTER">\n');
    this.#hidden("savesettings");
    out(
      `<INPUT TYPE="HIDDEN" NAME="monups" VALUE="${this.#form.monups}">\n` +
        '<INPUT TYPE="SUBMIT" VALUE="Save changes">\n' +
        '<INPUT TYPE="RESET" VALUE="Reset">\n</TD></TR>\n</TABLE>\n</FORM>\n' +
        '<TR><TD ALIGN="CENTER">\n',
    );
    this.#pickups("showsettings");
    out("</TD></TR>\n</TABLE>\n</BODY></HTML>\n");
    throw new Done(0);
  }

  async #printRw(name: string): Promise<void> {
    const out = this.#env.out;
    out(
      `<!-- <TR><TD>Device</TD><TD>${this.#ups}</TD></TR> -->\n` +
        '<TR BGCOLOR="#60B0B0" ALIGN="CENTER">\n<TD>',
    );
    const d = await this.#getData("DESC", name);
    out(d !== undefined && d !== "Unavailable" ? d : name);
    out("</TD>\n<TD>\n");
    await this.#doType(name);
    out("</TD>\n</TR>\n");
  }

  async #doType(name: string): Promise<void> {
    const out = this.#env.out;
    const w = await this.#link.get(["TYPE", this.#ups, name]);
    if (!w || w.length < 3) {
      out("Unknown type\n");
      return;
    }
    for (const t of w.slice(3)) {
      if (t.toUpperCase() === "ENUM") return await this.#doEnum(name);
      if (t.toUpperCase().startsWith("STRING:")) {
        // NUT keeps the length in a char
        const n = strtol(t.slice(t.indexOf(":") + 1)).value;
        return await this.#doString(name, ((n & 0xff) << 24) >> 24);
      }
      if (t.toUpperCase() === "RW") continue;
      out("Unrecognized\n");
    }
  }

  async #doString(name: string, len: number): Promise<void> {
    const v = await this.#getData("VAR", name);
    if (v === undefined) {
      this.#env.out("Unavailable\n");
      this.#env.err(`do_string: can't get current value of ${name}\n`);
      return;
    }
    this.#env.out(
      `<INPUT TYPE="TEXT" NAME="UPSVAR_${name}" VALUE="${v}" SIZE="${len}">\n`,
    );
  }

  async #doEnum(name: string): Promise<void> {
    const out = this.#env.out;
    const v = await this.#getData("VAR", name);
    if (v === undefined) {
      out("Unavailable\n");
      this.#env.err(`do_enum: can't get current value of ${name}\n`);
      return;
    }
    const items = await this.#link.list(["ENUM", this.#ups, name]);
    if (!items) {
      out("Unavailable\n");
      this.#env.err(
        `Error doing ENUM ${this.#ups} ${name}: ${this.#link.errorText}\n`,
      );
      return;
    }
    let text = `<SELECT NAME="UPSVAR_${name}">\n`;
    for (const w of items) {
      const sel = w[3] === v ? " SELECTED" : "";
      text += `<OPTION VALUE="${w[3]}" ${sel}>${w[3]}</OPTION>\n`;
    }
    out(text + "</SELECT>\n");
  }

  async #saveSettings(): Promise<never> {
    this.#check();
    await this.#connect();
    await this.#sendAuth("showsettings");
    const out = this.#env.out;
    this.#header("Saving settings");
    this.#startTable();
    out("<TR><TD><PRE>\n");
    let changed = 0;
    for (const [name, value] of this.#form.vars) {
      changed += await this.#setVar(name, value);
    }
    out(
      changed === 0
        ? "No settings changed.\n"
        : `Updated ${changed} setting${changed === 1 ? "" : "s"}.\n`,
    );
    out('</PRE></TD></TR>\n<TR><TD ALIGN="CENTER" COLSPAN="2">\n');
    this.#pickups("showsettings");
    out(END);
    throw new Done(0);
  }

  async #setVar(name: string, value: string): Promise<number> {
    const out = this.#env.out;
    const old = await this.#getData("VAR", name);
    if (old === undefined) {
      out(`Can't get old value for ${name}, aborting SET\n`);
      return 0;
    }
    if (old === value) return 0;
    out(`set ${name} to ${value} (was ${old})\n`);
    const reply = await this.#link.raw(
      `SET VAR ${this.#ups} ${name} ${quoteWord(value)}`,
    );
    if (reply === undefined) {
      out(`Error: SET failed: ${this.#link.errorText}\n`);
      return 0;
    }
    if (!reply.startsWith("OK")) {
      out(`Unexpected response: ${reply}\n`);
      return 0;
    }
    out("OK\n");
    return 1;
  }

  async #showCmds(): Promise<never> {
    const desc = this.#check();
    await this.#connect();
    const items = await this.#link.list(["CMD", this.#ups]);
    if (!items) {
      this.#env.err(`LIST CMD ${this.#ups} failed: ${this.#link.errorText}\n`);
      this.#errorPage(
        "showcmds",
        "Server protocol error",
        "LIST CMD command failed",
      );
    }
    if (items.length === 0) {
      this.#errorPage(
        "showcmds",
        "No instant commands supported",
        "This UPS doesn't support any instant commands.",
      );
    }
    const out = this.#env.out;
    this.#header("Instant commands");
    out('<FORM ACTION="upsset.cgi" METHOD="POST">\n');
    this.#startTable();
    out(
      `<TR><TH BGCOLOR="#60B0B0"COLSPAN=2>${desc}</TH></TR>\n` +
        '<TR BGCOLOR="#60B0B0" ALIGN="CENTER">\n<TD>Instant commands</TD>\n' +
        '<TD>\n<SELECT NAME="upscommand">\n<OPTION VALUE="" SELECTED></OPTION>\n',
    );
    for (const w of items) {
      const cmd = w[2] ?? "";
      const d = await this.#getData("CMDDESC", cmd);
      if (d !== undefined) out(`<OPTION VALUE="${cmd}">${d}</OPTION>\n`);
    }
    out(
      '</SELECT>\n</TD></TR>\n<TR BGCOLOR="#60B0B0">\n<TD COLSPAN="2" ALIGN="CENTER">\n',
    );
    this.#hidden("docmd");
    out(
      `<INPUT TYPE="HIDDEN" NAME="monups" VALUE="${this.#form.monups}">\n` +
        '<INPUT TYPE="SUBMIT" VALUE="Issue command">\n' +
        '<INPUT TYPE="RESET" VALUE="Reset">\n</TD></TR>\n</TABLE>\n</FORM>\n' +
        '<TR><TD ALIGN="CENTER">\n',
    );
    this.#pickups("showcmds");
    out("</TD></TR>\n</TABLE>\n</BODY></HTML>\n");
    throw new Done(0);
  }

  async #doCmd(): Promise<never> {
    this.#check();
    const cmd = this.#form.upscommand;
    if (cmd === undefined || cmd === "") {
      this.#errorPage("showcmds", "Form error", "No instant command selected");
    }
    await this.#connect();
    await this.#sendAuth("showcmds");
    const reply = await this.#link.raw(`INSTCMD ${this.#ups} ${cmd}`);
    const out = this.#env.out;
    if (reply === undefined) {
      this.#header("Error while reading command response");
      this.#startTable();
      out(
        `<TR><TD>Error reading command response: ${this.#link.errorText}\n</TD></TR>`,
      );
    } else {
      this.#header("Issuing command");
      this.#startTable();
      out(
        `<TR><TD><PRE>\nSending command: ${cmd}\nResponse: ${reply}\n</PRE></TD></TR>\n`,
      );
    }
    out('<TR><TD ALIGN="CENTER" COLSPAN=2>\n');
    this.#pickups("showcmds");
    out(END);
    throw new Done(0);
  }
}
