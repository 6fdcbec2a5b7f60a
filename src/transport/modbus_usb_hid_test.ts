import { assertEquals } from "../../tests/assert.ts";
import {
  aduReports,
  apcModbusAccept,
  hidReplyLength,
  modbusReportIds,
} from "./modbus_usb_hid.ts";

// vendor page 0xff86: usage 0xfc output in report 0x71, 0xfd input in 0x72
const DESC = Uint8Array.from([
  ...[0x06, 0x86, 0xff, 0x09, 0x01, 0xa1, 0x01],
  ...[0x85, 0x71, 0x09, 0xfc, 0x15, 0x00, 0x26, 0xff, 0x00],
  ...[0x75, 0x08, 0x95, 0x3f, 0x91, 0x02],
  ...[0x85, 0x72, 0x09, 0xfd, 0x95, 0x3f, 0x81, 0x02],
  0xc0,
]);

Deno.test({
  name: "modbus over USB HID: report ids, framing, reply lengths, matching",
  permissions: "none",
  fn: () => {
    assertEquals(modbusReportIds(DESC), { rx: 0x71, tx: 0x72 });
    // a plain vendor report descriptor has no Modbus items
    const plain = DESC.slice();
    plain[10] = 0x01;
    assertEquals(modbusReportIds(plain), null);
    const one = aduReports(0x90, Uint8Array.from([1, 3, 0, 0, 0, 27]));
    assertEquals(one.length, 1);
    assertEquals(one[0]!.length, 64);
    assertEquals([...one[0]!.subarray(0, 8)], [0x90, 1, 3, 0, 0, 0, 27, 0]);
    const two = aduReports(0x90, new Uint8Array(70).fill(7));
    assertEquals(two.map((r) => [r.length, r[0], r[63], r[7], r[8]]), [
      [64, 0x90, 7, 7, 7],
      [64, 0x90, 0, 7, 0],
    ]);
    assertEquals(hidReplyLength(Uint8Array.from([1])), 0);
    assertEquals(hidReplyLength(Uint8Array.from([1, 3, 54])), 57);
    assertEquals(hidReplyLength(Uint8Array.from([1, 0x83])), 3);
    assertEquals(hidReplyLength(Uint8Array.from([1, 16])), 6);
    const info = (vendorId: number, productId: number) =>
      ({ vendorId, productId }) as Parameters<
        ReturnType<typeof apcModbusAccept>
      >[0];
    const plainAccept = apcModbusAccept(new Map());
    assertEquals(plainAccept(info(0x051d, 0x0003)), true);
    assertEquals(plainAccept(info(0x051d, 0x0002)), false);
    assertEquals(plainAccept(info(0x0463, 0x0003)), false);
    const withPid = apcModbusAccept(new Map([["productid", "0002"]]));
    assertEquals(withPid(info(0x051d, 0x0002)), true);
  },
});
