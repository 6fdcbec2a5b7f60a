/**
 * A stand-in for a driver's Unix socket (NUT's driver↔upsd protocol,
 * docs/sock-protocol.txt): answers `DUMPALL` with SETINFO lines, DATAOK or
 * DATASTALE and DUMPDONE, `PING` with `PONG`, broadcasts later changes and
 * records every other line a client sends (the clone drivers' INSTCMD).
 *
 * @module
 */
import { quoteWord, WordParser } from "../../src/words.ts";

/** The fake upstream driver. */
export class FakeDriverSocket {
  readonly path: string;
  #listener: Deno.Listener<Deno.UnixConn>;
  #conns = new Set<Deno.UnixConn>();
  #vars = new Map<string, string>();
  #stale = false;
  /** Lines received other than DUMPALL/PING, in arrival order. */
  readonly received: string[] = [];
  /** How many DUMPALL requests arrived. */
  dumps = 0;

  constructor(path: string, vars: Record<string, string>) {
    this.path = path;
    for (const [k, v] of Object.entries(vars)) this.#vars.set(k, v);
    this.#listener = Deno.listen({ transport: "unix", path });
    this.#accept();
  }

  /** Clients connected now. */
  get clients(): number {
    return this.#conns.size;
  }

  async #accept(): Promise<void> {
    try {
      for await (const c of this.#listener) {
        this.#conns.add(c);
        this.#serve(c);
      }
    } catch {
      // listener closed
    }
  }

  async #serve(c: Deno.UnixConn): Promise<void> {
    const parser = new WordParser();
    const dec = new TextDecoder();
    const buf = new Uint8Array(1024);
    try {
      while (true) {
        const n = await c.read(buf);
        if (n === null) break;
        for (const l of parser.push(dec.decode(buf.subarray(0, n)))) {
          const verb = l.words[0] ?? "";
          if (verb === "DUMPALL") {
            this.dumps++;
            await this.#write(c, this.#dump());
          } else if (verb === "PING") await this.#write(c, "PONG\n");
          else this.received.push(l.words.join(" "));
        }
      }
    } catch {
      // reset
    }
    this.#conns.delete(c);
    try {
      c.close();
    } catch { /* closed */ }
  }

  #dump(): string {
    let s = "";
    for (const [k, v] of this.#vars) s += `SETINFO ${k} ${quoteWord(v)}\n`;
    return s + (this.#stale ? "DATASTALE\n" : "DATAOK\n") + "DUMPDONE\n";
  }

  async #write(c: Deno.UnixConn, text: string): Promise<void> {
    try {
      await c.write(new TextEncoder().encode(text));
    } catch {
      // client gone
    }
  }

  async #broadcast(text: string): Promise<void> {
    await Promise.all([...this.#conns].map((c) => this.#write(c, text)));
  }

  /** Sets variables and broadcasts them. */
  async set(vars: Record<string, string>): Promise<void> {
    let s = "";
    for (const [k, v] of Object.entries(vars)) {
      this.#vars.set(k, v);
      s += `SETINFO ${k} ${quoteWord(v)}\n`;
    }
    await this.#broadcast(s);
  }

  /** Sends raw bytes to every client (garbage tests). */
  raw(text: string): Promise<void> {
    return this.#broadcast(text);
  }

  /** DATASTALE / DATAOK to every client. */
  async stale(on: boolean): Promise<void> {
    this.#stale = on;
    await this.#broadcast(on ? "DATASTALE\n" : "DATAOK\n");
  }

  /** Drops every client connection (as a restarting driver would). */
  dropClients(): void {
    for (const c of this.#conns) {
      try {
        c.close();
      } catch { /* closed */ }
    }
    this.#conns.clear();
  }

  /** Stops listening and drops every client. */
  close(): void {
    this.dropClients();
    try {
      this.#listener.close();
    } catch { /* closed */ }
  }
}
