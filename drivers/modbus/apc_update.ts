/**
 * apc_modbus's poll (upsdrv_updateinfo): reopen after a failed read, then
 * the status block (status and alarm bits, outlet group states, battery and
 * power system errors), the dynamic block (boost, trim, meters) and the
 * static block (transfer points, delays).
 *
 * @module
 */
import type { ApcModbusDriver } from "./apc.ts";
import { APC_DYNAMIC, APC_STATIC, APC_STATUS } from "./apc_tables.ts";

const STATUS_BITS: ReadonlyArray<[number, string]> = [
  [1 << 1, "OL"],
  [1 << 2, "OB"],
  [1 << 3, "BYPASS"],
  [1 << 4, "OFF"],
];
const POWER_ERRORS: ReadonlyArray<[number, string]> = [
  [0, "Output overload"],
  [1, "Output short circuit"],
  [2, "Output overvoltage"],
  [4, "Overtemperature"],
  [5, "Backfeed relay fault"],
  [6, "AVR relay fault"],
  [7, "PFC input relay fault"],
  [8, "Output relay fault"],
  [9, "Bypass relay fault"],
  [11, "PFC fault"],
  [12, "DC bus overvoltage"],
  [13, "Inverter fault"],
];
const BATTERY_ERRORS: ReadonlyArray<[number, string]> = [
  [0, "Disconnected"],
  [1, "Over voltage"],
  [2, "Needs replacement"],
  [3, "Over temperature"],
  [4, "Charger fault"],
  [5, "Temperature sensor fault"],
  [6, "Bus soft start fault"],
];

/** One poll of `d`. */
export async function apcUpdate(d: ApcModbusDriver): Promise<void> {
  const st = d.ctx.state;
  if (!d.isOpen) {
    await d.sleep(1000);
    d.isOpen = true;
    await d.readInventory();
    if (!d.isOpen) {
      st.dataStale();
      return;
    }
    d.ctx.log.info("Opened modbus successfully");
  }
  const status: string[] = [], alarms: string[] = [], buzz: string[] = [];
  const s = await d.read(0, 27);
  if (!s) {
    st.dataStale();
    return;
  }
  const word32 = (i: number) => (s[i]! * 65536) + s[i + 1]!;
  const bits = word32(0);
  for (const [bit, token] of STATUS_BITS) if (bits & bit) status.push(token);
  if (bits & (1 << 5)) alarms.push("General fault");
  if (bits & (1 << 6)) alarms.push("Input not acceptable");
  if (bits & (1 << 7)) status.push("TEST");
  if (bits & (1 << 13)) buzz.push("vendor:apc:HE");
  if (bits & (1 << 21)) status.push("OVER");
  const power = word32(20);
  for (const [bit, text] of POWER_ERRORS) {
    if (power & (1 << bit)) alarms.push(`Power system - ${text}`);
  }
  d.present.forEach((present, i) => {
    if (!present) return;
    st.set(`outlet.group.${i}.status`, word32(3 + 3 * i) & 1 ? "on" : "off");
  });
  if (s[18]! & 2) status.push("LB"); // ShutdownImminent
  for (const [bit, text] of BATTERY_ERRORS) {
    if (!(s[22]! & (1 << bit))) continue;
    if (bit === 2) status.push("RB");
    alarms.push(`Battery system - ${text}`);
  }
  if (s[24]! & 2) status.push("CAL");
  d.process(APC_STATUS, s, 0);
  const dyn = await d.read(128, 44);
  if (!dyn) {
    st.dataStale();
    return;
  }
  if (dyn[22]! & (1 << 5)) status.push("BOOST");
  if (dyn[22]! & (1 << 6)) status.push("TRIM");
  d.process(APC_DYNAMIC, dyn, 128);
  const stat = await d.read(1026, 22);
  if (!stat) {
    st.dataStale();
    return;
  }
  d.process(APC_STATIC, stat, 1026);
  st.setAlarms(alarms);
  st.setStatus(status);
  if (buzz.length) st.set("experimental.ups.mode.buzzwords", buzz.join(" "));
  else st.del("experimental.ups.mode.buzzwords");
  st.dataOk();
}
