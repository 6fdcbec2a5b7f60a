/**
 * NetXML discovery (NUT 2.8.0's scan_xml_http.c): a `<SCAN_REQUEST/>` UDP
 * datagram to port 4679, unicast to each address of a range or broadcast
 * when there is none; Eaton/MGE network cards answer with an XML datagram.
 * A reply whose first element carries a `type` attribute (and is not an
 * ePDU, `class="DEV.PDU"`) becomes a netxml-ups device `http://<ip>` with
 * `desc` = that type. Three attempts, each waiting `timeout` for replies.
 *
 * @module
 */
import dgram from "node:dgram";
import { isIPv4 } from "node:net";
import type { ScanDevice } from "./device.ts";
import { mapBounded } from "./pool.ts";
import { decodeReply, xmlDevice } from "./xml_reply.ts";

/** NUT's NetXML discovery port. */
export const XML_SCAN_PORT = 4679;
const REQUEST = "<SCAN_REQUEST/>";
const ATTEMPTS = 3;
/** Options of the XML scan. */
export interface XmlScanOptions {
  /** Wait for replies per attempt (`-t`). */
  timeoutMs: number;
  /** Hosts probed at once (`-T`). */
  concurrency: number;
  /** UDP port (4679). */
  port?: number;
  /** stderr lines (incompatible replies). */
  warn: (line: string) => void;
}

/** One scan: unicast to `ip`, or broadcast when `ip` is undefined. */
export function scanXmlHost(
  ip: string | undefined,
  opts: XmlScanOptions,
): Promise<ScanDevice[]> {
  const port = opts.port ?? XML_SCAN_PORT;
  // NUT's inet_pton leaves an unparsable address 0.0.0.0 (this host)
  const target = ip === undefined
    ? "255.255.255.255"
    : isIPv4(ip)
    ? ip
    : "0.0.0.0";
  const sock = dgram.createSocket("udp4");
  const found: ScanDevice[] = [];
  return new Promise((resolve) => {
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      clearTimeout(timer);
      sock.removeAllListeners("message");
      sock.close();
      resolve(found);
    };
    // a quiet `timeout` after the last reply ends an attempt, as NUT's select
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (ip === undefined && found.length) return finish();
        if (++attempt >= ATTEMPTS) return finish();
        send();
      }, opts.timeoutMs);
    };
    const send = () => {
      sock.send(REQUEST, port, target, (err) => {
        if (err) {
          opts.warn(
            `Error sending Eaton <SCAN_REQUEST/> to ${ip ?? "<broadcast>"}, #${
              attempt + 1
            }/${ATTEMPTS}`,
          );
        }
      });
      arm();
    };
    sock.on("message", (msg: Uint8Array, from: { address: string }) => {
      const dev = xmlDevice(decodeReply(msg), from.address);
      if (dev) found.push(dev);
      else {
        opts.warn(
          `Device at IP ${from.address} replied with NetXML but was not ` +
            "deemed compatible with 'netxml-ups' driver (unsupported " +
            "protocol version, etc.)",
        );
      }
      // a unicast scan ends with its first reply
      if (ip !== undefined) finish();
      else arm();
    });
    sock.on("error", () => finish());
    sock.bind(0, () => {
      if (ip === undefined) sock.setBroadcast(true);
      send();
    });
  });
}

/** Scans each host of a range (unicast), or broadcasts when `hosts` is undefined. */
export async function scanXml(
  hosts: Iterable<string> | undefined,
  opts: XmlScanOptions,
): Promise<ScanDevice[]> {
  if (hosts === undefined) return await scanXmlHost(undefined, opts);
  const found = await mapBounded(
    hosts,
    opts.concurrency,
    (h) => scanXmlHost(h, opts),
  );
  return found.flat();
}
