/**
 * NUT's CGI programs ignore their command line. Ours answer `-V` and `-h`
 * when no web server started them (REQUEST_METHOD unset), so an admin or
 * a launcher check can ask what they are; under a server argv is ignored.
 *
 * @module
 */
import type { Io } from "../io.ts";
import { NUT_VERSION, versionNote } from "../version.ts";

/** An exit code when `-V`/`-h` was handled, else undefined (run the CGI). */
export function cgiCommandLine(
  name: string,
  summary: string,
  args: string[],
  io: Io,
): number | undefined {
  if (io.env("REQUEST_METHOD") !== undefined) return undefined;
  if (args.includes("-V")) {
    io.err(`Network UPS Tools ${name} ${NUT_VERSION}\n` + versionNote());
    return 0;
  }
  if (args.includes("-h")) {
    io.out(
      `Network UPS Tools ${name} ${NUT_VERSION}\n\n${summary}\n\n` +
        "A CGI program: the web server passes REQUEST_METHOD and QUERY_STRING\n" +
        "(upsset.cgi: a POST body); configuration comes from NUT_CONFPATH\n" +
        "(default /etc/nut): hosts.conf, upsset.conf, upsstats*.html.\n\n" +
        "  -V  display the version of this software\n" +
        "  -h  display this help text\n",
    );
    return 0;
  }
  return undefined;
}
