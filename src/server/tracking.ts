/**
 * Status tracking of SET/INSTCMD (protocol 1.3): ids are UUIDv4 in
 * uppercase hex; entries start PENDING, take the driver's result code and
 * expire after TRACKINGDELAY seconds.
 *
 * @module
 */

/** Reply text for each driver result code (server/upsd.c tracking_get). */
const STATUS_TEXT: Record<number, string> = {
  [-1]: "PENDING",
  0: "SUCCESS",
  1: "ERR UNKNOWN",
  2: "ERR INVALID-ARGUMENT",
  3: "ERR FAILED",
  4: "ERR INVALID-ARGUMENT",
};

const HEX: string[] = Array.from(
  { length: 256 },
  (_, i) => i.toString(16).toUpperCase().padStart(2, "0"),
);

/** A fresh UUIDv4 string, uppercase hex as NUT prints it. */
export function newTrackingId(
  random: (b: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const b = random(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => HEX[x]!);
  return `${h.slice(0, 4).join("")}-${h.slice(4, 6).join("")}-${
    h.slice(6, 8).join("")
  }-${h.slice(8, 10).join("")}-${h.slice(10).join("")}`;
}

interface Entry {
  status: number;
  /** Creation time in ms. */
  time: number;
}

/** The server-wide tracking table. */
export class TrackingTable {
  #entries = new Map<string, Entry>();
  /** Global switch: turned on by the first SET TRACKING ON, never off. */
  enabled = false;

  /** Number of live entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** Adds a PENDING entry and returns its id. */
  add(now: number): string {
    const id = newTrackingId();
    this.#entries.set(id, { status: -1, time: now });
    return id;
  }

  /** Records a driver's result; false if the id is unknown. */
  set(id: string, status: number): boolean {
    const e = this.#entries.get(id.toUpperCase());
    if (!e) return false;
    e.status = status;
    return true;
  }

  /** The GET TRACKING answer for an id. */
  get(id: string): string {
    const e = this.#entries.get(id.toUpperCase());
    if (!e) return "ERR UNKNOWN";
    return STATUS_TEXT[e.status] ?? "ERR UNKNOWN";
  }

  /** Drops entries older than `delaySeconds`. */
  cleanup(now: number, delaySeconds: number): void {
    for (const [id, e] of this.#entries) {
      if (now - e.time > delaySeconds * 1000) this.#entries.delete(id);
    }
  }
}
