/**
 * nut-compliance's engine: runs every check against a server, each on its
 * own connection so that one broken reply cannot hide the next check, and
 * gives a verdict per check. The checks are in checks.ts (anonymous) and
 * checks_auth.ts (with credentials).
 *
 * @module
 */
import { Session, type Target } from "./session.ts";
import { splitWords } from "../words.ts";

/** What a check concluded. */
export interface Verdict {
  name: string;
  status: "pass" | "fail" | "skip";
  detail?: string;
}

/** Options of a compliance run. */
export interface ComplianceOptions extends Target {
  user?: string;
  password?: string;
  /** The UPS to test (default: the first of LIST UPS). */
  ups?: string;
  /** PEM CA certificate to verify STARTTLS with. */
  caCert?: string;
}

/** What the first checks learn and later ones use. */
export interface Facts {
  ups?: string;
  desc?: string;
  vars: Map<string, string>;
  rw: string[];
  cmds: string[];
}

/** Thrown by a check that fails. */
export class Fail extends Error {}
/** Thrown by a check that cannot run here (e.g. no credentials). */
export class Skip extends Error {}

/** One check: a name and a body that throws Fail or Skip, or returns to pass. */
export interface Check {
  name: string;
  run(ctx: CheckContext): Promise<void>;
}

/** What a check body gets. */
export interface CheckContext {
  opts: ComplianceOptions;
  facts: Facts;
  /** Opens a session that the runner closes after the check. */
  open(): Promise<Session>;
}

/** Fails unless `actual === expected`. */
export function expect(actual: string, expected: string, what = "reply") {
  if (actual !== expected) {
    throw new Fail(`${what}: expected "${expected}", got "${actual}"`);
  }
}

/** Fails unless the condition holds. */
export function ensure(cond: unknown, detail: string): asserts cond {
  if (!cond) throw new Fail(detail);
}

/** The words of a reply line; a line the tokenizer rejects fails the check. */
export function wordsOf(line: string): string[] {
  try {
    return splitWords(line);
  } catch (e) {
    throw new Fail(`unparsable line "${line}": ${(e as Error).message}`);
  }
}

/** Fails unless the reply is not an ERR. */
export function notErr(line: string, what: string): string {
  ensure(!line.startsWith("ERR"), `${what}: got "${line}"`);
  ensure(line !== "", `${what}: empty reply`);
  return line;
}

/** The UPS under test, or Skip. */
export function upsOf(ctx: CheckContext): string {
  if (ctx.facts.ups === undefined) throw new Skip("no UPS to test");
  return ctx.facts.ups;
}

/** Runs the checks in order and reports each verdict as it is reached. */
export async function runChecks(
  opts: ComplianceOptions,
  checks: readonly Check[],
  onVerdict: (v: Verdict) => void = () => {},
): Promise<Verdict[]> {
  const facts: Facts = { vars: new Map(), rw: [], cmds: [] };
  if (opts.ups !== undefined) facts.ups = opts.ups;
  const out: Verdict[] = [];
  for (const check of checks) {
    const sessions: Session[] = [];
    const ctx: CheckContext = {
      opts,
      facts,
      open: async () => {
        const s = await Session.open(opts);
        sessions.push(s);
        return s;
      },
    };
    let v: Verdict;
    try {
      await check.run(ctx);
      v = { name: check.name, status: "pass" };
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      v = {
        name: check.name,
        status: e instanceof Skip ? "skip" : "fail",
        detail,
      };
    } finally {
      for (const s of sessions) s.close();
    }
    out.push(v);
    onVerdict(v);
  }
  return out;
}

/** Printable form of a detail: control and non-ASCII bytes escaped, long text cut. */
function printable(text: string): string {
  const t = text.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
  return t.length > 200 ? t.slice(0, 200) + "..." : t;
}

/** `PASS name` / `FAIL name: detail` / `SKIP name: reason`. */
export function formatVerdict(v: Verdict): string {
  const tag = v.status.toUpperCase();
  return v.detail === undefined
    ? `${tag} ${v.name}`
    : `${tag} ${v.name}: ${printable(v.detail)}`;
}
