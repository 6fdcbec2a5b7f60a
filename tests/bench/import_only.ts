/**
 * Imports the module named by its first argument and exits: `deno run` of
 * this file measures start-up plus a binary's module graph without running
 * its main (tests/bench/upsc_wall.ts).
 *
 * @module
 */
const target = Deno.args[0];
if (target) await import(new URL(target, `file://${Deno.cwd()}/`).href);
