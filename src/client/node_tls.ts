/**
 * STARTTLS through node:tls, loaded only when a server accepts STARTTLS
 * and the connection pins its certificate, turns verification off or needs
 * what else Deno.startTls cannot do. Loading Deno's node layer costs
 * ~7 MiB and ~20 ms, so a plaintext session (upsmon's default "try" against
 * a server without TLS) never does.
 *
 * @module
 */
import net from "node:net";
import tls from "node:tls";
import { Buffer } from "node:buffer";
import { Duplex } from "node:stream";
import { createPrivateKey } from "node:crypto";
import type { Transport } from "./line_conn.ts";
import { readCaPath, readCertFile } from "../tls/pem.ts";

/** Adapts a node socket to the Transport interface. */
class SocketTransport implements Transport {
  #sock: net.Socket;
  #chunks: Uint8Array[] = [];
  #waiter: (() => void) | undefined;
  #ended = false;
  #error: unknown;
  #onData = (c: Uint8Array) => {
    this.#chunks.push(c);
    this.#wake();
  };
  #onEnd = () => {
    this.#ended = true;
    this.#wake();
  };
  #onError = (e: unknown) => {
    this.#error = e;
    this.#wake();
  };

  constructor(sock: net.Socket) {
    this.#sock = sock;
    sock.on("data", this.#onData);
    sock.on("end", this.#onEnd);
    sock.on("close", this.#onEnd);
    sock.on("error", this.#onError);
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  async read(p: Uint8Array): Promise<number | null> {
    while (this.#chunks.length === 0) {
      if (this.#error !== undefined) throw this.#error;
      if (this.#ended) return null;
      await new Promise<void>((r) => this.#waiter = r);
    }
    const c = this.#chunks[0]!;
    const n = Math.min(c.length, p.length);
    p.set(c.subarray(0, n));
    if (n < c.length) this.#chunks[0] = c.subarray(n);
    else this.#chunks.shift();
    return n;
  }

  write(p: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#sock.write(
        Buffer.from(p),
        (e) => e ? reject(e) : resolve(p.length),
      );
    });
  }

  close(): void {
    this.#sock.destroy();
  }
}

/** How to run TLS on a node socket (a subset of ConnectOptions). */
export interface TlsOptions {
  host: string;
  caFile?: string;
  caPath?: string;
  pinSha256?: string;
  verify?: boolean;
  certName?: string;
  clientCertFile?: string;
  clientKeyPassphrase?: string;
}

/** Normalizes a SHA-256 fingerprint: hex digits only, upper case. */
export function normalizeFingerprint(fp: string): string {
  // "SHA256:AB:CD…" as nut-cert prints it: the prefix is not part of it
  return fp.replace(/^sha256:/i, "").replace(/[^0-9a-fA-F]/g, "")
    .toUpperCase();
}

/**
 * Runs the client side of STARTTLS through node:tls on a connection Deno
 * opened (plaintext until now), for what Deno.startTls cannot do: a pin, no
 * verification, a client certificate, a private CA.
 */
export function startTlsOverConn(
  conn: Deno.Conn,
  opts: TlsOptions,
  fail: SslFailure,
): Promise<Transport> {
  const duplex = Duplex.fromWeb({
    readable: conn.readable,
    writable: conn.writable,
  });
  return upgrade(duplex as unknown as net.Socket, opts, fail);
}

/**
 * Makes the caller's "SSL error: …" failure from a node error or a text.
 * The caller passes it so this module imports none of the client's own
 * modules: a bundle then keeps them out of the chunk it loads lazily.
 */
export type SslFailure = (cause: unknown) => Error;

async function upgrade(
  raw: net.Socket,
  opts: TlsOptions,
  fail: SslFailure,
): Promise<Transport> {
  const ca: string[] = [];
  if (opts.caFile !== undefined) ca.push(await Deno.readTextFile(opts.caFile));
  if (opts.caPath !== undefined) ca.push(...await readCaPath(opts.caPath));
  const client = opts.clientCertFile === undefined
    ? undefined
    : await readCertFile(opts.clientCertFile);
  if (client && opts.clientKeyPassphrase !== undefined) {
    // decrypt here: node:tls under Deno does not apply `passphrase`
    client.key = createPrivateKey({
      key: client.key,
      passphrase: opts.clientKeyPassphrase,
    }).export({ type: "pkcs8", format: "pem" }) as string;
  }
  // With a pin the pin is the trust anchor; chain checks apply only when asked.
  const verifyChain = opts.verify !== false && opts.pinSha256 === undefined;
  const certName = opts.certName;
  const sock = await new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({
      socket: raw,
      servername: net.isIP(opts.host) ? undefined : opts.host,
      rejectUnauthorized: verifyChain,
      ...(ca.length ? { ca } : {}),
      ...(client ? client : {}),
      ...(certName !== undefined
        ? {
          checkServerIdentity: (_host: string, cert: tls.PeerCertificate) =>
            tls.checkServerIdentity(certName, cert),
        }
        : {}),
    });
    s.once("secureConnect", () => resolve(s));
    s.once("error", (e) => {
      s.destroy();
      reject(fail(e));
    });
  });
  sock.removeAllListeners("error");
  if (opts.pinSha256 !== undefined) {
    const got = normalizeFingerprint(
      sock.getPeerCertificate().fingerprint256 ?? "",
    );
    if (got !== normalizeFingerprint(opts.pinSha256)) {
      sock.destroy();
      throw fail("server certificate does not match the pinned fingerprint");
    }
  }
  return new SocketTransport(sock);
}
