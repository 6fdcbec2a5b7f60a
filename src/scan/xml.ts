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
import type { ScanDevice } from "./device.ts";
import { mapBounded } from "./pool.ts";

/** NUT's NetXML discovery port. */
export const XML_SCAN_PORT = 4679;
const REQUEST = "<SCAN_REQUEST/>";
const ATTEMPTS = 3;
/** NUT reads each reply into a SMALLBUF + 8 byte buffer. */
const REPLY_MAX = 520;

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

const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function unescape(v: string): string | undefined {
  const ref = /&(#x[0-9a-fA-F]+|#\d+|\w+);/g;
  // a bare "&" is not well-formed
  if (v.replace(ref, "").includes("&")) return undefined;
  let bad = false;
  const out = v.replace(ref, (_, e: string) => {
    if (e.startsWith("#x")) {
      return String.fromCodePoint(parseInt(e.slice(2), 16));
    }
    if (e.startsWith("#")) {
      return String.fromCodePoint(parseInt(e.slice(1), 10));
    }
    const c = ENTITIES[e];
    if (c === undefined) bad = true;
    return c ?? "";
  });
  return bad ? undefined : out;
}

/**
 * The attributes of the reply's first element, in order; undefined when
 * the text before it or the tag itself is not well-formed XML.
 */
export function firstElementAttributes(
  text: string,
): Array<[string, string]> | undefined {
  let rest = text.replace(/^\uFEFF/, "");
  // prolog: declaration, processing instructions, comments, doctype
  while (true) {
    rest = rest.replace(/^\s+/, "");
    const m = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)/.exec(rest);
    if (!m) break;
    rest = rest.slice(m[0].length);
  }
  const tag = /^<([A-Za-z_:][\w.:-]*)/.exec(rest);
  if (!tag) return undefined;
  rest = rest.slice(tag[0].length);
  const attrs: Array<[string, string]> = [];
  while (true) {
    const end = /^\s*\/?>/.exec(rest);
    if (end) return attrs;
    const a = /^\s+([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(
      rest,
    );
    if (!a) return undefined;
    const value = unescape(a[3] ?? a[4] ?? "");
    if (value === undefined || attrs.some(([n]) => n === a[1])) {
      return undefined;
    }
    attrs.push([a[1]!, value]);
    rest = rest.slice(a[0].length);
  }
}

/** The device a reply from `ip` describes, or undefined when NUT refuses it. */
export function xmlDevice(reply: string, ip: string): ScanDevice | undefined {
  const attrs = firstElementAttributes(reply);
  if (!attrs) return undefined;
  const options: Array<[string, string]> = [];
  // NUT's start-element callback: an ePDU (XML v4 only) aborts the parse;
  // every `type` gives a desc; no `type` at all aborts it too
  for (const [name, value] of attrs) {
    if (name === "class" && value === "DEV.PDU") return undefined;
    if (name === "type") options.push(["desc", value]);
  }
  if (!options.length) return undefined;
  return { bus: "xml", driver: "netxml-ups", port: `http://${ip}`, options };
}

/** One scan: unicast to `ip`, or broadcast when `ip` is undefined. */
export function scanXmlHost(
  ip: string | undefined,
  opts: XmlScanOptions,
): Promise<ScanDevice[]> {
  const port = opts.port ?? XML_SCAN_PORT;
  const target = ip ?? "255.255.255.255";
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
      const text = new TextDecoder().decode(msg.subarray(0, REPLY_MAX));
      const dev = xmlDevice(text, from.address);
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
