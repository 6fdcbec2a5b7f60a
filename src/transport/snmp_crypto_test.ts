import { assertEquals, assertThrows } from "../../tests/assert.ts";
import {
  aesCfbDecrypt,
  aesCfbEncrypt,
  desCbcDecrypt,
  desCbcEncrypt,
} from "./snmp_crypto.ts";

const hex = (s: string) =>
  new Uint8Array(s.match(/../g)!.map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array) =>
  [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

// NIST SP 800-38A F.3.13/15/17 (CFB128), first two blocks; checked against
// `openssl enc -aes-N-cfb -nopad`.
const IV = hex("000102030405060708090a0b0c0d0e0f");
const PLAIN = hex(
  "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51",
);
const CFB_VECTORS: Array<[string, string]> = [
  [
    "2b7e151628aed2a6abf7158809cf4f3c",
    "3b3fd92eb72dad20333449f8e83cfb4ac8a64537a0b3a93fcde3cdad9f1ce58b",
  ],
  [
    "8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b",
    "cdc80d6fddf18cab34c25909c99a417467ce7f7f81173621961a2b70171d3d7a",
  ],
  [
    "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4",
    "dc7e84bfda79164b7ecd8486985d386039ffed143b28b1c832113c6331e5407b",
  ],
];

Deno.test({
  name: "AES-CFB128 matches the NIST vectors for 128/192/256-bit keys",
  permissions: "none",
  fn() {
    for (const [key, cipher] of CFB_VECTORS) {
      assertEquals(toHex(aesCfbEncrypt(hex(key), IV, PLAIN)), cipher);
      assertEquals(
        toHex(aesCfbDecrypt(hex(key), IV, hex(cipher))),
        toHex(PLAIN),
      );
    }
  },
});

Deno.test({
  name: "AES-CFB128 handles a partial last block (SNMP PDUs are not padded)",
  permissions: "none",
  fn() {
    const [key, cipher] = CFB_VECTORS[0]!;
    const part = aesCfbEncrypt(hex(key), IV, PLAIN.subarray(0, 21));
    assertEquals(toHex(part), cipher.slice(0, 42));
    assertEquals(
      toHex(aesCfbDecrypt(hex(key), IV, part)),
      toHex(PLAIN.subarray(0, 21)),
    );
    assertEquals(aesCfbEncrypt(hex(key), IV, new Uint8Array()).length, 0);
  },
});

Deno.test({
  name: "DES-CBC (via 3DES with one key) matches the classic vector",
  permissions: "none",
  fn() {
    // "Now is t", key 0123456789abcdef, IV 1234567890abcdef (FIPS 81 style).
    const key = hex("0123456789abcdef");
    const iv = hex("1234567890abcdef");
    const out = desCbcEncrypt(key, iv, hex("4e6f772069732074"));
    assertEquals(toHex(out), "e5c7cdde872bf27c");
    assertEquals(toHex(desCbcDecrypt(key, iv, out)), "4e6f772069732074");
  },
});

Deno.test({
  name: "bad key, IV or length is refused with an error, not garbage",
  permissions: "none",
  fn() {
    assertThrows(() => aesCfbEncrypt(new Uint8Array(15), IV, PLAIN));
    assertThrows(() =>
      aesCfbDecrypt(hex(CFB_VECTORS[0]![0]), IV.subarray(1), PLAIN)
    );
    assertThrows(() =>
      desCbcDecrypt(new Uint8Array(8), new Uint8Array(8), new Uint8Array(7))
    );
    assertThrows(() =>
      desCbcEncrypt(new Uint8Array(7), new Uint8Array(8), new Uint8Array(8))
    );
  },
});
