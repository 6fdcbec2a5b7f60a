/**
 * upsset.cgi, ours against Debian's nut-cgi 2.8.0, both run as CGI
 * programs (REQUEST_METHOD=POST, the form on stdin) against the same upsd
 * (ours, serving our dummy-ups): stdout compared byte for byte, and the
 * exit code. Covers the upsset.conf guard, login, UPS pickers, settings,
 * instant commands and their error pages.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { NutClient } from "../../src/client/mod.ts";
import {
  type CgiResult,
  NUT_CGI_DIR,
  ours,
  runCgi,
  startFixture,
  text,
} from "./cgi_harness.ts";

const NUT = [`${NUT_CGI_DIR}/upsset.cgi`];
const OURS = ours("upsset_cgi.ts");

function show(r: CgiResult): string {
  return `exit ${r.code}\n${text(r)}`;
}

async function compare(
  body: string | undefined,
  confDir: string,
  restore?: () => Promise<void>,
): Promise<CgiResult> {
  const env = { NUT_CONFPATH: confDir };
  const opts = { method: "POST", body, env };
  const a = await runCgi(NUT, opts);
  await restore?.();
  const b = await runCgi(OURS, opts);
  await restore?.();
  assertEquals(show(b), show(a), `body ${body}`);
  return b;
}

Deno.test({
  name: "upsset.cgi output is byte-identical to Debian's nut-cgi",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert((await Deno.stat(NUT[0]!)).isFile, "apt-get install nut-cgi");
    const fx = await startFixture();
    const d = fx.tree.dir;
    const p = fx.port;
    const at = (n: string) => `${n}@127.0.0.1:${p}`;
    const enc = encodeURIComponent;
    const none = Deno.makeTempDirSync({ prefix: "cgi_upsset_none_" });
    const open = Deno.makeTempDirSync({ prefix: "cgi_upsset_open_" });
    const nohosts = Deno.makeTempDirSync({ prefix: "cgi_upsset_nohosts_" });
    try {
      Deno.writeTextFileSync(
        `${d}/hosts.conf`,
        `MONITOR ${at("online")} "UPS online"\nMONITOR ${
          at("minimal")
        } "Minimal"\n` +
          `MONITOR ${at("nope")} "Unknown"\n` +
          `MONITOR x@127.0.0.1:${fx.deadPort} "Down"\nMONITOR bad@ "Bad name"\n`,
      );
      Deno.writeTextFileSync(
        `${d}/upsset.conf`,
        "# secured\nI_HAVE_SECURED_MY_CGI_DIRECTORY\n",
      );
      // Debian's stock upsset.conf has the magic word commented out
      Deno.copyFileSync("/etc/nut/upsset.conf", `${open}/upsset.conf`);
      Deno.writeTextFileSync(
        `${nohosts}/upsset.conf`,
        "I_HAVE_SECURED_MY_CGI_DIRECTORY\n",
      );

      await t.step("guard: no upsset.conf", async () => {
        const r = await compare("", none);
        assertEquals(r.code, 1);
      });
      await t.step("guard: Debian's stock upsset.conf", async () => {
        const r = await compare("username=a&password=b&function=pickups", open);
        assertStringIncludes(text(r), "Secure mode has not been enabled");
      });
      const auth = "username=admin&password=pw";
      const bodies: string[] = [
        "",
        "username=a&password=b",
        `${auth}&function=pickups`,
        `${auth}&function=pickups&monups=${enc(at("minimal"))}`,
        `${auth}&function=showsettings`,
        `${auth}&function=bogus&monups=${enc(at("online"))}`,
        `${auth}&function=&monups=${enc(at("online"))}`,
      ];
      for (const fn of ["showsettings", "showcmds"]) {
        for (
          const m of [
            at("online"),
            at("minimal"),
            at("nope"),
            `x@127.0.0.1:${fx.deadPort}`,
            "bad@",
            "notlisted@localhost",
          ]
        ) bodies.push(`${auth}&function=${fn}&monups=${enc(m)}`);
      }
      const on = enc(at("online"));
      bodies.push(
        `${auth}&function=docmd&monups=${on}`,
        `${auth}&function=docmd&monups=${on}&upscommand=`,
        `${auth}&function=docmd&monups=${on}&upscommand=test.battery.start`,
        `username=admin&password=wrong&function=docmd&monups=${on}&upscommand=load.off`,
        `${auth}&function=docmd&monups=${
          enc(`x@127.0.0.1:${fx.deadPort}`)
        }&upscommand=a`,
        `${auth}&function=savesettings&monups=${on}`,
        `${auth}&function=savesettings&monups=${on}&UPSVAR_ups.load=37` +
          `&UPSVAR_ups.model=New+Model&UPSVAR_no.such=1`,
        `username=u%20x&password=p%22w&function=savesettings&monups=${on}&UPSVAR_ups.load=1`,
        // a pair longer than NUT's 512-byte buffer is cut, not dropped
        `username=${"u".repeat(600)}&password=pw&function=pickups`,
      );
      // SET changes the device: put ups.model back after each run
      const restore = async () => {
        // upsd answers SET with OK before the driver applies it (NUT's does
        // too): let a SET the CGI just made land before reading the value
        await new Promise((r) => setTimeout(r, 100));
        const c = await NutClient.connect({
          host: "127.0.0.1",
          port: p,
          tls: "off",
        });
        try {
          if ((await c.getVar("online", "ups.model")) === "Smart 1500") return;
          await c.username("admin");
          await c.password("pw");
          await c.setVar("online", "ups.model", "Smart 1500");
          await waitFor(
            async () =>
              (await c.getVar("online", "ups.model")) === "Smart 1500",
          );
        } finally {
          await c.close();
        }
      };
      for (const body of bodies) {
        await t.step(`POST ${body || "(empty)"}`, async () => {
          await compare(body, d, restore);
        });
      }
      await t.step("pickups without hosts.conf", async () => {
        await compare(`${auth}&function=pickups`, nohosts);
      });
    } finally {
      for (const dir of [none, open, nohosts]) {
        Deno.removeSync(dir, { recursive: true });
      }
      await fx.stop();
    }
  },
});
