/**
 * What a session needs from the server: the UPS list, users,
 * descriptions, tracking, logging and the clock. Tests build one by hand.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import type { LoginGuard, UserTable } from "./access.ts";
import type { Descriptions } from "./descriptions.ts";
import type { TrackingTable } from "./tracking.ts";
import type { UpsState } from "./ups.ts";

/** A connected client as LIST CLIENT and kicks see it. */
export interface ClientInfo {
  /** Increasing connection number (newest has the highest). */
  readonly id: number;
  /** Peer address as inet_ntop text. */
  readonly addr: string;
  /** The UPS this client did LOGIN to. */
  loginUps: UpsState | undefined;
}

/** Server state shared by every session. */
export interface ServerContext {
  /** The UPS named `name`, case-insensitively. */
  findUps(name: string): UpsState | undefined;
  /** Every UPS in ups.conf order. */
  upsList(): readonly UpsState[];
  users: UserTable;
  /** Password cache and per-address login throttle (none: no throttling). */
  guard?: LoginGuard;
  /** GET and LIST need valid USERNAME/PASSWORD first (upsd.conf REQUIRE_LOGIN_FOR_READ). */
  readsNeedLogin?: boolean;
  descriptions: Descriptions;
  tracking: TrackingTable;
  /** True when CERTFILE is configured and loaded (STARTTLS possible). */
  tlsAvailable: boolean;
  /** Clients logged into `ups`, newest first. */
  clientsOf(ups: UpsState): ClientInfo[];
  log: Logger;
  /** Milliseconds since the epoch. */
  now(): number;
}
