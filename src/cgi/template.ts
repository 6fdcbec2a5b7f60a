/**
 * The upsstats.html / upsstats-single.html template engine (NUT 2.8.0's
 * clients/upsstats.c semantics): text passes through, `@COMMAND@` runs,
 * IFSUPP/IFEQ/IFBETWEEN ... ELSE ... ENDIF skip (not nested), FOREACHUPS
 * ... ENDFOR loops over hosts.conf by re-reading from the line after
 * FOREACHUPS. Lines are read as fgets with a 1024-byte buffer does.
 *
 * @module
 */
import type { HostEntry } from "./cgi_args.ts";
import { fixed, localTm, strftime, strtod, strtol, zeroPad } from "./cfmt.ts";
import type { UpsLink } from "./link.ts";
import { parseUpsName, UpsNameError } from "../client/name.ts";
import { IMG_ARG_NAMES, statusColor, statusHtml } from "./status.ts";
import { NUT_VERSION } from "../version.ts";

/** Thrown for NUT's exit(EXIT_FAILURE) in the middle of a page. */
export class PageExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const LINE_MAX = 1023; // fgets(buf, LARGEBUF) with LARGEBUF 1024 in 2.8.0
const CMD_MAX = 511; // snprintf(cmd, SMALLBUF)
const VALUE_MAX = 511; // snprintf(buf, SMALLBUF) of an answer

const IMG_TYPES: Record<string, string> = {};
for (const p of ["input", "output"]) {
  const desc = p === "input" ? "Input voltage" : "Output voltage";
  for (
    const v of [
      "voltage",
      "L1-N.voltage",
      "L2-N.voltage",
      "L3-N.voltage",
      "L1-L2.voltage",
      "L2-L3.voltage",
      "L3-L1.voltage",
    ]
  ) IMG_TYPES[`${p}.${v}`] = desc;
}
IMG_TYPES["battery.voltage"] = "Battery voltage";
IMG_TYPES["battery.charge"] = "Battery charge";
for (
  const v of [
    "ups.load",
    "output.L1.power.percent",
    "output.L2.power.percent",
    "output.L3.power.percent",
    "output.L1.realpower.percent",
    "output.L2.realpower.percent",
    "output.L3.realpower.percent",
  ]
) IMG_TYPES[v] = "UPS load";
IMG_TYPES["input.frequency"] = "Input frequency";
IMG_TYPES["output.frequency"] = "Output frequency";
IMG_TYPES["ups.temperature"] = "UPS temperature";
IMG_TYPES["ambient.temperature"] = "Ambient temperature";
IMG_TYPES["ambient.humidity"] = "Ambient humidity";

/** What a page needs from its surroundings. */
export interface PageEnv {
  link: UpsLink;
  out(text: string): void;
  err(text: string): void;
  /** The clock for @DATE@. */
  now(): Date;
  /** ?refresh= (-1 when absent). */
  refresh: number;
}

/** Runs templates against one UPS or the hosts.conf list. */
export class Page {
  #env: PageEnv;
  #hosts: HostEntry[];
  #index = -1;
  #lastSys: string | undefined;
  #ups: string | undefined;
  #host = "";
  #port = 0;
  #celsius = true;
  #skipClause = false;
  #skipBlock = false;
  #imgPath = "upsimage.cgi";
  #statPath = "upsstats.cgi";
  #forOfs = 0;
  #readOfs = 0;

  constructor(env: PageEnv, hosts: HostEntry[], first: boolean) {
    this.#env = env;
    this.#hosts = hosts;
    if (first) this.#index = 0;
  }

  /** The current UPS entry (currups). */
  get current(): HostEntry | undefined {
    return this.#hosts[this.#index];
  }

  /** Makes entry `index` the current one (a loop outside templates). */
  select(index: number): void {
    this.#index = index;
  }

  /** upsname as split from the current entry. */
  get upsName(): string | undefined {
    return this.#ups;
  }

  /** ups_connect(): reuses the connection when host and port match. */
  async connectCurrent(): Promise<void> {
    const cur = this.current!;
    if (this.#lastSys !== undefined) {
      if (this.#lastSys === cur.sys) return;
      const n = this.#split(cur.sys);
      if (n.host === this.#host && n.port === this.#port) {
        this.#ups = n.ups;
        this.#lastSys = cur.sys;
        return;
      }
    }
    await this.#env.link.disconnect();
    const n = this.#split(cur.sys);
    this.#ups = n.ups;
    this.#host = n.host;
    this.#port = n.port;
    if (!(await this.#env.link.connect(n.host, n.port))) {
      this.#env.err(
        `UPS [${cur.sys}]: can't connect to server: ${this.#env.link.errorText}\n`,
      );
    }
    this.#lastSys = cur.sys;
  }

  #split(sys: string) {
    try {
      return parseUpsName(sys);
    } catch (e) {
      if (!(e instanceof UpsNameError)) throw e;
      this.#env.out(`Unusable UPS definition [${sys}]\n`);
      this.#env.err(`Unusable UPS definition [${sys}]\n`);
      throw new PageExit(1);
    }
  }

  /** report_error(). */
  reportError(): void {
    const link = this.#env.link;
    this.#env.out(
      link.varNotSupported ? "Not supported\n" : `[error: ${link.errorText}]\n`,
    );
  }

  /** check_ups_fd(). */
  checkFd(report: boolean): boolean {
    if (!this.#env.link.connected) {
      if (report) this.reportError();
      return false;
    }
    if (!this.current) {
      if (report) this.#env.out("No UPS specified for monitoring\n");
      return false;
    }
    return true;
  }

  /** get_var(): the value, or undefined (reported when verbose). */
  async getVar(name: string, verbose: boolean): Promise<string | undefined> {
    if (!this.checkFd(true)) return undefined;
    if (this.#ups === undefined) {
      if (verbose) this.#env.out("[No UPS name specified]\n");
      return undefined;
    }
    const words = await this.#env.link.get(["VAR", this.#ups, name]);
    if (!words) {
      if (verbose) this.reportError();
      return undefined;
    }
    if (words.length < 4) {
      if (verbose) this.#env.out("[Invalid response]\n");
      return undefined;
    }
    return words[3]!.slice(0, VALUE_MAX);
  }

  /** Runs a whole template file. */
  async run(bytes: Uint8Array): Promise<void> {
    // streaming: a UTF-8 character cut by the 1023-byte split stays whole
    let dec = new TextDecoder();
    this.#readOfs = 0;
    while (this.#readOfs < bytes.length) {
      const start = this.#readOfs;
      let end = bytes.indexOf(10, start);
      end = end < 0 ? bytes.length : end + 1;
      if (end - start > LINE_MAX) end = start + LINE_MAX;
      this.#readOfs = end;
      await this.#line(
        dec.decode(bytes.subarray(start, end), { stream: true }),
      );
      if (this.#readOfs !== end) dec = new TextDecoder(); // ENDFOR jumped
    }
  }

  async #line(buf: string): Promise<void> {
    let cmd = "";
    let doCmd = false;
    let i = 0;
    while (i < buf.length) {
      const at = buf.indexOf("@", i);
      const seg = buf.slice(i, at < 0 ? buf.length : at);
      if (seg === "") {
        if (doCmd) {
          await this.#command(cmd);
          doCmd = false;
        } else {
          cmd = "";
          doCmd = true;
        }
        i++;
        continue;
      }
      i += seg.length;
      if (doCmd) cmd = seg.slice(0, CMD_MAX);
      else if (!this.#skipClause && !this.#skipBlock) this.#env.out(seg);
    }
  }

  async #command(cmd: string): Promise<void> {
    const out = this.#env.out;
    if (cmd === "ENDIF") {
      this.#skipClause = this.#skipBlock = false;
      return;
    }
    if (this.#skipBlock) return;
    if (cmd === "ELSE") {
      if (this.#skipClause) this.#skipClause = false;
      else this.#skipBlock = true;
      return;
    }
    if (this.#skipClause) return;
    const cur = this.current;
    const arg = (p: string) => cmd.startsWith(p) ? cmd.slice(p.length) : null;
    let a: string | null;
    if ((a = arg("VAR ")) !== null) {
      const v = await this.getVar(a, true);
      if (v !== undefined) out(v);
    } else if (cmd === "HOST") out(cur?.sys ?? "");
    else if (cmd === "HOSTDESC") out(cur?.desc ?? "");
    else if (cmd === "RUNTIME") {
      const v = await this.getVar("battery.runtime", true);
      if (v === undefined) return;
      const total = strtol(v).value | 0;
      const h = Math.trunc(total / 3600);
      const m = Math.trunc((total - h * 3600) / 60);
      const s = total % 60;
      out(`${zeroPad(h, 2)}:${zeroPad(m, 2)}:${zeroPad(s, 2)}`);
    } else if (cmd === "STATUS") {
      const v = await this.getVar("ups.status", true);
      if (v !== undefined) out(statusHtml(v));
    } else if (cmd === "STATUSCOLOR") {
      if (!this.checkFd(false)) return out("#FF0000");
      const v = await this.getVar("ups.status", false);
      out(v === undefined ? "#FFFF00" : statusColor(v));
    } else if (cmd === "TEMPF") this.#celsius = false;
    else if (cmd === "TEMPC") this.#celsius = true;
    else if ((a = arg("DATE ")) !== null) {
      out(strftime(a, localTm(this.#env.now())));
    } else if ((a = arg("IMG ")) !== null) await this.#img(a);
    else if (cmd === "VERSION") out(NUT_VERSION);
    else if (cmd === "REFRESH") {
      if (this.#env.refresh > 0) {
        out(`<META HTTP-EQUIV="Refresh" CONTENT="${this.#env.refresh}">`);
      }
    } else if (cmd === "FOREACHUPS") {
      this.#forOfs = this.#readOfs;
      this.#index = 0;
      await this.connectCurrent();
    } else if (cmd === "ENDFOR") {
      if (this.#forOfs === 0) return;
      this.#index++;
      if (this.current) {
        this.#readOfs = this.#forOfs;
        await this.connectCurrent();
      }
    } else if (cmd === "HOSTLINK") {
      if (!cur) return;
      const r = this.#env.refresh > 0
        ? `&amp;refresh=${this.#env.refresh}`
        : "";
      out(`<a href="${this.#statPath}?host=${cur.sys}${r}">${cur.desc}</a>`);
    } else if (cmd === "TREELINK") {
      if (!cur) return;
      out(
        `<a href="${this.#statPath}?host=${cur.sys}&amp;treemode">All data</a>`,
      );
    } else if ((a = arg("IFSUPP ")) !== null) await this.#ifSupp(a, undefined);
    else if (cmd === "UPSTEMP") await this.#temp("ups.temperature");
    else if (cmd === "BATTTEMP") await this.#temp("battery.temperature");
    else if (cmd === "AMBTEMP") await this.#temp("ambient.temperature");
    else if (cmd === "DEGREES") out(this.#celsius ? "&deg;C" : "&deg;F");
    else if ((a = arg("IFEQ ")) !== null) {
      const args = breakArgs(a);
      if (args.length !== 2) out("upsstats: IFEQ: Argument error!\n");
      else await this.#ifSupp(args[0]!, args[1]!);
    } else if ((a = arg("IFBETWEEN ")) !== null) await this.#ifBetween(a);
    else if ((a = arg("UPSSTATSPATH ")) !== null) {
      if (a !== "") this.#statPath = a;
    } else if ((a = arg("UPSIMAGEPATH ")) !== null) {
      if (a !== "") this.#imgPath = a;
    }
  }

  async #ifSupp(name: string, want: string | undefined): Promise<void> {
    if (!this.checkFd(false)) {
      this.#skipClause = true;
      return;
    }
    const v = await this.getVar(name, false);
    if (v === undefined || (want !== undefined && v !== want)) {
      this.#skipClause = true;
    }
  }

  async #ifBetween(text: string): Promise<void> {
    const args = breakArgs(text);
    if (args.length !== 3) {
      this.#env.out("upsstats: IFBETWEEN: Argument error!\n");
      return;
    }
    if (!this.checkFd(false)) return;
    const nums: number[] = [];
    for (const name of args) {
      const v = await this.getVar(name, false);
      if (v === undefined) return;
      const n = strtol(v);
      if (!n.ok) return;
      nums.push(n.value);
    }
    const [lo, hi, x] = nums as [number, number, number];
    if (lo > x || hi < x) this.#skipClause = true;
  }

  async #temp(name: string): Promise<void> {
    const v = await this.getVar(name, true);
    if (v === undefined) return;
    this.#env.out(this.#celsius ? v : fixed(strtod(v) * 1.8 + 32, 1));
  }

  async #img(text: string): Promise<void> {
    const sp = text.indexOf(" ");
    const type = sp < 0 ? text : text.slice(0, sp);
    const args = sp < 0 ? "" : imgArgs(text.slice(sp + 1));
    const desc = IMG_TYPES[type];
    if (desc === undefined) return;
    const v = await this.getVar(type, true);
    if (v === undefined) return;
    const extra = args === "" ? "" : `&amp;${args}`;
    this.#env.out(
      `<IMG SRC="${this.#imgPath}?host=${
        this.current!.sys
      }&amp;display=${type}${extra}" ALT="${desc}: ${v}">`,
    );
  }
}

/** breakargs(): split on each single space, at most 15 arguments. */
export function breakArgs(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (let p = 0; p < text.length && i < 15; p++) {
    if (out[i] === undefined) out[i] = "";
    if (text[p] === " ") i++;
    else out[i] = out[i]! + text[p]!;
  }
  return out;
}

/** The known `name=value` words of an @IMG@ line, joined with `&amp;`. */
export function imgArgs(text: string): string {
  if (text.length < 3) return "";
  const kept: string[] = [];
  for (const word of text.split(" ")) {
    const eq = word.indexOf("=");
    if (eq < 0) continue;
    if (IMG_ARG_NAMES.includes(word.slice(0, eq))) kept.push(word);
  }
  return kept.join("&amp;");
}
