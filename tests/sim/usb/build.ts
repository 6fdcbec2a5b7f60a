/**
 * Builds the libusb stand-in (libusb_standin.c) with the system's gcc into
 * a cache directory keyed by the source's hash, and returns the directory
 * to put on LD_LIBRARY_PATH (it holds `libusb-1.0.so.0`).
 *
 * @module
 */

const SOURCE = new URL("./libusb_standin.c", import.meta.url);

let built: Promise<string> | undefined;

async function hash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(d.subarray(0, 8), (b) => b.toString(16).padStart(2, "0"))
    .join("");
}

async function build(): Promise<string> {
  const src = await Deno.readFile(SOURCE);
  const root = new URL("../../../.work/usbsim/", import.meta.url).pathname;
  const dir = `${root}${await hash(src)}`;
  const lib = `${dir}/libusb-1.0.so.0`;
  try {
    await Deno.stat(lib);
    return dir;
  } catch { /* not built yet */ }
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${lib}.${Deno.pid}.tmp`;
  const out = await new Deno.Command("gcc", {
    args: [
      "-shared",
      "-fPIC",
      "-O1",
      "-Wall",
      "-Wl,-soname,libusb-1.0.so.0",
      "-o",
      tmp,
      SOURCE.pathname,
      "-lpthread",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      "gcc failed building the libusb stand-in:\n" +
        new TextDecoder().decode(out.stderr),
    );
  }
  await Deno.rename(tmp, lib); // atomic: parallel test files may race
  return dir;
}

/** The directory holding the built stand-in `libusb-1.0.so.0`. */
export function standinDir(): Promise<string> {
  built ??= build();
  return built;
}
