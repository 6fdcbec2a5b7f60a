/**
 * Config errors reach the admin as `file:line: message`, at start (the bad
 * line is skipped, as NUT skips it) and on reload (the reload is refused
 * and the old config keeps running): here with an unterminated quote, the
 * error NUT's parseconf says nothing about.
 */
import { assert, assertStringIncludes } from "../assert.ts";
import { freePort, waitFor } from "../net.ts";
import { UNTERMINATED_QUOTE } from "../../src/words.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A daemon whose stderr is collected as it comes. */
function spawn(entry: string, args: string[], env: Record<string, string>) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${ROOT}${entry}`, ...args],
    env,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const state = { text: "" };
  const done = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stderr) state.text += dec.decode(chunk);
  })();
  return {
    child,
    log: () => state.text,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // gone
      }
      await child.status;
      await done;
    },
  };
}

Deno.test("unterminated quotes: logged with file:line at start, reload refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "deno-nut-conferr-" });
  const port = freePort();
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  const good = "[d]\n  driver = dummy-ups\n  port = d.dev\n";
  await Deno.writeTextFile(`${dir}/ups.conf`, good + '  desc = "open\n');
  await Deno.writeTextFile(`${dir}/d.dev`, "ups.status: OL\n");
  await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    '[a]\n  password = "pw\n  actions = SET\n',
  );
  const drv = spawn(
    "drivers/dummy_ups.ts",
    ["-a", "d", "-u", "root", "-F"],
    env,
  );
  const upsd = spawn("cli/upsd.ts", ["-F", "-u", "root"], env);
  try {
    // driver, at start: the bad ups.conf line is named and skipped
    await waitFor(() => drv.log().includes(UNTERMINATED_QUOTE));
    assertStringIncludes(drv.log(), `${dir}/ups.conf:4: ${UNTERMINATED_QUOTE}`);
    // upsd, at start: ups.conf and upsd.users both named
    await waitFor(() => upsd.log().includes("upsd.users:2:"));
    assertStringIncludes(
      upsd.log(),
      `${dir}/upsd.users:2: ${UNTERMINATED_QUOTE}`,
    );
    assertStringIncludes(
      upsd.log(),
      `${dir}/ups.conf:4: ${UNTERMINATED_QUOTE}`,
    );
    const list = async () => {
      const c = await Deno.connect({ hostname: "127.0.0.1", port });
      await c.write(new TextEncoder().encode("LIST UPS\n"));
      const buf = new Uint8Array(4096);
      let text = "";
      while (!text.includes("END LIST UPS")) {
        const n = await c.read(buf);
        if (n === null) break;
        text += new TextDecoder().decode(buf.subarray(0, n));
      }
      c.close();
      return text;
    };
    assertStringIncludes(await list(), "UPS d ");
    // reload with a new unterminated quote: refused, the old config serves on
    await Deno.writeTextFile(
      `${dir}/ups.conf`,
      good + '[e]\n  driver = "dummy-ups\n',
    );
    upsd.child.kill("SIGHUP");
    await waitFor(() => upsd.log().includes("Reload failed"));
    assertStringIncludes(
      upsd.log(),
      `${dir}/ups.conf:5: ${UNTERMINATED_QUOTE}`,
    );
    const after = await list();
    assertStringIncludes(after, "UPS d ");
    assert(!after.includes("UPS e "), after);
    drv.child.kill("SIGHUP");
    await waitFor(() => drv.log().includes("Reload failed"));
    assertStringIncludes(drv.log(), `${dir}/ups.conf:5: ${UNTERMINATED_QUOTE}`);
  } finally {
    await upsd.stop();
    await drv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
