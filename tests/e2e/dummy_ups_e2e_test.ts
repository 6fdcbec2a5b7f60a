/**
 * Our dummy-ups as a user runs it: `deno run drivers/dummy_ups.ts -a ups`
 * goes to the background, NUT's upsd serves it, NUT's upsc/upsrw/upscmd
 * talk to it; .dev edits, .seq TIMERs, SET/INSTCMD tracking, `-c exit`.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";

const DRIVER = new URL("../../drivers/dummy_ups.ts", import.meta.url).pathname;
const dec = new TextDecoder();

const DEV = `ups.mfr: Test Mfr
ups.model: Test Model
ups.serial: SN1
ups.status: OL
battery.charge: 100
ups.id: first
`;

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command(cmd, {
    args,
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

Deno.test({
  name: "dummy-ups e2e: background start, NUT upsd and clients, edits, exit",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "dummy-e2e-" });
    const port = freePort();
    const env = {
      NUT_CONFPATH: dir,
      NUT_STATEPATH: dir,
      NUT_ALTPIDPATH: dir,
    };
    Deno.writeTextFileSync(`${dir}/dev.dev`, DEV);
    Deno.writeTextFileSync(
      `${dir}/seq.seq`,
      "ups.status: OL\nTIMER 1\nups.status: OB DISCHRG\nTIMER 1\n",
    );
    Deno.writeTextFileSync(
      `${dir}/ups.conf`,
      `[dev]\n driver = dummy-ups\n port = dev.dev\n override.ups.model = Forced\n` +
        `[seq]\n driver = dummy-ups\n port = seq.seq\n` +
        `[bad]\n driver = dummy-ups\n port = dev.dev\n maxstartdelay = 10\n`,
    );
    Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
    Deno.writeTextFileSync(
      `${dir}/upsd.users`,
      "[admin]\n password = pw\n actions = SET\n instcmds = ALL\n",
    );
    const deno = Deno.execPath();
    const target = `dev@127.0.0.1:${port}`;
    let upsd: Deno.ChildProcess | undefined;
    const pids: number[] = [];
    try {
      // unknown variable: NUT's message on stdout and exit code 0
      const bad = await run(deno, ["run", "-A", DRIVER, "-a", "bad"], env);
      assertEquals(bad.code, 0);
      assertStringIncludes(
        bad.out,
        "Fatal error: 'maxstartdelay' is not a valid variable name for this driver.",
      );

      for (const ups of ["dev", "seq"]) {
        const r = await run(
          deno,
          ["run", "-A", DRIVER, "-a", ups, "-u", "root"],
          env,
        );
        assertEquals(r.code, 0, r.err);
        assertStringIncludes(
          r.out,
          "Network UPS Tools - Device simulation and repeater driver 0.15 (2.8.0)",
        );
        // the parent exits only once the background child serves its socket
        const st = Deno.statSync(`${dir}/dummy-ups-${ups}`);
        assert(st.isSocket);
        assertEquals(st.mode! & 0o777, 0o660);
        const pid = Number(
          Deno.readTextFileSync(`${dir}/dummy-ups-${ups}.pid`).trim(),
        );
        pids.push(pid);
      }

      upsd = new Deno.Command("/lib/nut/upsd", {
        args: ["-u", "root", "-F"],
        env,
        stdout: "null",
        stderr: "null",
      }).spawn();
      let listing = "";
      await waitFor(async () => {
        listing = (await run("/usr/bin/upsc", [target], env)).out;
        return listing.includes("ups.id: first");
      }, 10_000);
      assertStringIncludes(listing, "device.model: Forced\n");
      assertStringIncludes(listing, "ups.model: Forced\n");
      assertStringIncludes(listing, "device.serial: SN1\n");
      assertStringIncludes(listing, "device.type: ups\n");
      assertStringIncludes(listing, "driver.parameter.mode: dummy-once\n");
      assertStringIncludes(listing, "driver.parameter.port: dev.dev\n");

      // a .dev edit (atomic rename, as editors do) reaches clients
      Deno.writeTextFileSync(`${dir}/dev.tmp`, DEV.replace("first", "second"));
      const t0 = performance.now();
      Deno.renameSync(`${dir}/dev.tmp`, `${dir}/dev.dev`);
      await waitFor(
        async () =>
          (await run("/usr/bin/upsc", [target, "ups.id"], env)).out ===
            "second\n",
        5000,
        5,
      );
      console.log(
        `.dev edit visible via upsc after ${
          (performance.now() - t0).toFixed(0)
        } ms (includes upsc start-up)`,
      );

      // SET through upsd with tracking: handled by the driver at once
      const set = await run("/usr/bin/upsrw", [
        "-s",
        "ups.id=third",
        "-u",
        "admin",
        "-p",
        "pw",
        "-w",
        target,
      ], env);
      assertStringIncludes(set.err + set.out, "SUCCESS");
      assertEquals(
        (await run("/usr/bin/upsc", [target, "ups.id"], env)).out,
        "third\n",
      );
      const types = await run("/usr/bin/upsrw", [target], env);
      assertStringIncludes(types.out, "[ups.id]");

      // load.off is advertised but unknown to the driver, as NUT's
      const cmd = await run("/usr/bin/upscmd", [
        "-u",
        "admin",
        "-p",
        "pw",
        "-w",
        target,
        "load.off",
      ], env);
      assertStringIncludes(cmd.err + cmd.out, "UNKNOWN");

      // the .seq loops through its TIMER steps
      const seq = `seq@127.0.0.1:${port}`;
      for (const want of ["OB DISCHRG\n", "OL\n"]) {
        await waitFor(
          async () =>
            (await run("/usr/bin/upsc", [seq, "ups.status"], env)).out === want,
          8000,
        );
      }

      // -c exit stops the background driver, which cleans up after itself
      for (const ups of ["dev", "seq"]) {
        const r = await run(deno, [
          "run",
          "-A",
          DRIVER,
          "-a",
          ups,
          "-c",
          "exit",
        ], env);
        assertEquals(r.code, 0, r.err);
      }
      await waitFor(() => {
        try {
          Deno.statSync(`${dir}/dummy-ups-dev.pid`);
          return false;
        } catch {
          return true;
        }
      }, 5000);
      // the socket goes a moment after the PID file
      const sockets = () =>
        [...Deno.readDirSync(dir)].filter((e) =>
          e.name === "dummy-ups-dev" || e.name === "dummy-ups-seq"
        ).map((e) => e.name);
      await waitFor(() => sockets().length === 0, 5000, 20, "sockets removed");
      assertEquals(sockets(), []);
    } finally {
      for (const pid of pids) {
        try {
          Deno.kill(pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      if (upsd) {
        upsd.kill("SIGTERM");
        await upsd.status;
      }
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
