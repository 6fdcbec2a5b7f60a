/**
 * The checks nut-compliance runs without credentials (protocol 1.3, RFC
 * 9271, as NUT 2.8.0's upsd answers): every read command, LIST framing,
 * canonical quoting and escaping, the ERR codes, pipelining, quoted
 * arguments, STARTTLS and LOGOUT.
 *
 * @module
 */
import { quoteWord } from "../words.ts";
import {
  type Check,
  type CheckContext,
  ensure,
  expect,
  Fail,
  notErr,
  Skip,
  upsOf,
  wordsOf,
} from "./run.ts";
import type { Session } from "./session.ts";

/**
 * Fails unless `line` is exactly `lead` followed by the quoted, escaped
 * value (`"` and `\` and `#` escaped, as upsd's pconf_encode does).
 * Returns the value.
 */
export function quoted(line: string, lead: string): string {
  const words = wordsOf(line);
  const leadWords = lead.split(" ");
  ensure(
    words.length === leadWords.length + 1 &&
      leadWords.every((w, i) => words[i] === w),
    `expected "${lead} \\"…\\"", got "${line}"`,
  );
  const value = words[leadWords.length]!;
  expect(line, `${lead} ${quoteWord(value)}`, "quoting");
  return value;
}

async function list(s: Session, query: string): Promise<string[]> {
  const r = await s.list(query);
  if ("error" in r) throw new Fail(`${query}: ${r.error}`);
  return r.lines;
}

async function expectErr(ctx: CheckContext, cmds: Array<[string, string]>) {
  const s = await ctx.open();
  for (const [cmd, code] of cmds) expect(await s.ask(cmd), `ERR ${code}`, cmd);
}

/** The anonymous checks, in the order they run (LIST UPS first: it finds the UPS). */
export const ANONYMOUS_CHECKS: readonly Check[] = [
  {
    name: "LIST UPS framing and quoting",
    async run(ctx) {
      const lines = await list(await ctx.open(), "LIST UPS");
      ensure(lines.length > 0, "LIST UPS is empty: nothing else can be tested");
      const names = lines.map((l) => {
        const name = wordsOf(l)[1] ?? "";
        const desc = quoted(l, `UPS ${name}`);
        if (ctx.facts.ups === undefined || ctx.facts.ups === name) {
          ctx.facts.ups = name;
          ctx.facts.desc = desc;
        }
        return name;
      });
      ensure(
        ctx.facts.desc !== undefined,
        `UPS ${ctx.facts.ups} not in [${names}]`,
      );
    },
  },
  {
    name: "VER",
    async run(ctx) {
      notErr(await (await ctx.open()).ask("VER"), "VER");
    },
  },
  {
    name: "NETVER is a protocol version",
    async run(ctx) {
      const v = await (await ctx.open()).ask("NETVER");
      ensure(/^\d+\.\d+$/.test(v), `NETVER: got "${v}"`);
    },
  },
  {
    name: "HELP",
    async run(ctx) {
      notErr(await (await ctx.open()).ask("HELP"), "HELP");
    },
  },
  {
    name: "LIST VAR framing and quoting",
    async run(ctx) {
      const ups = upsOf(ctx);
      const lines = await list(await ctx.open(), `LIST VAR ${ups}`);
      ensure(lines.length > 0, `LIST VAR ${ups} is empty`);
      for (const l of lines) {
        const name = wordsOf(l)[2] ?? "";
        ctx.facts.vars.set(name, quoted(l, `VAR ${ups} ${name}`));
      }
    },
  },
  {
    name: "GET VAR (pipelined) agrees with LIST VAR",
    async run(ctx) {
      const ups = upsOf(ctx);
      const names = [...ctx.facts.vars.keys()].slice(0, 64);
      if (names.length === 0) throw new Skip("no variables");
      const s = await ctx.open();
      // One write with every request: replies must come back in order.
      await s.send(names.map((n) => `GET VAR ${ups} ${n}\n`).join(""));
      for (const n of names) {
        const value = quoted(await s.line(), `VAR ${ups} ${n}`);
        if (n.startsWith("driver.") || n.startsWith("device.mfr")) {
          expect(value, ctx.facts.vars.get(n)!, `GET VAR ${ups} ${n}`);
        }
      }
    },
  },
  {
    name: "GET TYPE and GET DESC",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await ctx.open();
      for (const n of [...ctx.facts.vars.keys()].slice(0, 16)) {
        const words = wordsOf(await s.ask(`GET TYPE ${ups} ${n}`));
        ensure(
          words.slice(0, 3).join(" ") === `TYPE ${ups} ${n}` &&
            words.length > 3,
          `GET TYPE ${ups} ${n}: got "${words.join(" ")}"`,
        );
        for (const t of words.slice(3)) {
          ensure(
            /^(RW|ENUM|RANGE|NUMBER|STRING:\d+)$/.test(t),
            `GET TYPE ${ups} ${n}: unknown type ${t}`,
          );
        }
        quoted(await s.ask(`GET DESC ${ups} ${n}`), `DESC ${ups} ${n}`);
      }
    },
  },
  {
    name: "LIST RW, LIST ENUM, LIST RANGE",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await ctx.open();
      for (const l of await list(s, `LIST RW ${ups}`)) {
        const name = wordsOf(l)[2] ?? "";
        quoted(l, `RW ${ups} ${name}`);
        ctx.facts.rw.push(name);
      }
      for (const n of ctx.facts.rw.slice(0, 8)) {
        const type = wordsOf(await s.ask(`GET TYPE ${ups} ${n}`));
        ensure(type.includes("RW"), `${n} is in LIST RW but its TYPE lacks RW`);
        for (const l of await list(s, `LIST ENUM ${ups} ${n}`)) {
          quoted(l, `ENUM ${ups} ${n}`);
        }
        for (const l of await list(s, `LIST RANGE ${ups} ${n}`)) {
          const w = wordsOf(l);
          ensure(w.length === 5, `bad RANGE line "${l}"`);
          expect(
            l,
            `RANGE ${ups} ${n} ${quoteWord(w[3]!)} ${quoteWord(w[4]!)}`,
          );
        }
      }
    },
  },
  {
    name: "LIST CMD and GET CMDDESC",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await ctx.open();
      for (const l of await list(s, `LIST CMD ${ups}`)) {
        const w = wordsOf(l);
        ensure(
          w.length === 3 && w[0] === "CMD" && w[1] === ups,
          `bad CMD line "${l}"`,
        );
        ctx.facts.cmds.push(w[2]!);
      }
      for (const c of ctx.facts.cmds.slice(0, 8)) {
        quoted(await s.ask(`GET CMDDESC ${ups} ${c}`), `CMDDESC ${ups} ${c}`);
      }
    },
  },
  {
    name: "GET UPSDESC, GET NUMLOGINS, LIST CLIENT",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await ctx.open();
      expect(
        quoted(await s.ask(`GET UPSDESC ${ups}`), `UPSDESC ${ups}`),
        ctx.facts.desc!,
      );
      const n = await s.ask(`GET NUMLOGINS ${ups}`);
      ensure(
        new RegExp(`^NUMLOGINS ${ups} \\d+$`).test(n),
        `GET NUMLOGINS: got "${n}"`,
      );
      for (const l of await list(s, `LIST CLIENT ${ups}`)) {
        ensure(/^CLIENT \S+ \S+$/.test(l), `bad CLIENT line "${l}"`);
      }
    },
  },
  {
    name: "quoted and escaped arguments are understood",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await ctx.open();
      const plain = await s.ask(`GET UPSDESC ${ups}`);
      expect(
        await s.ask(`GET UPSDESC ${quoteWord(ups)}`),
        plain,
        "quoted UPS name",
      );
      const n = [...ctx.facts.vars.keys()][0];
      if (n === undefined) throw new Skip("no variables");
      const direct = await s.ask(`GET VAR ${ups} ${n}`);
      // `\.` is an escaped `.`: the server must unescape before looking up.
      const escaped = n.replace(".", "\\.");
      expect(
        await s.ask(`GET VAR "${ups}" "${escaped}"`),
        direct,
        "escaped name",
      );
    },
  },
  {
    name: "ERR UNKNOWN-UPS",
    run: (ctx) =>
      expectErr(ctx, [
        ["GET VAR no-such-ups ups.status", "UNKNOWN-UPS"],
        ["LIST VAR no-such-ups", "UNKNOWN-UPS"],
        ["LIST RW no-such-ups", "UNKNOWN-UPS"],
        ["LIST CMD no-such-ups", "UNKNOWN-UPS"],
        ["LIST CLIENT no-such-ups", "UNKNOWN-UPS"],
        ["GET NUMLOGINS no-such-ups", "UNKNOWN-UPS"],
        ["GET UPSDESC no-such-ups", "UNKNOWN-UPS"],
      ]),
  },
  {
    name: "ERR VAR-NOT-SUPPORTED",
    run: (ctx) =>
      expectErr(ctx, [
        [`GET VAR ${upsOf(ctx)} no.such.variable`, "VAR-NOT-SUPPORTED"],
        [`GET TYPE ${upsOf(ctx)} no.such.variable`, "VAR-NOT-SUPPORTED"],
      ]),
  },
  {
    name: "ERR UNKNOWN-COMMAND and INVALID-ARGUMENT",
    run: (ctx) =>
      expectErr(ctx, [
        ["FROBNICATE", "UNKNOWN-COMMAND"],
        ["GET", "INVALID-ARGUMENT"],
        ["LIST", "INVALID-ARGUMENT"],
        [`GET VAR ${upsOf(ctx)}`, "INVALID-ARGUMENT"],
        [`LIST ENUM ${upsOf(ctx)}`, "INVALID-ARGUMENT"],
        ["GET NOSUCHTHING x", "INVALID-ARGUMENT"],
      ]),
  },
  {
    name: "commands that need a login answer ERR USERNAME-REQUIRED",
    run: (ctx) =>
      expectErr(ctx, [
        [`SET VAR ${upsOf(ctx)} ups.id x`, "USERNAME-REQUIRED"],
        [`INSTCMD ${upsOf(ctx)} test.battery.start`, "USERNAME-REQUIRED"],
        [`LOGIN ${upsOf(ctx)}`, "USERNAME-REQUIRED"],
        [`PRIMARY ${upsOf(ctx)}`, "USERNAME-REQUIRED"],
        [`FSD ${upsOf(ctx)}`, "USERNAME-REQUIRED"],
        ["SET TRACKING ON", "USERNAME-REQUIRED"],
      ]),
  },
  {
    name: "USERNAME and PASSWORD only once",
    async run(ctx) {
      const s = await ctx.open();
      expect(await s.ask("USERNAME compliance-probe"), "OK");
      expect(await s.ask("USERNAME again"), "ERR ALREADY-SET-USERNAME");
      expect(await s.ask("PASSWORD wrong-password"), "OK");
      expect(await s.ask("PASSWORD again"), "ERR ALREADY-SET-PASSWORD");
      // An existing command or variable: only the rights can refuse it.
      const cmd = ctx.facts.cmds[0];
      const rw = ctx.facts.rw[0];
      if (cmd !== undefined) {
        expect(
          await s.ask(`INSTCMD ${upsOf(ctx)} ${cmd}`),
          "ERR ACCESS-DENIED",
          "INSTCMD as an unknown user",
        );
      }
      if (rw !== undefined) {
        expect(
          await s.ask(`SET VAR ${upsOf(ctx)} ${rw} x`),
          "ERR ACCESS-DENIED",
          "SET VAR as an unknown user",
        );
      }
      expect(
        await s.ask(`LOGIN ${upsOf(ctx)}`),
        "ERR ACCESS-DENIED",
        "LOGIN as an unknown user",
      );
    },
  },
  {
    name: "GET TRACKING without tracking",
    async run(ctx) {
      const s = await ctx.open();
      expect(await s.ask("GET TRACKING"), "OFF");
      const r = await s.ask(
        "GET TRACKING 00000000-0000-0000-0000-000000000000",
      );
      ensure(r.startsWith("ERR "), `GET TRACKING <id> while off: got "${r}"`);
    },
  },
  {
    name: "the session survives errors",
    async run(ctx) {
      const s = await ctx.open();
      await s.send("FROBNICATE\nGET VAR no-such-ups x\nVER\n");
      expect(await s.line(), "ERR UNKNOWN-COMMAND");
      expect(await s.line(), "ERR UNKNOWN-UPS");
      notErr(await s.line(), "VER after errors");
    },
  },
  {
    name: "pipelining: one write, replies in order",
    async run(ctx) {
      const ups = upsOf(ctx);
      const s = await ctx.open();
      await s.send(
        `NETVER\nGET UPSDESC ${ups}\nLIST UPS\nGET NUMLOGINS ${ups}\nFROBNICATE\n`,
      );
      ensure(/^\d+\.\d+$/.test(await s.line()), "NETVER reply out of order");
      quoted(await s.line(), `UPSDESC ${ups}`);
      expect(await s.line(), "BEGIN LIST UPS");
      let l = await s.line();
      while (l.startsWith("UPS ")) l = await s.line();
      expect(l, "END LIST UPS");
      ensure(
        (await s.line()).startsWith(`NUMLOGINS ${ups} `),
        "NUMLOGINS reply out of order",
      );
      expect(await s.line(), "ERR UNKNOWN-COMMAND");
    },
  },
  {
    name: "STARTTLS",
    async run(ctx) {
      const s = await ctx.open();
      const r = await s.ask("STARTTLS");
      if (
        r === "ERR FEATURE-NOT-CONFIGURED" || r === "ERR FEATURE-NOT-SUPPORTED"
      ) {
        // No TLS here: the session must go on in clear text.
        notErr(await s.ask("VER"), "VER after a refused STARTTLS");
        return;
      }
      expect(r, "OK STARTTLS");
      const host = ctx.opts.host;
      try {
        const tls = await Deno.startTls(s.conn as Deno.TcpConn, {
          hostname: host,
          ...(ctx.opts.caCert ? { caCerts: [ctx.opts.caCert] } : {}),
        });
        await tls.handshake();
        // The protocol goes on inside TLS.
        await tls.write(new TextEncoder().encode("NETVER\n"));
        const buf = new Uint8Array(256);
        const n = await tls.read(buf);
        const reply = new TextDecoder().decode(buf.subarray(0, n ?? 0));
        tls.close();
        ensure(/^\d+\.\d+\n/.test(reply), `NETVER over TLS: got "${reply}"`);
      } catch (e) {
        if (e instanceof Fail) throw e;
        const m = (e as Error).message;
        // Without --cafile an unknown issuer still proves the server spoke TLS.
        if (ctx.opts.caCert || !/certificate|issuer/i.test(m)) {
          throw new Fail(`TLS handshake after OK STARTTLS: ${m}`);
        }
      }
    },
  },
  {
    name: "LOGOUT says goodbye and closes",
    async run(ctx) {
      const s = await ctx.open();
      const r = await s.ask("LOGOUT");
      ensure(/^OK Goodbye/.test(r), `LOGOUT: got "${r}"`);
      ensure(await s.closesWithin(), "the connection stays open after LOGOUT");
    },
  },
];
