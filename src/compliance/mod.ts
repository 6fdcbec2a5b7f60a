/**
 * nut-compliance: a protocol compliance tester for any NUT server.
 *
 * @module
 */
import { ANONYMOUS_CHECKS } from "./checks.ts";
import { AUTH_CHECKS } from "./checks_auth.ts";
import {
  type Check,
  type ComplianceOptions,
  runChecks,
  type Verdict,
} from "./run.ts";

export { type ComplianceOptions, formatVerdict, type Verdict } from "./run.ts";

/** Every check, in the order they run. */
export const ALL_CHECKS: readonly Check[] = [
  ...ANONYMOUS_CHECKS,
  ...AUTH_CHECKS,
];

/** Runs every check against the server. */
export function runCompliance(
  opts: ComplianceOptions,
  onVerdict?: (v: Verdict) => void,
): Promise<Verdict[]> {
  return runChecks(opts, ALL_CHECKS, onVerdict);
}
