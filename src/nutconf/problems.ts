/**
 * What `nutconf --check` reports: one problem per line, `file:line: message`
 * (warnings say so), and the inputs the checks read.
 *
 * @module
 */

/** One finding of the checker. */
export interface Problem {
  file: string;
  /** 1-based line; file-wide findings (permissions) use line 1. */
  line: number;
  severity: "error" | "warning";
  message: string;
}

/** One config file as the checker sees it. */
export interface ConfigInput {
  text: string;
  /** Unix permission bits, when known (for the "readable by others" warning). */
  mode?: number;
}

/** The names of the files `nutconf --check` reads, in report order. */
export const CHECKED_FILES = [
  "nut.conf",
  "ups.conf",
  "upsd.conf",
  "upsd.users",
  "upsmon.conf",
  "upssched.conf",
  "hosts.conf",
] as const;

/** One of CHECKED_FILES. */
export type CheckedFile = typeof CHECKED_FILES[number];

/** A driver as the checker needs it: the variables its `-L` lists. */
export interface DriverVars {
  vars: ReadonlyArray<{ name: string; kind: "value" | "flag" }>;
}

/** Finds a driver by NUT name (drivers/mod.ts findDriver in the CLI). */
export type DriverLookup = (name: string) => DriverVars | undefined;

/** `file:line: message` (with `warning: ` for warnings). */
export function formatProblem(p: Problem): string {
  const tag = p.severity === "warning" ? "warning: " : "";
  return `${p.file}:${p.line}: ${tag}${p.message}`;
}

/** Collects problems for one file. */
export class Report {
  readonly problems: Problem[] = [];
  error(file: string, line: number, message: string): void {
    this.problems.push({ file, line, severity: "error", message });
  }
  warn(file: string, line: number, message: string): void {
    this.problems.push({ file, line, severity: "warning", message });
  }
  /** True when any problem is an error. */
  get failed(): boolean {
    return this.problems.some((p) => p.severity === "error");
  }
}
