/**
 * The `$scrypt$ln=..,r=..,p=..$salt$hash` form of upsd.users passwords and
 * the constant-time plaintext compare, without node:crypto: upsd loads
 * scrypt (password_hash.ts, and with it Deno's node layer, ~7 MiB) only
 * when upsd.users holds a hashed password.
 *
 * @module
 */

/** Prefix that marks a hashed password. */
export const HASH_PREFIX = "$scrypt$";

/** Cost parameters: N = 2^ln, block size r, parallelism p. */
export interface ScryptParams {
  ln: number;
  r: number;
  p: number;
}

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

/** Base64 without padding, as the hashed form writes salt and hash. */
export function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/=+$/, "");
}

function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const bare = text.replace(/=+$/, "");
  if (bare.length % 4 === 1) return undefined;
  const bin = atob(bare + "=".repeat((4 - bare.length % 4) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
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
  const salt = fromBase64(saltText);
  const hash = fromBase64(hashText);
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

/** Equal-length byte arrays compared without an early exit. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Constant-time comparison of two strings (length leaks, content does not). */
export function equalText(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  // Compare equal-length buffers always, so timing depends only on `b`.
  const padded = new Uint8Array(y.length);
  padded.set(x.subarray(0, y.length));
  return equalBytes(padded, y) && x.length === y.length;
}
