/**
 * Repeater mode against NUT: NUT's dummy-ups + upsd serve a UPS; our
 * dummy-ups (`port = ups@127.0.0.1:<port>`) repeats it into a second NUT
 * upsd; upsc on both shows the same non-driver variables, and a change on
 * the source reaches the repeater.
 */
import { assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";

const DRIVER = new URL("../../drivers/dummy_ups.ts", import.meta.url).pathname;
const dec = new TextDecoder();

async function upsc(target: string): Promise<string> {
  const r = await new Deno.Command("/usr/bin/upsc", {
    args: [target],
    stdout: "piped",
    stderr: "null",
  }).output();
  return dec.decode(r.stdout);
}

function withoutDriverVars(text: string): string {
  return text.split("\n").filter((l) => !l.startsWith("driver.")).join("\n");
}

Deno.test({
  name: "dummy-ups repeater: repeats NUT's upsd into another upsd",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const src = Deno.makeTempDirSync({ prefix: "rep-src-" });
    const rep = Deno.makeTempDirSync({ prefix: "rep-dst-" });
    const srcPort = freePort();
    const repPort = freePort();
    const dev = "ups.mfr: Source\nups.status: OL\nbattery.charge: 90\n";
    Deno.writeTextFileSync(`${src}/src.dev`, dev);
    Deno.writeTextFileSync(
      `${src}/ups.conf`,
      "[src]\n driver = dummy-ups\n port = src.dev\n",
    );
    Deno.writeTextFileSync(
      `${rep}/ups.conf`,
      `[rep]\n driver = dummy-ups\n port = src@127.0.0.1:${srcPort}\n pollinterval = 1\n`,
    );
    for (const [d, p] of [[src, srcPort], [rep, repPort]] as const) {
      Deno.writeTextFileSync(`${d}/upsd.conf`, `LISTEN 127.0.0.1 ${p}\n`);
      Deno.writeTextFileSync(`${d}/upsd.users`, "");
    }
    const env = (d: string) => ({
      NUT_CONFPATH: d,
      NUT_STATEPATH: d,
      NUT_ALTPIDPATH: d,
    });
    const procs: Deno.ChildProcess[] = [];
    const spawn = (cmd: string, args: string[], d: string) => {
      const p = new Deno.Command(cmd, {
        args,
        env: env(d),
        stdout: "null",
        stderr: "null",
      }).spawn();
      procs.push(p);
    };
    try {
      spawn("/lib/nut/dummy-ups", ["-a", "src", "-u", "root", "-F"], src);
      spawn("/lib/nut/upsd", ["-u", "root", "-F"], src);
      await waitFor(
        async () => (await upsc(`src@127.0.0.1:${srcPort}`)).includes("90"),
        10_000,
      );
      spawn(
        Deno.execPath(),
        ["run", "-A", DRIVER, "-a", "rep", "-u", "root", "-F"],
        rep,
      );
      spawn("/lib/nut/upsd", ["-u", "root", "-F"], rep);
      const source = withoutDriverVars(await upsc(`src@127.0.0.1:${srcPort}`));
      let repeated = "";
      // the repeater's first dump reaches its upsd a few variables at a
      // time (ups.status WAIT until it is whole): wait for the whole copy
      await waitFor(async () => {
        repeated = await upsc(`rep@127.0.0.1:${repPort}`);
        return withoutDriverVars(repeated) === source;
      }, 10_000).catch(() => {});
      assertEquals(withoutDriverVars(repeated), source);
      const mode = repeated.split("\n").find((l) =>
        l.startsWith("driver.parameter.mode")
      );
      assertEquals(mode, "driver.parameter.mode: repeater");
    } finally {
      for (const p of procs.reverse()) {
        try {
          p.kill("SIGTERM");
        } catch {
          // gone
        }
        await p.status;
      }
      Deno.removeSync(src, { recursive: true });
      Deno.removeSync(rep, { recursive: true });
    }
  },
});
