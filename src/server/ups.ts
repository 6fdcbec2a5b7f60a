/**
 * What upsd knows about one UPS from ups.conf and its driver: the state
 * tree, connection and staleness, the FSD latch and logins. Pure data; the
 * driver link fills it and sessions read it.
 *
 * @module
 */
import { StateTree } from "../state/tree.ts";
import { NUT_ERROR } from "../protocol/errors.ts";

/** One UPS as sessions see it. */
export class UpsState {
  readonly name: string;
  driver: string;
  port: string;
  desc: string | undefined;
  readonly tree: StateTree = new StateTree();
  /** FSD latch: cleared only by restart or removal from ups.conf. */
  fsd = false;
  numLogins = 0;
  /** True while the driver socket is connected. */
  connected = false;
  /** NUT starts every UPS stale until the driver proves otherwise. */
  stale = true;
  /** Writes one line to the driver; false if it could not be sent. */
  send: (line: string) => boolean = () => false;

  constructor(name: string, driver: string, port: string, desc?: string) {
    this.name = name;
    this.driver = driver;
    this.port = port;
    this.desc = desc;
  }

  /** NUT's ups_available(): undefined, or the ERR code that blocks access. */
  unavailable(): string | undefined {
    if (!this.connected) return NUT_ERROR.DriverNotConnected;
    if (this.stale) return NUT_ERROR.DataStale;
    return undefined;
  }
}
