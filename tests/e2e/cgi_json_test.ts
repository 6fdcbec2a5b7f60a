/**
 * upsstats.cgi `?json` (NUT 2.8.5; Debian ships 2.8.0, which has no JSON).
 * Expectations come from NUT's v2.8.5 clients/upsstats.c display_json and
 * common/strjson.c: the exact layout of its printf calls, checked here
 * byte for byte, with the variable values taken from NUT's own upsc
 * (Debian's /usr/bin/upsc) against the same upsd.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  type CgiFixture,
  ours,
  runCgi,
  startFixture,
  text,
} from "../interop/cgi_harness.ts";

const OURS = ours("upsstats_cgi.ts");
const HEAD =
  "Content-type: application/json; charset=utf-8\nPragma: no-cache\n\n";

async function upsc(target: string): Promise<[string, string][]> {
  const out = await new Deno.Command("upsc", {
    args: [target],
    stderr: "null",
  }).output();
  return new TextDecoder().decode(out.stdout).split("\n").filter((l) => l)
    .map((l) => {
      const i = l.indexOf(": ");
      return [l.slice(0, i), l.slice(i + 2)] as [string, string];
    });
}

/** One device object as 2.8.5 prints it. */
function deviceText(
  sys: string,
  desc: string,
  status: string,
  parsed: string[],
  vars: [string, string][],
): string {
  return `  {\n    "host": "${sys}",\n    "desc": "${desc}",\n` +
    `    "status_raw": "${status}",\n` +
    `    "status_parsed": [${parsed.map((p) => `"${p}"`).join(", ")}],\n` +
    `    "vars": {\n` +
    vars.map(([k, v]) => `      "${k}": "${v}"`).join(",\n") +
    `\n    }\n  }`;
}

let fx: CgiFixture | undefined;

Deno.test({
  name: "upsstats.cgi ?json: NUT 2.8.5's document, values as upsc shows them",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    fx = await startFixture();
    const d = fx.tree.dir;
    const at = (n: string) => `${n}@127.0.0.1:${fx!.port}`;
    const down = `x@127.0.0.1:${fx.deadPort}`;
    Deno.writeTextFileSync(
      `${d}/hosts.conf`,
      `MONITOR ${at("lowbatt")} "Low \\"batt\\""\nMONITOR ${
        at("trim")
      } "Trim"\n` +
        `MONITOR ${down} "Down"\n`,
    );
    const env = { NUT_CONFPATH: d };
    try {
      // one device: the object alone, no newline after it
      const one = await runCgi(OURS, {
        query: `host=${at("lowbatt")}&json`,
        env,
      });
      assertEquals(one.code, 0);
      const low = deviceText(
        at("lowbatt"),
        'Low \\"batt\\"',
        "OB LB DISCHRG",
        ["ON BATTERY", "LOW BATTERY"],
        await upsc(at("lowbatt")),
      );
      assertEquals(text(one), HEAD + low);
      assertEquals(JSON.parse(low).desc, 'Low "batt"');

      // every hosts.conf device, including one whose upsd is down
      const all = await runCgi(OURS, { query: "json", env });
      assertEquals(all.code, 0);
      const trim = deviceText(
        at("trim"),
        "Trim",
        "OL TRIM RB",
        ["ONLINE", "VOLTAGE TRIM", "REPLACE BATTERY"],
        await upsc(at("trim")),
      );
      const dead = `  {"host": "${down}", "desc": "Down", ` +
        `"error": "Connection failed: Connection failure: Connection refused"}`;
      assertEquals(
        text(all),
        `${HEAD}{"devices": [\n${low},\n${trim},\n${dead}\n]}\n`,
      );
      const doc = JSON.parse(text(all).slice(HEAD.length));
      assertEquals(doc.devices.length, 3);
      assertEquals(doc.devices[1].vars["ups.load"], "112");

      // a host not in hosts.conf, and a device upsd does not know
      const denied = await runCgi(OURS, { query: "host=a%22b&json", env });
      assertEquals(
        text(denied),
        `${HEAD}{"error": "Access to host a\\"b is not authorized."}`,
      );
      Deno.writeTextFileSync(`${d}/hosts.conf`, `MONITOR ${at("nope")} "N"\n`);
      const unknown = await runCgi(OURS, {
        query: `host=${at("nope")}&json`,
        env,
      });
      assertEquals(
        text(unknown),
        `${HEAD}  {\n    "host": "${at("nope")}",\n    "desc": "N",\n` +
          `    "vars": {\n      "error": "Failed to list variables: Unknown UPS"\n    }\n  }`,
      );
      // no usable hosts.conf: headers only, exit 1
      Deno.writeTextFileSync(`${d}/hosts.conf`, "# none\n");
      const empty = await runCgi(OURS, { query: "json", env });
      assertEquals([empty.code, text(empty)], [1, HEAD]);
      assert(empty.stderr.includes("no hosts to monitor"));
    } finally {
      await fx.stop();
    }
  },
});
