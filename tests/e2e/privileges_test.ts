/**
 * Whom the daemons run as, started by root as systemd starts them: a
 * driver without -u runs as nut (Uid in /proc/<pid>/status); without a
 * nut user on the machine, our driver and upsd fail as NUT 2.8.0's do
 * (same message, same exit code), checked in a private mount namespace
 * whose /etc/passwd has no nut line.
 */
import { assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** True where a private mount namespace can be made (needs CAP_SYS_ADMIN). */
function canUnshare(): boolean {
  try {
    return new Deno.Command("unshare", {
      args: ["-m", "true"],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    return false;
  }
}

function uidOf(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}

function entry(name: string): string[] {
  const line = Deno.readTextFileSync(name).split("\n")
    .find((l) => l.startsWith("nut:"));
  return line!.split(":");
}

async function hostDir(): Promise<string> {
  // as /etc/nut and /run/nut: root:nut, group-accessible
  const dir = await Deno.makeTempDir({ prefix: "deno-nut-priv-" });
  Deno.chownSync(dir, 0, Number(entry("/etc/group")[2]));
  Deno.chmodSync(dir, 0o770);
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    "[d]\n  driver = dummy-ups\n  port = d.dev\n",
  );
  await Deno.writeTextFile(`${dir}/d.dev`, "ups.status: OL\n");
  await Deno.writeTextFile(`${dir}/upsd.conf`, "LISTEN 127.0.0.1 0\n");
  for (const f of ["ups.conf", "d.dev", "upsd.conf"]) {
    Deno.chmodSync(`${dir}/${f}`, 0o644);
  }
  return dir;
}

Deno.test("a driver started as root without -u runs as nut", async () => {
  const dir = await hostDir();
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  const p = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      `${ROOT}drivers/dummy_ups.ts`,
      "-a",
      "d",
      "-FF",
    ],
    env,
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await waitFor(() => Deno.statSync(`${dir}/dummy-ups-d`).isSocket === true);
    const nut = Number(entry("/etc/passwd")[2]);
    assertEquals(uidOf(p.pid), nut);
    assertEquals(Deno.statSync(`${dir}/dummy-ups-d`).uid, nut);
    assertEquals(Deno.statSync(`${dir}/dummy-ups-d`).mode! & 0o777, 0o660);
  } finally {
    p.kill("SIGTERM");
    await p.status;
    await Deno.remove(dir, { recursive: true });
  }
});

/** Runs `argv` with /etc/passwd replaced by one without nut. */
async function withoutNut(dir: string, argv: string[]) {
  const passwd = Deno.readTextFileSync("/etc/passwd").split("\n")
    .filter((l) => !l.startsWith("nut:")).join("\n");
  await Deno.writeTextFile(`${dir}/passwd`, passwd);
  const script =
    `mount --bind "${dir}/passwd" /etc/passwd || exit 99; exec "$@"`;
  const o = await new Deno.Command("unshare", {
    args: ["-m", "sh", "-c", script, "sh", ...argv],
    env: { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: o.code, err: new TextDecoder().decode(o.stderr) };
}

Deno.test({
  name: "no nut user: driver and upsd fail as NUT's do",
  ignore: !canUnshare(),
  fn: async () => {
    if (!haveNut()) return;
    const dir = await hostDir();
    try {
      const deno = [Deno.execPath(), "run", "--allow-all"];
      const cases: [string[], string[]][] = [
        [["/lib/nut/dummy-ups", "-a", "d", "-F"], [
          ...deno,
          `${ROOT}drivers/dummy_ups.ts`,
          "-a",
          "d",
          "-F",
        ]],
        [["/lib/nut/upsd", "-F"], [...deno, `${ROOT}cli/upsd.ts`, "-F"]],
      ];
      for (const [theirs, ours] of cases) {
        const a = await withoutNut(dir, theirs);
        const b = await withoutNut(dir, ours);
        // the message is NUT's last stderr line ("User nut not found" /
        // "user nut not found"); both exit 1
        const last = (s: string) => s.trim().split("\n").pop();
        assertEquals([b.code, last(b.err)], [a.code, last(a.err)]);
        assertEquals(a.code, 1);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
