/**
 * One tripplite_usb poll (upsdrv_updateinfo of NUT 2.8.0): S decides the
 * status, then B (OMNIVS) or D, M, T (SMART) give voltages, frequency and
 * temperature, the battery charge is estimated from the 12 V-equivalent
 * battery voltage, L gives load or output voltage, and the debug copies
 * follow.
 *
 * @module
 */
import type { DriverContext } from "../../src/driver/types.ts";
import type { TrippLiteDriver } from "./driver.ts";
import {
  cmd,
  hex2d,
  hexascdump,
  hexOrBin,
  isBinary,
  isOmni,
  isSmart,
  width3,
} from "./protocol.ts";

const hex2 = (n: number) => n.toString(16).padStart(2, "0");

/** Status tokens and side effects of the S reply. */
function decodeS(d: TrippLiteDriver, s: Uint8Array): string[] {
  const st = d.ctx.state;
  const log = d.ctx.log;
  const m = d.unit.model;
  const tokens: string[] = [];
  if (m !== "omnivs" && m !== "omnivs2001") {
    st.set("ups.debug.S", hexascdump(s, 1, 7));
  }
  if (m === "omnivs") {
    const map: Record<number, string> = {
      0x30: "OL",
      0x31: "OB",
      0x32: "BYPASS",
    };
    if (map[s[2]!]) tokens.push(map[s[2]!]!);
    else if (s[2] === 0x33) {
      log.warn(`Unknown value for s[2]: 0x${hex2(s[2]!)}`);
    } else {
      log.error(`Unknown value for s[2]: 0x${hex2(s[2]!)}`);
      st.dataStale();
    }
  }
  if (isSmart(m) || m === "omnivs2001") {
    const s2 = isBinary(m) ? (s[2]! + 0x30) & 0xffffffff : s[2]!;
    const test: Record<number, [string | undefined, string | undefined]> = {
      0x30: [undefined, "Battery OK"],
      0x31: [undefined, "Battery bad - replace"],
      0x32: ["CAL", undefined],
      0x33: ["OVER", "Overcurrent?"],
      0x34: [undefined, undefined],
      0x35: ["OVER", "Battery fail - overcurrent?"],
    };
    const t = test[s2];
    if (t) {
      if (t[0]) tokens.push(t[0]);
      if (t[1]) st.set("battery.test.status", t[1]);
    } else {
      log.error(`Unknown value for s[2]: 0x${hex2(s[2]!)}`);
      st.dataStale();
    }
    if (s[4]! & 4) tokens.push("OFF");
    else tokens.push(s[4]! & 1 ? "OB" : "OL");
  }
  const s1 = isBinary(m) ? s[1]! + 0x30 : s[1]!;
  if (s1 === 0x30) tokens.push("LB");
  else if (s1 === 0x32 && m === "smartpro") tokens.push("RB");
  else if (s1 !== 0x31) {
    log.error(`Unknown value for s[1]: 0x${hex2(s[1]!)}`);
    st.dataStale();
  }
  return tokens;
}

/** The poll; stale and a reconnect when a mandatory reply is missing. */
export async function publishPoll(d: TrippLiteDriver): Promise<void> {
  const st = d.ctx.state;
  const u = d.unit;
  const m = u.model;
  const fail = async (what: string) => {
    st.dataStale();
    await d.commFail(what);
  };
  const s = await d.send(cmd("S"));
  if (!s) return await fail("Error reading S value");
  st.setStatus(decodeS(d, s));
  let bv12 = 0;
  if (isOmni(m)) {
    const b = await d.send(cmd("B"));
    if (!b) return await fail("Error reading B value");
    st.set(
      "input.voltage",
      (hex2d(b, 1, 4) / 3600 * u.inputVoltageScaled).toFixed(2),
    );
    bv12 = hex2d(b, 5, 2) / 16;
    st.set("battery.voltage", bv12.toFixed(2));
  }
  if (isSmart(m)) {
    const dv = await d.send(cmd("D"));
    if (!dv) return await fail("Error reading D value");
    st.set(
      "input.voltage",
      Math.trunc(hexOrBin(m, dv, 1, 2) * u.inputVoltageScaled / 120),
    );
    bv12 = hexOrBin(m, dv, 3, 2) / 10;
    st.set(
      "battery.voltage",
      (bv12 * u.batteryVoltageNominal / 12).toFixed(2),
    );
    const mm = await d.send(cmd("M"));
    if (mm && mm[5] !== 0x0d) st.set("ups.debug.M", hexascdump(mm, 1, 7));
    if (!mm) return await fail("Error reading M (min/max input voltage)");
    st.set(
      "input.voltage.minimum",
      width3(hexOrBin(m, mm, 1, 2) * u.inputVoltageScaled / 120),
    );
    st.set(
      "input.voltage.maximum",
      width3(hexOrBin(m, mm, 3, 2) * u.inputVoltageScaled / 120),
    );
    const t = await d.send(cmd("T"));
    if (!t) return await fail("Error reading T value");
    st.set("ups.debug.T", hexascdump(t, 1, 7));
    if (m === "smartpro") {
      st.set("input.frequency", (hex2d(t, 3, 3) / 10).toFixed(1));
      if (t[6] === 0x31) st.set("input.frequency.nominal", 60);
      if (t[6] === 0x30) st.set("input.frequency.nominal", 50);
    }
    if (m === "smart0004") {
      st.set("input.frequency", (hex2d(t, 3, 4) / 10).toFixed(1));
    }
    if (m === "smart3005") st.set("ups.temperature", hex2d(t, 1, 1));
    else {
      st.set("ups.temperature", (hex2d(t, 1, 2) * 0.3636 - 21).toFixed(1));
    }
  }
  if (m !== "unknown") {
    const [lo, hi] = u.vInterval;
    const bp = bv12 >= hi
      ? 100
      : bv12 <= lo
      ? 10
      : Math.trunc(100 * Math.sqrt((bv12 - lo) / (hi - lo)));
    st.set("battery.charge", width3(bp));
  }
  const l = await d.send(cmd("L"));
  if (!l) return await fail("Error reading L value");
  if (isOmni(m)) {
    st.set(
      "output.voltage",
      (hex2d(l, 1, 4) / 240 * u.inputVoltageScaled).toFixed(1),
    );
  } else if (m === "smartpro") st.set("ups.load", hex2d(l, 1, 2));
  else if (m === "smart3005") st.set("ups.load", hexOrBin(m, l, 1, 1));
  else {
    if (m === "smart0004") st.set("ups.load", hex2d(l, 1, 2));
    st.set("ups.debug.L", hexascdump(l, 1, 7));
  }
  if (!isOmni(m)) {
    if (!(await d.debugMessage("D"))) return;
    if (m !== "smartpro") {
      for (const x of ["V", "M", "T", "P"]) {
        if (!(await d.debugMessage(x))) return;
      }
    }
  }
  st.dataOk();
}

/** The switchable load banks (plus the unswitched one) and load.on/off. */
export function publishLoadBanks(
  st: DriverContext["state"],
  banks: number,
): void {
  if (banks <= 0) return;
  for (let i = 1; i <= banks + 1; i++) {
    st.set(`outlet.${i}.id`, i);
    st.set(`outlet.${i}.desc`, `Load ${i}`);
    st.set(`outlet.${i}.switchable`, i <= banks ? "1" : "0");
    if (i <= banks) {
      st.set(`outlet.${i}.switch`, "1");
      st.setFlags(`outlet.${i}.switch`, ["RW", "STRING"]);
      st.setAux(`outlet.${i}.switch`, 3);
    }
  }
  st.addCmd("load.on");
  st.addCmd("load.off");
}
