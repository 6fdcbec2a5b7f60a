/**
 * Version strings. On the wire we speak as NUT 2.8.0 (clients compare
 * versions and parse VER); our own version shows in banners and -V.
 *
 * @module
 */

/** The NUT release whose behaviour and wire strings we match. */
export const NUT_VERSION = "2.8.0";
/** NUT protocol version answered to NETVER/PROTVER. */
export const PROTOCOL_VERSION = "1.3";
/** This project's own version. */
export const DENO_NUT_VERSION = "0.1.0";
/** The URL NUT 2.8.0 puts in VER and server.info. */
export const NUT_URL = "http://www.networkupstools.org/";

/**
 * What `-V` adds after NUT's own version line, on stderr: NUT's line stays
 * byte-identical on its stream for scripts that parse it, and an admin
 * still sees which program really runs.
 */
export function versionNote(): string {
  return `deno-nut ${DENO_NUT_VERSION} (NUT ${NUT_VERSION} compatible, Deno ${Deno.version.deno})\n`;
}
