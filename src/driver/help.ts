/**
 * Texts every driver prints: the banner and `-h` (drivers/main.c).
 *
 * @module
 */
import { NUT_VERSION } from "../version.ts";
import type { DriverDefinition } from "./types.ts";

/** `Network UPS Tools - <description> <version> (<NUT version>)`. */
export function bannerText(def: DriverDefinition): string {
  const warn = def.experimental
    ? "Warning: This is an experimental driver.\nSome features may not function correctly.\n\n"
    : "";
  const subs = (def.subdrivers ?? []).map((l) => `${l}\n`).join("");
  return `Network UPS Tools - ${def.description} ${def.version} (${NUT_VERSION})\n${subs}${warn}`;
}

/** The `-h` text, with the driver's variables (right-aligned as NUT's %40s). */
export function helpText(def: DriverDefinition): string {
  const lines = [
    "",
    `usage: ${def.name} (-a <id>|-s <id>) [OPTIONS]`,
    "  -a <id>        - autoconfig using ups.conf section <id>",
    "                 - note: -x after -a overrides ups.conf settings",
    "",
    "  -s <id>        - configure directly from cmd line arguments",
    "                 - note: must specify all driver parameters with successive -x",
    "                 - note: at least 'port' variable should be set",
    "                 - note: to explore the current values on a device from an",
    "                   unprivileged user account (with sufficient media access in",
    "                   the OS - e.g. to query networked devices), you can specify",
    "                   '-d 1' argument and `export NUT_STATEPATH=/tmp` beforehand",
    "",
    "  -V             - print version, then exit",
    "  -L             - print parseable list of driver variables",
    "  -D             - raise debugging level (and stay foreground by default)",
    "  -d <count>     - dump data to stdout after 'count' updates loop and exit",
    "  -F             - stay foregrounded even if no debugging is enabled",
    "  -FF            - stay foregrounded and still save the PID file",
    "  -B             - stay backgrounded even if debugging is bumped",
    "  -q             - raise log level threshold",
    "  -h             - display this help",
    "  -k             - force shutdown",
    "  -i <int>       - poll interval",
    "  -r <dir>       - chroot to <dir>",
    "  -u <user>      - switch to <user> (if started as root)",
    "  -g <group>     - set pipe access to <group> (if started as root)",
    "  -x <var>=<val> - set driver variable <var> to <val>",
    "                 - example: -x cable=940-0095B",
    "  -c <command>   - send <command> via signal to background process",
    "                   Supported commands:",
    "                   - reload: re-read configuration files, ignoring changed",
    "                     values which require a driver restart (can not be changed",
    "                     on the fly)",
    "                   - reload-or-exit: re-read configuration files (exit the old",
    "                     driver instance if needed, so an external caller like the",
    "                     systemd or SMF frameworks would start another copy)",
    "                   - exit: tell the currently running driver instance to just exit",
    "  -P <pid>       - send the signal above to specified PID (bypassing PID file)",
    "",
    "Environment: NUT_DEBUG_LEVEL=<n> sets the debug level when no -D is given",
    "",
  ];
  if (def.vars.length) {
    lines.push("Acceptable values for -x or ups.conf in this driver:", "");
    for (const v of def.vars) {
      const desc = v.desc.padStart(40);
      lines.push(
        v.kind === "value"
          ? `${desc} : -x ${v.name}=<value>`
          : `${desc} : -x ${v.name}`,
      );
    }
  }
  return lines.join("\n") + "\n" + (def.help ?? "");
}
