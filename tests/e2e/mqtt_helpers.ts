/**
 * Debian's mosquitto for the MQTT tests: a broker on a loopback port (in a
 * temp dir, no persistence), `mosquitto_sub` as the subscriber that records
 * every message with its retain flag, and `mosquitto_pub`.
 *
 * @module
 */
import { waitFor } from "../net.ts";

/** A message as mosquitto_sub printed it. */
export interface Seen {
  retained: boolean;
  topic: string;
  payload: string;
}

/** A running broker. */
export interface Broker {
  port: number;
  stop(): Promise<void>;
}

/** True when Debian's mosquitto is installed (required under CI=true). */
export function haveMosquitto(): boolean {
  try {
    Deno.statSync("/usr/sbin/mosquitto");
    Deno.statSync("/usr/bin/mosquitto_sub");
    return true;
  } catch {
    if (Deno.env.get("CI")) {
      throw new Error("mosquitto is required in CI (.ci/apt-packages)");
    }
    return false;
  }
}

/**
 * Starts mosquitto on 127.0.0.1:`port`; resolves once it accepts
 * connections. `extra` lines go after the listener line (TLS, passwords).
 */
export async function startBroker(
  dir: string,
  port: number,
  extra = "allow_anonymous true\n",
): Promise<Broker> {
  const conf = `${dir}/mosquitto.conf`;
  await Deno.writeTextFile(
    conf,
    `listener ${port} 127.0.0.1\n${extra}persistence false\n`,
  );
  const proc = new Deno.Command("/usr/sbin/mosquitto", {
    args: ["-c", conf],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    await waitFor(
      async () => {
        const c = await Deno.connect({ hostname: "127.0.0.1", port });
        c.close();
        return true;
      },
      10_000,
      20,
      "mosquitto listening",
    );
  } catch (e) {
    proc.kill("SIGKILL");
    await proc.status;
    throw e;
  }
  return {
    port,
    async stop() {
      try {
        proc.kill("SIGTERM");
      } catch {
        // gone
      }
      await proc.status;
    },
  };
}

/** mosquitto_sub on `#`: every message seen so far, in order. */
export function subscribe(port: number, filter = "#", extra: string[] = []) {
  const proc = new Deno.Command("/usr/bin/mosquitto_sub", {
    args: [
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-t",
      filter,
      "-F",
      "%r %t %p",
      "-q",
      "1",
      ...extra,
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const seen: Seen[] = [];
  const arrived: number[] = [];
  const done = (async () => {
    const dec = new TextDecoder();
    let buf = "";
    for await (const chunk of proc.stdout) {
      buf += dec.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const a = line.indexOf(" ");
        const b = line.indexOf(" ", a + 1);
        seen.push({
          retained: line.slice(0, a) === "1",
          topic: b < 0 ? line.slice(a + 1) : line.slice(a + 1, b),
          payload: b < 0 ? "" : line.slice(b + 1),
        });
        arrived.push(performance.now());
      }
    }
  })();
  return {
    seen,
    /** performance.now() when each message of `seen` arrived. */
    arrived,
    /** The last payload on `topic`, or undefined. */
    last(topic: string): string | undefined {
      for (let i = seen.length - 1; i >= 0; i--) {
        if (seen[i]!.topic === topic) return seen[i]!.payload;
      }
      return undefined;
    },
    /** Waits for a message on `topic` whose payload passes `ok`, from index `from`. */
    async wait(
      topic: string,
      ok: (payload: string) => boolean = () => true,
      from = 0,
      timeoutMs = 15_000,
    ): Promise<Seen> {
      let hit: Seen | undefined;
      await waitFor(
        () => {
          hit = seen.slice(from).find((m) =>
            m.topic === topic && ok(m.payload)
          );
          return hit !== undefined;
        },
        timeoutMs,
        10,
        `MQTT ${topic}`,
      );
      return hit!;
    },
    async stop() {
      try {
        proc.kill("SIGTERM");
      } catch {
        // gone
      }
      await proc.status;
      await done;
    },
  };
}

/** mosquitto_pub one message. */
export async function publish(
  port: number,
  topic: string,
  payload: string,
  retain = false,
): Promise<void> {
  const out = await new Deno.Command("/usr/bin/mosquitto_pub", {
    args: [
      "-h",
      "127.0.0.1",
      "-p",
      String(port),
      "-t",
      topic,
      "-m",
      payload,
      "-q",
      "1",
      ...(retain ? ["-r"] : []),
    ],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(new TextDecoder().decode(out.stderr));
  }
}
