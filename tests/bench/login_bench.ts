/**
 * LOGIN throughput against our upsd (its binary, loopback): each attempt
 * is a fresh connection doing USERNAME, PASSWORD, LOGIN. Cases: the right
 * password for a `$scrypt$` user (the verified-password cache), wrong
 * passwords with and without the login throttle, and NUT 2.8.0's upsd with
 * a plaintext user for reference. Prints one line per case.
 *
 *   deno run --allow-all tests/bench/login_bench.ts [--seconds N]
 *
 * @module
 */
import {
  makeTree,
  type NutTree,
  type Proc,
  startNutUpsd,
  startOurUpsd,
} from "../fixtures/upsd/harness.ts";
import { freePort } from "../net.ts";
import { hashPassword } from "../../src/config/password_hash.ts";

const i = Deno.args.indexOf("--seconds");
const SECONDS = i >= 0 ? Number(Deno.args[i + 1]) : 3;
const enc = new TextEncoder();

async function attempt(port: number, user: string, pass: string) {
  const c = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await c.write(
      enc.encode(`USERNAME ${user}\nPASSWORD "${pass}"\nLOGIN ups1\n`),
    );
    const buf = new Uint8Array(256);
    let text = "";
    while (text.split("\n").length < 4) {
      const n = await c.read(buf);
      if (n === null) break;
      text += new TextDecoder().decode(buf.subarray(0, n));
    }
    return text.trim().split("\n").at(-1) ?? "";
  } finally {
    c.close();
  }
}

async function measure(
  label: string,
  port: number,
  user: string,
  pass: () => string,
): Promise<void> {
  const end = performance.now() + SECONDS * 1000;
  const counts = new Map<string, number>();
  let n = 0;
  while (performance.now() < end) {
    const r = await attempt(port, user, pass());
    counts.set(r, (counts.get(r) ?? 0) + 1);
    n++;
  }
  const rate = (n / SECONDS).toFixed(1);
  console.log(
    `${label}: ${rate} attempts/s (${
      [...counts].map(([k, v]) => `${v}x ${k}`).join(", ")
    })`,
  );
}

async function withUpsd(
  conf: string,
  users: string,
  nut: boolean,
  body: (port: number) => Promise<void>,
): Promise<void> {
  const port = freePort();
  const tree: NutTree = makeTree({
    "ups.conf": "[ups1]\n driver = dummy-ups\n port = dummy.dev\n",
    "upsd.conf": `LISTEN 127.0.0.1 ${port}\n${conf}`,
    "upsd.users": users,
  });
  let p: Proc | undefined;
  try {
    p = nut ? await startNutUpsd(tree, port) : await startOurUpsd(tree, port);
    await body(port);
  } finally {
    await p?.kill();
    tree.remove();
  }
}

const hashed = `[mon]\n password = "${
  hashPassword("right")
}"\n upsmon secondary\n`;
const plain = "[mon]\n password = right\n upsmon secondary\n";
let k = 0;
const wrong = () => `wrong${k++}`;

await withUpsd("", hashed, false, async (port) => {
  await measure(
    "ours, scrypt user, right password",
    port,
    "mon",
    () => "right",
  );
  await measure(
    "ours, scrypt user, wrong passwords, throttle on (10/60s)",
    port,
    "mon",
    wrong,
  );
});
await withUpsd("LOGIN_FAILURE_LIMIT 0\n", hashed, false, async (port) => {
  await measure(
    "ours, scrypt user, wrong passwords, throttle off",
    port,
    "mon",
    wrong,
  );
});
await withUpsd("LOGIN_FAILURE_LIMIT 0\n", plain, false, async (port) => {
  await measure(
    "ours, plaintext user, wrong passwords, throttle off",
    port,
    "mon",
    wrong,
  );
});
await withUpsd("", plain, true, async (port) => {
  await measure(
    "NUT 2.8.0, plaintext user, wrong passwords",
    port,
    "mon",
    wrong,
  );
});
