import { assert, assertEquals, assertMatch } from "../../tests/assert.ts";
import {
  equalText,
  hashPassword,
  hashProblem,
  parseHash,
  verifyPassword,
  verifyPasswordSync,
} from "./password_hash.ts";
import { scryptSync } from "node:crypto";
import { Buffer } from "node:buffer";

// Cheap cost for tests; the format and the algorithm are the same.
const FAST = { ln: 10, r: 8, p: 1 };

Deno.test({
  name: "hashPassword: $scrypt$ format, random salt, verifies",
  permissions: "none",
  async fn() {
    const a = hashPassword("s3cret", FAST);
    const b = hashPassword("s3cret", FAST);
    assertMatch(a, /^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    assert(a !== b, "two hashes of one password differ (salt)");
    assert(!a.includes("s3cret"));
    assert(await verifyPassword("s3cret", a));
    assert(verifyPasswordSync("s3cret", b));
    assert(!(await verifyPassword("s3cret ", a)));
    assert(!verifyPasswordSync("S3cret", a));
  },
});

Deno.test({
  name: "hash is plain RFC 7914 scrypt of the password with the stored salt",
  permissions: "none",
  fn() {
    const h = hashPassword("pw", FAST);
    const p = parseHash(h)!;
    // Independent recomputation with node:crypto's scrypt.
    const key = scryptSync("pw", p.salt, 32, { N: 1024, r: 8, p: 1 });
    assertEquals(
      Buffer.from(key).toString("base64").replace(/=+$/, ""),
      h.split("$").at(-1),
    );
  },
});

Deno.test({
  name: "default cost is ln=15 (N=32768)",
  permissions: "none",
  fn() {
    const h = hashPassword("x");
    assert(h.startsWith("$scrypt$ln=15,r=8,p=1$"));
    assert(verifyPasswordSync("x", h));
  },
});

Deno.test({
  name:
    "malformed hashes are reported and never match; plaintext compares exactly",
  permissions: "none",
  async fn() {
    for (
      const bad of [
        "$scrypt$",
        "$scrypt$ln=15,r=8$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=40,r=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=15,r=8,p=1$!!$AAAAAAAAAAAAAAAAAAAAAA",
        "$scrypt$ln=15,r=8,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA$x",
      ]
    ) {
      assert(hashProblem(bad) !== undefined, bad);
      assert(!(await verifyPassword(bad, bad)), bad);
    }
    assertEquals(hashProblem("plain"), undefined);
    assert(await verifyPassword("plain", "plain"));
    assert(!verifyPasswordSync("plai", "plain"));
    assert(!verifyPasswordSync("plainx", "plain"));
    assert(equalText("", ""));
    assert(!equalText("a", ""));
  },
});
