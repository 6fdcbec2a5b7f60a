/**
 * Hashed passwords for upsd.users (beyond NUT, which stores plaintext):
 * `password = "$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>"`. A value that
 * does not start with `$scrypt$` is a plaintext password, compared in
 * constant time.
 *
 * @module
 */
import {
  randomBytes,
  scrypt as scryptCb,
  scryptSync,
  timingSafeEqual,
} from "node:crypto";
import { Buffer } from "node:buffer";

/** Prefix that marks a hashed password. */
export const HASH_PREFIX = "$scrypt$";

/** Cost parameters: N = 2^ln, block size r, parallelism p. */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

/** Default cost: N = 2^15 (32 MiB with r=8), about 50-100 ms per hash. */
export const DEFAULT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };

const KEY_LEN = 32;
const SALT_LEN = 16;

/** A parsed `$scrypt$…` value. */
export interface ParsedHash {
  params: ScryptParams;
  salt: Uint8Array;
  hash: Uint8Array;
}

/** True when `value` is written in the hashed form (it may still be malformed). */
export function isHashed(value: string): boolean {
  return value.startsWith(HASH_PREFIX);
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/=+$/, "");
}

function unb64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "base64"));
}

function maxmem(p: ScryptParams): number {
  // Node refuses N*r*128 above its 32 MiB default; allow what we ask for.
  return 128 * p.r * (2 ** p.ln) * 2 + 1024 * 1024;
}

/**
 * Parses a `$scrypt$ln=..,r=..,p=..$salt$hash` value; undefined when it is
 * malformed or its cost is outside sane bounds (ln 10..20, r 1..32, p 1..16).
 */
export function parseHash(value: string): ParsedHash | undefined {
  if (!isHashed(value)) return undefined;
  const parts = value.slice(HASH_PREFIX.length).split("$");
  if (parts.length !== 3) return undefined;
  const [paramText, saltText, hashText] = parts as [string, string, string];
  const params: Partial<ScryptParams> = {};
  for (const kv of paramText.split(",")) {
    const m = /^(ln|r|p)=(\d{1,3})$/.exec(kv);
    if (!m) return undefined;
    params[m[1] as keyof ScryptParams] = Number(m[2]);
  }
  const { ln, r, p } = params;
  if (ln === undefined || r === undefined || p === undefined) return undefined;
  if (ln < 10 || ln > 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    return undefined;
  }
  const salt = unb64(saltText);
  const hash = unb64(hashText);
  if (!salt || !hash || salt.length < 8 || hash.length < 16) return undefined;
  return { params: { ln, r, p }, salt, hash };
}

/** Why a stored password value cannot be used, or undefined when it can. */
export function hashProblem(value: string): string | undefined {
  if (!isHashed(value)) return undefined;
  return parseHash(value)
    ? undefined
    : "malformed $scrypt$ password hash (expected $scrypt$ln=N,r=N,p=N$salt$hash)";
}

function format(params: ScryptParams, salt: Uint8Array, hash: Uint8Array) {
  return `${HASH_PREFIX}ln=${params.ln},r=${params.r},p=${params.p}$${
    b64(salt)
  }$${b64(hash)}`;
}

/** Hashes `password` with scrypt and a random salt (synchronous). */
export function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_PARAMS,
): string {
  const salt = new Uint8Array(randomBytes(SALT_LEN));
  const hash = scryptSync(password, salt, KEY_LEN, {
    N: 2 ** params.ln,
    r: params.r,
    p: params.p,
    maxmem: maxmem(params),
  });
  return format(params, salt, new Uint8Array(hash));
}

function scryptAsync(
  password: string,
  parsed: ParsedHash,
): Promise<Uint8Array> {
  const { params } = parsed;
  return new Promise((resolve, reject) => {
    scryptCb(password, parsed.salt, parsed.hash.length, {
      N: 2 ** params.ln,
      r: params.r,
      p: params.p,
      maxmem: maxmem(params),
    }, (e, key) => e ? reject(e) : resolve(new Uint8Array(key)));
  });
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of two strings (length leaks, content does not). */
export function equalText(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  // Compare equal-length buffers always, so timing depends only on `b`.
  const padded = new Uint8Array(y.length);
  padded.set(x.subarray(0, y.length));
  return timingSafeEqual(padded, y) && x.length === y.length;
}

/**
 * Checks `password` against a stored value: a `$scrypt$` hash (scrypt runs
 * off the main thread) or plaintext (constant-time compare). A malformed
 * hash never matches.
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<boolean> {
  if (!isHashed(stored)) return equalText(password, stored);
  const parsed = parseHash(stored);
  if (!parsed) return false;
  return equalBytes(await scryptAsync(password, parsed), parsed.hash);
}

/** Synchronous {@link verifyPassword} (blocks the thread for the scrypt). */
export function verifyPasswordSync(password: string, stored: string): boolean {
  if (!isHashed(stored)) return equalText(password, stored);
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { params } = parsed;
  const key = scryptSync(password, parsed.salt, parsed.hash.length, {
    N: 2 ** params.ln,
    r: params.r,
    p: params.p,
    maxmem: maxmem(params),
  });
  return equalBytes(new Uint8Array(key), parsed.hash);
}
