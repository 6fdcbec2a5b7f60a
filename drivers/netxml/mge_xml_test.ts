import { assert, assertEquals, assertThrows } from "../../tests/assert.ts";
import { DriverFatalError } from "../../src/driver/types.ts";
import { detectPhaseCount, phaseTracker } from "../../src/driver/phases.ts";
import { parseXml, XmlError } from "./xml.ts";
import { MgeXml } from "./mge_xml.ts";
import { statusTokens, xmlNameForNut } from "./table.ts";

function sink() {
  const vars = new Map<string, string>();
  const notes: string[] = [];
  return {
    vars,
    notes,
    sink: {
      get: (n: string) => vars.get(n),
      set: (n: string, v: string) => void vars.set(n, v),
      notice: (m: string) => void notes.push(m),
    },
  };
}

const product = (type: string, extra = "") =>
  `<?xml version="1.0"?><PRODUCT_INFO name="NMC" type="${type}" version="GB (SN 49EH)" ${extra}>` +
  `<SUMMARY><XML_SUMMARY_PAGE url="ws/summary.xml  "/></SUMMARY>` +
  `<UPS_DATA><GET_OBJECT url="getvalue.cgi"/><SET_OBJECT url="setvalue.cgi"/></UPS_DATA>` +
  `</PRODUCT_INFO>`;

Deno.test({
  name: "xml reader: events, entities, CDATA, self-closing; errors thrown",
  permissions: "none",
  fn() {
    const ev: string[] = [];
    parseXml(
      `<?xml version="1.0"?><!-- c --><A x='1&amp;2'><B/>t&lt;&#65;<![CDATA[<raw>]]></A>`,
      {
        start: (n, a) => ev.push(`<${n} ${a.map((p) => p.join("=")).join()}`),
        text: (d) => ev.push(d),
        end: (n) => ev.push(`/${n}`),
      },
    );
    assertEquals(ev, ["<A x=1&2", "<B ", "/B", "t<A", "<raw>", "/A"]);
    const h = { start() {}, text() {}, end() {} };
    for (
      const bad of [
        "",
        "garbage",
        "<A><B></A>",
        "<A>",
        "<A>&nope;</A>",
        "<A/><B/>",
      ]
    ) {
      assertThrows(() => parseXml(bad, h), XmlError);
    }
  },
});

Deno.test({
  name:
    "mge-xml: product page sets pages, firmware.aux and serial; V4 is fatal",
  permissions: "none",
  fn() {
    const s = sink();
    const m = new MgeXml(s.sink, 120, false);
    m.parse(product("Mosaic M"));
    assertEquals(m.pages.summary, "/ws/summary.xml");
    assertEquals(m.pages.getobject, "/getvalue.cgi");
    assertEquals(s.vars.get("ups.firmware.aux"), "NMC/Mosaic M/GB");
    assertEquals(s.vars.get("ups.serial"), "49EH");
    assertThrows(
      () =>
        new MgeXml(s.sink, 120, false).parse(product("x", 'protocol="XML.V4"')),
      DriverFatalError,
    );
  },
});

Deno.test({
  name: "mge-xml: two instances keep their own state (ambient, bits, deci)",
  permissions: "none",
  fn() {
    const a = sink(), b = sink();
    const ma = new MgeXml(a.sink, 120, false);
    const mb = new MgeXml(b.sink, 120, true);
    ma.parse(product("Transverse"));
    mb.parse(product("Mosaic M"));
    const objs = `<GET_OBJECT>
<OBJECT name="Environment.PresentStatus.HighHumidity">1</OBJECT>
<OBJECT name="UPS.PowerConverter.Output.Phase[1].Current">41</OBJECT>
<OBJECT name="UPS.PowerSummary.PresentStatus.ACPresent">1</OBJECT>
<OBJECT name="UPS.PowerSummary.DelayBeforeShutdown">30</OBJECT>
</GET_OBJECT>`;
    ma.parse(objs);
    mb.parse(objs.replace(">30<", ">300<"));
    assertEquals(a.vars.get("ambient.humidity.maximum"), "1");
    assertEquals(b.vars.get("ambient.humidity.maximum"), undefined);
    assertEquals(a.vars.get("output.L1.current"), "41");
    assertEquals(b.vars.get("output.L1.current"), "4.1");
    assertEquals(statusTokens(ma.bits), ["OL", "FSD"]);
    assertEquals(statusTokens(mb.bits), ["OL"]);
    assertEquals(a.vars.get("output.phases"), "1");
    assertEquals(a.notes.length, 1);
  },
});

Deno.test({
  name: "mge-xml: a page that breaks half-way keeps what came before",
  permissions: "none",
  fn() {
    const s = sink();
    const m = new MgeXml(s.sink, 120, false);
    assertThrows(() =>
      m.parse(
        `<SUMMARY><OBJECT name="UPS.PowerSummary.RemainingCapacity">77</OBJECT><OBJECT name=`,
      )
    );
    assertEquals(s.vars.get("battery.charge"), "77");
    assertEquals(
      xmlNameForNut("BATTERY.RUNTIME.LOW"),
      "System.RunTimeToEmptyLimit",
    );
  },
});

Deno.test({
  name: "phase count: 1, split 2, 3 phases; published once",
  permissions: "none",
  fn() {
    const run = (vals: Record<string, string>) => {
      const m = new Map(Object.entries(vals));
      const t = phaseTracker();
      const get = (n: string) => m.get(n);
      const set = (n: string, v: string) => void m.set(n, v);
      const first = detectPhaseCount("input.", t, get, set);
      assert(t.inited || first === undefined);
      assertEquals(detectPhaseCount("input.", t, get, set), undefined);
      return m.get("input.phases");
    };
    assertEquals(run({ "input.voltage": "230" }), "1");
    assertEquals(
      run({ "input.L1.voltage": "120", "input.L2.voltage": "121" }),
      "2",
    );
    assertEquals(
      run({ "input.L1.current": "5", "input.L3.current": "4" }),
      "3",
    );
    assertEquals(run({ "input.voltage": "0" }), undefined);
  },
});
