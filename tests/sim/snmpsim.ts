/**
 * A test harness around Debian's `snmpsimd` (package snmpsim): serves chosen
 * `.snmprec` recordings from tests/fixtures/corpus/snmp on a loopback UDP
 * port, with optional SNMPv3 users, and stops it again.
 *
 * - v1/v2c: the community is the recording's base name (`apc_smart1500`).
 * - v3: the context name selects the recording the same way; NUT's snmp-ups
 *   sends an empty context, which snmpsimd resolves through the transport ID
 *   (`1.3.6.1.6.1.1.0`), so `v3Default` names the recording served there.
 * - snmpsimd refuses to run as root: it runs as nobody:nogroup with a cache
 *   dir that user can write (all under one temp dir).
 *
 * @module
 */
import dgram from "node:dgram";

/** The recordings shipped with the tests. */
export const SNMP_FIXTURES = new URL(
  "../fixtures/corpus/snmp/",
  import.meta.url,
).pathname;

const SUBDIRS = ["librenms", "snmpsim-data"];
/** Transport ID snmpsimd gives its first UDP/IPv4 endpoint: the empty-context fallback. */
const EMPTY_CONTEXT = "1.3.6.1.6.1.1.0";

/** Authentication protocols snmpsimd accepts. */
export type SimAuth = "MD5" | "SHA" | "SHA224" | "SHA256" | "SHA384" | "SHA512";
/** Privacy protocols snmpsimd accepts (AES192/256 are Reeder key extension, *BLMT Blumenthal). */
export type SimPriv =
  | "DES"
  | "3DES"
  | "AES"
  | "AES128"
  | "AES192"
  | "AES192BLMT"
  | "AES256"
  | "AES256BLMT";

/** One SNMPv3 USM user of the simulator. */
export interface SimUser {
  readonly name: string;
  readonly authProto?: SimAuth;
  readonly authKey?: string;
  readonly privProto?: SimPriv;
  readonly privKey?: string;
}

/** What to serve. */
export interface SnmpSimOptions {
  /** Base names of fixture recordings (e.g. "apc_smart1500"); default none. */
  readonly recordings?: readonly string[];
  /** Extra data files: base name → `.snmprec` text (e.g. a writecache agent). */
  readonly files?: Readonly<Record<string, string>>;
  /** SNMPv3 users (snmpsimd then also answers v3). */
  readonly users?: readonly SimUser[];
  /** Recording (fixture or extra file) served for an empty v3 context. */
  readonly v3Default?: string;
  /** Loopback address to listen on (default 127.0.0.1; any 127.x.y.z works). */
  readonly host?: string;
  /** UDP port (default: a free one). Port 161 serves NUT's nut-scanner, which has no port option. */
  readonly port?: number;
  /** ms to wait for the agent to answer; default 60 s (indexing is slow on 2 cores). */
  readonly startTimeoutMs?: number;
}

/** A running simulator. */
export interface SnmpSim {
  readonly host: string;
  readonly port: number;
  /** The communities served (base names). */
  readonly communities: readonly string[];
  /** snmpsimd's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Every fixture recording's base name, sorted. */
export function fixtureNames(): string[] {
  const names: string[] = [];
  for (const sub of SUBDIRS) {
    for (const e of Deno.readDirSync(SNMP_FIXTURES + sub)) {
      if (e.isFile && e.name.endsWith(".snmprec")) {
        names.push(e.name.slice(0, -".snmprec".length));
      }
    }
  }
  return names.sort();
}

/** Path of a fixture recording by base name. */
export function fixturePath(name: string): string {
  for (const sub of SUBDIRS) {
    const p = `${SNMP_FIXTURES}${sub}/${name}.snmprec`;
    try {
      Deno.statSync(p);
      return p;
    } catch {
      // try the next folder
    }
  }
  throw new Error(`no SNMP fixture recording named ${name}`);
}

/** True when snmpsimd is installed (throws under CI=true when it is not). */
export function haveSnmpsim(): boolean {
  try {
    Deno.statSync("/usr/bin/snmpsimd");
    return true;
  } catch {
    if (Deno.env.get("CI")) {
      throw new Error("snmpsimd is required in CI (apt-get install snmpsim)");
    }
    return false;
  }
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const sock = dgram.createSocket("udp4");
  await new Promise<void>((ok, fail) => {
    sock.once("error", fail);
    sock.bind(0, "127.0.0.1", ok);
  });
  const port = sock.address().port;
  await new Promise<void>((ok) => sock.close(() => ok()));
  return port;
}

function nobodyIds(): [number, number] {
  const uid = lookupId("/etc/passwd", "nobody") ?? 65534;
  const gid = lookupId("/etc/group", "nogroup") ?? 65534;
  return [uid, gid];
}

function lookupId(file: string, name: string): number | undefined {
  for (const line of Deno.readTextFileSync(file).split("\n")) {
    const f = line.split(":");
    if (f[0] === name && f[2]) return Number(f[2]);
  }
  return undefined;
}

function userArgs(users: readonly SimUser[]): string[] {
  const args: string[] = [];
  for (const u of users) {
    args.push(`--v3-user=${u.name}`);
    if (u.authProto) {
      args.push(`--v3-auth-key=${u.authKey}`, `--v3-auth-proto=${u.authProto}`);
    }
    if (u.privProto) {
      args.push(`--v3-priv-key=${u.privKey}`, `--v3-priv-proto=${u.privProto}`);
    }
  }
  return args;
}

/** Starts snmpsimd; resolves once it answers a GET on the first community. */
export async function startSnmpSim(opts: SnmpSimOptions): Promise<SnmpSim> {
  const dir = await Deno.makeTempDir({ prefix: "snmpsim-" });
  const data = `${dir}/data`;
  const cache = `${dir}/cache`;
  const logFile = `${dir}/snmpsimd.log`;
  await Deno.mkdir(data);
  await Deno.mkdir(cache);
  const [uid, gid] = nobodyIds();
  await Deno.chmod(dir, 0o755);
  await Deno.chown(cache, uid, gid);
  await Deno.writeTextFile(logFile, "");
  await Deno.chown(logFile, uid, gid);

  const communities: string[] = [];
  const sources = new Map<string, string>();
  for (const name of opts.recordings ?? []) {
    await Deno.copyFile(fixturePath(name), `${data}/${name}.snmprec`);
    sources.set(name, `${data}/${name}.snmprec`);
    communities.push(name);
  }
  for (const [name, text] of Object.entries(opts.files ?? {})) {
    await Deno.writeTextFile(`${data}/${name}.snmprec`, text);
    sources.set(name, `${data}/${name}.snmprec`);
    communities.push(name);
  }
  if (opts.v3Default !== undefined) {
    const src = sources.get(opts.v3Default);
    if (!src) throw new Error(`v3Default ${opts.v3Default} is not served`);
    await Deno.copyFile(src, `${data}/${EMPTY_CONTEXT}.snmprec`);
  }
  if (communities.length === 0) throw new Error("snmpsim: nothing to serve");
  for (const e of Deno.readDirSync(data)) {
    await Deno.chmod(`${data}/${e.name}`, 0o644);
  }
  await Deno.chmod(data, 0o755);

  const host = opts.host ?? "127.0.0.1";
  const port = opts.port ?? await freeUdpPort();
  const args = [
    "--process-user=nobody",
    "--process-group=nogroup",
    `--cache-dir=${cache}`,
    `--data-dir=${data}`,
    `--agent-udpv4-endpoint=${host}:${port}`,
    `--logging-method=file:${logFile}`,
    ...userArgs(opts.users ?? []),
  ];
  const child = new Deno.Command("/usr/bin/snmpsimd", {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const errText: string[] = [];
  const errDone = (async () => {
    const dec = new TextDecoder();
    for await (const chunk of child.stderr) errText.push(dec.decode(chunk));
  })();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const log = () => {
    let text = "";
    try {
      text = Deno.readTextFileSync(logFile);
    } catch {
      // removed already
    }
    return text + errText.join("");
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
    }
    await status;
    await errDone;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await waitAnswer(
      host,
      port,
      communities[0]!,
      opts.startTimeoutMs ?? 60_000,
      () => exited,
    );
  } catch (e) {
    const text = log();
    await stop();
    throw new Error(`${(e as Error).message}\n${text.slice(-3000)}`);
  }
  return { host, port, communities, log, stop };
}

/** A v2c GET of sysObjectID.0 for `community`, BER-encoded by hand. */
export function probePacket(community: string, requestId: number): Uint8Array {
  const tlv = (tag: number, body: Uint8Array): Uint8Array => {
    const len = body.length < 128
      ? [body.length]
      : [0x82, body.length >> 8, body.length & 0xff];
    return new Uint8Array([tag, ...len, ...body]);
  };
  const cat = (...parts: Uint8Array[]) =>
    new Uint8Array(parts.flatMap((p) => [...p]));
  const int = (n: number) => {
    const bytes = [n & 0xff];
    for (let v = n >> 8; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    if (bytes[0]! & 0x80) bytes.unshift(0);
    return tlv(0x02, new Uint8Array(bytes));
  };
  const oid = new Uint8Array([0x2b, 6, 1, 2, 1, 1, 2, 0]);
  const vb = tlv(
    0x30,
    tlv(0x30, cat(tlv(0x06, oid), tlv(0x05, new Uint8Array()))),
  );
  const pdu = tlv(0xa0, cat(int(requestId), int(0), int(0), vb));
  return tlv(
    0x30,
    cat(int(1), tlv(0x04, new TextEncoder().encode(community)), pdu),
  );
}

async function waitAnswer(
  host: string,
  port: number,
  community: string,
  timeoutMs: number,
  exited: () => boolean,
): Promise<void> {
  const sock = dgram.createSocket("udp4");
  let answered = false;
  let wake = () => {};
  sock.on("message", () => {
    answered = true;
    wake();
  });
  await new Promise<void>((ok) => sock.bind(0, "127.0.0.1", ok));
  const end = Date.now() + timeoutMs;
  try {
    for (let id = 1; !answered; id = (id % 0x7fff_ffff) + 1) {
      if (exited()) throw new Error("snmpsimd exited before answering");
      if (Date.now() > end) {
        throw new Error(`snmpsimd did not answer within ${timeoutMs} ms`);
      }
      sock.send(probePacket(community, id), port, host);
      // An answer ends the wait at once; otherwise ask again shortly.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((r) => {
        wake = r;
        timer = setTimeout(r, 200);
      });
      clearTimeout(timer);
    }
  } finally {
    await new Promise<void>((ok) => sock.close(() => ok()));
  }
}
