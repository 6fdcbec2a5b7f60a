/**
 * upsstats.cgi, ours against Debian's nut-cgi 2.8.0 (/usr/lib/cgi-bin/nut),
 * both run as CGI programs (REQUEST_METHOD, QUERY_STRING) against the same
 * upsd (ours, serving our dummy-ups): stdout compared byte for byte, and
 * the exit code. Templates are Debian's installed /etc/nut/upsstats*.html
 * plus test templates that use every template command.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  type CgiFixture,
  type CgiResult,
  NUT_CGI_DIR,
  ours,
  runCgi,
  startFixture,
  text,
  unshareFlags,
} from "./cgi_harness.ts";

const NUT = [`${NUT_CGI_DIR}/upsstats.cgi`];
const OURS = ours("upsstats_cgi.ts");

/** Every command of upsstats-single.html(5), and the odd cases. */
const SINGLE_ALL = `@REFRESH@<p>head
HOST=@HOST@ DESC=@HOSTDESC@
VAR:@VAR ups.model@|@VAR no.such.var@|@VAR battery.charge@
RUNTIME:@RUNTIME@
STATUS:@STATUS@ COLOR:@STATUSCOLOR@
@TEMPF@F: @UPSTEMP@@DEGREES@ @BATTTEMP@ @AMBTEMP@@DEGREES@
@TEMPC@C: @UPSTEMP@@DEGREES@ @BATTTEMP@ @AMBTEMP@@DEGREES@
DATE:@DATE %Y-%m-%d %H:%M:%S %a %b %e %j %p %Z %%@ @DATE @|
IMG:@IMG input.voltage width=80 height=200 bogus=1 back_col=0x112233@
IMG:@IMG battery.charge@ @IMG battery.voltage tempmin=3@ @IMG ups.load@
IMG:@IMG output.voltage@ @IMG ups.temperature@ @IMG ambient.humidity@
IMG:@IMG input.frequency nom_in_freq=60@ @IMG nonsense@ @IMG output.L1.power.percent@
VERSION:@VERSION@
@HOSTLINK@ @TREELINK@
@IFSUPP ambient.temperature@amb yes@ELSE@amb no@ENDIF@
@IFSUPP ups.model@
model line
@ENDIF@
@IFEQ ups.status OL@exactly OL@ELSE@not OL@ENDIF@
@IFEQ ups.status@ @IFEQ a b c@
@IFBETWEEN input.transfer.low input.transfer.high input.voltage@in@ELSE@out@ENDIF@
@IFBETWEEN battery.charge.low ups.load battery.charge@b1@ELSE@b0@ENDIF@
@IFBETWEEN a b@ @IFBETWEEN ups.model ups.load ups.load@x@ENDIF@
@IFSUPP no.such@skip @VAR ups.model@@ELSE@else @VAR ups.load@@ELSE@again@ENDIF@
@UPSSTATSPATH /cgi/st.cgi@@UPSIMAGEPATH /cgi/img.cgi@@HOSTLINK@@IMG ups.load@
@UPSSTATSPATH @@UNKNOWNCMD@ @@ tail @not closed
mail@example.org is @text
@FOREACHUPS@ loop? @ENDFOR@ end
${"x".repeat(4090)}@VAR ups.load@ split by fgets @VAR ups.model@
${"y".repeat(4094)}@VAR ups.load@
${"é".repeat(600)}@VERSION@ °C ✓
`;

/** A hosts.conf overview template: FOREACHUPS loops and text around them. */
const MULTI_ALL = `<h1>@VERSION@</h1>@VAR ups.status@
@HOST@|@STATUSCOLOR@|@IFSUPP ups.model@has@ELSE@hasnt@ENDIF@
@FOREACHUPS@ after-foreach
<tr>@HOSTLINK@ @VAR ups.model@ @STATUS@ @STATUSCOLOR@ @RUNTIME@
@IFSUPP ups.temperature@@UPSTEMP@@DEGREES@@ENDIF@ @IMG ups.load width=60@
@TREELINK@</tr>
@ENDFOR@ after-endfor
<p>done @VAR ups.load@
`;

function show(r: CgiResult): string {
  return `exit ${r.code}\n${text(r)}\nstderr: ${r.stderr}`;
}

/**
 * Runs NUT's program, ours, NUT's again: ours must equal one of the two
 * (the pages print the time, which may tick between runs).
 */
async function compare(
  query: string | undefined,
  env: Record<string, string>,
  etcNut: string,
): Promise<CgiResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const a = await runCgi(NUT, { query, env, etcNut });
    const b = await runCgi(OURS, { query, env });
    const c = await runCgi(NUT, { query, env, etcNut });
    const same = (x: CgiResult) =>
      x.code === b.code && text(x) === text(b) &&
      x.stdout.length === b.stdout.length;
    if (same(a) || same(c)) return b;
    if (text(a) === text(c)) {
      assertEquals(show(b), show(a), `query ${query}`);
    }
  }
  throw new Error(`NUT's output never settled for ${query}`);
}

let fx: CgiFixture | undefined;

Deno.test({
  name: "upsstats.cgi output is byte-identical to Debian's nut-cgi",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert(
      (await Deno.stat(NUT[0]!)).isFile,
      "nut-cgi is not installed (apt-get install nut-cgi)",
    );
    const unshare = (await unshareFlags()) !== undefined;
    if (!unshare) {
      console.warn("no mount namespace: skipping NUT's hosts.conf overview");
    }
    fx = await startFixture();
    const d = fx.tree.dir;
    const p = fx.port;
    try {
      Deno.copyFileSync("/etc/nut/upsstats.html", `${d}/upsstats.html`);
      Deno.copyFileSync(
        "/etc/nut/upsstats-single.html",
        `${d}/upsstats-single.html`,
      );
      const names = ["online", "onbatt", "lowbatt", "trim", "minimal"];
      const hosts = names.map((n) =>
        `MONITOR ${n}@127.0.0.1:${p} "UPS ${n}"\n`
      ).join("") +
        `MONITOR nope@127.0.0.1:${p} "Unknown UPS"\n` +
        `MONITOR x@127.0.0.1:${fx.deadPort} "upsd down"\n` +
        `MONITOR onlyname "no host part"\nMONITOR short\n` +
        `# comment\nOTHER a b c\n` +
        // last: NUT stops the overview at an unusable entry
        `MONITOR bad@ "unusable name"\n`;
      Deno.writeTextFileSync(`${d}/hosts.conf`, hosts);
      const env = { NUT_CONFPATH: d };
      const at = (n: string) => `${n}@127.0.0.1:${p}`;

      // a second tree with the test templates
      const all = Deno.makeTempDirSync({ prefix: "cgi_all_" });
      Deno.writeTextFileSync(`${all}/hosts.conf`, hosts);
      Deno.writeTextFileSync(`${all}/upsstats-single.html`, SINGLE_ALL);
      Deno.writeTextFileSync(`${all}/upsstats.html`, MULTI_ALL);
      const envAll = { NUT_CONFPATH: all };
      // no templates, and hosts.conf without any MONITOR
      const bare = Deno.makeTempDirSync({ prefix: "cgi_bare_" });
      Deno.writeTextFileSync(
        `${bare}/hosts.conf`,
        `MONITOR ${at("online")} "x"\n`,
      );
      const empty = Deno.makeTempDirSync({ prefix: "cgi_empty_" });
      Deno.writeTextFileSync(`${empty}/hosts.conf`, "# nothing\n");
      const none = Deno.makeTempDirSync({ prefix: "cgi_none_" });
      try {
        const single: string[] = [];
        for (const n of [...names, "nope"]) {
          single.push(`host=${at(n)}`);
          single.push(`host=${at(n)}&treemode`);
        }
        single.push(
          `host=x@127.0.0.1:${fx.deadPort}`,
          `host=x@127.0.0.1:${fx.deadPort}&treemode`,
          `host=${at("online")}&refresh=30`,
          `host=${at("online")}&refresh=-5&treemode=1`,
          `host=online%40127.0.0.1%3A${p}&refresh=+7x`,
          `treemode&host=${at("online")}`,
          `host=notlisted@localhost`,
          `host=bad@`,
          `host=bad@&treemode`,
          `host=`,
          `host=%zz`,
          `host=${at("online")}&junk=${"j".repeat(200)}`,
          `host=${at("onbatt")}&host=${"h".repeat(129)}`,
        );
        for (const q of single) {
          await t.step(`?${q}`, async () => {
            await compare(q, env, d);
          });
        }
        for (const n of [...names, "nope"]) {
          await t.step(`every command, ${n}`, async () => {
            await compare(`host=${at(n)}&refresh=5`, envAll, all);
          });
        }
        await t.step("every command, upsd down", async () => {
          await compare(`host=x@127.0.0.1:${fx!.deadPort}`, envAll, all);
        });
        await t.step("missing upsstats-single.html", async () => {
          await compare(`host=${at("online")}`, { NUT_CONFPATH: bare }, bare);
        });
        await t.step("no hosts.conf: nothing is authorized", async () => {
          await compare(`host=${at("online")}`, { NUT_CONFPATH: none }, none);
        });
        // the overview reads /etc/nut/hosts.conf in NUT 2.8.0: bind-mount
        await t.step({
          name: "hosts.conf overview (upsstats.html)",
          ignore: !unshare,
          fn: async () => {
            const r = await compare(undefined, env, d);
            for (const n of names) assert(text(r).includes(`UPS ${n}`));
            await compare("", envAll, all);
            await compare("refresh=10", envAll, all);
            await compare("", { NUT_CONFPATH: bare }, bare);
            await compare("", { NUT_CONFPATH: empty }, empty);
            await compare("", { NUT_CONFPATH: none }, none);
          },
        });
      } finally {
        for (const dir of [all, bare, empty, none]) {
          Deno.removeSync(dir, { recursive: true });
        }
      }
    } finally {
      await fx.stop();
    }
  },
});
