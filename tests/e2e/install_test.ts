/**
 * `deno task install PREFIX` (scripts/install.ts): the package's tree under
 * a prefix. Its units name the prefix's paths (systemd-analyze verify
 * checks every ExecStart exists), an admin's existing config is kept, and a
 * launcher reached through a symlink elsewhere still finds its runtime.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("deno task install PREFIX: relocatable tree, units with PREFIX paths", async () => {
  const work = await Deno.makeTempDir({ prefix: "deno-nut-install-" });
  try {
    const prefix = `${work}/opt/nut`;
    Deno.mkdirSync(`${prefix}/etc/nut`, { recursive: true });
    Deno.writeTextFileSync(`${prefix}/etc/nut/ups.conf`, "# mine\n");
    const r = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", `${ROOT}scripts/install.ts`, prefix],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
    assertEquals(
      Deno.readTextFileSync(`${prefix}/etc/nut/ups.conf`),
      "# mine\n",
    );
    assert(Deno.statSync(`${prefix}/etc/nut/upsmon.conf`).isFile);
    const server = Deno.readTextFileSync(
      `${prefix}/lib/systemd/system/nut-server.service`,
    );
    assertStringIncludes(server, `ExecStart=${prefix}/sbin/upsd -F`);
    assertStringIncludes(server, `Environment=NUT_CONFPATH=${prefix}/etc/nut`);
    const units = [...Deno.readDirSync(`${prefix}/lib/systemd/system`)]
      .map((e) => e.name).filter((n) => !n.endsWith("@.service"));
    Deno.copyFileSync(
      `${prefix}/lib/systemd/system/nut-driver@.service`,
      `${work}/nut-driver@x.service`,
    );
    const v = await new Deno.Command("systemd-analyze", {
      args: [
        "verify",
        ...units.map((u) => `${prefix}/lib/systemd/system/${u}`),
        `${work}/nut-driver@x.service`,
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(v.code, 0, new TextDecoder().decode(v.stderr));
    assertEquals(new TextDecoder().decode(v.stderr).trim(), "");
    // through a symlink in another directory
    Deno.mkdirSync(`${work}/elsewhere`);
    Deno.symlinkSync(`${prefix}/bin/upsc`, `${work}/elsewhere/upsc`);
    const o = await new Deno.Command(`${work}/elsewhere/upsc`, {
      args: ["-V"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(o.code, 0, new TextDecoder().decode(o.stderr));
    assertStringIncludes(
      new TextDecoder().decode(o.stdout) + new TextDecoder().decode(o.stderr),
      "Network UPS Tools upsc",
    );
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
