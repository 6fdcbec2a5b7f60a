/**
 * upslog's daemon modes and 2.8.1+ targets, against NUT's upsd:
 * - logging to a file without -F goes to the background, as NUT 2.8.0's
 *   /usr/bin/upslog does (both exit 0 at once; the logger lives on under
 *   the PID in the PID file and keeps writing);
 * - -F keeps it in the foreground (NUT 2.8.0 has -F too);
 * - `-m *@host,file` with -N (NUT 2.8.1+, docs/man/upslog.txt and
 *   clients/upslog.c): one line per UPS the server lists, prefixed with
 *   the UPS, all into one shared file.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { CLIENT_PERMS, startNutServer } from "./clients_helpers.ts";
import { processAlive, readPid } from "../../src/pidfile.ts";

const UPSLOG = new URL("../../cli/upslog.ts", import.meta.url).pathname;
const OURS = [
  Deno.execPath(),
  "run",
  "--quiet",
  ...CLIENT_PERMS.upslog!,
  UPSLOG,
];

function lines(path: string): string[] {
  try {
    return Deno.readTextFileSync(path).split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

async function runToExit(argv: string[], env: Record<string, string>) {
  const out = await new Deno.Command(argv[0]!, {
    args: argv.slice(1),
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
}

/** Stops a backgrounded logger by its PID file; waits until it is gone. */
async function stopByPidFile(pidFile: string): Promise<void> {
  const pid = readPid(pidFile);
  if (pid === undefined) return;
  try {
    Deno.kill(pid, "SIGTERM");
  } catch { /* gone */ }
  await waitFor(() => !processAlive(pid), 10_000, 50, `logger ${pid} exit`);
}

Deno.test({
  name: "upslog to a file goes to the background as NUT's does; -F stays",
  ignore: !haveNut(),
  async fn() {
    const server = await startNutServer("nut");
    const dir = await Deno.makeTempDir({ prefix: "upslog-modes-" });
    const spec = `dummy@127.0.0.1:${server.port}`;
    const common = [
      "-s",
      spec,
      "-i",
      "1",
      "-f",
      "%UPSHOST% %HOST% %VAR ups.status%",
    ];
    let fg: Deno.ChildProcess | undefined;
    try {
      for (
        const [who, argv] of [["nut", ["/usr/bin/upslog"]], [
          "ours",
          OURS,
        ]] as const
      ) {
        const base = `${dir}/${who}`;
        const env = { NUT_PIDPATH: dir };
        const r = await runToExit(
          [...argv, ...common, "-l", `${base}.log`, "-p", base],
          env,
        );
        try {
          assertEquals(r.code, 0, `${who} exit`);
          // (NUT's own stdout is lost in a pipe: its buffer dies with fork)
          if (who === "ours") {
            assert(
              r.stdout.includes(`logging status of ${spec} to ${base}.log`),
              r.stdout,
            );
          }
          // the parent is gone; the logger it left behind keeps logging
          await waitFor(
            () => lines(`${base}.log`).length >= 2,
            10_000,
            50,
            `${who} lines`,
          );
          // an absolute -p names the PID file itself (NUT's writepid)
          const pid = readPid(base);
          assert(pid !== undefined && processAlive(pid), `${who} logger alive`);
          // %HOST% is the real host name in the background child too
          assertEquals(
            lines(`${base}.log`)[0],
            `${spec} ${Deno.hostname()} OL`,
          );
        } finally {
          await stopByPidFile(base);
        }
      }
      // -F: the process we started is the logger
      fg = new Deno.Command(OURS[0]!, {
        args: [
          ...OURS.slice(1),
          ...common,
          "-F",
          "-l",
          `${dir}/fg.log`,
          "-p",
          `${dir}/fg`,
        ],
        env: { NUT_PIDPATH: dir },
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      await waitFor(
        () => lines(`${dir}/fg.log`).length >= 1,
        10_000,
        50,
        "-F line",
      );
      assertEquals(readPid(`${dir}/fg`), fg.pid);
      fg.kill("SIGTERM");
      assertEquals((await fg.status).code, 0);
      fg = undefined;
    } finally {
      if (fg) {
        try {
          fg.kill("SIGKILL");
        } catch { /* gone */ }
        await fg.status;
      }
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "upslog -m '*@host,file' -N logs every UPS the server lists into one file",
  ignore: !haveNut(),
  async fn() {
    const server = await startNutServer("nut");
    const dir = await Deno.makeTempDir({ prefix: "upslog-star-" });
    try {
      const log = `${dir}/all.log`;
      const r = await runToExit([
        ...OURS,
        "-m",
        `*@127.0.0.1:${server.port},${log}`,
        "-N",
        "-d",
        "1",
        "-F",
        "-f",
        "%VAR ups.status%",
      ], { NUT_PIDPATH: dir });
      assertEquals(r.code, 0);
      // what upsc -l (NUT's) lists is what gets logged
      const listed = await runToExit(
        ["/usr/bin/upsc", "-l", `127.0.0.1:${server.port}`],
        {},
      );
      const names = listed.stdout.trim().split("\n");
      assertEquals(names.length, 2, listed.stdout);
      const got = lines(log).map((l) => l.split("\t")[0]);
      assertEquals(got, names.map((n) => `${n}@127.0.0.1:${server.port}`));
      assertEquals(lines(log)[0]!.split("\t")[1], "OL");
    } finally {
      await server.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
