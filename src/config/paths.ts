/**
 * Where NUT's files live (common/common.c), from the environment with
 * Debian's built-in defaults.
 *
 * @module
 */

/** Directories every binary resolves the same way. */
export interface NutPaths {
  /** NUT_CONFPATH, else /etc/nut. */
  confPath: string;
  /** NUT_STATEPATH, else /run/nut (driver sockets). */
  statePath: string;
  /** NUT_ALTPIDPATH, else NUT_STATEPATH, else /run/nut (upsd and driver PID files). */
  altPidPath: string;
  /** NUT_PIDPATH, else /run/nut (upsmon and upslog PID files; 2.8.0 ignores the env). */
  pidPath: string;
  /** NUT_DATADIR, else /usr/share/nut (cmdvartab). */
  dataPath: string;
}

/** Debian's compiled-in defaults. */
export const DEFAULT_PATHS: Readonly<NutPaths> = {
  confPath: "/etc/nut",
  statePath: "/run/nut",
  altPidPath: "/run/nut",
  pidPath: "/run/nut",
  dataPath: "/usr/share/nut",
};

/** Resolves the paths from an environment lookup. */
export function nutPaths(env: (name: string) => string | undefined): NutPaths {
  const state = env("NUT_STATEPATH");
  return {
    confPath: env("NUT_CONFPATH") || DEFAULT_PATHS.confPath,
    statePath: state || DEFAULT_PATHS.statePath,
    altPidPath: env("NUT_ALTPIDPATH") || state || DEFAULT_PATHS.altPidPath,
    pidPath: env("NUT_PIDPATH") || DEFAULT_PATHS.pidPath,
    dataPath: env("NUT_DATADIR") || DEFAULT_PATHS.dataPath,
  };
}

/** The driver socket path: `<statepath>/<driver>-<ups>`. */
export function driverSocketPath(
  statePath: string,
  driver: string,
  ups: string,
): string {
  return `${statePath}/${driver}-${ups}`;
}

/** A config file's full path under the config dir. */
export function confFile(paths: NutPaths, name: string): string {
  return `${paths.confPath}/${name}`;
}
