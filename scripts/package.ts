/**
 * `deno task package DIR`: builds DIR/deno-nut_<version>_<arch>.deb offline
 * with dpkg-deb. The package carries its own Deno runtime, our code with its
 * node_modules, launchers at NUT's Debian paths, sample configs as
 * conffiles, the systemd units and the shutdown hook (scripts/layout.ts).
 * It replaces Debian's nut-server and nut-client. Compressed with gzip
 * (xz takes minutes on 100 MB of runtime); `--fast` skips
 * compression (for tests).
 *
 * @module
 */
import { layoutTree, openUp } from "./layout.ts";
import { DENO_NUT_VERSION } from "../src/version.ts";

/** Debian's name for this machine's architecture. */
export function debianArch(arch = Deno.build.arch): string {
  return ({ x86_64: "amd64", aarch64: "arm64" } as Record<string, string>)[
    arch
  ] ?? arch;
}

function duKiB(path: string): number {
  let total = 0;
  const st = Deno.lstatSync(path);
  if (st.isDirectory) {
    for (const e of Deno.readDirSync(path)) total += duKiB(`${path}/${e.name}`);
    return total + 4;
  }
  return Math.ceil(st.size / 1024);
}

/** The control file. */
export function controlText(arch: string, sizeKiB: number): string {
  return `Package: deno-nut
Version: ${DENO_NUT_VERSION}
Architecture: ${arch}
Maintainer: deno-nut developers <deno-nut@localhost>
Installed-Size: ${sizeKiB}
Depends: adduser, libc6
Conflicts: nut-server, nut-client, ups-monitor
Replaces: nut-server, nut-client, ups-monitor
Provides: nut-server, nut-client, ups-monitor
Section: admin
Priority: optional
Homepage: https://networkupstools.org/
Description: Network UPS Tools (NUT) rebuilt in TypeScript on Deno
 Drivers, the upsd data server, the upsmon shutdown controller and the
 admin tools (upsc, upsrw, upscmd, upslog, upsdrvctl, nut-scanner), wire-
 and config-compatible with NUT 2.8.0. Ships its own Deno runtime.
`;
}

/** postinst: the nut user and group, and NUT's ownership of its files. */
export const POSTINST = `#!/bin/sh
set -e
if [ "$1" = configure ]; then
  if ! getent group nut >/dev/null; then
    addgroup --quiet --system nut
  fi
  if ! getent passwd nut >/dev/null; then
    adduser --quiet --system --ingroup nut --home /var/lib/nut --no-create-home nut
  fi
  # configs hold passwords: root:nut 0640 on first install, as Debian's NUT
  if [ -z "$2" ]; then
    chown root:nut /etc/nut
    for f in nut.conf ups.conf upsd.conf upsd.users upsmon.conf upssched.conf; do
      if [ -f "/etc/nut/$f" ]; then
        chown root:nut "/etc/nut/$f"
        chmod 640 "/etc/nut/$f"
      fi
    done
  fi
  mkdir -p /run/nut /var/lib/nut
  chown root:nut /run/nut /var/lib/nut
  chmod 770 /run/nut /var/lib/nut
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || true
  fi
fi
exit 0
`;

/** postrm: forget the units. The nut user stays (it may own files). */
export const POSTRM = `#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
exit 0
`;

/** Builds the package into `outDir`; returns its path. */
export async function buildPackage(
  outDir: string,
  options: { fast?: boolean; log?: (line: string) => void } = {},
): Promise<string> {
  const log = options.log ?? (() => {});
  const stage = await Deno.makeTempDir({ prefix: "deno-nut-deb-" });
  try {
    await layoutTree(stage, { prefix: "", log });
    Deno.mkdirSync(`${stage}/var/lib/nut`, { recursive: true });
    openUp(stage);
    const arch = debianArch();
    const debian = `${stage}/DEBIAN`;
    Deno.mkdirSync(debian, { mode: 0o755 });
    Deno.writeTextFileSync(
      `${debian}/control`,
      controlText(arch, duKiB(stage)),
    );
    const confs = [...Deno.readDirSync(`${stage}/etc/nut`)]
      .map((e) => `/etc/nut/${e.name}`).sort();
    Deno.writeTextFileSync(`${debian}/conffiles`, confs.join("\n") + "\n");
    Deno.writeTextFileSync(`${debian}/postinst`, POSTINST);
    Deno.writeTextFileSync(`${debian}/postrm`, POSTRM);
    openUp(debian);
    Deno.chmodSync(`${debian}/postinst`, 0o755);
    Deno.chmodSync(`${debian}/postrm`, 0o755);
    Deno.mkdirSync(outDir, { recursive: true });
    const deb = `${outDir}/deno-nut_${DENO_NUT_VERSION}_${arch}.deb`;
    const compress = options.fast ? ["-Znone"] : ["-Zgzip", "-z6"];
    const { code, stderr } = await new Deno.Command("dpkg-deb", {
      args: ["--root-owner-group", ...compress, "--build", stage, deb],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) {
      throw new Error(`dpkg-deb: ${new TextDecoder().decode(stderr)}`);
    }
    return deb;
  } finally {
    await Deno.remove(stage, { recursive: true });
  }
}

if (import.meta.main) {
  const fast = Deno.args.includes("--fast");
  const dir = Deno.args.find((a) => !a.startsWith("--"));
  if (!dir) {
    console.error("usage: deno task package [--fast] DIR");
    Deno.exit(2);
  }
  const abs = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  const deb = await buildPackage(abs, { fast, log: (l) => console.log(l) });
  console.log(`wrote ${deb}`);
}
