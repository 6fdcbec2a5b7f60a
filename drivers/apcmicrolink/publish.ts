/**
 * What apcmicrolink publishes from a session: every descriptor value the
 * table maps (with RW flags and string sizes), optionally the unmapped
 * ones as `microlink.unmapped.<path>`, and optionally the link's internals
 * as `microlink.*`.
 *
 * @module
 */
import type { DriverState } from "../../src/driver/types.ts";
import { fillTemplate, matchTemplate } from "./descriptor.ts";
import {
  FLAG_AUTH_REQUIRED,
  FLAG_DESCRIPTOR_PRESENT,
  FLAG_FIRMWARE_UPDATE_NEEDED,
  FLAG_IMPLICIT_STUFFING,
  pointerOffset,
} from "./link.ts";
import type { MicrolinkSession } from "./session.ts";
import { VALUE_ROWS } from "./table.ts";
import { asciiText, formatValue } from "./values.ts";

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, "0");

/** An unmapped value as NUT shows it (text, 2/4-byte hex with its place, or hex bytes). */
export function unmappedText(data: Uint8Array, offset: number): string {
  if (data.length && data.every((b) => b >= 0x20 && b < 0x7f)) {
    return asciiText(data);
  }
  const where = `@ ${offset.toString(16).padStart(4, "0")}:${data.length}`;
  if (data.length === 2 || data.length === 4) {
    return `0x${[...data].map(hex2).join("")} ${where}`;
  }
  return [...data].map(hex2).join(" ");
}

/** microlink_publish_descriptor_exports. */
export function publishValues(
  s: MicrolinkSession,
  st: DriverState,
  showUnmapped: boolean,
): void {
  for (const u of s.usages ?? []) {
    if (u.skipped || u.offset + u.size > s.blob.length) continue;
    let mapped = false;
    for (const row of VALUE_ROWS) {
      const idx = matchTemplate(row.path, u.path);
      if (idx === undefined) continue;
      mapped = true;
      const name = fillTemplate(row.name, row.oneBased ? idx + 1 : idx);
      const data = s.data(u.path, u.size);
      const text = data && formatValue(row, data);
      if (text !== undefined) st.set(name, text);
      if (row.rw) {
        st.setFlags(name, row.kind === "string" ? ["RW", "STRING"] : ["RW"]);
        if (row.kind === "string" && u.size > 0) st.setAux(name, u.size);
      }
    }
    if (mapped || !showUnmapped) continue;
    const data = s.blob.subarray(u.offset, u.offset + u.size);
    st.set(`microlink.unmapped.${u.path}`, unmappedText(data, u.offset));
  }
}

/** microlink_publish_runtime (showinternals). */
export function publishInternals(s: MicrolinkSession, st: DriverState): void {
  const p = s.page0, header = s.objects.get(0);
  const bit = (f: number) => (p.flags & f ? "1" : "0");
  if (header && header.length >= 7) {
    st.set("microlink.version", p.version);
    st.set("microlink.series.id", p.seriesId);
    st.set("microlink.series.data.version", p.seriesDataVersion);
    st.set("microlink.flags", `0x${hex2(p.flags)}`);
    st.set("microlink.flag.auth_required", bit(FLAG_AUTH_REQUIRED));
    st.set("microlink.flag.implicit_stuffing", bit(FLAG_IMPLICIT_STUFFING));
    st.set("microlink.flag.descriptor_present", bit(FLAG_DESCRIPTOR_PRESENT));
    st.set(
      "microlink.flag.firmware_update_needed",
      bit(FLAG_FIRMWARE_UPDATE_NEEDED),
    );
  }
  if (header && header.length >= 12 && p.flags & FLAG_DESCRIPTOR_PRESENT) {
    st.set("microlink.descriptor.version", p.descriptorVersion);
    st.set("microlink.descriptor.table_offset", 12);
    st.set(
      "microlink.descriptor.pointer",
      `0x${p.descriptorPtr.toString(16).toUpperCase().padStart(4, "0")}`,
    );
    st.set(
      "microlink.descriptor.data_offset",
      pointerOffset(p.descriptorPtr, p.width),
    );
  }
  st.set("microlink.session", s.sessionReady ? "ready" : "syncing");
  st.set("microlink.timeouts", s.timeouts);
  st.set("microlink.rxbuf", s.rxLength);
  st.set("microlink.page.width", p.width);
  st.set("microlink.page.count", p.count);
  st.set("microlink.descriptor.ready", s.usages ? "1" : "0");
  st.set("microlink.descriptor.usages", s.usages?.length ?? 0);
}
