/**
 * upsd's HTTP side end to end: our dummy-ups and upsd with HTTP_LISTEN;
 * answers are compared with what NUT 2.8.0's own `upsc` reads from the same
 * upsd over the NUT protocol, /metrics is checked by Prometheus's
 * `promtool check metrics`, the event stream follows a .dev edit and
 * resumes with Last-Event-ID, logins are checked against upsd.users, and
 * bad or slow HTTP clients leave the NUT protocol untouched.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import {
  nutRequest,
  run,
  SseReader,
  type Stack,
  startStack,
  USERS,
} from "./http_helpers.ts";

const DEV = `device.mfr: Acme
device.model: Model 9
device.serial: SN42
ups.status: OL CHRG
battery.charge: 97
battery.runtime: 1800
ups.load: 23
input.voltage: 230.5
ups.id: My UPS
`;

const UPSC = "/usr/bin/upsc";

/** NUT's `upsc` text (`name: value` lines) as an object. */
function parseUpsc(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf(": ");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 2);
  }
  return out;
}

async function get(s: Stack, path: string, init?: RequestInit) {
  const r = await fetch(s.base + path, init);
  return {
    status: r.status,
    type: r.headers.get("content-type"),
    text: await r.text(),
    headers: r.headers,
  };
}

async function post(s: Stack, path: string, body: unknown, cookie = "") {
  const r = await fetch(s.base + path, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(body),
  });
  return {
    status: r.status,
    json: await r.json(),
    cookie: (r.headers.get("set-cookie") ?? "").split(";")[0]!,
  };
}

/** Raw bytes to the HTTP port; what comes back before the peer closes (or 2 s of quiet). */
async function raw(port: number, bytes: string | Uint8Array): Promise<string> {
  const c = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await c.write(
      typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes,
    );
    const buf = new Uint8Array(4096);
    const n = await c.read(buf);
    return n === null ? "" : new TextDecoder().decode(buf.subarray(0, n));
  } catch {
    return "";
  } finally {
    c.close();
  }
}

Deno.test({
  name: "HTTP side of upsd: API, metrics, events, logins, bad clients",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn(t) {
    const s = await startStack({ devs: { ups1: DEV }, missing: ["ups2"] });
    const at = `ups1@127.0.0.1:${s.port}`;
    try {
      await t.step("/api/v1/ups/NAME holds what NUT's upsc reads", async () => {
        const nut = await run(UPSC, [at]);
        assertEquals(nut.code, 0);
        const r = await get(s, "/api/v1/ups/ups1");
        assertEquals(r.status, 200);
        assertStringIncludes(r.type ?? "", "application/json");
        assertEquals(JSON.parse(r.text), parseUpsc(nut.out));
        // the same bytes as `upsc -j` (docs/json.md)
        const ours = await run(Deno.execPath(), [
          "run",
          "-A",
          "cli/upsc.ts",
          "-j",
          at,
        ]);
        assertEquals(r.text, ours.out);
      });

      await t.step("/api/v1/ups lists what upsc -L lists", async () => {
        const nut = await run(UPSC, ["-L", `127.0.0.1:${s.port}`]);
        const r = await get(s, "/api/v1/ups");
        assertEquals(JSON.parse(r.text), parseUpsc(nut.out));
      });

      await t.step("errors carry NUT's texts", async () => {
        for (
          const [name, status] of [["nosuch", 404], ["ups2", 503]] as const
        ) {
          const nut = await run(UPSC, [`${name}@127.0.0.1:${s.port}`]);
          const r = await get(s, `/api/v1/ups/${name}`);
          assertEquals(r.status, status);
          assertEquals(
            JSON.parse(r.text).error,
            nut.err.trim().split("\n").at(-1)!.replace(/^Error: /, ""),
          );
        }
        assertEquals((await get(s, "/nope")).status, 404);
        assertEquals((await get(s, "/api/v1/ups/%E0%A4%A")).status, 404);
        assertEquals(
          (await get(s, "/metrics", { method: "DELETE" })).status,
          405,
        );
      });

      await t.step(
        "/metrics passes promtool and carries upsc's values",
        async () => {
          const r = await get(s, "/metrics");
          assertEquals(r.status, 200);
          const check = await run("promtool", ["check", "metrics"], {}, r.text);
          assertEquals(check.code, 0, check.out + check.err);
          const vars = parseUpsc((await run(UPSC, [at])).out);
          const lines = new Set(r.text.split("\n"));
          let numeric = 0;
          for (const [k, v] of Object.entries(vars)) {
            if (k === "ups.status" || !/^-?\d+(\.\d+)?$/.test(v)) continue;
            numeric++;
            const name = "network_ups_tools_" + k.replace(/[.-]/g, "_");
            assert(
              lines.has(`${name}{ups="ups1"} ${Number(v)}`),
              `${name} ${v}`,
            );
          }
          assert(numeric >= 5);
          for (const f of vars["ups.status"]!.split(" ")) {
            assert(
              lines.has(
                `network_ups_tools_ups_status{ups="ups1",flag="${f}"} 1`,
              ),
              f,
            );
          }
          assert(
            lines.has(`network_ups_tools_ups_status{ups="ups1",flag="OB"} 0`),
          );
          const info = [...lines].find((l) =>
            l.startsWith("network_ups_tools_device_info{")
          );
          assertStringIncludes(info ?? "", `model="${vars["device.model"]}"`);
          assertStringIncludes(info ?? "", `mfr="${vars["device.mfr"]}"`);
          assertStringIncludes(info ?? "", `serial="${vars["device.serial"]}"`);
          assert(lines.has('network_ups_tools_ups_available{ups="ups2"} 0'));
          assert(lines.has("nut_upsd_ups 2"));
          assert(lines.has("nut_upsd_drivers_connected 1"));
          assert(lines.has("# TYPE nut_upsd_requests_total counter"));
        },
      );

      await t.step(
        "events: snapshot, live change, Last-Event-ID replay",
        async () => {
          const res = await fetch(`${s.base}/api/v1/events`);
          assertEquals(
            res.headers.get("content-type"),
            "text/event-stream; charset=utf-8",
          );
          const sse = new SseReader(res);
          const snaps = [await sse.next(), await sse.next()];
          assertEquals(snaps.map((m) => [m.data.kind, m.data.ups]), [
            ["snapshot", "ups1"],
            ["snapshot", "ups2"],
          ]);
          const snap = snaps[0]!;
          assertEquals(snap.data.vars, parseUpsc((await run(UPSC, [at])).out));
          s.writeDev(
            "ups1",
            DEV.replace("OL CHRG", "OB DISCHRG").replace("97", "80"),
          );
          let sawStatus = false, sawCharge = false;
          const live = await sse.until((d) => {
            if (d.kind === "status") sawStatus = true;
            if (d.kind === "set" && d.name === "battery.charge") {
              sawCharge = true;
            }
            return sawStatus && sawCharge;
          });
          await sse.close();
          const status = live.find((m) => m.data.kind === "status")!.data;
          assertEquals(status.previous, "OL CHRG");
          assertEquals(status.status, "OB DISCHRG");
          assertEquals(status.flags, ["OB", "DISCHRG"]);
          assert(
            live.some((m) =>
              m.data.kind === "set" && m.data.name === "battery.charge" &&
              m.data.value === "80"
            ),
          );
          for (let i = 1; i < live.length; i++) {
            assert(live[i]!.id > live[i - 1]!.id);
          }
          // NUT's upsc sees the same state the stream announced
          assertEquals(
            (await run(UPSC, [at, "ups.status"])).out,
            "OB DISCHRG\n",
          );
          // resuming from the snapshot's id replays exactly what came after
          const again = await fetch(`${s.base}/api/v1/events?ups=ups1`, {
            headers: { "last-event-id": String(snap.id) },
          });
          const sse2 = new SseReader(again);
          const lastId = live.at(-1)!.id;
          const replay = await sse2.until(() => false, lastId);
          await sse2.close();
          assertEquals(replay.map((m) => m.id), live.map((m) => m.id));
          s.writeDev("ups1", DEV);
          await waitFor(async () =>
            (await run(UPSC, [at, "ups.status"])).out === "OL CHRG\n"
          );
        },
      );

      await t.step(
        "logins follow upsd.users; commands reach the driver",
        async () => {
          assertEquals(
            (await post(s, "/api/v1/login", {
              username: "admin",
              password: "x",
            })).status,
            403,
          );
          assertEquals(
            (await post(s, "/api/v1/login", {
              username: "nobody",
              password: "",
            })).status,
            403,
          );
          const viewer = await post(s, "/api/v1/login", {
            username: "viewer",
            password: "viewpw",
          });
          assertEquals(viewer.status, 200);
          assertEquals(viewer.json.commands, { ups1: [], ups2: [] });
          const admin = await post(s, "/api/v1/login", {
            username: "admin",
            password: "adminpw",
          });
          // dummy-ups offers load.off only; admin's test.battery.start is not offered
          assertEquals(admin.json.commands, { ups1: ["load.off"], ups2: [] });
          const session = await fetch(`${s.base}/api/v1/session`, {
            headers: { cookie: admin.cookie },
          });
          assertEquals((await session.json()).username, "admin");
          assertEquals((await get(s, "/api/v1/session")).status, 401);
          assertEquals(
            (await post(
              s,
              "/api/v1/ups/ups1/instcmd/load.off",
              {},
              viewer.cookie,
            )).status,
            403,
          );
          assertEquals(
            (await post(s, "/api/v1/ups/ups1/instcmd/load.off", {})).status,
            401,
          );
          assertEquals(
            (await post(
              s,
              "/api/v1/ups/ups1/instcmd/beeper.on",
              {},
              admin.cookie,
            )).status,
            404,
          );
          const form = await fetch(
            `${s.base}/api/v1/ups/ups1/instcmd/load.off`,
            {
              method: "POST",
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                cookie: admin.cookie,
              },
              body: "a=b",
            },
          );
          await form.body?.cancel();
          assertEquals(form.status, 415);
          const ok = await post(
            s,
            "/api/v1/ups/ups1/instcmd/load.off",
            {},
            admin.cookie,
          );
          assertEquals(ok.status, 200);
          // the driver answered the tracking id: the command went through upsd to it
          let result = "";
          await waitFor(async () => {
            result = await nutRequest(
              s.port,
              `GET TRACKING ${ok.json.tracking}`,
            );
            return result !== "PENDING\n";
          }, 5000);
          assert(/^(SUCCESS|FAILED|ERR [A-Z-]+)\n$/.test(result), result);
          const out = await post(s, "/api/v1/logout", {}, admin.cookie);
          assertEquals(out.status, 200);
          assertEquals(
            (await post(
              s,
              "/api/v1/ups/ups1/instcmd/load.off",
              {},
              admin.cookie,
            )).status,
            401,
          );
        },
      );

      await t.step(
        "malformed and slow HTTP clients leave upsd serving",
        async () => {
          assertStringIncludes(await raw(s.httpPort, "BLAH\r\n\r\n"), " 400 ");
          assertStringIncludes(
            await raw(s.httpPort, "GET / HTTP/9.9\r\n\r\n"),
            "HTTP/1.1 ",
          );
          const huge = `GET / HTTP/1.1\r\nHost: x\r\nX: ${
            "a".repeat(200_000)
          }\r\n\r\n`;
          const hugeReply = await raw(s.httpPort, huge);
          assert(
            hugeReply === "" || / 4\d\d /.test(hugeReply),
            hugeReply.slice(0, 80),
          );
          // 100 clients that send half a request and stall
          const slow: Deno.Conn[] = [];
          try {
            for (let i = 0; i < 100; i++) {
              const c = await Deno.connect({
                hostname: "127.0.0.1",
                port: s.httpPort,
              });
              await c.write(
                new TextEncoder().encode(
                  "GET /metrics HTTP/1.1\r\nHost: x\r\n",
                ),
              );
              slow.push(c);
            }
            assertEquals((await get(s, "/api/v1/ups/ups1")).status, 200);
            assertEquals(
              (await run(UPSC, [at, "ups.status"])).out,
              "OL CHRG\n",
            );
          } finally {
            for (const c of slow) c.close();
          }
          assertEquals(
            await nutRequest(s.port, "GET VAR ups1 ups.id"),
            'VAR ups1 ups.id "My UPS"\n',
          );
        },
      );

      await t.step(
        "a reload of upsd.users applies to web sessions",
        async () => {
          const admin = await post(s, "/api/v1/login", {
            username: "admin",
            password: "adminpw",
          });
          assertEquals(admin.json.commands, { ups1: ["load.off"], ups2: [] });
          Deno.writeTextFileSync(
            `${s.dir}/upsd.users`,
            USERS.replace(" instcmds = load.off\n", ""),
          );
          Deno.kill(s.upsdPid, "SIGHUP");
          await waitFor(
            async () => {
              const r = await fetch(`${s.base}/api/v1/session`, {
                headers: { cookie: admin.cookie },
              });
              const j = await r.json();
              return JSON.stringify(j.commands) === '{"ups1":[],"ups2":[]}';
            },
            10_000,
            50,
            "reloaded rights",
          );
          assertEquals(
            (await post(
              s,
              "/api/v1/ups/ups1/instcmd/load.off",
              {},
              admin.cookie,
            ))
              .status,
            403,
          );
        },
      );

      await t.step("a driver that goes away and comes back", async () => {
        const res = await fetch(`${s.base}/api/v1/events?ups=ups1`);
        const sse = new SseReader(res);
        assertEquals((await sse.next()).data.kind, "snapshot");
        await s.stopDriver("ups1");
        // upsd marks it unavailable, then empties its tree
        const gone = await sse.until((d) => d.kind === "clear");
        const state = gone.find((m) => m.data.kind === "state")!.data;
        assertEquals(state.available, false);
        assertEquals(state.reason, "DRIVER-NOT-CONNECTED");
        const metrics = (await get(s, "/metrics")).text;
        assertStringIncludes(
          metrics,
          'network_ups_tools_ups_available{ups="ups1"} 0\n',
        );
        assertEquals(metrics.includes('battery_charge{ups="ups1"}'), false);
        assertEquals((await get(s, "/api/v1/ups/ups1")).status, 503);
        s.startDriver("ups1");
        // upsd reconnects on its next tick and the dump brings OL back
        const back = await sse.until((d) =>
          d.kind === "status" && d.status === "OL CHRG"
        );
        await sse.close();
        assert(back.some((m) => m.data.kind === "state" && m.data.available));
        assertEquals((await run(UPSC, [at, "ups.status"])).out, "OL CHRG\n");
      });
    } finally {
      await s.stop();
    }
  },
});
