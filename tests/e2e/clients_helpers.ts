/**
 * Shared helpers for the client tool tests: a real NUT 2.8.0 upsd fed by
 * dummy-ups in a temp dir, a scriptable fake upsd, and runners for our CLI
 * and NUT's binaries.
 *
 * @module
 */
import { BINARIES } from "../../scripts/binaries.ts";
import { freePort, waitFor } from "../net.ts";

const FIXTURES = new URL("../fixtures/clients/", import.meta.url);

/** A running server. */
export interface Server {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** The credentials of the test upsd.users. */
export const ADMIN = { user: "admin", pass: "s3cr3t" };

/**
 * Starts NUT's dummy-ups (UPS `dummy`, plus `nodriver` with no driver) and
 * /lib/nut/upsd on a free 127.0.0.1 port.
 */
export async function startNutServer(
  upsdKind: "nut" | "ours" = "nut",
): Promise<Server> {
  const dir = await Deno.makeTempDir({ prefix: "clients-nut-" });
  const port = freePort();
  await Deno.copyFile(new URL("dummy.dev", FIXTURES), `${dir}/dummy.dev`);
  await Deno.writeTextFile(
    `${dir}/ups.conf`,
    `[dummy]\n driver = dummy-ups\n port = ${dir}/dummy.dev\n desc = "Test \\"quoted\\" UPS"\n` +
      `[nodriver]\n driver = dummy-ups\n port = ${dir}/none.dev\n`,
  );
  await Deno.writeTextFile(
    `${dir}/upsd.conf`,
    `LISTEN 127.0.0.1 ${port}\nSTATEPATH ${dir}\n`,
  );
  await Deno.writeTextFile(
    `${dir}/upsd.users`,
    `[${ADMIN.user}]\n password = ${ADMIN.pass}\n actions = SET FSD\n instcmds = ALL\n` +
      `[mon]\n password = monpass\n upsmon primary\n`,
  );
  await Deno.chmod(`${dir}/upsd.users`, 0o600);
  const env = {
    NUT_CONFPATH: dir,
    NUT_STATEPATH: dir,
    NUT_ALTPIDPATH: dir,
  };
  const driver = new Deno.Command("/lib/nut/dummy-ups", {
    args: ["-a", "dummy", "-u", "root", "-F"],
    env,
    stdout: "null",
    stderr: "null",
  }).spawn();
  let upsd: Deno.ChildProcess | undefined;
  const stop = async () => {
    for (const p of [upsd, driver]) {
      if (!p) continue;
      try {
        p.kill("SIGTERM");
      } catch {
        // already gone
      }
      await p.status;
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await waitFor(
      async () => {
        for await (const e of Deno.readDir(dir)) {
          if (e.name.startsWith("dummy-ups-dummy")) return true;
        }
        return false;
      },
      10_000,
      20,
      "dummy-ups socket",
    );
    const ours = new URL("../../cli/upsd.ts", import.meta.url).pathname;
    upsd = new Deno.Command(
      upsdKind === "nut" ? "/lib/nut/upsd" : Deno.execPath(),
      {
        args: upsdKind === "nut"
          ? ["-u", "root", "-F"]
          : ["run", "--allow-all", ours, "-F", "-u", "root"],
        env,
        stdout: "null",
        stderr: "null",
      },
    ).spawn();
    await waitFor(
      async () => {
        const c = await Deno.connect({ hostname: "127.0.0.1", port });
        try {
          const buf = new Uint8Array(512);
          await c.write(new TextEncoder().encode("GET VAR dummy ups.status\n"));
          const n = await c.read(buf);
          return n !== null &&
            new TextDecoder().decode(buf.subarray(0, n)).includes('"OL"');
        } finally {
          c.close();
        }
      },
      10_000,
      50,
      "upsd with dummy data",
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, dir, stop };
}

/** One scripted exchange of the fake upsd: a reply (or behaviour) per request. */
export type FakeHandler = (line: string) => string | "close" | "silent";

/**
 * A tiny fake upsd: answers each request line with `handler(line)`
 * ("close" drops the connection, "silent" never answers).
 */
export function startFakeServer(handler: FakeHandler): Server {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const conns = new Set<Deno.Conn>();
  const serve = async (conn: Deno.Conn) => {
    conns.add(conn);
    const dec = new TextDecoder();
    const enc = new TextEncoder();
    let pending = "";
    const buf = new Uint8Array(4096);
    try {
      while (true) {
        const n = await conn.read(buf);
        if (n === null) break;
        pending += dec.decode(buf.subarray(0, n));
        let nl;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          const reply = handler(line);
          if (reply === "close") {
            conn.close();
            conns.delete(conn);
            return;
          }
          if (reply !== "silent") await conn.write(enc.encode(reply));
        }
      }
    } catch {
      // client went away
    }
    if (conns.delete(conn)) conn.close();
  };
  const loop = (async () => {
    try {
      for await (const conn of listener) serve(conn);
    } catch {
      // listener closed
    }
  })();
  return {
    port,
    dir: "",
    stop: async () => {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch {
          // closed
        }
      }
      conns.clear();
      await loop;
    },
  };
}

/** Result of running a binary. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command with optional stdin text and a kill deadline. */
export async function run(
  cmd: string,
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } =
    {},
): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: opts.env ?? {},
  }).spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch {
      // exited
    }
  }, opts.timeoutMs ?? 30_000);
  try {
    const out = await child.output();
    return {
      code: out.code,
      stdout: new TextDecoder().decode(out.stdout),
      stderr: new TextDecoder().decode(out.stderr),
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs NUT's /usr/bin/<tool> as a user types it: argv[0] is the bare name,
 * which glibc's getopt prints in its messages.
 */
export function runNut(
  tool: string,
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } =
    {},
): Promise<RunResult> {
  return run("/bin/bash", [
    "-c",
    `exec -a ${tool} /usr/bin/${tool} "$@"`,
    tool,
    ...args,
  ], opts);
}

/**
 * Runs NUT's /usr/bin/<tool> until it has printed `lines` stdout lines, then
 * stops it with SIGTERM (for upslog, which runs until stopped; 2.8.0 has no
 * `-d`). Returns those lines, and stderr without the "Signal 15: exiting"
 * line that the stop itself causes; code 0, as ours exits after `-d N`.
 */
export async function runNutLines(
  tool: string,
  args: string[],
  lines: number,
  env: Record<string, string>,
): Promise<RunResult> {
  const child = new Deno.Command(`/usr/bin/${tool}`, {
    args,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  let stdout = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const deadline = setTimeout(() => child.kill("SIGKILL"), 20_000);
  try {
    while (stdout.split("\n").length <= lines) {
      const r = await reader.read();
      if (r.done) break;
      stdout += r.value;
    }
  } finally {
    clearTimeout(deadline);
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await reader.cancel();
    await child.status;
  }
  return {
    code: 0,
    stdout: stdout.split("\n").slice(0, lines).join("\n") + "\n",
    stderr: (await stderr).replace(/^Signal 15: exiting\n/m, ""),
  };
}

/**
 * NUT's clients print NSS's "Init SSL without certificate database" notice
 * on stderr; ours do not (README, Deliberate differences): exactly that
 * line is dropped from NUT's stderr before comparing.
 */
export function dropNssNotice(stderr: string): string {
  return stderr.replace(/^Init SSL without certificate database\n/m, "");
}

/** Permissions of the client binaries, from the one binaries table. */
export const CLIENT_PERMS: Record<string, string[]> = Object.fromEntries(
  BINARIES.filter((b) => ["upsc", "upsrw", "upscmd", "upslog"].includes(b.name))
    .map((b) => [b.name, [...b.permissions]]),
);

/** Runs one of our client CLIs as a user would (`deno run` with its permissions). */
export function runOurs(
  tool: string,
  args: string[],
  opts: { stdin?: string; env?: Record<string, string>; timeoutMs?: number } =
    {},
): Promise<RunResult> {
  const entry = new URL(`../../cli/${tool}.ts`, import.meta.url).pathname;
  return run(Deno.execPath(), [
    "run",
    "--quiet",
    "--no-prompt",
    ...CLIENT_PERMS[tool]!,
    entry,
    ...args,
  ], opts);
}

/**
 * Our usage texts are NUT 2.8.0's followed by one block listing the 2.8.1+
 * options we also accept (README "Deliberate differences"): drop that
 * block, and only that block, before comparing.
 */
export function withoutAdditions(ours: string, nut: string): string {
  const extra = ours.startsWith(nut) ? ours.slice(nut.length) : "";
  return /^\nAlso accepted \(NUT 2\.8\.1\+\):\n( {2}-.*\n|\t\t.*\n)+$/
      .test(extra)
    ? nut
    : ours;
}
