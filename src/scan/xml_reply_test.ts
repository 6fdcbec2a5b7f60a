import { assertEquals } from "../../tests/assert.ts";
import { decodeReply, parseReply, REPLY_MAX, xmlDevice } from "./xml_reply.ts";

// Outcomes observed with Debian's nut-scanner 2.8.0 (the interop test
// tests/interop/nut_scanner_xml_ipmi_test.ts compares these live).
const desc = (reply: string) => xmlDevice(reply, "10.0.0.9")?.options;

Deno.test({
  name: "xmlDevice: the root's type is desc; ePDU and no type refused",
  permissions: "none",
  fn() {
    assertEquals(xmlDevice('<SCAN_ANSWER type="Transverse"/>', "10.0.0.9"), {
      bus: "xml",
      driver: "netxml-ups",
      port: "http://10.0.0.9",
      options: [["desc", "Transverse"]],
    });
    assertEquals(desc('<A class="DEV.PDU" type="ePDU"/>'), undefined);
    assertEquals(desc('<A type="x" class="DEV.PDU"/>'), undefined);
    assertEquals(desc('<A name="n"/>'), undefined);
    assertEquals(desc("<A><B type='x'/></A>"), undefined);
    assertEquals(desc('<A type="x&#65;&lt;"/>'), [["desc", "xA<"]]);
  },
});

Deno.test({
  name: "parseReply: errors vs. a parser still waiting for more",
  permissions: "none",
  fn() {
    const ok = () => true;
    // waiting: a truncated tag never reaches the callback
    assertEquals(parseReply('<A type="x" n="1', ok), "wait");
    assertEquals(parseReply('<?xml version="1.0"?>', ok), "wait");
    assertEquals(desc('<A type="x" n=1'), []);
    // errors
    for (
      const bad of [
        "",
        'hello <A type="x"/>',
        '<A type="x"></B>',
        '<A type="x"/><B/>',
        '<A type="x"/>junk',
        '<A type="x"><B c="1" c="2"/></A>',
        '<A type="a&b"/>',
      ]
    ) assertEquals(parseReply(bad, ok), undefined, bad);
    // accepted: text the parser has not judged yet, comments, a NUL end
    for (
      const good of [
        '<A type="x">garbage<<<',
        '<A type="x"> <!-- c --> <B a="1">t</B><C/></A>  ',
        '<A type="x"/>\u0000junk',
      ]
    ) assertEquals(typeof parseReply(good, ok), "object", good);
  },
});

Deno.test({
  name: "decodeReply: 520 bytes at most, Latin-1 when declared",
  permissions: "none",
  fn() {
    const long = new TextEncoder().encode("x".repeat(600));
    assertEquals(decodeReply(long).length, REPLY_MAX);
    const latin = new Uint8Array([
      ...new TextEncoder().encode(
        '<?xml version="1.0" encoding="ISO-8859-1"?><A type="',
      ),
      0xe9,
      0x22,
      0x2f,
      0x3e,
    ]);
    assertEquals(desc(decodeReply(latin)), [["desc", "\u00e9"]]);
  },
});
