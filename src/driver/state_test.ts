import { assertEquals } from "../../tests/assert.ts";
import { dumpAll } from "../protocol/sock.ts";
import { DriverStateImpl } from "./state.ts";

function recorder(state: DriverStateImpl): string[] {
  const lines: string[] = [];
  state.listen((l) => lines.push(l));
  return lines;
}

Deno.test("driver state: every change is broadcast once, escaped", {
  permissions: "none",
}, () => {
  const s = new DriverStateImpl();
  const lines = recorder(s);
  s.set("ups.id", 'a "b" #1');
  s.set("ups.id", 'A "B" #1'); // equal ignoring case: no-op, as NUT
  s.setFlags("ups.id", ["RW", "STRING"]);
  s.setFlags("ups.id", ["RW", "STRING"]);
  s.setAux("ups.id", 16);
  s.addEnum("ups.id", "x");
  s.addRange("ups.id", 1, 5);
  s.addCmd("load.off");
  s.addCmd("load.off");
  s.dataOk();
  s.dataOk();
  s.dataStale();
  s.del("ups.id");
  s.del("ups.id");
  s.delCmd("load.off");
  assertEquals(lines, [
    'SETINFO ups.id "a \\"b\\" \\#1"\n',
    "SETFLAGS ups.id RW STRING\n",
    "SETAUX ups.id 16\n",
    'ADDENUM ups.id "x"\n',
    "ADDRANGE ups.id 1 5\n",
    "ADDCMD load.off\n",
    "DATAOK\n",
    "DATASTALE\n",
    "DELINFO ups.id\n",
    "DELCMD load.off\n",
  ]);
});

Deno.test("driver state: override.* values are immutable", {
  permissions: "none",
}, () => {
  const s = new DriverStateImpl();
  s.setImmutable("ups.mfr", "Acme");
  const lines = recorder(s);
  s.set("ups.mfr", "Device Mfr");
  s.setFlags("ups.mfr", ["RW"]);
  assertEquals(s.tree.get("ups.mfr"), "Acme");
  assertEquals(lines, []);
  assertEquals(
    dumpAll(s.tree, s.stale),
    'DATASTALE\nSETINFO ups.mfr "Acme"\nDUMPDONE\n',
  );
});

Deno.test("driver state: status, alarms, ignorelb", {
  permissions: "none",
}, () => {
  const s = new DriverStateImpl();
  s.setStatus(["OB", "DISCHRG"]);
  assertEquals(s.tree.get("ups.status"), "OB DISCHRG");
  s.setAlarms(["Replace battery"]);
  assertEquals(s.tree.get("ups.status"), "ALARM OB DISCHRG");
  assertEquals(s.tree.get("ups.alarm"), "Replace battery");
  s.setAlarms([]);
  assertEquals(s.tree.get("ups.alarm"), undefined);
  assertEquals(s.tree.get("ups.status"), "OB DISCHRG");

  const lb = new DriverStateImpl({ ignoreLb: true });
  lb.set("battery.charge", "50");
  lb.set("battery.charge.low", "20");
  lb.setStatus(["OB", "LB"]);
  assertEquals(lb.tree.get("ups.status"), "OB");
  lb.set("battery.charge", "15");
  lb.setStatus(["OB"]);
  assertEquals(lb.tree.get("ups.status"), "OB LB");
});

Deno.test("driver state: values are cut to 255 chars", {
  permissions: "none",
}, () => {
  const s = new DriverStateImpl();
  s.set("x", "a".repeat(300));
  assertEquals(s.tree.get("x")!.length, 255);
});
