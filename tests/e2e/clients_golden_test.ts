/**
 * The client tools (upsc, upsrw, upscmd, upslog) against a fake upsd with
 * canned replies (ENUM/RANGE/STRING variables, quotes and backslashes,
 * tracking, errors, garbage, silence, dropped connections): stdout, stderr
 * and exit code of ours (in-process `main`) are compared with the expected
 * value of each case, which comes from:
 *
 * - NUT 2.8.0's own tool (/usr/bin/<tool>, invoked by its bare name as a
 *   user types it) run with the same arguments and stdin against the same
 *   fake server, for every case NUT can run;
 * - a golden file in tests/fixtures/clients only for our extensions, where
 *   NUT 2.8.0 has nothing to compare with (GOLDEN below says why for each).
 *   `UPDATE_GOLDEN=1` rewrites those (and only those) files.
 */
import { assertEquals } from "../assert.ts";
import { fakeIo } from "../fake_io.ts";
import { haveNut } from "../net.ts";
import { versionNote } from "../../src/version.ts";
import {
  dropNssNotice,
  runNut,
  runNutLines,
  type Server,
  startFakeServer,
  withoutAdditions,
} from "./clients_helpers.ts";
import { CASES, handler } from "./clients_cases.ts";
import { main as upsc } from "../../cli/upsc.ts";
import { main as upsrw } from "../../cli/upsrw.ts";
import { main as upscmd } from "../../cli/upscmd.ts";
import { main as upslog } from "../../cli/upslog.ts";
import type { Io } from "../../src/io.ts";

type Main = (args: string[], io: Io) => Promise<number>;
const TOOLS: Record<string, Main> = { upsc, upsrw, upscmd, upslog };

const JSON_REASON = "-j (JSON) is NUT 2.8.5's on upsc and ours on upsrw/upscmd";
/** Cases whose expected value is a golden file, and why NUT cannot give it. */
const GOLDEN: Record<string, string> = {
  upsc_silent:
    "our reply deadline (NUT_CLIENT_TIMEOUT); NUT 2.8.0 waits forever",
  ...Object.fromEntries(
    CASES.filter(([, , args]) => args.includes("-j")).map((
      [name],
    ) => [name, JSON_REASON]),
  ),
};

/**
 * upslog's `-d N` (exit after N log lines) is ours (NUT master's): NUT
 * 2.8.0 runs the same command without it and is stopped once it has logged
 * that many lines (banner, "logging status" line, then one line per -d).
 */
function withoutD(args: string[]): { args: string[]; lines: number } | null {
  const i = args.indexOf("-d");
  if (i < 0) return null;
  const n = Number(args[i + 1]);
  return { args: [...args.slice(0, i), ...args.slice(i + 2)], lines: 2 + n };
}

const NUT = haveNut();

/** NUT's tool (see runNut), upslog's -d emulated by stopping NUT's. */
async function nutResult(
  tool: string,
  args: string[],
  stdin: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cut = tool === "upslog" ? withoutD(args) : null;
  if (!cut) return await runNut(tool, args, { stdin, env, timeoutMs: 20_000 });
  return await runNutLines(tool, cut.args, cut.lines, env);
}

const DIR = new URL("../fixtures/clients/", import.meta.url);

Deno.test({
  name: "client tools: stdout, stderr and exit code as NUT 2.8.0's (or golden)",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn(t) {
    const server: Server = startFakeServer(handler);
    const pidDir = await Deno.makeTempDir({ prefix: "clients-golden-" });
    const update = Deno.env.get("UPDATE_GOLDEN") === "1";
    try {
      for (const [name, tool, rawArgs, answers] of CASES) {
        const golden = GOLDEN[name];
        await t.step({
          name: golden ? `${name} (golden: ${golden})` : `${name} (NUT)`,
          ignore: !golden && !NUT,
          fn: async () => {
            const args = rawArgs.map((a) =>
              a.replace("PORT", String(server.port))
            );
            const io = fakeIo(
              {
                NUT_CLIENT_TIMEOUT: "0.5",
                NUT_PIDPATH: pidDir,
                USER: "tester",
              },
              [...(answers ?? [])],
            );
            const code = await TOOLS[tool]!(args, io);
            // the login name depends on who runs the tests
            const norm = (s: string) =>
              s.replaceAll(String(server.port), "PORT")
                .replace(/Username \([^)]*\): /g, "Username (LOGIN): ");
            const show = (
              r: { code: number; stdout: string; stderr: string },
            ) =>
              `exit: ${r.code}\n--- stdout\n${norm(r.stdout)}--- stderr\n${
                norm(r.stderr)
              }`;
            let got = show({ code, stdout: io.stdout, stderr: io.stderr });
            if (golden) {
              const file = new URL(`${name}.golden`, DIR);
              if (update) await Deno.writeTextFile(file, got);
              assertEquals(got, await Deno.readTextFile(file));
              return;
            }
            const nut = await nutResult(
              tool,
              args,
              (answers ?? []).map((a) => `${a}\n`).join(""),
              { NUT_PIDPATH: pidDir, USER: "tester" },
            );
            // deliberate (README): usage texts end with a block of the
            // 2.8.1+ options we accept, and -V adds our version line
            got = show({
              code,
              stdout: withoutAdditions(io.stdout, nut.stdout),
              stderr: args.includes("-V")
                ? io.stderr.replace(versionNote(), "")
                : io.stderr,
            });
            assertEquals(
              got,
              show({ ...nut, stderr: dropNssNotice(nut.stderr) }),
            );
          },
        });
      }
    } finally {
      await server.stop();
      await Deno.remove(pidDir, { recursive: true });
    }
  },
});
