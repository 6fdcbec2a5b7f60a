import {
  assertEquals,
  assertRejects,
  assertThrows,
} from "../../tests/assert.ts";
import { getopt } from "./getopt.ts";
import { jsonArrayLines, jsonObjectLines, jsonString } from "./json.ts";
import { compileFormat, renderLine, strftime } from "./logformat.ts";
import {
  formatArgs,
  NutClient,
  NutClientError,
  NutError,
  parseHostPort,
  parseUpsName,
  UpsNameError,
} from "./mod.ts";
import { trackingId } from "./tracking.ts";

const pure = { permissions: "none" } as const;

Deno.test("parseUpsName follows upscli_splitname", pure, () => {
  assertEquals(parseUpsName("ups"), {
    ups: "ups",
    host: "localhost",
    port: 3493,
  });
  assertEquals(parseUpsName("ups@h"), { ups: "ups", host: "h", port: 3493 });
  assertEquals(parseUpsName("ups@h:1234"), {
    ups: "ups",
    host: "h",
    port: 1234,
  });
  assertEquals(parseUpsName("ups@[::1]:99"), {
    ups: "ups",
    host: "::1",
    port: 99,
  });
  assertEquals(parseUpsName("ups@[::1]"), {
    ups: "ups",
    host: "::1",
    port: 3493,
  });
  // no '@': the whole text is the UPS name, as NUT
  assertEquals(parseUpsName("ups:3493"), {
    ups: "ups:3493",
    host: "localhost",
    port: 3493,
  });
  // strtok quirk: "@h:5" names UPS "h:5" (and host h, port 5)
  assertEquals(parseUpsName("@h:5"), { ups: "h:5", host: "h", port: 5 });
  assertThrows(() => parseUpsName("ups@h:"), UpsNameError, "no port specified");
  assertThrows(
    () => parseUpsName("ups@h:0"),
    UpsNameError,
    "no port specified",
  );
  assertThrows(() => parseUpsName("ups@h:70000"), UpsNameError, "no port");
  assertThrows(
    () => parseUpsName("ups@[::1"),
    UpsNameError,
    "missing closing bracket",
  );
  assertThrows(() => parseUpsName("ups@"), UpsNameError, "empty string");
  assertEquals(parseHostPort("h:12abc"), { host: "h", port: 12 });
});

Deno.test("getopt: glibc messages, + stops at operands", pure, () => {
  assertEquals(getopt(["-l", "-u", "me", "x", "-w"], "+lu:w"), {
    opts: [{ opt: "l" }, { opt: "u", arg: "me" }],
    rest: ["x", "-w"],
  });
  assertEquals(getopt(["-q"], "+l").opts, [{
    opt: "?",
    error: "invalid option -- 'q'",
  }]);
  assertEquals(getopt(["-u"], "+u:").opts, [
    { opt: "?", error: "option requires an argument -- 'u'" },
  ]);
  assertEquals(getopt(["-tx", "--", "-l"], "+t:l"), {
    opts: [{ opt: "t", arg: "x" }],
    rest: ["-l"],
  });
});

Deno.test("json: NUT 2.8.5 upsc -j layout and escapes", pure, () => {
  assertEquals(jsonString('a"b\\c\n\x01'), '"a\\"b\\\\c\\n\\u0001"');
  assertEquals(
    jsonObjectLines([["a", "1"], ["b", "2"]]),
    '{\n  "a": "1",\n  "b": "2"\n}\n',
  );
  assertEquals(jsonArrayLines([]), "[\n\n]\n");
});

Deno.test("upslog format: tokens, prefixes and INVALID", pure, () => {
  const parts = compileFormat(
    "%UPSHOSTX% %var ups.load%|%VAR bad%|%VAR%|%FOO%|100%%|%ETIME%|%PID%|%HOSTNAME%|x%%%y|end%",
  );
  const line = renderLine(parts, {
    now: new Date(1_700_000_000_000),
    hostname: "box",
    upshost: "u@h",
    pid: 42,
    value: (n) => n === "ups.load" ? "23" : undefined,
  });
  assertEquals(
    line,
    "u@h 23|INVALID|INVALID|INVALID|100%|1700000000|42|box|x%INVALID",
  );
  // an unclosed % prints INVALID and parsing resumes at the next char
  const ctx = {
    now: new Date(0),
    hostname: "",
    upshost: "",
    pid: 0,
    value: () => undefined,
  };
  assertEquals(renderLine(compileFormat("A%tB"), ctx), "AINVALIDtB");
  assertEquals(renderLine(compileFormat("A%t%B"), ctx), "AINVALIDB");
  const d = new Date(2024, 0, 5, 7, 8, 9);
  assertEquals(
    strftime("%Y%m%d %H%M%S %j %% %b %a", d),
    "20240105 070809 005 % Jan Fri",
  );
});

Deno.test("formatArgs and tracking ids", pure, () => {
  assertEquals(formatArgs(["VAR", "u", 'a "b"']), 'VAR u "a \\"b\\""');
  assertEquals(
    trackingId("OK TRACKING 0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9"),
    "0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9",
  );
  assertEquals(trackingId("OK"), undefined);
});

/** A one-connection scripted server: replies[i] answers the i-th line. */
function scripted(reply: (line: string) => string | null) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const seen: string[] = [];
  const done = (async () => {
    const conn = await listener.accept();
    const buf = new Uint8Array(4096);
    let pending = "";
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        pending += new TextDecoder().decode(buf.subarray(0, n));
        let nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          seen.push(line);
          const r = reply(line);
          if (r === null) {
            conn.close();
            return;
          }
          await conn.write(new TextEncoder().encode(r));
        }
      }
    } catch {
      // closed
    }
    try {
      conn.close();
    } catch {
      // closed
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    seen,
    async stop() {
      listener.close();
      await done;
    },
  };
}

Deno.test({
  name:
    "NutClient: STARTTLS fallback, echo checks, ERR mapping, one reply at a time",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const srv = scripted((line) => {
      if (line === "STARTTLS") return "ERR FEATURE-NOT-CONFIGURED\n";
      if (line === "GET VAR u ups.status") return 'VAR u ups.status "OL"\n';
      if (line === "GET VAR u bad.echo") return 'VAR u other "x"\n';
      if (line === "GET VAR u nope.x") return "ERR VAR-NOT-SUPPORTED\n";
      if (line === "LIST VAR u") {
        return 'BEGIN LIST VAR u\nVAR u a.b "1"\nVAR u c.d "x \\"y\\""\nEND LIST VAR u\n';
      }
      if (line === "PRIMARY u") return "ERR UNKNOWN-COMMAND\n";
      if (line === "MASTER u") return "OK MASTER-GRANTED\n";
      if (line === "GET NUMLOGINS u") return "NUMLOGINS u 3\n";
      if (line === "LOGOUT") return null;
      return "ERR UNKNOWN-COMMAND\n";
    });
    try {
      const c = await NutClient.connect({
        host: "127.0.0.1",
        port: srv.port,
        timeoutMs: 2000,
      });
      assertEquals(c.tls, false);
      // concurrent calls never interleave
      const [a, b, l] = await Promise.all([
        c.getVar("u", "ups.status"),
        c.numLogins("u"),
        c.listVars("u"),
      ]);
      assertEquals([a, b, l], ["OL", 3, [["a.b", "1"], ["c.d", 'x "y"']]]);
      const e = await assertRejects(
        () => c.getVar("u", "nope.x"),
        NutError,
        "Variable not supported by UPS",
      );
      assertEquals((e as NutError).code, "VAR-NOT-SUPPORTED");
      await assertRejects(
        () => c.getVar("u", "bad.echo"),
        NutClientError,
        "Protocol error",
      );
      await c.primary("u");
      await c.close();
      assertEquals(srv.seen.includes("MASTER u"), true);
    } finally {
      await srv.stop();
    }
  },
});

Deno.test({
  name: "NutClient: refused, dropped and silent servers give NUT's texts",
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const closedPort = (l.addr as Deno.NetAddr).port;
    l.close();
    await assertRejects(
      () => NutClient.connect({ host: "127.0.0.1", port: closedPort }),
      NutClientError,
      "Connection failure: Connection refused",
    );
    await assertRejects(
      () => NutClient.connect({ host: "nosuch.invalid" }),
      NutClientError,
      "No such host",
    );
    const drop = scripted(() => null);
    try {
      await assertRejects(
        () => NutClient.connect({ host: "127.0.0.1", port: drop.port }),
        NutClientError,
        "Server disconnected",
      );
    } finally {
      await drop.stop();
    }
    const silent = scripted((line) => line === "STARTTLS" ? "ERR X\n" : "");
    try {
      const c = await NutClient.connect({
        host: "127.0.0.1",
        port: silent.port,
        timeoutMs: 200,
      });
      await assertRejects(
        () => c.getVar("u", "a.b"),
        NutClientError,
        "timed out",
      );
      await c.close();
    } finally {
      await silent.stop();
    }
  },
});
