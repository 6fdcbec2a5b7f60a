/**
 * failover's `fsdmode` 1 and 2 (NUT master's docs/man/failover.txt and
 * handle_no_primaries) over NUT 2.8.0's dummy-ups, served by NUT's upsd and
 * ours at once. With no suitable primary for more than `noprimarytime`
 * seconds: mode 1 demotes the primary (its data goes), raises ALARM with
 * fresh data, and declares the data stale 15 s later; mode 2 demotes it,
 * raises ALARM and sets FSD with the data kept fresh, so NUT's upsmon as
 * primary shuts down at once. Neither acts before `noprimarytime`; both
 * come back when the driver returns.
 */
import { assert, assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { LineClient } from "../fixtures/upsd/harness.ts";
import { waitNutPidFree } from "../fixtures/upsmon/harness.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const opts = { sanitizeOps: false, sanitizeResources: false };
const ALARM = "No suitable primaries for failover";
const DEV = "ups.mfr: A-Corp\nups.model: Twin\nups.status: OL\n" +
  "battery.runtime: 600\n";

Deno.test({
  name:
    "failover fsdmode 1 (ALARM, stale 15 s later) and 2 (ALARM FSD, upsmon shuts down)",
  ignore: !haveNut(),
  ...opts,
  async fn() {
    const state = Deno.makeTempDirSync({ prefix: "fo-fsd-st-" });
    const confN = Deno.makeTempDirSync({ prefix: "fo-fsd-cn-" });
    const confO = Deno.makeTempDirSync({ prefix: "fo-fsd-co-" });
    const mon = Deno.makeTempDirSync({ prefix: "fo-fsd-mon-" });
    const portN = freePort();
    let portO = freePort();
    while (portO === portN) portO = freePort();
    const fo = (mode: number, noprimary: number) =>
      `[fo${mode}]\n driver = failover\n port = dummy-ups-a\n` +
      ` pollinterval = 1\n inittime = 10\n deadtime = 3\n` +
      ` noprimarytime = ${noprimary}\n fsdmode = ${mode}\n` +
      // retry the socket at every poll (no cool-off while it is away)
      ` maxconnfails = 1000\n`;
    const ups = "[a]\n driver = dummy-ups\n port = a.dev\n pollinterval = 1\n" +
      fo(1, 2) + fo(2, 3);
    for (const [d, p] of [[confN, portN], [confO, portO]] as const) {
      Deno.writeTextFileSync(`${d}/ups.conf`, ups);
      Deno.writeTextFileSync(`${d}/upsd.conf`, `LISTEN 127.0.0.1 ${p}\n`);
      Deno.writeTextFileSync(
        `${d}/upsd.users`,
        "[mon]\n password = pw\n upsmon primary\n",
      );
    }
    Deno.writeTextFileSync(`${confN}/a.dev`, DEV);
    // NUT's upsmon, primary of fo2 through our upsd (NUT's upsd stays
    // untouched by upsmon's own FSD, so its FSD can only be the driver's)
    Deno.writeTextFileSync(
      `${mon}/notify.sh`,
      `#!/bin/sh\necho "$NOTIFYTYPE $UPSNAME" >> "${mon}/notify.log"\n`,
    );
    Deno.writeTextFileSync(
      `${mon}/upsmon.conf`,
      [
        `MONITOR fo2@127.0.0.1:${portO} 1 mon pw primary`,
        "MINSUPPLIES 1",
        "POLLFREQ 1",
        "POLLFREQALERT 1",
        "HOSTSYNC 2",
        "DEADTIME 5",
        "FINALDELAY 0",
        `NOTIFYCMD "/bin/sh ${mon}/notify.sh"`,
        ...["ONLINE", "ONBATT", "FSD", "COMMBAD", "SHUTDOWN"].map((t) =>
          `NOTIFYFLAG ${t} EXEC`
        ),
        `SHUTDOWNCMD "echo shutdown >> ${mon}/shutdown.log"`,
        `POWERDOWNFLAG ${mon}/killpower`,
      ].join("\n") + "\n",
    );
    const procs = new Map<string, Deno.ChildProcess>();
    const spawn = (key: string, argv: string[], env: Record<string, string>) =>
      procs.set(
        key,
        new Deno.Command(argv[0]!, {
          args: argv.slice(1),
          env,
          stdin: "null",
          stdout: "null",
          stderr: "null",
        }).spawn(),
      );
    const envOf = (conf: string) => ({
      NUT_CONFPATH: conf,
      NUT_STATEPATH: state,
      NUT_ALTPIDPATH: conf,
    });
    const ours = (entry: string, name?: string) => [
      Deno.execPath(),
      "run",
      "-A",
      `${ROOT}${entry}`,
      ...(name ? ["-a", name] : []),
      "-u",
      "root",
      "-F",
    ];
    const clients: LineClient[] = [];
    /** `GET VAR` answers of both upsd: [NUT's, ours]. */
    const get = async (ups: string, name: string) => {
      const out: string[] = [];
      for (const c of clients) {
        const r = (await c.ask(`GET VAR ${ups} ${name}`)) ?? "EOF";
        out.push(r.startsWith("VAR ") ? r.split(" ").slice(3).join(" ") : r);
      }
      return out;
    };
    const both = (answers: string[], want: string) =>
      answers.every((a) => a === want);
    try {
      spawn("a", ["/lib/nut/dummy-ups", "-a", "a", "-u", "root", "-F"], {
        ...envOf(confN),
      });
      spawn("fo1", ours("drivers/failover.ts", "fo1"), envOf(confN));
      spawn("fo2", ours("drivers/failover.ts", "fo2"), envOf(confN));
      spawn("upsdN", ["/lib/nut/upsd", "-u", "root", "-F"], envOf(confN));
      spawn("upsdO", ours("cli/upsd.ts"), envOf(confO));
      for (const p of [portN, portO]) {
        await waitFor(
          async () => {
            try {
              clients.push(await LineClient.connect(p));
              return true;
            } catch {
              return false;
            }
          },
          20_000,
          100,
          `upsd on ${p}`,
        );
      }
      for (const u of ["fo1", "fo2"]) {
        await waitFor(
          async () =>
            both(await get(u, "ups.mfr"), '"A-Corp"') &&
            both(await get(u, "ups.status"), '"OL"'),
          20_000,
          100,
          `${u} primary a`,
        );
      }
      await waitNutPidFree();
      spawn("mon", ["/lib/nut/upsmon", "-p", "-F"], {
        NUT_CONFPATH: mon,
        NUT_PIDPATH: mon,
      });
      await waitFor(
        async () =>
          (await clients[1]!.ask("GET NUMLOGINS fo2")) === "NUMLOGINS fo2 1",
        20_000,
        100,
        "upsmon logged in",
      );

      // the only upstream driver goes away
      procs.get("a")!.kill("SIGTERM");
      await procs.get("a")!.status;
      const t0 = Date.now();
      const first: Record<string, number> = {};
      const seen: Record<string, string[]> = { fo1: [], fo2: [] };
      const mark = (key: string, cond: boolean) => {
        if (cond && first[key] === undefined) first[key] = Date.now() - t0;
      };
      await waitFor(
        async () => {
          const s1 = await get("fo1", "ups.status");
          const s2 = await get("fo2", "ups.status");
          const a1 = await get("fo1", "ups.alarm");
          const a2 = await get("fo2", "ups.alarm");
          const m1 = await get("fo1", "ups.mfr");
          const m2 = await get("fo2", "ups.mfr");
          seen.fo1!.push(s1.join(" | "));
          seen.fo2!.push(s2.join(" | "));
          mark("gone1", both(m1, "ERR VAR-NOT-SUPPORTED"));
          mark("gone2", both(m2, "ERR VAR-NOT-SUPPORTED"));
          // NUT's status_commit writes "ALARM %s": an empty status leaves
          // the trailing space (our driver state does the same)
          mark("alarm1", both(s1, '"ALARM "') && both(a1, `"${ALARM}"`));
          // ours also serves upsmon, whose own FSD upsd puts in front
          mark(
            "fsd2",
            s2[0] === '"ALARM FSD"' && /^"(FSD )?ALARM FSD"$/.test(s2[1]!) &&
              both(a2, `"${ALARM}"`),
          );
          mark("stale1", both(s1, "ERR DATA-STALE"));
          // mode 2 keeps its data fresh all along
          assert(!s2.includes("ERR DATA-STALE"), s2.join(" | "));
          return first.stale1 !== undefined && first.fsd2 !== undefined;
        },
        30_000,
        100,
        "fsdmode outcomes",
      ).catch((e) => {
        throw new Error(
          `${e.message} ${JSON.stringify(first)}\n` +
            [...new Set([...seen.fo1!, "--", ...seen.fo2!])].join("\n"),
        );
      });
      // demoted at once (deadtime does not apply to a closed socket)
      assert(first.gone1! < 2000 && first.gone2! < 2000, JSON.stringify(first));
      // FSD and ALARM only once noprimarytime (3 s / 2 s) is over
      assert(first.fsd2! >= 3000, JSON.stringify(first));
      assert(first.alarm1! >= 2000, JSON.stringify(first));
      // mode 1: ALARM with fresh data for 15 s more, then stale; never FSD
      assert(first.stale1! >= 2000 + 15_000, JSON.stringify(first));
      assert(first.stale1! - first.alarm1! >= 14_000, JSON.stringify(first));
      assert(!seen.fo1!.some((s) => s.includes("FSD")), seen.fo1!.join("\n"));

      // what upsmon made of mode 2: FSD from the UPS, so it shut down
      const read = (f: string) => {
        try {
          return Deno.readTextFileSync(`${mon}/${f}`);
        } catch {
          return "";
        }
      };
      await waitFor(
        () => read("shutdown.log").includes("shutdown"),
        15_000,
        100,
        "upsmon shutdown",
      );
      assert(read("notify.log").includes("FSD fo2"), read("notify.log"));
      assert(read("killpower") !== "", "POWERDOWNFLAG written");
      // (upsmon may also have said COMMBAD while the demoted fo2 had an
      // empty status, before noprimarytime ran out)
      // upsmon, as primary, raised FSD at our upsd too before shutting down
      assertEquals((await get("fo2", "ups.status"))[1], '"FSD ALARM FSD"');

      // the driver comes back: both fresh again, data and status from a
      spawn("a", ["/lib/nut/dummy-ups", "-a", "a", "-u", "root", "-F"], {
        ...envOf(confN),
      });
      await waitFor(
        async () => {
          const s1 = await get("fo1", "ups.status");
          const s2 = await get("fo2", "ups.status");
          return both(s1, '"OL"') && s2[0] === '"OL"' &&
            both(await get("fo2", "ups.mfr"), '"A-Corp"');
        },
        20_000,
        100,
        "back to a",
      );
      assertEquals(await get("fo1", "ups.alarm"), [
        "ERR VAR-NOT-SUPPORTED",
        "ERR VAR-NOT-SUPPORTED",
      ]);
    } finally {
      for (const c of clients) c.close();
      for (const p of [...procs.values()].reverse()) {
        try {
          p.kill("SIGTERM");
        } catch { /* gone */ }
        await p.status;
      }
      for (const d of [state, confN, confO, mon]) {
        Deno.removeSync(d, { recursive: true });
      }
    }
  },
});
