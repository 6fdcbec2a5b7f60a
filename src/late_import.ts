/**
 * A dynamic import that `deno run`'s start-up graph walk does not follow.
 * Deno fetches and parses everything a literal `import("...")` names, and
 * that module's own graph, before main runs, whether it is ever loaded or
 * not; a computed specifier is resolved only when called. Local files then
 * need --allow-read (every binary that uses this has it), and
 * `deno compile` must `--include` them (scripts/compile.ts does).
 *
 * @module
 */

/** Imports `specifier`, resolved against `base` (the caller's import.meta.url). */
export function importLate<T>(specifier: string, base: string): Promise<T> {
  return import(new URL(specifier, base).href);
}
