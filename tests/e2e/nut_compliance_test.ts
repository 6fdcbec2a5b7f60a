/**
 * nut-compliance against NUT 2.8.0's upsd and ours (both must comply, fed
 * by NUT's dummy-ups), and against broken servers: proxies in front of our
 * upsd that damage one thing each; the check about that thing must fail.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { haveNut } from "../net.ts";
import { fakeIo } from "../fake_io.ts";
import {
  DUMMY_DEV,
  freePort,
  makeTree,
  type Proc,
  startDummy,
  startNutUpsd,
  startOurUpsd,
  upsConf,
  waitFor,
} from "../fixtures/upsd/harness.ts";
import { Session } from "../../src/compliance/session.ts";
import { type Fault, startProxy } from "../fixtures/compliance/proxy.ts";
import { makeTestCerts } from "../fixtures/tls/certs.ts";
import {
  formatVerdict,
  runCompliance,
  type Verdict,
} from "../../src/compliance/mod.ts";
import { main, parseHostPort } from "../../cli/nut_compliance.ts";

// One user with both rights, so that no credentialed check skips.
const USERS = `[tester]
  password = t3st
  actions = SET
  instcmds = ALL
  upsmon primary
`;

function failed(vs: Verdict[]): string[] {
  return vs.filter((v) => v.status === "fail").map((v) =>
    `${v.name}: ${v.detail}`
  );
}

const FAULTS: Array<[string, Fault, string]> = [
  ["missing END LIST", {
    reply: (l) => l.startsWith("END LIST VAR") ? undefined : l,
  }, "LIST VAR framing and quoting"],
  ["OK where ERR is due", {
    reply: (l) => l === "ERR UNKNOWN-UPS" ? "OK" : l,
  }, "ERR UNKNOWN-UPS"],
  ["unquoted values", {
    reply: (l) => l.replace(/^(VAR \S+ \S+) "([^"\\]*)"$/, "$1 $2"),
  }, "LIST VAR framing and quoting"],
  ["quote inside a value not escaped", {
    reply: (l) => l.replaceAll('\\"', '"'),
  }, "LIST VAR framing and quoting"],
  ["# inside a value not escaped", {
    reply: (l) => l.replaceAll("\\#", "#"),
  }, "LIST VAR framing and quoting"],
  ["escaped character the protocol does not escape", {
    reply: (l) => l.replace("Dummy Manufacturer", "Dummy\\ Manufacturer"),
  }, "LIST VAR framing and quoting"],
  ["wrong ERR code", {
    reply: (l) => l === "ERR UNKNOWN-COMMAND" ? "ERR INVALID-ARGUMENT" : l,
  }, "ERR UNKNOWN-COMMAND and INVALID-ARGUMENT"],
  ["answers only the first of pipelined commands", {
    request: (chunk) => chunk.slice(0, chunk.indexOf("\n") + 1),
  }, "pipelining: one write, replies in order"],
  [
    "LOGOUT leaves the connection open",
    { keepOpen: true },
    "LOGOUT says goodbye and closes",
  ],
  ["TRACKING id missing", {
    reply: (l) => l.startsWith("OK TRACKING ") ? "OK" : l,
  }, "SET VAR with TRACKING reaches SUCCESS"],
  ["MASTER refused where PRIMARY is granted", {
    reply: (l) => l === "OK MASTER-GRANTED" ? "ERR ACCESS-DENIED" : l,
  }, "LOGIN, PRIMARY, NUMLOGINS, LIST CLIENT and LOGOUT"],
  ["USERNAME accepted twice", {
    reply: (l) => l === "ERR ALREADY-SET-USERNAME" ? "OK" : l,
  }, "USERNAME and PASSWORD only once"],
  ["OK STARTTLS without TLS", {
    reply: (l) => l === "ERR FEATURE-NOT-CONFIGURED" ? "OK STARTTLS" : l,
  }, "STARTTLS"],
  ["NUMLOGINS not counted", {
    reply: (l) => l.replace(/^NUMLOGINS (\S+) \d+$/, "NUMLOGINS $1 0"),
  }, "LOGIN, PRIMARY, NUMLOGINS, LIST CLIENT and LOGOUT"],
];

Deno.test({
  name: "nut-compliance: NUT 2.8.0's upsd and ours comply; broken servers fail",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const nutPort = freePort();
    const ourPort = freePort();
    const files = {
      "ups.conf": upsConf(["dummy"], { dummy: "Test UPS" }),
      "upsd.users": USERS,
      // a value with every character the protocol escapes
      "dummy.dev": DUMMY_DEV + 'ups.firmware: "v1 \\"beta\\" \\\\ \\#2"\n',
    };
    const nutTree = makeTree({
      ...files,
      "upsd.conf": `LISTEN 127.0.0.1 ${nutPort}\n`,
    });
    const ourTree = makeTree(
      {
        ...files,
        // each run makes one failed login on purpose; ours would lock
        // 127.0.0.1 out after ten of them (NUT 2.8.0 does not throttle)
        "upsd.conf": `LISTEN 127.0.0.1 ${ourPort}\nLOGIN_FAILURE_LIMIT 0\n`,
      },
      nutTree.state,
    );
    const procs: Proc[] = [];
    const base = {
      host: "127.0.0.1",
      timeoutMs: 2000,
      user: "tester",
      password: "t3st",
    };
    try {
      procs.push(await startDummy(nutTree, "dummy"));
      procs.push(await startNutUpsd(nutTree, nutPort));
      procs.push(await startOurUpsd(ourTree, ourPort));

      for (const port of [nutPort, ourPort]) {
        // dummy-ups marks its variables RW a moment after it connects.
        await waitFor(async () => {
          const s = await Session.open({
            host: "127.0.0.1",
            port,
            timeoutMs: 2000,
          });
          try {
            const r = await s.list("LIST RW dummy");
            return "lines" in r && r.lines.length > 0;
          } finally {
            s.close();
          }
        });
        const io = fakeIo();
        const code = await main([
          `127.0.0.1:${port}`,
          "--user",
          "tester",
          "--password",
          "t3st",
        ], io);
        assertEquals(code, 0, io.stdout);
        assertStringIncludes(
          io.stdout,
          "25 passed, 0 failed, 0 skipped: COMPLIANT",
        );
      }

      // The same conversation through an intact proxy complies: the proxy
      // itself breaks nothing, so each failure below is its fault's doing.
      const clean = startProxy(ourPort, {});
      try {
        assertEquals(
          failed(await runCompliance({ ...base, port: clean.port })),
          [],
        );
      } finally {
        await clean.close();
      }
      for (const [what, fault, check] of FAULTS) {
        const proxy = startProxy(ourPort, fault);
        try {
          const vs = await runCompliance({
            ...base,
            port: proxy.port,
            timeoutMs: 300, // a slow reply can only add failures here
          });
          const bad = vs.filter((v) => v.status === "fail").map((v) => v.name);
          assert(
            bad.includes(check),
            `${what}: expected "${check}" to fail, failed: ${bad}\n${
              vs.map(formatVerdict).join("\n")
            }`,
          );
        } finally {
          await proxy.close();
        }
      }
      // And the CLI says so with exit 1.
      const proxy = startProxy(ourPort, FAULTS[1]![1]);
      try {
        const io = fakeIo();
        assertEquals(
          await main([`127.0.0.1:${proxy.port}`, "-q", "--timeout", "1"], io),
          1,
        );
        assertStringIncludes(
          io.stdout,
          'FAIL ERR UNKNOWN-UPS: GET VAR no-such-ups ups.status: expected "ERR UNKNOWN-UPS", got "OK"',
        );
        assertStringIncludes(io.stdout, "NOT COMPLIANT");
      } finally {
        await proxy.close();
      }
    } finally {
      for (const p of procs.reverse()) await p.kill();
      nutTree.remove();
      ourTree.remove();
    }
  },
});

Deno.test({
  name:
    "nut-compliance: STARTTLS completes against our upsd with a certificate",
  ignore: !haveNut(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const certs = await makeTestCerts();
    const port = freePort();
    const tree = makeTree({
      "ups.conf": upsConf(["dummy"], { dummy: "Test UPS" }),
      "upsd.users": USERS,
      "dummy.dev": DUMMY_DEV,
      "upsd.conf": `LISTEN 127.0.0.1 ${port}\nCERTFILE ${certs.certFile}\n`,
    });
    const procs: Proc[] = [];
    try {
      procs.push(await startDummy(tree, "dummy"));
      procs.push(await startOurUpsd(tree, port));
      const base = { host: "127.0.0.1", port, timeoutMs: 2000 };
      const tls = (await runCompliance({
        ...base,
        caCert: await Deno.readTextFile(certs.caCert),
      }))
        .find((v) => v.name === "STARTTLS");
      assertEquals(tls, { name: "STARTTLS", status: "pass" });
      // A CA that did not sign the server's certificate: the check fails.
      const wrong = (await runCompliance({
        ...base,
        caCert: await Deno.readTextFile(certs.otherCaCert),
      }))
        .find((v) => v.name === "STARTTLS");
      assertEquals(wrong?.status, "fail");
      // --ups names the UPS to test; one the server lacks fails the first check
      const missing = await runCompliance({ ...base, ups: "nosuch" });
      assertEquals(missing[0], {
        name: "LIST UPS framing and quoting",
        status: "fail",
        detail: "UPS nosuch not in [dummy]",
      });
    } finally {
      for (const p of procs.reverse()) await p.kill();
      tree.remove();
      await Deno.remove(certs.dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "nut-compliance: usage errors and an unreachable server",
  async fn() {
    assertEquals(parseHostPort("[::1]:3494"), { host: "::1", port: 3494 });
    assertEquals(parseHostPort("::1"), { host: "::1", port: 3493 });
    assertEquals(parseHostPort("ups.example"), {
      host: "ups.example",
      port: 3493,
    });
    assertEquals(parseHostPort("h:0"), undefined);
    const io = fakeIo();
    assertEquals(await main([], io), 2);
    assertEquals(await main(["127.0.0.1:99999"], fakeIo()), 2);
    const closed = fakeIo();
    assertEquals(await main([`127.0.0.1:${freePort()}`], closed), 1);
    assertStringIncludes(closed.stderr, "cannot connect");
  },
});
