/**
 * Hashed passwords for upsd.users (beyond NUT, which stores plaintext):
 * `password = "$scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>"`. A value that
 * does not start with `$scrypt$` is a plaintext password, compared in
 * constant time. The form itself is parsed in password_format.ts, which
 * needs no node:crypto; this module adds scrypt.
 *
 * @module
 */
import { randomBytes, scrypt as scryptCb, scryptSync } from "node:crypto";
import {
  equalBytes,
  equalText,
  HASH_PREFIX,
  isHashed,
  type ParsedHash,
  parseHash,
  type ScryptParams,
  toBase64,
} from "./password_format.ts";

export {
  equalText,
  HASH_PREFIX,
  hashProblem,
  isHashed,
  type ParsedHash,
  parseHash,
  type ScryptParams,
} from "./password_format.ts";

/** Default cost: N = 2^15 (32 MiB with r=8), about 50-100 ms per hash. */
export const DEFAULT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 1 };

const KEY_LEN = 32;
const SALT_LEN = 16;

function maxmem(p: ScryptParams): number {
  // Node refuses N*r*128 above its 32 MiB default; allow what we ask for.
  return 128 * p.r * (2 ** p.ln) * 2 + 1024 * 1024;
}

function format(params: ScryptParams, salt: Uint8Array, hash: Uint8Array) {
  return `${HASH_PREFIX}ln=${params.ln},r=${params.r},p=${params.p}$${
    toBase64(salt)
  }$${toBase64(hash)}`;
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
