/**
 * The driver host's control socket, client side: one JSON object per line
 * each way. upsdrvctl starts and stops hosted instances through it, a
 * driver binary's `-c reload|exit` reaches a hosted instance through it.
 *
 * @module
 */

/** The control socket's name in the state path (one host per state path). */
export const HOST_SOCKET_NAME = "deno-nut-driver-host.ctl";

/** The control socket path under NUT_STATEPATH. */
export function hostSocketPath(statePath: string): string {
  return `${statePath}/${HOST_SOCKET_NAME}`;
}

/** A request to the host. */
export type HostRequest =
  | { cmd: "start"; driver: string; ups: string; debug?: number }
  | { cmd: "stop"; ups?: string; pidfile?: string }
  | { cmd: "reload"; ups?: string; pidfile?: string }
  | { cmd: "list" }
  | { cmd: "exit" };

/** One hosted instance as `list` reports it. */
export interface HostedInfo {
  driver: string;
  ups: string;
  phase: string;
  restarts: number;
  socket: string;
}

/** The final reply line; `log` lines before it carry the instance's messages. */
export interface HostReply {
  ok: boolean;
  /** Exit code a separate driver process would have ended with. */
  code?: number;
  error?: string;
  /** Set when the host has no such instance (the caller may fall back to a signal). */
  unknown?: boolean;
  /** What the driver would have printed on stdout (its banner). */
  out?: string;
  list?: HostedInfo[];
  pid?: number;
}

const encoder = new TextEncoder();

/**
 * Reads newline-separated JSON objects from a connection.
 */
export async function* jsonLines(
  conn: Deno.Conn,
): AsyncGenerator<Record<string, unknown>> {
  const decoder = new TextDecoder();
  const buf = new Uint8Array(4096);
  let pending = "";
  while (true) {
    let n: number | null;
    try {
      n = await conn.read(buf);
    } catch {
      return;
    }
    if (n === null) return;
    pending += decoder.decode(buf.subarray(0, n), { stream: true });
    let at: number;
    while ((at = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      if (!line.trim()) continue;
      try {
        const v = JSON.parse(line);
        if (v && typeof v === "object") yield v;
      } catch {
        yield { malformed: line };
      }
    }
  }
}

/** Writes one JSON line. */
export async function writeJson(
  conn: Deno.Conn,
  value: unknown,
): Promise<void> {
  const bytes = encoder.encode(JSON.stringify(value) + "\n");
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

/**
 * Sends one request and waits for the final reply. `onLog` receives the
 * instance's messages as they come. Resolves undefined when no host listens.
 */
export async function hostCall(
  statePath: string,
  req: HostRequest,
  onLog?: (text: string) => void,
): Promise<HostReply | undefined> {
  let conn: Deno.Conn;
  try {
    conn = await Deno.connect({
      transport: "unix",
      path: hostSocketPath(statePath),
    });
  } catch {
    return undefined;
  }
  try {
    await writeJson(conn, req);
    for await (const v of jsonLines(conn)) {
      if (typeof v.log === "string") {
        onLog?.(v.log);
        continue;
      }
      if (typeof v.ok === "boolean") return v as unknown as HostReply;
    }
    return { ok: false, error: "driver host closed the connection" };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    try {
      conn.close();
    } catch {
      // closed already
    }
  }
}
