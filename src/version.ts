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
