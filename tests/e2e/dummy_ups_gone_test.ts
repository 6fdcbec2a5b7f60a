/**
 * dummy-ups whose definition file disappears: NUT 2.8.0's driver ends with
 * "Can't open dummy-ups definition file …" (exit 1) the next time it opens
 * the file, so upsd answers ERR DRIVER-NOT-CONNECTED instead of serving
 * frozen values forever. Ours must do the same, with the same message, at
 * start-up and while running, in both file modes (.dev once, .seq loop).
 * Each stack is checked on the wire (GET VAR through upsd) and, where NUT
 * is installed, the same scenario runs on NUT's dummy-ups and upsd.
 */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";

const root = new URL("../..", import.meta.url).pathname;
const dec = new TextDecoder();

type Flavour = "ours" | "nut";

function cmd(flavour: Flavour, bin: "dummy-ups" | "upsd", args: string[]) {
  if (flavour === "nut") return { cmd: `/lib/nut/${bin}`, args };
  const entry = bin === "upsd" ? "cli/upsd.ts" : "drivers/dummy_ups.ts";
  return {
    cmd: Deno.execPath(),
    args: ["run", "--allow-all", `${root}${entry}`, ...args],
  };
}

function setup() {
  const dir = Deno.makeTempDirSync({ prefix: "dummy-gone-" });
  const port = freePort();
  Deno.writeTextFileSync(
    `${dir}/a.dev`,
    "ups.status: OL\nbattery.charge: 90\n",
  );
  Deno.writeTextFileSync(
    `${dir}/b.seq`,
    "ups.status: OB DISCHRG\nbattery.charge: 50\nTIMER 1\nups.status: OB\nTIMER 1\n",
  );
  Deno.writeTextFileSync(
    `${dir}/ups.conf`,
    "[a]\n driver = dummy-ups\n port = a.dev\n" +
      "[b]\n driver = dummy-ups\n port = b.seq\n" +
      "[gone]\n driver = dummy-ups\n port = missing.dev\n",
  );
  Deno.writeTextFileSync(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
  Deno.writeTextFileSync(`${dir}/upsd.users`, "[admin]\n password = pw\n");
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  return { dir, port, env };
}

/** One GET VAR through upsd, as the wire shows it. */
async function getVar(port: number, ups: string, name: string) {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(`GET VAR ${ups} ${name}\n`));
    let text = "";
    const buf = new Uint8Array(1024);
    while (!text.includes("\n")) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += dec.decode(buf.subarray(0, n));
    }
    return text.trim();
  } finally {
    conn.close();
  }
}

interface Outcome {
  startupCode: number;
  startupErr: string;
  codes: number[];
  errs: string[];
  before: string[];
  after: string[];
}

async function scenario(flavour: Flavour): Promise<Outcome> {
  const { dir, port, env } = setup();
  const started: Deno.ChildProcess[] = [];
  const spawn = (bin: "dummy-ups" | "upsd", args: string[]) => {
    const c = cmd(flavour, bin, args);
    const p = new Deno.Command(c.cmd, {
      args: c.args,
      env,
      stdout: "null",
      stderr: "piped",
    }).spawn();
    started.push(p);
    return p;
  };
  try {
    const gone = await new Deno.Command(
      cmd(flavour, "dummy-ups", []).cmd,
      {
        args: cmd(flavour, "dummy-ups", ["-a", "gone", "-u", "root", "-F"])
          .args,
        env,
        stdout: "null",
        stderr: "piped",
      },
    ).output();
    const drivers = ["a", "b"].map((u) =>
      spawn("dummy-ups", ["-a", u, "-u", "root", "-F"])
    );
    const errs = drivers.map((d) => d.stderr.text());
    for (const u of ["a", "b"]) {
      await waitFor(() =>
        Deno.statSync(`${dir}/dummy-ups-${u}`).isSocket === true
      );
    }
    spawn("upsd", ["-u", "root", "-F"]);
    const before: string[] = [];
    for (const u of ["a", "b"]) {
      let last = "";
      await waitFor(async () =>
        (last = await getVar(port, u, "battery.charge")).startsWith("VAR")
      );
      before.push(last);
    }
    Deno.removeSync(`${dir}/a.dev`);
    Deno.removeSync(`${dir}/b.seq`);
    // bounded: a driver that keeps serving frozen values fails here
    const statuses: Deno.CommandStatus[] = [];
    drivers.forEach((d, i) => d.status.then((s) => statuses[i] = s));
    await waitFor(
      () => statuses.filter(Boolean).length === 2,
      15_000,
      50,
      "the drivers to exit",
    );
    const after: string[] = [];
    for (const u of ["a", "b"]) {
      let last = "";
      await waitFor(
        async () =>
          (last = await getVar(port, u, "ups.status")).startsWith("ERR"),
      );
      after.push(last);
    }
    return {
      startupCode: gone.code,
      startupErr: dec.decode(gone.stderr).replaceAll(dir, "DIR").trim(),
      codes: statuses.map((s) => s.code),
      errs: (await Promise.all(errs)).map((e) =>
        e.replaceAll(dir, "DIR").trim().split("\n").at(-1)!
      ),
      before,
      after,
    };
  } finally {
    for (const p of started) {
      try {
        p.kill("SIGTERM");
      } catch { /* gone */ }
      await p.status;
      await p.stderr.cancel().catch(() => {});
    }
    Deno.removeSync(dir, { recursive: true });
  }
}

const msg = (f: string) =>
  `Can't open dummy-ups definition file DIR/${f}: Can't open DIR/${f}: No such file or directory`;

Deno.test({
  name:
    "dummy-ups: a deleted definition file ends the driver, upsd says DRIVER-NOT-CONNECTED",
  sanitizeResources: false,
  async fn() {
    const ours = await scenario("ours");
    assertEquals(ours.startupCode, 1);
    assertStringIncludes(ours.startupErr, msg("missing.dev"));
    assertEquals(ours.before, [
      'VAR a battery.charge "90"',
      'VAR b battery.charge "50"',
    ]);
    assertEquals(ours.codes, [1, 1]);
    assertEquals(ours.errs, [msg("a.dev"), msg("b.seq")]);
    assertEquals(ours.after, [
      "ERR DRIVER-NOT-CONNECTED",
      "ERR DRIVER-NOT-CONNECTED",
    ]);
    if (haveNut()) assertEquals(ours, await scenario("nut"));
  },
});
