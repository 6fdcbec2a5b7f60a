import { assert, assertEquals } from "../../tests/assert.ts";
import { MemoryTransport } from "../../src/transport/memory.ts";
import { testCtx } from "../../tests/sim/harness.ts";
import { ALL_LISTS, SecModel } from "../../tests/sim/gamatronic.ts";
import {
  GamatronicDriver,
  parseReply,
  secMessage,
  secValue,
} from "./driver.ts";
import { SEC_STATUS, SEC_VARS } from "./table.ts";

Deno.test({
  name: "gamatronic: SEC messages and replies",
  permissions: "none",
  fn() {
    assertEquals(secMessage("P", "MAN"), "^P003MAN");
    assertEquals(secMessage("S", "PSD", "-1"), "^S005PSD-1");
    assertEquals(parseReply("^D0051,2,3"), { kind: "data", data: "1,2,3" });
    // the length field bounds the data
    assertEquals(parseReply("^D0031,2,3"), { kind: "data", data: "1,2" });
    assertEquals(parseReply("^1"), { kind: "ack" });
    assertEquals(parseReply("^0"), { kind: "nak" });
    assertEquals(parseReply("^D000"), null);
    assertEquals(parseReply("D0051,2,3"), null);
    assertEquals(parseReply("^X"), null);
  },
});

Deno.test({
  name: "gamatronic: the variable table and value formats",
  permissions: "none",
  fn() {
    assertEquals(SEC_VARS.length, 90);
    assertEquals(SEC_VARS[SEC_STATUS.outputOff]!.label, "Output Off ");
    assertEquals(SEC_VARS[SEC_STATUS.overload]!.label, "Overload ");
    assertEquals(
      SEC_VARS[SEC_STATUS.batteryCondition]!.label,
      "Battery Condition",
    );
    assertEquals(SEC_VARS[SEC_STATUS.batteryStatus]!.label, "Battery Status");
    assertEquals(SEC_VARS[SEC_STATUS.outputSource]!.label, "Output Source");
    // ÷10 with one decimal, text, ×60 (negative: 0), unpublished
    assertEquals(secValue(24, "2736"), "273.6");
    assertEquals(secValue(20, "-84"), "-8.4");
    assertEquals(secValue(20, ""), "0.0");
    assertEquals(secValue(21, "230412"), "230412");
    assertEquals(secValue(37, "12"), "720");
    assertEquals(secValue(37, "-3"), "0");
    assertEquals(secValue(76, "1"), null);
  },
});

/** The SEC model behind an in-memory port. */
function port(model: SecModel): MemoryTransport {
  let buf = "";
  return new MemoryTransport((data, p) => {
    buf += String.fromCharCode(...data);
    while (buf.length >= 5 && buf.length >= 5 + parseInt(buf.slice(2, 5))) {
      const len = 5 + parseInt(buf.slice(2, 5));
      const msg = buf.slice(0, len);
      buf = buf.slice(len);
      p.push(`${model.answer(msg[1]!, msg.slice(5))}\r`);
    }
  });
}

Deno.test({
  name: "gamatronic: all 89 variables in long lists; two instances apart",
  permissions: "none",
  async fn() {
    const m1 = new SecModel(ALL_LISTS), m2 = new SecModel(ALL_LISTS);
    m2.state = "low";
    const t1 = testCtx("/dev/a"), t2 = testCtx("/dev/b");
    const d1 = new GamatronicDriver(t1.ctx, () => Promise.resolve(port(m1)));
    const d2 = new GamatronicDriver(t2.ctx, () => Promise.resolve(port(m2)));
    await Promise.all([d1.init(), d2.init()]);
    await Promise.all([d1.update(), d2.update()]);
    // 14 queries: write-only numbers (80, 83, 85, 88) are never read
    assertEquals(
      d1.queries.map((q) => q.cmd).join(" "),
      "ST5 NOM ATR ST1 ST4 UID ST2 MAN MOD ST3 SDA VER STR UBR",
    );
    const g1 = (n: string) => t1.state.tree.get(n);
    assertEquals(g1("ups.status"), "OL");
    assertEquals(g1("battery.date"), "230412");
    assertEquals(g1("ups.firmware"), "2.31");
    assertEquals(g1("battery.voltage"), "273.6");
    assertEquals(t2.state.tree.get("ups.status"), "ALARM OB LB");
    assertEquals(
      t2.state.tree.get("ups.alarm"),
      "Input Bad  Shutdown Pending ",
    );
    assert(!t1.state.stale && !t2.state.stale);
    await d1.close();
    await d2.close();
  },
});
