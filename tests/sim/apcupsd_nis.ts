/**
 * An apcupsd Network Information Server simulator, written from the
 * protocol facts (apcupsd's NIS: 2-byte big-endian length + bytes each
 * way; `status` answered by one message per `ITEM     : value` line and a
 * zero-length end). `mode` plays bad servers: "garbage" sends an oversized
 * length, "short" closes mid-record, "noend" closes before the end mark.
 *
 * @module
 */

/** What the server does with the next requests. */
export type NisMode = "ok" | "garbage" | "short" | "noend";

function frame(text: string): Uint8Array {
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(2 + body.length);
  new DataView(out.buffer).setUint16(0, body.length);
  out.set(body, 2);
  return out;
}

/** A running simulator on 127.0.0.1. */
export class NisSim {
  #listener: Deno.Listener;
  /** The status lines served ("ITEM : value", without the newline). */
  lines: string[];
  mode: NisMode = "ok";
  /** Requests answered so far. */
  requests = 0;

  constructor(lines: string[]) {
    this.lines = lines;
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#accept();
  }

  get port(): number {
    return (this.#listener.addr as Deno.NetAddr).port;
  }

  async #accept(): Promise<void> {
    try {
      for await (const c of this.#listener) this.#serve(c);
    } catch {
      // closed
    }
  }

  async #serve(c: Deno.Conn): Promise<void> {
    try {
      const buf = new Uint8Array(64);
      let got = new Uint8Array(0);
      while (got.length < 2 || got.length < 2 + ((got[0]! << 8) | got[1]!)) {
        const n = await c.read(buf);
        if (n === null) return;
        const j = new Uint8Array(got.length + n);
        j.set(got);
        j.set(buf.subarray(0, n), got.length);
        got = j;
      }
      const cmd = new TextDecoder().decode(got.subarray(2));
      if (cmd !== "status") return;
      this.requests++;
      const parts: Uint8Array[] = this.lines.map((l) => frame(`${l}\n`));
      if (this.mode === "garbage") {
        parts.splice(2, 0, new Uint8Array([0x7f, 0xff, 1, 2, 3]));
      }
      if (this.mode === "short") {
        parts.splice(
          3,
          parts.length,
          frame("LINEV    : 230.0 Volts\n").slice(0, 8),
        );
      }
      if (this.mode !== "noend" && this.mode !== "short") {
        parts.push(new Uint8Array(2));
      }
      for (const p of parts) await c.write(p);
    } catch {
      // client went away
    } finally {
      try {
        c.close();
      } catch { /* closed */ }
    }
  }

  close(): void {
    try {
      this.#listener.close();
    } catch { /* closed */ }
  }
}

/** A Back-UPS as apcupsd 3.14 reports it over USB. */
export const BACK_UPS: readonly string[] = [
  "APC      : 001,036,0879",
  "DATE     : 2026-12-07 16:00:00 +0000  ",
  "HOSTNAME : sim",
  "VERSION  : 3.14.14 (31 May 2016) debian",
  "UPSNAME  : simups",
  "CABLE    : USB Cable",
  "DRIVER   : USB UPS Driver",
  "UPSMODE  : Stand Alone",
  "STARTTIME: 2026-12-07 15:00:00 +0000  ",
  "MODEL    : Back-UPS RS 1500G ",
  "STATUS   : ONLINE ",
  "LINEV    : 230.0 Volts",
  "LOADPCT  : 12.0 Percent",
  "BCHARGE  : 100.0 Percent",
  "TIMELEFT : 54.3 Minutes",
  "MBATTCHG : 5 Percent",
  "MINTIMEL : 3 Minutes",
  "MAXTIME  : 0 Seconds",
  "SENSE    : Medium",
  "LOTRANS  : 155.0 Volts",
  "HITRANS  : 280.0 Volts",
  "ALARMDEL : 30 Seconds",
  "BATTV    : 27.1 Volts",
  "LASTXFER : No transfers since turnon",
  "NUMXFERS : 0",
  "TONBATT  : 0 Seconds",
  "CUMONBATT: 0 Seconds",
  "XOFFBATT : N/A",
  "SELFTEST : NO",
  "STATFLAG : 0x05000008",
  "SERIALNO : 3B1234X56789  ",
  "BATTDATE : 2020-01-01",
  "NOMINV   : 230 Volts",
  "NOMBATTV : 24.0 Volts",
  "NOMPOWER : 865 Watts",
  "FIRMWARE : 865.L7 .D USB FW:L7",
  "END APC  : 2026-12-07 16:00:05 +0000  ",
];

/** A Smart-UPS on battery, low, with a two-part firmware and more items. */
export const SMART_UPS_OB: readonly string[] = [
  "APC      : 001,050,1200",
  "DATE     : 2026-12-07 17:30:12 +0100  ",
  "UPSNAME  : a-very-long-ups-name-here",
  "MODEL    : Smart-UPS 1500 RM with a long model name",
  "STATUS   : ONBATT LOWBATT REPLACEBATT ",
  "LINEV    : 0.0 Volts",
  "LOADPCT  : 45.25 Percent",
  "BCHARGE  : 8.0 Percent",
  "TIMELEFT : 2.5 Minutes",
  "MBATTCHG : 10 Percent",
  "MINTIMEL : 5 Minutes",
  "OUTPUTV  : 229.6 Volts",
  "LINEFREQ : 50.0 Hz",
  "ITEMP    : 31.5 C",
  "DWAKE    : 0 Seconds",
  "DSHUTD   : 180 Seconds",
  "STESTI   : 336",
  "SELFTEST : OK",
  "MAXLINEV : 240.1 Volts",
  "MINLINEV : 0.0 Volts",
  "NOMOUTV  : 230 Volts",
  "RETPCT   : 15.0 Percent",
  "LOAD_W   : 440.7 Watts",
  "LOADAPNT : 47.125 Percent",
  "OUTCURNT : 2.375 Amps",
  "LOAD_VA  : 690.0 VA",
  "NOMAPNT  : 1500 VA",
  "MANDATE  : 2019-03-14",
  "FIRMWARE : COM 03.1 / UPS 03.4",
  "SENSE    : High",
  "LASTXFER : Low line voltage",
  "SERIALNO : AS1234567890123456789012345678901234",
  "BATTDATE : 2021-06-01 extra",
  "END APC  : 2026-12-07 17:30:15 +0100  ",
];
