/**
 * `deno task shims DIR` writes one launcher per binary, named as NUT's, and
 * each one starts its entry point under the permissions of the binaries
 * table (no permission prompt, no permission error) and prints NUT's banner.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { availableBinaries } from "../../scripts/binaries.ts";
import { writeShims } from "../../scripts/shims.ts";

Deno.test("every launcher runs its binary with the table's permissions", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deno-nut-shims-" });
  try {
    const names = writeShims(dir);
    assertEquals(names, availableBinaries().map((b) => b.name));
    for (
      const required of ["upsd", "upsc", "upsmon", "upsdrvctl", "dummy-ups"]
    ) {
      assert(names.includes(required), `no ${required} launcher`);
    }
    const results = await Promise.all(names.map(async (name) => {
      const out = await new Deno.Command(`${dir}/${name}`, {
        args: ["-V"],
        stdout: "piped",
        stderr: "piped",
        env: { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_PIDPATH: dir },
      }).output();
      const text = new TextDecoder().decode(out.stdout) +
        new TextDecoder().decode(out.stderr);
      return { name, code: out.code, text };
    }));
    for (const { name, code, text } of results) {
      assertEquals(code, 0, `${name} -V: ${text}`);
      assertStringIncludes(text, "Network UPS Tools");
      assert(
        !/Requires .* access|PermissionDenied|NotCapable/.test(text),
        text,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
