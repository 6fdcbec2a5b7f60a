/**
 * Golden tests: every client tool's stdout, stderr and exit code, run
 * in-process against a fake upsd with canned replies (ENUM/RANGE/STRING
 * variables, quotes and backslashes, tracking, errors, garbage, silence,
 * dropped connections). `UPDATE_GOLDEN=1` rewrites the fixtures.
 */
import { assertEquals } from "../assert.ts";
import { fakeIo } from "../fake_io.ts";
import { type Server, startFakeServer } from "./clients_helpers.ts";
import { main as upsc } from "../../cli/upsc.ts";
import { main as upsrw } from "../../cli/upsrw.ts";
import { main as upscmd } from "../../cli/upscmd.ts";
import { main as upslog } from "../../cli/upslog.ts";
import type { Io } from "../../src/io.ts";

const ID = "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9";

const CANNED: Record<string, string> = {
  "STARTTLS": "ERR FEATURE-NOT-CONFIGURED\n",
  "LIST UPS":
    'BEGIN LIST UPS\nUPS ups1 "Main \\"rack\\" UPS"\nUPS ups2 "Description unavailable"\nEND LIST UPS\n',
  "LIST VAR ups1":
    'BEGIN LIST VAR ups1\nVAR ups1 battery.charge "100"\nVAR ups1 device.model "Back\\\\slash \\"Q\\""\nVAR ups1 ups.status "OL CHRG"\nEND LIST VAR ups1\n',
  "GET VAR ups1 ups.status": 'VAR ups1 ups.status "OL CHRG"\n',
  "GET VAR ups1 device.model":
    'VAR ups1 device.model "Back\\\\slash \\"Q\\""\n',
  "GET VAR ups1 nope.x": "ERR VAR-NOT-SUPPORTED\n",
  "LIST VAR stale": "ERR DATA-STALE\n",
  "LIST VAR weird": "ERR SOMETHING-NEW\n",
  "LIST CLIENT ups1":
    "BEGIN LIST CLIENT ups1\nCLIENT ups1 127.0.0.1\nCLIENT ups1 ::1\nEND LIST CLIENT ups1\n",
  "LIST RW ups1":
    'BEGIN LIST RW ups1\nRW ups1 input.sensitivity "M"\nRW ups1 input.transfer.low "180"\nRW ups1 ups.delay.shutdown "20"\nRW ups1 ups.id "my \\"id\\""\nRW ups1 x.odd "1"\nEND LIST RW ups1\n',
  "GET DESC ups1 input.sensitivity":
    'DESC ups1 input.sensitivity "Input power sensitivity"\n',
  "GET TYPE ups1 input.sensitivity":
    "TYPE ups1 input.sensitivity RW ENUM STRING:1\n",
  "GET VAR ups1 input.sensitivity": 'VAR ups1 input.sensitivity "M"\n',
  "LIST ENUM ups1 input.sensitivity":
    'BEGIN LIST ENUM ups1 input.sensitivity\nENUM ups1 input.sensitivity "L"\nENUM ups1 input.sensitivity "M"\nENUM ups1 input.sensitivity "H"\nEND LIST ENUM ups1 input.sensitivity\n',
  "GET DESC ups1 input.transfer.low":
    'DESC ups1 input.transfer.low "Low voltage transfer point (V)"\n',
  "GET TYPE ups1 input.transfer.low":
    "TYPE ups1 input.transfer.low RW ENUM NUMBER\n",
  "GET VAR ups1 input.transfer.low": 'VAR ups1 input.transfer.low "180"\n',
  "LIST ENUM ups1 input.transfer.low":
    'BEGIN LIST ENUM ups1 input.transfer.low\nENUM ups1 input.transfer.low "170"\nENUM ups1 input.transfer.low "180"\nEND LIST ENUM ups1 input.transfer.low\n',
  "GET DESC ups1 ups.delay.shutdown":
    'DESC ups1 ups.delay.shutdown "Interval to wait after shutdown with delay command (seconds)"\n',
  "GET TYPE ups1 ups.delay.shutdown":
    "TYPE ups1 ups.delay.shutdown RW RANGE NUMBER\n",
  "GET VAR ups1 ups.delay.shutdown": 'VAR ups1 ups.delay.shutdown "20"\n',
  "LIST RANGE ups1 ups.delay.shutdown":
    'BEGIN LIST RANGE ups1 ups.delay.shutdown\nRANGE ups1 ups.delay.shutdown "0" "10"\nRANGE ups1 ups.delay.shutdown "20" "600"\nEND LIST RANGE ups1 ups.delay.shutdown\n',
  "GET DESC ups1 ups.id": "ERR UNKNOWN-COMMAND\n",
  "GET TYPE ups1 ups.id": "TYPE ups1 ups.id RW STRING:16\n",
  "GET VAR ups1 ups.id": 'VAR ups1 ups.id "my \\"id\\""\n',
  "GET DESC ups1 x.odd": 'DESC ups1 x.odd "Description unavailable"\n',
  "GET TYPE ups1 x.odd": "TYPE ups1 x.odd RW FANCY NUMBER\n",
  "GET VAR ups1 x.odd": 'VAR ups1 x.odd "1"\n',
  "LIST CMD ups1":
    "BEGIN LIST CMD ups1\nCMD ups1 beeper.off\nCMD ups1 load.off\nEND LIST CMD ups1\n",
  "GET CMDDESC ups1 beeper.off":
    'CMDDESC ups1 beeper.off "Disable the UPS beeper"\n',
  "GET CMDDESC ups1 load.off": "ERR ACCESS-DENIED\n",
  "USERNAME admin": "OK\n",
  "PASSWORD pw": "OK\n",
  "PASSWORD bad": "OK\n",
  "SET TRACKING ON": "OK\n",
  'SET VAR ups1 ups.id "a \\"q\\" b\\\\c"': "OK\n",
  'SET VAR ups1 ups.id "track"': `OK TRACKING ${ID}\n`,
  'SET VAR ups1 ups.id "fail"': `OK TRACKING ${ID.replace("0F", "FF")}\n`,
  'SET VAR ups1 ups.id "slow"': `OK TRACKING ${ID.replace("0F", "AA")}\n`,
  'SET VAR ups1 ups.id "ro"': "ERR READONLY\n",
  [`GET TRACKING ${ID}`]: "SUCCESS\n",
  [`GET TRACKING ${ID.replace("0F", "FF")}`]: "ERR FAILED\n",
  [`GET TRACKING ${ID.replace("0F", "AA")}`]: "PENDING\n",
  "INSTCMD ups1 beeper.off": "OK\n",
  "INSTCMD ups1 load.off 30": `OK TRACKING ${ID}\n`,
  "INSTCMD ups1 load.on": "ERR CMD-NOT-SUPPORTED\n",
  "GET VAR ups1 battery.charge": 'VAR ups1 battery.charge "100"\n',
  "GET VAR ups1 input.voltage": "ERR VAR-NOT-SUPPORTED\n",
  "GET VAR ups1 ups.load": 'VAR ups1 ups.load "23"\n',
  "GET VAR ups1 ups.temperature": "ERR VAR-NOT-SUPPORTED\n",
  "GET VAR ups1 input.frequency": 'VAR ups1 input.frequency "50.0"\n',
  "LOGOUT": "OK Goodbye\n",
};

function handler(line: string): string | "close" | "silent" {
  if (line.includes("garbage")) return "hello there\n";
  if (line.includes("silent")) return "silent";
  if (line.includes("dropped")) return "close";
  return CANNED[line] ?? "ERR UNKNOWN-COMMAND\n";
}

type Main = (args: string[], io: Io) => Promise<number>;
const TOOLS: Record<string, Main> = { upsc, upsrw, upscmd, upslog };

/** name, tool, args (PORT is replaced), stdin answers. */
const CASES: Array<[string, string, string[], string[]?]> = [
  ["upsc_list_vars", "upsc", ["ups1@127.0.0.1:PORT"]],
  ["upsc_one_var", "upsc", ["ups1@127.0.0.1:PORT", "device.model"]],
  ["upsc_missing_var", "upsc", ["ups1@127.0.0.1:PORT", "nope.x"]],
  ["upsc_old_name", "upsc", ["ups1@127.0.0.1:PORT", "status"]],
  ["upsc_l", "upsc", ["-l", "127.0.0.1:PORT"]],
  ["upsc_L", "upsc", ["-L", "127.0.0.1:PORT"]],
  ["upsc_c", "upsc", ["-c", "ups1@127.0.0.1:PORT"]],
  ["upsc_stale", "upsc", ["stale@127.0.0.1:PORT"]],
  ["upsc_unknown_err", "upsc", ["weird@127.0.0.1:PORT"]],
  ["upsc_garbage", "upsc", ["garbage@127.0.0.1:PORT"]],
  ["upsc_dropped", "upsc", ["dropped@127.0.0.1:PORT"]],
  ["upsc_silent", "upsc", ["silent@127.0.0.1:PORT"]],
  ["upsc_no_args", "upsc", []],
  ["upsc_bad_port", "upsc", ["ups1@127.0.0.1:"]],
  ["upsc_bad_v6", "upsc", ["ups1@[::1"]],
  ["upsc_bad_option", "upsc", ["-x"]],
  ["upsc_json_vars", "upsc", ["-j", "ups1@127.0.0.1:PORT"]],
  ["upsc_json_var", "upsc", ["-j", "ups1@127.0.0.1:PORT", "device.model"]],
  ["upsc_json_var_error", "upsc", ["-j", "ups1@127.0.0.1:PORT", "nope.x"]],
  ["upsc_json_l", "upsc", ["-j", "-l", "127.0.0.1:PORT"]],
  ["upsc_json_L", "upsc", ["-j", "-L", "127.0.0.1:PORT"]],
  ["upsc_json_c", "upsc", ["-j", "-c", "ups1@127.0.0.1:PORT"]],
  ["upsc_json_error", "upsc", ["-j", "stale@127.0.0.1:PORT"]],
  ["upsrw_list", "upsrw", ["ups1@127.0.0.1:PORT"]],
  ["upsrw_json_list", "upsrw", ["-j", "ups1@127.0.0.1:PORT"]],
  ["upsrw_set_quotes", "upsrw", [
    "-u",
    "admin",
    "-p",
    "pw",
    "-s",
    'ups.id=a "q" b\\c',
    "ups1@127.0.0.1:PORT",
  ]],
  ["upsrw_set_wait", "upsrw", [
    "-u",
    "admin",
    "-p",
    "pw",
    "-w",
    "-s",
    "ups.id=track",
    "ups1@127.0.0.1:PORT",
  ]],
  ["upsrw_set_wait_fail", "upsrw", [
    "-u",
    "admin",
    "-p",
    "pw",
    "-w",
    "-s",
    "ups.id=fail",
    "ups1@127.0.0.1:PORT",
  ]],
  ["upsrw_set_wait_timeout", "upsrw", [
    "-u",
    "admin",
    "-p",
    "pw",
    "-w",
    "-t",
    "0",
    "-s",
    "ups.id=slow",
    "ups1@127.0.0.1:PORT",
  ]],
  ["upsrw_set_readonly", "upsrw", [
    "-u",
    "admin",
    "-p",
    "pw",
    "-s",
    "ups.id=ro",
    "ups1@127.0.0.1:PORT",
  ]],
  ["upsrw_set_prompts", "upsrw", ["-s", "ups.id", "ups1@127.0.0.1:PORT"], [
    "admin",
    "pw",
    "track",
  ]],
  ["upsrw_json_set_wait", "upsrw", [
    "-j",
    "-u",
    "admin",
    "-p",
    "pw",
    "-w",
    "-s",
    "ups.id=track",
    "ups1@127.0.0.1:PORT",
  ]],
  ["upsrw_json_set_error", "upsrw", [
    "-j",
    "-u",
    "admin",
    "-p",
    "pw",
    "-s",
    "ups.id=ro",
    "ups1@127.0.0.1:PORT",
  ]],
  ["upsrw_bad_timeout", "upsrw", ["-t", "x", "ups1@127.0.0.1:PORT"]],
  ["upsrw_usage", "upsrw", []],
  ["upscmd_list", "upscmd", ["-l", "ups1@127.0.0.1:PORT"]],
  ["upscmd_json_list", "upscmd", ["-j", "-l", "ups1@127.0.0.1:PORT"]],
  ["upscmd_run", "upscmd", [
    "-u",
    "admin",
    "-p",
    "pw",
    "ups1@127.0.0.1:PORT",
    "beeper.off",
  ]],
  ["upscmd_run_param_wait", "upscmd", [
    "-u",
    "admin",
    "-p",
    "pw",
    "-w",
    "ups1@127.0.0.1:PORT",
    "load.off",
    "30",
  ]],
  ["upscmd_unsupported", "upscmd", [
    "-u",
    "admin",
    "-p",
    "pw",
    "ups1@127.0.0.1:PORT",
    "load.on",
  ]],
  ["upscmd_json_run_wait", "upscmd", [
    "-j",
    "-u",
    "admin",
    "-p",
    "pw",
    "-w",
    "ups1@127.0.0.1:PORT",
    "load.off",
    "30",
  ]],
  ["upscmd_json_unsupported", "upscmd", [
    "-j",
    "-u",
    "admin",
    "-p",
    "pw",
    "ups1@127.0.0.1:PORT",
    "load.on",
  ]],
  ["upscmd_old_name", "upscmd", [
    "-u",
    "admin",
    "-p",
    "pw",
    "ups1@127.0.0.1:PORT",
    "beeper",
  ]],
  ["upscmd_prompt_eof", "upscmd", ["ups1@127.0.0.1:PORT", "beeper.off"]],
  ["upscmd_refused", "upscmd", ["-l", "ups1@127.0.0.1:1"]],
  ["upslog_default", "upslog", [
    "-s",
    "ups1@127.0.0.1:PORT",
    "-l",
    "-",
    "-d",
    "1",
    "-f",
    "%VAR battery.charge% %VAR input.voltage% %VAR ups.load% [%VAR ups.status%] %VAR ups.temperature% %VAR input.frequency%",
  ]],
  ["upslog_tokens", "upslog", [
    "-s",
    "ups1@127.0.0.1:PORT",
    "-l",
    "-",
    "-d",
    "1",
    "-f",
    "%UPSHOST% %var ups.load%|%VAR bad%|%VAR%|%FOO%|100%%|%t|x%%%y|end%",
  ]],
  ["upslog_legacy", "upslog", [
    "-d",
    "1",
    "ups1@127.0.0.1:PORT",
    "-",
    "5",
    "[%VAR",
    "ups.status%]",
  ]],
  ["upslog_no_ups", "upslog", ["-l", "-"]],
];

const DIR = new URL("../fixtures/clients/", import.meta.url);

Deno.test({
  name: "client tools: golden stdout, stderr and exit code",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn(t) {
    const server: Server = startFakeServer(handler);
    const pidDir = await Deno.makeTempDir({ prefix: "clients-golden-" });
    const update = Deno.env.get("UPDATE_GOLDEN") === "1";
    try {
      for (const [name, tool, rawArgs, answers] of CASES) {
        await t.step(name, async () => {
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
          const got = `exit: ${code}\n--- stdout\n${
            norm(io.stdout)
          }--- stderr\n${norm(io.stderr)}`;
          const file = new URL(`${name}.golden`, DIR);
          if (update) await Deno.writeTextFile(file, got);
          assertEquals(got, await Deno.readTextFile(file));
        });
      }
    } finally {
      await server.stop();
      await Deno.remove(pidDir, { recursive: true });
    }
  },
});
