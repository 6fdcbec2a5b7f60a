/**
 * HID path strings as NUT prints them (`UPS.PowerSummary.RemainingCapacity`,
 * `[n]` for indexed collections, 8 hex digits for unnamed usages) and back.
 *
 * @module
 */
import { INDEX_NODE } from "./parser.ts";
import type { UsageNames } from "./usages.ts";

/** Numeric path to NUT's dotted string. */
export function pathToString(
  path: readonly number[],
  names: UsageNames,
): string {
  return path.map((node) => {
    const name = names.name(node);
    if (name !== undefined) return name;
    if ((node & 0xffff0000) === INDEX_NODE) return `[${node & 0xffff}]`;
    return (node >>> 0).toString(16).padStart(8, "0");
  }).join(".");
}

/** Dotted string to numeric path, or undefined if a component is unknown. */
export function stringToPath(
  text: string,
  names: UsageNames,
): number[] | undefined {
  const out: number[] = [];
  for (const part of text.split(".")) {
    if (part === "") continue;
    const code = names.code(part);
    if (code !== undefined) out.push(code);
    else if (/^\[\d+\]$/.test(part)) {
      out.push(INDEX_NODE + Number(part.slice(1, -1)));
    } else if (/^[0-9a-fA-F]{1,8}$/.test(part)) {
      out.push(Number.parseInt(part, 16));
    } else return undefined;
  }
  return out;
}
