/**
 * A fresh clone's first run: npm:usb declares an install script
 * (node-gyp-build), which Deno does not run and reports in an "Ignored build
 * scripts" warning box. deno.json denies that script explicitly (usb loads
 * its bundled prebuilt binary without it), so the first run is quiet and
 * libusb still loads. The test copies the project's config and lockfile to
 * a temp dir without node_modules and imports npm:usb there.
 */
import { assert, assertEquals } from "../assert.ts";

const root = new URL("../..", import.meta.url).pathname;

Deno.test("first run: no build-script warning for npm:usb, and usb loads", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deno-nut-first-run-" });
  try {
    for (const f of ["deno.json", "deno.lock"]) {
      await Deno.copyFile(`${root}${f}`, `${dir}/${f}`);
    }
    await Deno.writeTextFile(
      `${dir}/probe.ts`,
      'import * as usb from "npm:usb@2.18.0";\n' +
        'console.log("devices:", Array.isArray(usb.getDeviceList()));\n',
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "probe.ts"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    assertEquals(new TextDecoder().decode(out.stdout), "devices: true\n");
    // it really was a first run: node_modules was created now
    assert(Deno.statSync(`${dir}/node_modules`).isDirectory);
    assert(!/Ignored build scripts/i.test(stderr), stderr);
    assert(!stderr.includes("approve-scripts"), stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
