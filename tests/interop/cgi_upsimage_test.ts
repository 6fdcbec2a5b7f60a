/**
 * upsimage.cgi, ours against Debian's nut-cgi 2.8.0 (libgd 2.3.3, libpng
 * 1.6, zlib 1.2.13), both run as CGI programs (QUERY_STRING) against the
 * same upsd (ours, serving our dummy-ups): the whole stdout, headers and
 * PNG, compared byte for byte, and the exit code. Our encoder reaches the
 * same bytes by drawing as libgd does and compressing with the system
 * zlib through FFI.
 */
import { inflateSync } from "node:zlib";
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import {
  type CgiResult,
  NUT_CGI_DIR,
  ours,
  runCgi,
  startFixture,
} from "./cgi_harness.ts";

const NUT = [`${NUT_CGI_DIR}/upsimage.cgi`];
const OURS = ours("upsimage_cgi.ts");
/** Ours without FFI: node:zlib instead of the system zlib. */
const OURS_NO_FFI = [
  Deno.execPath(),
  "run",
  "--no-check",
  "--allow-net",
  "--allow-env",
  "--allow-read",
  new URL("../../cli/upsimage_cgi.ts", import.meta.url).pathname,
];

/** Headers, then each PNG chunk; IDAT data joined and inflated. */
function decode(out: Uint8Array): { head: string; chunks: string[] } {
  const sig = out.indexOf(0x89);
  if (sig < 0) return { head: new TextDecoder().decode(out), chunks: [] };
  const head = new TextDecoder().decode(out.subarray(0, sig));
  const view = new DataView(out.buffer, out.byteOffset + sig);
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  for (let at = 8; at < view.byteLength;) {
    const len = view.getUint32(at);
    const type = new TextDecoder().decode(
      out.subarray(sig + at + 4, sig + at + 8),
    );
    const data = out.subarray(sig + at + 8, sig + at + 8 + len);
    if (type === "IDAT") idat.push(data);
    else chunks.push(`${type} ${hex({ code: 0, stdout: data, stderr: "" })}`);
    at += 12 + len;
  }
  const z = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  let k = 0;
  for (const d of idat) {
    z.set(d, k);
    k += d.length;
  }
  const pixels = new Uint8Array(inflateSync(z));
  chunks.push(`pixels ${hex({ code: 0, stdout: pixels, stderr: "" })}`);
  return { head, chunks };
}

function hex(r: CgiResult): string {
  return `exit ${r.code} ` +
    Array.from(r.stdout, (b) => b.toString(16).padStart(2, "0")).join("");
}

const DISPLAYS = [
  "input.voltage",
  "output.voltage",
  "battery.charge",
  "battery.voltage",
  "ups.load",
  "ups.temperature",
  "ambient.temperature",
  "ambient.humidity",
  "input.frequency",
  "output.frequency",
  "input.L1-N.voltage",
];

Deno.test({
  name: "upsimage.cgi PNGs are byte-identical to Debian's nut-cgi",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    assert((await Deno.stat(NUT[0]!)).isFile, "apt-get install nut-cgi");
    const fx = await startFixture();
    const d = fx.tree.dir;
    const at = (n: string) => `${n}@127.0.0.1:${fx.port}`;
    const down = `x@127.0.0.1:${fx.deadPort}`;
    const names = ["online", "onbatt", "lowbatt", "trim", "minimal", "nope"];
    Deno.writeTextFileSync(
      `${d}/hosts.conf`,
      names.map((n) => `MONITOR ${at(n)} "${n}"\n`).join("") +
        `MONITOR ${down} "down"\nMONITOR bad@ "bad"\n`,
    );
    const env = { NUT_CONFPATH: d };
    const queries: string[] = [];
    for (const n of names) {
      for (const v of DISPLAYS) queries.push(`host=${at(n)}&display=${v}`);
    }
    const on = at("online");
    queries.push(
      "",
      `host=${on}`,
      `display=ups.load`,
      `host=notlisted@localhost&display=ups.load`,
      `host=${down}&display=ups.load`,
      `host=bad@&display=ups.load`,
      `host=${on}&display=nonsense`,
      `host=${on}&display=ups.load&width=200&height=100`,
      `host=${on}&display=nonsense&width=200&height=100`,
      `host=${on}&display=battery.charge&width=60&height=120&scale_height=100`,
      `host=${on}&display=ups.load&width=1000&height=-4&scale_height=abc`,
      `host=${on}&display=ups.load&bar_col=0xff00ff&back_col=0x123456` +
        `&summary_col=0x-1&scale_num_col=12345&warn_zone_maj_col=0xFFFFFFFF`,
      `host=${on}&display=ups.temperature&tempmin=-20&tempmax=60`,
      `host=${at("trim")}&display=ups.temperature&tempmin=-300&tempmax=300`,
      `host=${on}&display=input.voltage&ok_zone_maj_col=0x0000ff&neutral_zone_min_col=0x010203`,
      `host=${on}&display=ups.load&width=51&height=101`,
      `host=%zz&display=ups.load`,
      `host=${on}&display=ups.load&${"x".repeat(70)}=1`,
    );
    try {
      for (const q of queries) {
        await t.step(`?${q}`, async () => {
          const a = await runCgi(NUT, { query: q, env });
          const b = await runCgi(OURS, { query: q, env });
          assertEquals(hex(b), hex(a));
        });
      }
      // without FFI the zlib stream differs, never the image
      for (const q of queries.filter((q) => q.includes("display=ups."))) {
        await t.step(`no FFI: ?${q}`, async () => {
          const a = await runCgi(NUT, { query: q, env });
          const b = await runCgi(OURS_NO_FFI, { query: q, env });
          assertEquals(b.code, a.code);
          assertEquals(decode(b.stdout), decode(a.stdout));
        });
      }
    } finally {
      await fx.stop();
    }
  },
});
