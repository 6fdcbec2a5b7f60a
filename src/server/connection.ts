/**
 * Framing for one client connection, transport-free: bytes in (as latin1
 * text), reply text out. Parse errors get no reply, as in NUT; processing
 * stops after LOGOUT or STARTTLS so nothing is answered past them.
 *
 * @module
 */
import type { Logger } from "../log.ts";
import { WordParser } from "../words.ts";
import type { Session } from "./session.ts";

/** One connection's parser and idle clock around its Session. */
export class ClientConnection {
  readonly session: Session;
  /** When the last complete request arrived (ms). */
  lastHeard: number;
  #parser = new WordParser();
  #log: Logger;
  /** Closes the transport (set by the listener). */
  close: () => void = () => {};

  constructor(session: Session, now: number, log: Logger) {
    this.session = session;
    this.lastHeard = now;
    this.#log = log;
  }

  /** Feeds received text; returns the replies to write (maybe ""). */
  feed(text: string, now: number): string {
    const s = this.session;
    if (s.closing || s.startTls) return "";
    let out = "";
    for (const l of this.#parser.push(text)) {
      if (l.error !== undefined) {
        // NUT abandons the rest of that read after a parse error
        this.#log.notice(`Parse error on sock: ${l.error}`);
        this.#parser = new WordParser();
        break;
      }
      this.lastHeard = now;
      out += s.handle(l.words);
      if (s.closing || s.startTls) break;
    }
    return out;
  }
}
