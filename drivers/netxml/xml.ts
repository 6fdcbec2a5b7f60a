/**
 * A small streaming XML reader (SAX style) for the NMC pages: start tags
 * with attributes, character data, end tags; comments, processing
 * instructions, DOCTYPE and CDATA sections handled; the five predefined
 * entities and numeric references decoded. Events are delivered as the
 * parse advances, so a document that turns bad half-way has already
 * delivered its first part (as neon's libxml2 parser does) before the
 * error is thrown.
 *
 * @module
 */

/** The callbacks a parse drives. */
export interface XmlHandler {
  start(name: string, attrs: ReadonlyArray<[string, string]>): void;
  text(data: string): void;
  end(name: string): void;
}

/** A malformed document. */
export class XmlError extends Error {
  constructor(message: string, at: number) {
    super(`XML parse error at ${at}: ${message}`);
    this.name = "XmlError";
  }
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ATTR = /^\s+([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/;

/** Decodes entity and character references; throws on an unknown one. */
export function decodeEntities(s: string, at = 0): string {
  if (!s.includes("&")) return s;
  return s.replace(/&([^;&\s]*);?/g, (m, ref: string) => {
    if (!m.endsWith(";")) throw new XmlError("bad reference", at);
    switch (ref) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "amp":
        return "&";
      case "quot":
        return '"';
      case "apos":
        return "'";
    }
    const n = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1];
    const d = /^#([0-9]+)$/.exec(ref)?.[1];
    const code = n ? parseInt(n, 16) : d ? parseInt(d, 10) : NaN;
    if (!Number.isFinite(code) || code > 0x10ffff || code === 0) {
      throw new XmlError(`unknown entity &${ref};`, at);
    }
    return String.fromCodePoint(code);
  });
}

/** Parses `doc`, calling `h` for each event; throws XmlError when malformed. */
export function parseXml(doc: string, h: XmlHandler): void {
  const open: string[] = [];
  let i = 0;
  let seenRoot = false;
  const n = doc.length;
  while (i < n) {
    const lt = doc.indexOf("<", i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const raw = doc.slice(i, textEnd);
      if (open.length) h.text(decodeEntities(raw, i));
      else if (raw.trim()) throw new XmlError("text outside the root", i);
      i = textEnd;
      continue;
    }
    if (doc.startsWith("<?", i)) {
      const e = doc.indexOf("?>", i);
      if (e < 0) throw new XmlError("unterminated declaration", i);
      i = e + 2;
    } else if (doc.startsWith("<!--", i)) {
      const e = doc.indexOf("-->", i);
      if (e < 0) throw new XmlError("unterminated comment", i);
      i = e + 3;
    } else if (doc.startsWith("<![CDATA[", i)) {
      const e = doc.indexOf("]]>", i);
      if (e < 0 || !open.length) throw new XmlError("bad CDATA", i);
      h.text(doc.slice(i + 9, e));
      i = e + 3;
    } else if (doc.startsWith("<!", i)) {
      if (seenRoot) throw new XmlError("DOCTYPE after the root", i);
      const e = doc.indexOf(">", i);
      if (e < 0) throw new XmlError("unterminated DOCTYPE", i);
      i = e + 1;
    } else if (doc.startsWith("</", i)) {
      const m = NAME.exec(doc.slice(i + 2));
      const name = m?.[0];
      const rest = name ? /^\s*>/.exec(doc.slice(i + 2 + name.length)) : null;
      if (!name || !rest) throw new XmlError("bad end tag", i);
      if (open.pop() !== name) throw new XmlError(`mismatched </${name}>`, i);
      h.end(name);
      i += 2 + name.length + rest[0].length;
    } else {
      const m = NAME.exec(doc.slice(i + 1));
      if (!m) throw new XmlError("bad start tag", i);
      if (seenRoot && !open.length) throw new XmlError("second root", i);
      const name = m[0];
      let j = i + 1 + name.length;
      const attrs: Array<[string, string]> = [];
      while (true) {
        const a = ATTR.exec(doc.slice(j, j + 4096));
        if (!a) break;
        if (attrs.some(([k]) => k === a[1])) {
          throw new XmlError(`duplicate attribute ${a[1]}`, j);
        }
        attrs.push([a[1]!, decodeEntities(a[2] ?? a[3] ?? "", j)]);
        j += a[0].length;
      }
      const close = /^\s*(\/?)>/.exec(doc.slice(j, j + 256));
      if (!close) throw new XmlError(`bad tag <${name}>`, i);
      seenRoot = true;
      h.start(name, attrs);
      if (close[1]) h.end(name);
      else open.push(name);
      i = j + close[0].length;
    }
  }
  if (open.length) throw new XmlError(`unclosed <${open.at(-1)}>`, n);
  if (!seenRoot) throw new XmlError("no root element", n);
}
