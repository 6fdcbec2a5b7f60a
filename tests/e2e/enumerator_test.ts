/**
 * nut-driver-enumerator and upsdrvsvcctl against a ups.conf, with the unit
 * directory in a temp dir and systemctl replaced by a script that records
 * its calls. Instance names are the ones systemd-escape gives.
 */
import { assertEquals } from "../assert.ts";
import { instanceName } from "../../src/drvctl/svc.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function run(entry: string, args: string[], env: Record<string, string>) {
  const o = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${ROOT}${entry}`, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: o.code, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

Deno.test("instance names are systemd-escape's", async () => {
  for (const name of ["ups1", "my ups", "ups-1", ".x", "a.b", "rack:2", "ü"]) {
    const o = await new Deno.Command("systemd-escape", { args: ["--", name] })
      .output();
    assertEquals(instanceName(name), new TextDecoder().decode(o.stdout).trim());
  }
});

Deno.test("enumerator: adds, keeps, restarts changed and removes gone sections", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deno-nut-enum-" });
  try {
    const calls = `${dir}/calls`;
    await Deno.writeTextFile(
      `${dir}/systemctl`,
      `#!/bin/sh\nprintf '%s\\n' "$*" >> ${calls}\n`,
    );
    await Deno.chmod(`${dir}/systemctl`, 0o755);
    const env = {
      NUT_CONFPATH: dir,
      NUT_SYSTEMD_UNITDIR: `${dir}/units`,
      SYSTEMCTL: `${dir}/systemctl`,
    };
    const taken = async () => {
      let text = "";
      try {
        text = await Deno.readTextFile(calls);
        await Deno.remove(calls);
      } catch {
        // no calls
      }
      return text.trim().split("\n").filter(Boolean);
    };
    const conf = (extra: string) =>
      Deno.writeTextFile(
        `${dir}/ups.conf`,
        `[ups1]\n  driver = dummy-ups\n  port = a.dev\n${extra}`,
      );
    await conf("[ups-2]\n  driver = dummy-ups\n  port = b.dev\n");
    const enumerator = "cli/nut_driver_enumerator.ts";
    assertEquals((await run(enumerator, [], env)).code, 0);
    assertEquals(await taken(), [
      "daemon-reload",
      "enable --now --no-block nut-driver@ups1.service",
      "enable --now --no-block nut-driver@ups\\x2d2.service",
    ]);
    const dropIn = await Deno.readTextFile(
      `${dir}/units/nut-driver@ups\\x2d2.service.d/nut-driver-enumerator-generated.conf`,
    );
    assertEquals(dropIn.includes("# ups.conf section: ups-2"), true);
    // the unit's ExecStart asks which section an instance stands for
    const get = await run(enumerator, [
      "--get-device-for-service",
      "ups\\x2d2",
    ], env);
    assertEquals([get.code, get.out], [0, "ups-2\n"]);
    const none = await run(
      enumerator,
      ["--get-device-for-service", "nope"],
      env,
    );
    assertEquals(none.code, 1);
    // nothing changed: nothing to do
    assertEquals((await run(enumerator, [], env)).code, 0);
    assertEquals(await taken(), []);
    // ups1 changes, "ups-2" goes away
    await conf("  pollinterval = 5\n");
    assertEquals((await run(enumerator, ["--reconfigure"], env)).code, 0);
    assertEquals(await taken(), [
      "disable --now nut-driver@ups\\x2d2.service",
      "daemon-reload",
      "try-restart --no-block nut-driver@ups1.service",
    ]);
    // upsdrvsvcctl maps upsdrvctl's verbs onto the units
    const ctl = await run("cli/upsdrvsvcctl.ts", ["stop", "ups1"], env);
    assertEquals(ctl.code, 0, ctl.err);
    assertEquals(await taken(), ["stop nut-driver@ups1.service"]);
    const list = await run("cli/upsdrvsvcctl.ts", ["list"], env);
    assertEquals(list.out, "nut-driver@ups1.service\tups1\n");
    // a broken ups.conf is refused with file:line, and nothing is touched
    await conf('[x]\n  driver = "dummy-ups\n');
    const bad = await run(enumerator, [], env);
    assertEquals(bad.code, 1);
    assertEquals(
      bad.err,
      `${dir}/ups.conf:5: Unbalanced word due to unterminated quote\n`,
    );
    assertEquals(await taken(), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
