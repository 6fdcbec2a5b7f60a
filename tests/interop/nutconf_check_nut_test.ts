/**
 * `nutconf --check` against NUT 2.8.0's own verdicts: for each broken file,
 * the NUT program that reads it (dummy-ups, upsd, upsmon, upssched)
 * complains, and our check reports an error on the line NUT complains
 * about. The check finds them before anything is started.
 */
import { assert, assertStringIncludes } from "../assert.ts";
import { haveNut } from "../net.ts";
import { fakeIo } from "../fake_io.ts";
import {
  DUMMY_DEV,
  freePort,
  spawn,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { main as nutconf } from "../../cli/nutconf.ts";

interface Case {
  what: string;
  files: Record<string, string>;
  /** NUT's program and arguments; `daemon` ones keep running and are killed. */
  nut: {
    cmd: string;
    args: string[];
    daemon?: boolean;
    env?: Record<string, string>;
  };
  /** What NUT prints. */
  nutSays: string[];
  /** What our check prints (whole lines). */
  weSay: string[];
}

const UPS = "[ups1]\n driver = dummy-ups\n port = d.dev\n";

function cases(port: number): Case[] {
  const upsd = {
    cmd: "/lib/nut/upsd",
    args: ["-u", "root", "-F"],
    daemon: true,
  };
  const listen = `LISTEN 127.0.0.1 ${port}\n`;
  return [
    {
      what: "a variable dummy-ups does not list",
      files: { "ups.conf": UPS + " vendorid = 0463\n" },
      nut: {
        cmd: "/lib/nut/dummy-ups",
        args: ["-a", "ups1", "-u", "root", "-F"],
      },
      nutSays: ["'vendorid' is not a valid variable name for this driver"],
      weSay: [
        "ups.conf:4: driver dummy-ups does not accept vendorid (not in its -L list)",
      ],
    },
    {
      what: "a name dummy-ups does not know",
      files: { "ups.conf": UPS + " repeater = yes\n" },
      nut: {
        cmd: "/lib/nut/dummy-ups",
        args: ["-a", "ups1", "-u", "root", "-F"],
      },
      nutSays: ["'repeater' is not a valid variable name for this driver"],
      weSay: [
        "ups.conf:4: driver dummy-ups does not accept repeater (not in its -L list)",
      ],
    },
    {
      what: "upsd.conf: a bad number and an unknown directive",
      files: { "ups.conf": UPS, "upsd.conf": `${listen}MAXAGE ten\nFOO 1\n` },
      nut: upsd,
      nutSays: [
        "MAXAGE has non numeric value (ten)",
        "invalid directive FOO 1",
      ],
      weSay: [
        "upsd.conf:2: MAXAGE has non numeric value (ten)",
        "upsd.conf:3: invalid directive FOO 1",
      ],
    },
    {
      what: "upsd.users: an unknown upsmon role and setting",
      files: {
        "ups.conf": UPS,
        "upsd.conf": listen,
        "upsd.users": "[a]\n password = x\n upsmon boss\n bogus = 1\n",
      },
      nut: upsd,
      nutSays: ["Unknown upsmon type boss", "Unrecognized user setting bogus"],
      weSay: [
        "upsd.users:3: Invalid upsmon type boss",
        "upsd.users:4: invalid directive bogus = 1",
      ],
    },
    {
      what: "upsmon.conf: an old MONITOR line",
      files: { "upsmon.conf": "MONITOR ups1@localhost 1 a x\n" },
      nut: { cmd: "/lib/nut/upsmon", args: ["-u", "root", "-F", "-p"] },
      nutSays: ["Unable to use old-style MONITOR line without a username"],
      weSay: [
        "upsmon.conf:1: Unable to use old-style MONITOR line without a username",
      ],
    },
    {
      what: "upsmon.conf: a bad notify flag and an unknown directive",
      files: {
        "upsmon.conf":
          "NOTIFYFLAG ONBATT SYSLOG+BOGUS\nMINSUPPLIES 1\nFROB 1\n",
      },
      nut: { cmd: "/lib/nut/upsmon", args: ["-u", "root", "-F", "-p"] },
      nutSays: [
        "Invalid notify flag: [BOGUS]",
        "line 3: invalid directive FROB 1",
      ],
      weSay: [
        "upsmon.conf:1: Invalid notify flag: [BOGUS]",
        "upsmon.conf:3: invalid directive FROB 1",
      ],
    },
    {
      what: "upssched.conf: AT before CMDSCRIPT",
      files: { "upssched.conf": "# timers\nAT ONBATT * EXECUTE x\n" },
      nut: {
        cmd: "/sbin/upssched",
        args: [],
        env: { UPSNAME: "ups1", NOTIFYTYPE: "ONBATT" },
      },
      nutSays: ["CMDSCRIPT must be set before any ATs in the config file!"],
      weSay: [
        "upssched.conf:2: CMDSCRIPT must be set before any ATs in the config file!",
      ],
    },
  ];
}

Deno.test({
  name: "nutconf --check flags what NUT 2.8.0's programs complain about",
  ignore: !haveNut(),
  async fn(t) {
    for (const c of cases(freePort())) {
      await t.step(c.what, async () => {
        const dir = await Deno.makeTempDir({ prefix: "nutconf-check-" });
        try {
          await Deno.writeTextFile(`${dir}/d.dev`, DUMMY_DEV);
          for (const [name, text] of Object.entries(c.files)) {
            await Deno.writeTextFile(`${dir}/${name}`, text, { mode: 0o600 });
          }
          const env = {
            NUT_CONFPATH: dir,
            NUT_STATEPATH: dir,
            NUT_ALTPIDPATH: dir,
            PATH: "/usr/bin:/bin",
            ...c.nut.env,
          };
          const p = spawn(c.nut.cmd, c.nut.args, env, dir);
          try {
            await waitFor(
              () => c.nutSays.every((s) => p.output().includes(s)),
              10_000,
              20,
              `NUT's complaint (${p.output()})`,
            );
          } finally {
            await p.kill();
          }
          const io = fakeIo();
          const code = await nutconf(["--check", "--local", dir], io);
          assert(code === 1, `exit ${code}: ${io.stdout}`);
          for (const line of c.weSay) {
            assertStringIncludes(io.stdout, line + "\n");
          }
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      });
    }
  },
});
