/**
 * PEM helpers shared by upsd and the clients: CA sets from a NUT-style
 * CERTPATH (a directory of PEM files or one bundle file) and a certificate
 * plus key file (NUT's CERTFILE layout: chain first, private key last).
 *
 * @module
 */

/** One PEM certificate block. */
export const CERT_RE =
  /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
/** One PEM private key block (plain or encrypted, any algorithm). */
export const KEY_RE =
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/;

/** Every certificate in CERTPATH (a PEM file, or a directory of them). */
export async function readCaPath(path: string): Promise<string[]> {
  const info = await Deno.stat(path);
  const texts: string[] = [];
  if (info.isDirectory) {
    const names: string[] = [];
    for await (const e of Deno.readDir(path)) {
      if (e.isFile || e.isSymlink) names.push(e.name);
    }
    for (const n of names.sort()) {
      texts.push(await Deno.readTextFile(`${path}/${n}`).catch(() => ""));
    }
  } else texts.push(await Deno.readTextFile(path));
  const certs = texts.flatMap((t) => t.match(CERT_RE) ?? []);
  if (certs.length === 0) throw new Error(`no certificate found in ${path}`);
  return certs;
}

/** A CERTFILE's certificate chain and private key. */
export async function readCertFile(
  file: string,
): Promise<{ cert: string; key: string }> {
  const text = await Deno.readTextFile(file);
  const certs = text.match(CERT_RE);
  const key = text.match(KEY_RE);
  if (!certs || !key) {
    throw new Error(`${file} must hold a certificate and its private key`);
  }
  return { cert: certs.join("\n") + "\n", key: key[0] + "\n" };
}
