/**
 * The UDP side of an Eaton/MGE network management card (NMC): it answers
 * nut-scanner's `<SCAN_REQUEST/>` datagram on port 4679 with one XML
 * datagram naming the product (NUT's scan_xml_http.c keeps the root
 * element's `type` attribute as `desc`). Port 4679 is fixed on NUT's side,
 * so each simulated card takes its own loopback address (127.x.y.z) instead
 * of an ephemeral port.
 *
 * @module
 */
import dgram from "node:dgram";
import { pulsar } from "./netxml.ts";

/** The datagram a card sends back, by default built from netxml.ts's Pulsar. */
export function scanAnswer(type = pulsar().product.type): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<SCAN_ANSWER type="${type}" name="${pulsar().product.name}" ` +
    `url="/mgeups/product.xml"/>\n`;
}

/** NUT's fixed NetXML discovery port. */
export const SCAN_PORT = 4679;

/** A random 127.x.y.z address (x ≥ 100), unlikely to clash with other tests. */
export function randomLoopback(): string {
  const r = () => 1 + Math.floor(Math.random() * 250);
  return `127.${100 + Math.floor(Math.random() * 150)}.${r()}.${r()}`;
}

/** One simulated card answering scan requests on `host`:4679. */
export class NmcDiscoverySim {
  readonly host: string;
  /** Scan requests received (payload text). */
  readonly requests: string[] = [];
  #sock: dgram.Socket;

  private constructor(host: string, sock: dgram.Socket) {
    this.host = host;
    this.#sock = sock;
  }

  /** Binds `host`:4679; `answer` null keeps the card silent. */
  static async start(
    host: string,
    answer: string | null = scanAnswer(),
  ): Promise<NmcDiscoverySim> {
    const sock = dgram.createSocket("udp4");
    const sim = new NmcDiscoverySim(host, sock);
    sock.on("message", (msg, from) => {
      sim.requests.push(new TextDecoder().decode(msg));
      if (answer !== null) sock.send(answer, from.port, from.address);
    });
    await new Promise<void>((ok, fail) => {
      sock.once("error", fail);
      sock.bind(SCAN_PORT, host, () => ok());
    });
    return sim;
  }

  /** Stops answering and frees the port. */
  close(): Promise<void> {
    return new Promise((ok) => this.#sock.close(() => ok()));
  }
}
