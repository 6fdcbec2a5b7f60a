/**
 * What the Megatec-like Q* protocols share (nutdrv_qx_blazer-common.c):
 * claims, status-bit decoding, shutdown/test command building, delays.
 *
 * @module
 */
import type { QxEngine } from "./engine.ts";
import {
  type Preprocess,
  QX,
  type QxItem,
  sprintf,
  strtod,
  strtol,
} from "./item.ts";

/** Range of ups.delay.start (blazer_r_ondelay). */
export const R_ONDELAY = ["0", "599940"] as const;
/** Range of ups.delay.shutdown (blazer_r_offdelay). */
export const R_OFFDELAY = ["12", "600"] as const;
/** DEFAULT_ONDELAY / DEFAULT_OFFDELAY. */
export const DEFAULT_ONDELAY = "180";
export const DEFAULT_OFFDELAY = "30";

async function claimItem(e: QxEngine, name: string): Promise<boolean> {
  const item = e.find(name);
  if (!item) return false;
  if (!(await e.process(item))) return false;
  return e.infovalSet(item) === 1;
}

/** blazer_claim: status (input.voltage) and, unless novendor, ups.firmware. */
export async function blazerClaim(e: QxEngine): Promise<boolean> {
  if (!(await claimItem(e, "input.voltage"))) return false;
  if (e.testvar("novendor")) return true;
  if (!(await claimItem(e, "ups.firmware"))) {
    e.ctx.state.del("input.voltage");
    return false;
  }
  return true;
}

/** blazer_claim_light: status only. */
export function blazerClaimLight(e: QxEngine): Promise<boolean> {
  return claimItem(e, "input.voltage");
}

/** blazer_initups: norating, novendor, ignoresab. */
export function blazerInitups(e: QxEngine): void {
  const nr = e.testvar("norating"), nv = e.testvar("novendor");
  const isb = e.testvar("ignoresab");
  for (const item of e.items) {
    if (!item.command) continue;
    const c = item.command.toLowerCase();
    if (nr && c === "f\r") item.flags |= QX.SKIP;
    if (nv && (c === "i\r" || c === "fw?\r")) item.flags |= QX.SKIP;
    if (
      isb && item.name === "ups.status" && item.from === 44 && item.to === 44
    ) {
      item.flags |= QX.SKIP;
    }
  }
}

/** blazer_initups_light: ignoresab only. */
export function blazerInitupsLight(e: QxEngine): void {
  if (!e.testvar("ignoresab")) return;
  const item = e.items.find((i) =>
    i.name === "ups.status" && i.from === 44 && i.to === 44
  );
  if (item) item.flags |= QX.SKIP;
}

/** blazer_process_setvar: ondelay to whole minutes, offdelay to 6 s / 1 min steps. */
export const processSetvar: Preprocess = (e, item, value) => {
  if (!value) return null;
  const n = strtol(value);
  if (n < 0) {
    e.ctx.log.error(
      `${item.name}: ${
        item.name === "ups.delay.start" ? "ondelay" : "offdelay"
      } '${n}' should not be negative`,
    );
    return null;
  }
  if (item.name === "ups.delay.start") return String(n - (n % 60));
  if (item.name === "ups.delay.shutdown") {
    return String(n < 60 ? n - (n % 6) : n - (n % 60));
  }
  return null;
};

function offdelayText(off: number): string {
  return off < 60
    ? `.${Math.trunc(off / 6)}`
    : sprintf("%02d", Math.trunc(off / 60));
}

/** blazer_process_command: S<n>[R<m>], S<n>R0000, T<nn>. */
export const processCommand: Preprocess = (e, item, value) => {
  const off = strtol(e.get("ups.delay.shutdown"));
  if (item.name === "shutdown.return") {
    const on = Math.trunc(strtol(e.get("ups.delay.start")) / 60);
    if (off < 0) return null;
    let buf: string;
    if (on <= 0) buf = offdelayText(off);
    else buf = `${offdelayText(off)}R${sprintf("%04d", on)}`;
    return sprintf(item.command!, buf);
  }
  if (item.name === "shutdown.stayoff") {
    if (off < 0) return null;
    return sprintf(item.command!, offdelayText(off));
  }
  if (item.name === "test.battery.start") {
    const delay = value.length > 0 ? strtol(value) : 600;
    if (delay < 60 || delay > 5940) {
      e.ctx.log.error(
        `${item.name}: battery test time '${delay}' out of range [60..5940] seconds`,
      );
      return null;
    }
    return sprintf(item.command!, Math.trunc(delay / 60));
  }
  return null;
};

/** blazer_process_status_bits: one status character at offset 38..45. */
export const processStatusBits: Preprocess = (e, item) => {
  const v = item.value;
  if (v.length !== 1 || !"01".includes(v)) return null;
  const on = v === "1";
  switch (item.from) {
    case 38:
      return on ? "!OL" : "OL";
    case 39:
      return on ? "LB" : "!LB";
    case 40: {
      if (!on) return "";
      const vi = strtod(e.get("input.voltage")),
        vo = strtod(e.get("output.voltage"));
      if (vo < 0.5 * vi) return null;
      if (vo < 0.95 * vi) return "TRIM";
      if (vo < 1.05 * vi) return "BYPASS";
      if (vo < 1.5 * vi) return "BOOST";
      return null;
    }
    case 41:
      return on ? "UPS selftest failed!" : "";
    case 42:
      return on ? "offline / line interactive" : "online";
    case 43:
      return on ? "CAL" : "!CAL";
    case 44:
      return on ? "FSD" : "!FSD";
    case 45:
      return on ? "enabled" : "disabled";
  }
  return null;
};

/** A row with the fields most rows leave at zero. */
export function row(r: Partial<QxItem> & { name: string }): QxItem {
  return { answerLen: 0, leading: "", from: 0, to: 0, flags: 0, ...r };
}
