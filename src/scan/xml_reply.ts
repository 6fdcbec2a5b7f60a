/**
 * What NUT 2.8.0 makes of a NetXML card's scan reply. NUT feeds the
 * datagram (at most 520 bytes) to neon's XML push parser once, without
 * ending the document, and its start-element callback sees the first
 * element only (returning "decline" hides the children): each `type`
 * attribute gives a `desc`, `class="DEV.PDU"` (an ePDU, XML v4 only) or no
 * `type` at all aborts. The reply is refused when the parser failed:
 * malformed prolog or tag, mismatched end tag, a second root element.
 * Text the push parser would still be waiting on (a truncated tag) is no
 * error; a first tag cut short never reaches the callback, so its device
 * has no `desc` (observed with 2.8.0).
 *
 * @module
 */
import type { ScanDevice } from "./device.ts";

/** NUT reads each reply into a SMALLBUF + 8 byte buffer. */
export const REPLY_MAX = 520;

/** The reply's text: UTF-8, or Latin-1 when its declaration says so. */
export function decodeReply(bytes: Uint8Array): string {
  const b = bytes.subarray(0, REPLY_MAX);
  const head = String.fromCharCode(...b.subarray(0, 100));
  if (/^\s*<\?xml[^>]*encoding\s*=\s*["'](ISO-8859-1|latin1)["']/i.test(head)) {
    return String.fromCharCode(...b);
  }
  return new TextDecoder().decode(b);
}

const NAME = "[A-Za-z_:][\\w.:-]*";
const REF = /&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);/g;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function unescape(v: string): string | undefined {
  // a bare "&" is not well-formed
  if (v.replace(REF, "").includes("&")) return undefined;
  let bad = false;
  const out = v.replace(REF, (_, e: string) => {
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

/** One start tag. */
export interface Tag {
  name: string;
  /** Attributes in document order, entities resolved. */
  attrs: Array<[string, string]>;
  /** `<x/>`. */
  empty: boolean;
  /** Offset just after the tag. */
  end: number;
}

/**
 * The start tag at `at` ("<name"): "wait" when no ">" follows yet (the push
 * parser waits for it before parsing the tag), undefined when malformed.
 */
export function readTag(text: string, at: number): Tag | "wait" | undefined {
  const open = new RegExp(`<(${NAME})`, "y");
  open.lastIndex = at;
  const tag = open.exec(text);
  if (!tag) return undefined;
  if (!text.includes(">", at)) return "wait";
  at += tag[0].length;
  const attrs: Array<[string, string]> = [];
  const attr = new RegExp(`\\s+(${NAME})\\s*=\\s*("([^"<]*)"|'([^'<]*)')`, "y");
  const close = /\s*(\/?)>/y;
  while (true) {
    close.lastIndex = at;
    const c = close.exec(text);
    if (c) {
      return {
        name: tag[1]!,
        attrs,
        empty: c[1] === "/",
        end: at + c[0].length,
      };
    }
    attr.lastIndex = at;
    const a = attr.exec(text);
    if (!a) return undefined;
    const value = unescape(a[3] ?? a[4] ?? "");
    if (value === undefined || attrs.some(([n]) => n === a[1])) {
      return undefined;
    }
    attrs.push([a[1]!, value]);
    at += a[0].length;
  }
}

/** Markup that is not an element: comment, PI, CDATA, doctype. */
const OTHER: ReadonlyArray<readonly [string, string]> = [
  ["<!--", "-->"],
  ["<?", "?>"],
  ["<![CDATA[", "]]>"],
  ["<!DOCTYPE", ">"],
];

/**
 * Parses as far as the push parser gets: the root tag ("wait" when the
 * datagram ends before it is complete), or undefined on a parse error.
 * `check` sees the root tag (NUT's callback) and may abort the parse.
 */
export function parseReply(
  text: string,
  check: (root: Tag) => boolean,
): Tag | "wait" | undefined {
  const nul = text.indexOf("\0");
  if (nul >= 0) text = text.slice(0, nul);
  if (!text.length) return undefined;
  let root: Tag | undefined;
  const stack: string[] = [];
  let at = text.startsWith("\uFEFF") ? 1 : 0;
  while (at < text.length) {
    const lt = text.indexOf("<", at);
    const between = text.slice(at, lt < 0 ? undefined : lt);
    // text outside the root element must be blank
    if (!stack.length && between.trim()) return undefined;
    if (lt < 0) break;
    at = lt;
    const other = OTHER.find(([o]) => text.startsWith(o, at));
    if (other) {
      const e = text.indexOf(other[1], at + other[0].length);
      if (e < 0) break;
      at = e + other[1].length;
      continue;
    }
    const endTag = new RegExp(`<\\/(${NAME})\\s*>`, "y");
    endTag.lastIndex = at;
    const e = endTag.exec(text);
    if (e) {
      if (stack.pop() !== e[1]) return undefined;
      at += e[0].length;
      continue;
    }
    if (text.startsWith("</", at)) break;
    const t = readTag(text, at);
    if (t === "wait") break;
    if (!t) {
      // a malformed tag is an error; "<" without a name is one before the
      // root, else the parser still waits for more (observed with 2.8.0)
      if (!root || new RegExp(`<${NAME}`, "y").test(text.slice(at))) {
        return undefined;
      }
      break;
    }
    if (root && !stack.length) return undefined; // a second root element
    if (!root) {
      root = t;
      if (!check(t)) return undefined;
    }
    if (!t.empty) stack.push(t.name);
    at = t.end;
  }
  return root ?? "wait";
}

/** The device a reply from `ip` describes, or undefined when NUT refuses it. */
export function xmlDevice(reply: string, ip: string): ScanDevice | undefined {
  const options: Array<[string, string]> = [];
  // NUT's start-element callback, attribute by attribute
  const callback = (root: Tag) => {
    for (const [name, value] of root.attrs) {
      if (name === "class" && value === "DEV.PDU") return false;
      if (name === "type") options.push(["desc", value]);
    }
    return options.length > 0;
  };
  if (!parseReply(reply, callback)) return undefined;
  return { bus: "xml", driver: "netxml-ups", port: `http://${ip}`, options };
}
