/**
 * The SNMPv3 privacy ciphers net-snmp needs, built from what Deno's
 * node:crypto has. Deno lacks `aes-*-cfb` and `des-cbc` ("Unknown cipher"),
 * so:
 * - AES-CFB128 (RFC 3826) is made from `aes-N-ecb`: each keystream block is
 *   the encryption of the previous ciphertext block (the IV first);
 * - DES-CBC (RFC 3414) is `des-ede3-cbc` with the key three times, which is
 *   single DES (K1 = K2 = K3).
 *
 * `installCipherShim` puts these behind net-snmp's Encryption table and adds
 * AES-192/AES-256 with the Blumenthal key extension, which is what Net-SNMP
 * (and so NUT's snmp-ups) means by "AES192"/"AES256".
 *
 * @module
 */
import { Buffer } from "node:buffer";
import crypto from "node:crypto";

const AES_BLOCK = 16;

function aesEcb(key: Uint8Array): crypto.Cipheriv {
  const c = crypto.createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  c.setAutoPadding(false);
  return c;
}

function cfb(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  decrypt: boolean,
): Uint8Array {
  if (![16, 24, 32].includes(key.length)) {
    throw new RangeError(`AES key of ${key.length} bytes`);
  }
  if (iv.length !== AES_BLOCK) throw new RangeError("AES IV must be 16 bytes");
  const ecb = aesEcb(key);
  const out = new Uint8Array(data.length);
  let feedback: Uint8Array = iv;
  for (let off = 0; off < data.length; off += AES_BLOCK) {
    const stream = ecb.update(feedback);
    const end = Math.min(off + AES_BLOCK, data.length);
    for (let i = off; i < end; i++) out[i] = data[i]! ^ stream[i - off]!;
    // The next block's feedback is this block's ciphertext.
    feedback = (decrypt ? data : out).subarray(off, off + AES_BLOCK);
  }
  return out;
}

/** AES-CFB128 encryption (any length, no padding). */
export function aesCfbEncrypt(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  return cfb(key, iv, data, false);
}

/** AES-CFB128 decryption (any length, no padding). */
export function aesCfbDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  return cfb(key, iv, data, true);
}

function desCbc(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
  decrypt: boolean,
): Uint8Array {
  if (key.length !== 8 || iv.length !== 8) {
    throw new RangeError("DES needs an 8-byte key and IV");
  }
  if (data.length % 8 !== 0) {
    throw new RangeError("DES data must be a multiple of 8 bytes");
  }
  const k3 = Buffer.concat([key, key, key]);
  const c = decrypt
    ? crypto.createDecipheriv("des-ede3-cbc", k3, iv)
    : crypto.createCipheriv("des-ede3-cbc", k3, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** DES-CBC encryption; data must be padded to 8 bytes by the caller. */
export function desCbcEncrypt(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  return desCbc(key, iv, data, false);
}

/** DES-CBC decryption. */
export function desCbcDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  return desCbc(key, iv, data, true);
}

/** The parts of npm:net-snmp the shim touches (its exported internals). */
export interface NetSnmpCryptoModule {
  PrivProtocols: Record<string, number | string>;
  Authentication: {
    passwordToKey(auth: number, password: string, engineID: Buffer): Buffer;
    algorithms: Record<number, { KEY_LENGTH: number }>;
  };
  Encryption: {
    algorithms: Record<number, NetSnmpPrivAlgorithm>;
    generateLocalizedKey: LocalizeFn;
    generateLocalizedKeyBlumenthal: LocalizeFn;
    generateIvAes(
      aes: NetSnmpPrivAlgorithm,
      boots: number,
      time: number,
      salt: Buffer,
    ): Buffer;
  };
}

type LocalizeFn = (
  algorithm: NetSnmpPrivAlgorithm,
  auth: number,
  password: string,
  engineID: Buffer,
) => Buffer;

interface Engine {
  engineID: Buffer;
  engineBoots: number;
  engineTime: number;
}

/** One row of net-snmp's Encryption.algorithms. */
export interface NetSnmpPrivAlgorithm {
  CRYPTO_ALGORITHM: string;
  KEY_LENGTH: number;
  BLOCK_LENGTH: number;
  localizationAlgorithm: LocalizeFn;
  encryptPdu(
    pdu: Buffer,
    priv: number,
    password: string,
    auth: number,
    engine: Engine,
  ): { encryptedPdu: Buffer; msgPrivacyParameters: Buffer };
  decryptPdu(
    pdu: Buffer,
    priv: number,
    params: Buffer,
    password: string,
    auth: number,
    engine: Engine,
  ): Buffer;
}

/** Our numbers for AES-192/AES-256 (Blumenthal) in net-snmp's tables. */
export const PRIV_AES192_BLUMENTHAL = 102;
export const PRIV_AES256_BLUMENTHAL = 6; // net-snmp's own "aes256b"

/**
 * Routes net-snmp's DES and AES privacy through the functions above and
 * registers AES-192 (Blumenthal). Idempotent.
 */
export function installCipherShim(snmp: NetSnmpCryptoModule): void {
  const enc = snmp.Encryption;
  const table = enc.algorithms;
  const des = table[Number(snmp.PrivProtocols.des)];
  const aes = table[Number(snmp.PrivProtocols.aes)];
  if (!des || !aes) throw new Error("net-snmp: unexpected Encryption table");
  if ((des as { shimmed?: boolean }).shimmed) return;

  const desEncrypt: NetSnmpPrivAlgorithm["encryptPdu"] = (
    pdu,
    _priv,
    password,
    auth,
    engine,
  ) => {
    const k = snmp.Authentication.passwordToKey(
      auth,
      password,
      engine.engineID,
    );
    // RFC 3414 8.1.1.1: salt = local boots (we keep none: 1) + a random word.
    const salt = Buffer.alloc(8);
    salt.writeUInt32BE(1, 0);
    crypto.randomBytes(4).copy(salt, 4);
    const iv = xor(k.subarray(8, 16), salt);
    const padded = Buffer.alloc(Math.ceil(pdu.length / 8) * 8);
    pdu.copy(padded);
    return {
      encryptedPdu: Buffer.from(desCbcEncrypt(k.subarray(0, 8), iv, padded)),
      msgPrivacyParameters: salt,
    };
  };
  const desDecrypt: NetSnmpPrivAlgorithm["decryptPdu"] = (
    pdu,
    _priv,
    params,
    password,
    auth,
    engine,
  ) => {
    if (params.length !== 8) throw new Error("DES salt must be 8 bytes");
    const k = snmp.Authentication.passwordToKey(
      auth,
      password,
      engine.engineID,
    );
    const iv = xor(k.subarray(8, 16), params);
    return Buffer.from(desCbcDecrypt(k.subarray(0, 8), iv, pdu));
  };
  const aesEncrypt: NetSnmpPrivAlgorithm["encryptPdu"] = (
    pdu,
    priv,
    password,
    auth,
    engine,
  ) => {
    const alg = table[priv]!;
    const key = alg.localizationAlgorithm(alg, auth, password, engine.engineID);
    const salt = crypto.randomBytes(8);
    const iv = enc.generateIvAes(
      alg,
      engine.engineBoots,
      engine.engineTime,
      salt,
    );
    return {
      encryptedPdu: Buffer.from(aesCfbEncrypt(key, iv, pdu)),
      msgPrivacyParameters: salt,
    };
  };
  const aesDecrypt: NetSnmpPrivAlgorithm["decryptPdu"] = (
    pdu,
    priv,
    params,
    password,
    auth,
    engine,
  ) => {
    if (params.length !== 8) throw new Error("AES salt must be 8 bytes");
    const alg = table[priv]!;
    const key = alg.localizationAlgorithm(alg, auth, password, engine.engineID);
    const iv = enc.generateIvAes(
      alg,
      engine.engineBoots,
      engine.engineTime,
      params,
    );
    return Buffer.from(aesCfbDecrypt(key, iv, pdu));
  };

  for (const row of Object.values(table)) {
    if (row.CRYPTO_ALGORITHM === "des-cbc") {
      row.encryptPdu = desEncrypt;
      row.decryptPdu = desDecrypt;
    } else if (row.CRYPTO_ALGORITHM.endsWith("-cfb")) {
      row.encryptPdu = aesEncrypt;
      row.decryptPdu = aesDecrypt;
    }
  }
  table[PRIV_AES192_BLUMENTHAL] = {
    CRYPTO_ALGORITHM: "aes-192-cfb",
    KEY_LENGTH: 24,
    BLOCK_LENGTH: 16,
    encryptPdu: aesEncrypt,
    decryptPdu: aesDecrypt,
    // draft-blumenthal-aes-usm-04: Kul' = Kul || H(Kul), as Net-SNMP does.
    localizationAlgorithm: enc.generateLocalizedKeyBlumenthal,
  };
  (des as { shimmed?: boolean }).shimmed = true;
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}
