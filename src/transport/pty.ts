/**
 * Pseudo-terminals through FFI (posix_openpt): the device side of a
 * simulated serial port. The slave is kept open here too, so the master
 * never sees a hang-up while no driver has the port open.
 *
 * @module
 */
import {
  configureTty,
  errno,
  FdTransport,
  libcSymbols,
  strerror,
} from "./serial.ts";

const O_RDWR = 0o2;
const O_NOCTTY = 0o400;
const O_NONBLOCK = 0o4000;

/** A pty pair: `master` is the device's end, `path` the port a driver opens. */
export interface Pty {
  master: FdTransport;
  path: string;
  /** Closes both ends. */
  close(): void;
}

/** Opens a new pty in raw mode (no echo). */
export function openPty(): Pty {
  const c = libcSymbols();
  const fd = c.posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) throw new Error(`posix_openpt: ${strerror(errno())}`);
  if (c.grantpt(fd) < 0 || c.unlockpt(fd) < 0) {
    c.close(fd);
    throw new Error(`grantpt/unlockpt: ${strerror(errno())}`);
  }
  const p = c.ptsname(fd);
  if (!p) {
    c.close(fd);
    throw new Error("ptsname failed");
  }
  const path = new Deno.UnsafePointerView(p).getCString();
  const slave = c.open(
    new TextEncoder().encode(path + "\0"),
    O_RDWR | O_NOCTTY | O_NONBLOCK,
  );
  if (slave < 0) {
    c.close(fd);
    throw new Error(`open ${path}: ${strerror(errno())}`);
  }
  configureTty(slave, { speed: 2400 });
  const master = new FdTransport(fd, path);
  return {
    master,
    path,
    close() {
      master.close();
      c.close(slave);
    },
  };
}
