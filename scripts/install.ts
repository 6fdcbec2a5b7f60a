/**
 * `deno task install PREFIX`: lays out the package's tree under PREFIX
 * without a package (any Linux host): PREFIX/sbin, bin, lib/nut,
 * lib/deno-nut, etc/nut (existing configs kept), lib/systemd/system.
 * The units name PREFIX's paths and set NUT_CONFPATH to PREFIX/etc/nut.
 *
 * @module
 */
import { layoutTree } from "./layout.ts";

if (import.meta.main) {
  const dir = Deno.args[0];
  if (!dir) {
    console.error("usage: deno task install PREFIX");
    Deno.exit(2);
  }
  const prefix = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  const clean = prefix.replace(/\/+$/, "");
  await layoutTree(clean || "/", {
    prefix: clean,
    log: (l) => console.log(l),
  });
  console.log(
    `installed into ${
      clean || "/"
    }; systemd units are in ${clean}/lib/systemd/system
  (link them: systemctl link ${clean}/lib/systemd/system/nut*.{target,service,path})`,
  );
}
