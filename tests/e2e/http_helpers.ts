/**
 * A running stack for the HTTP tests: our dummy-ups driver (watching its
 * .dev file, so an edit reaches upsd at once) and our upsd with
 * HTTP_LISTEN, in a temp dir. `writeDev()` replaces a .dev file atomically
 * as an editor does.
 *
 * @module
 */
import { freePort, waitFor } from "../net.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Users every stack has: admin may run test.battery.start and load.off. */
export const USERS =
  "[admin]\n password = adminpw\n instcmds = load.off\n instcmds = test.battery.start\n" +
  "[viewer]\n password = viewpw\n actions = SET\n";

/** A started stack. */
export interface Stack {
  dir: string;
  port: number;
  httpPort: number;
  base: string;
  env: Record<string, string>;
  /** Our upsd's process id (for SIGHUP). */
  upsdPid: number;
  /** Stops one driver (SIGTERM) and waits for it to exit. */
  stopDriver(name: string): Promise<void>;
  /** Starts that driver again. */
  startDriver(name: string): void;
  writeDev(name: string, text: string): void;
  stop(): Promise<void>;
}

/** Options: the .dev files (one driver each) and extra upsd.conf lines. */
export interface StackOptions {
  devs: Record<string, string>;
  /** UPS names in ups.conf with no driver started (unavailable). */
  missing?: string[];
  upsdConf?: (httpPort: number) => string;
}

/** Starts drivers and upsd; waits until every driver's data is served. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const dir = await Deno.makeTempDir({ prefix: "http-e2e-" });
  const port = freePort();
  const httpPort = freePort();
  const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  let upsConf = "";
  for (const name of Object.keys(opts.devs)) {
    Deno.writeTextFileSync(`${dir}/${name}.dev`, opts.devs[name]!);
    upsConf +=
      `[${name}]\n driver = dummy-ups\n port = ${name}.dev\n desc = "UPS ${name}"\n`;
  }
  for (const name of opts.missing ?? []) {
    upsConf += `[${name}]\n driver = dummy-ups\n port = ${name}.dev\n`;
  }
  Deno.writeTextFileSync(`${dir}/ups.conf`, upsConf);
  Deno.writeTextFileSync(
    `${dir}/upsd.conf`,
    `LISTEN 127.0.0.1 ${port}\n` +
      (opts.upsdConf?.(httpPort) ?? `HTTP_LISTEN 127.0.0.1 ${httpPort}\n`),
  );
  Deno.writeTextFileSync(`${dir}/upsd.users`, USERS);
  Deno.chmodSync(`${dir}/upsd.users`, 0o600);
  const procs: Deno.ChildProcess[] = [];
  const drivers = new Map<string, Deno.ChildProcess>();
  const spawnDriver = (name: string) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${ROOT}drivers/dummy_ups.ts`,
        "-a",
        name,
        "-u",
        "root",
        "-F",
      ],
      env,
      stdout: "null",
      stderr: "null",
    }).spawn();
  const stop = async () => {
    for (const p of [...procs.reverse(), ...drivers.values()]) {
      try {
        p.kill("SIGTERM");
      } catch {
        // gone already
      }
      await p.status;
    }
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    for (const name of Object.keys(opts.devs)) {
      drivers.set(name, spawnDriver(name));
    }
    for (const name of Object.keys(opts.devs)) {
      await waitFor(
        () => {
          try {
            return Deno.statSync(`${dir}/dummy-ups-${name}`).isSocket === true;
          } catch {
            return false;
          }
        },
        15_000,
        20,
        `driver socket ${name}`,
      );
    }
    const upsd = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${ROOT}cli/upsd.ts`, "-F", "-u", "root"],
      env,
      stdout: "null",
      stderr: "null",
    }).spawn();
    procs.push(upsd);
    const base = `http://127.0.0.1:${httpPort}`;
    await waitFor(
      async () => {
        for (const name of Object.keys(opts.devs)) {
          const r = await nutRequest(port, `GET VAR ${name} ups.status`);
          if (!r.startsWith("VAR ") || r.includes('"WAIT"')) return false;
        }
        return true;
      },
      15_000,
      50,
      "upsd serving every driver",
    );
    return {
      dir,
      port,
      httpPort,
      base,
      env,
      upsdPid: upsd.pid,
      async stopDriver(name) {
        const p = drivers.get(name)!;
        p.kill("SIGTERM");
        await p.status;
      },
      startDriver(name) {
        drivers.set(name, spawnDriver(name));
      },
      writeDev(name, text) {
        Deno.writeTextFileSync(`${dir}/${name}.tmp`, text);
        Deno.renameSync(`${dir}/${name}.tmp`, `${dir}/${name}.dev`);
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** One NUT protocol request on a fresh connection; the first reply read. */
export async function nutRequest(port: number, line: string): Promise<string> {
  const c = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await c.write(new TextEncoder().encode(line + "\n"));
    const buf = new Uint8Array(4096);
    const n = await c.read(buf);
    return n === null ? "" : new TextDecoder().decode(buf.subarray(0, n));
  } finally {
    c.close();
  }
}

/** Runs a program; stdout, stderr and the exit code. */
export async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<{ code: number; out: string; err: string }> {
  const p = new Deno.Command(cmd, {
    args,
    env,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = p.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const r = await p.output();
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** Reads SSE messages from a fetch response body. */
export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  #buf = "";
  readonly #dec = new TextDecoder();

  constructor(res: Response) {
    this.#reader = res.body!.getReader();
  }

  /** The next message with data (comments and retry skipped). */
  async next(): Promise<{ id: number; data: Record<string, unknown> }> {
    while (true) {
      const end = this.#buf.indexOf("\n\n");
      if (end >= 0) {
        const block = this.#buf.slice(0, end);
        this.#buf = this.#buf.slice(end + 2);
        let id = NaN;
        let data: string | undefined;
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) id = Number(line.slice(4));
          else if (line.startsWith("data: ")) data = line.slice(6);
        }
        if (data !== undefined) return { id, data: JSON.parse(data) };
        continue;
      }
      const { value, done } = await this.#reader.read();
      if (done) throw new Error("event stream ended");
      this.#buf += this.#dec.decode(value, { stream: true });
    }
  }

  /** Messages until `pred` matches (returns all read, the match last). */
  /** Messages until `pred` matches or id `lastId` is read (all read, the match last). */
  async until(
    pred: (d: Record<string, unknown>) => boolean,
    lastId = Infinity,
  ): Promise<Array<{ id: number; data: Record<string, unknown> }>> {
    const out = [];
    while (true) {
      const m = await this.next();
      out.push(m);
      if (pred(m.data) || m.id >= lastId) return out;
    }
  }

  /** Cancels the stream. */
  async close(): Promise<void> {
    await this.#reader.cancel().catch(() => {});
  }
}
