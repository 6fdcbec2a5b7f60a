/**
 * The mge-xml subdriver's reading side: the element state machine NUT
 * drives from neon's XML callbacks (PRODUCT_INFO, SUMMARY, GET_OBJECT,
 * ALARM, XML-CLIENT pages), the value hooks and the status bits. Pure: it
 * writes through a small sink, so tests feed it pages without a network.
 *
 * Quirks kept from NUT: the last object's value is remembered across
 * elements, so a closing tag after it can still trigger the phase count;
 * an object with an empty value is ignored; `once` rows are never updated.
 *
 * @module
 */
import { DriverFatalError } from "../../src/driver/types.ts";
import {
  detectPhaseCount,
  type PhaseTracker,
  phaseTracker,
} from "../../src/driver/phases.ts";
import { parseXml } from "./xml.ts";
import { type HookName, rowForXml, type StatusBit } from "./table.ts";

/** Where the subdriver writes. */
export interface MgeSink {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  /** Logged once per instance (the convert_deci deprecation notice). */
  notice(msg: string): void;
}

/** Pages the product page points to (url_convert'ed, "/"-prefixed). */
export interface MgePages {
  summary?: string;
  configure?: string;
  subscribe?: string;
  getobject?: string;
  setobject?: string;
}

type St =
  | "root"
  | "unexpected"
  | "PRODUCT_INFO"
  | "PI_SUMMARY"
  | "PI_ALARMS"
  | "PI_MANAGEMENT"
  | "PI_UPS_DATA"
  | "PI_GET_OBJECT"
  | "PI_OTHER"
  | "SUMMARY"
  | "SU_OBJECT"
  | "GET_OBJECT"
  | "GO_OBJECT"
  | "SET_OBJECT"
  | "ALARM"
  | "XML_CLIENT"
  | "XC_GENERAL"
  | "XC_OTHER";

/** C's atoi: leading integer, else 0. */
export function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

/** NUT's url_convert: "/" + first whitespace-separated word. */
function urlConvert(v: string): string {
  return "/" + (v.split(/[ \r\n\t]+/).find((w) => w !== "") ?? "(null)");
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const TABLES: Partial<Record<HookName, Record<number, string>>> = {
  beeper: { 1: "disabled", 2: "enabled", 3: "muted" },
  contact: { 0: "opened", 1: "closed" },
  upsType: {
    1: "offline / line interactive",
    2: "online",
    3: "online - unitary/parallel",
    4: "online - parallel with hot standy",
    5: "online - hot standby redundancy",
  },
  sensitivity: { 0: "normal", 1: "high", 2: "low" },
  testResult: {
    1: "done and passed",
    2: "done and warning",
    3: "done and error",
    4: "aborted",
    5: "in progress",
    6: "no test initiated",
    7: "test scheduled",
  },
};

/** One instance's subdriver state. */
export class MgeXml {
  readonly bits = new Set<StatusBit>();
  readonly pages: MgePages = {};
  #sink: MgeSink;
  #shutdownDuration: number;
  #convertDeci: boolean;
  #var = "";
  #val = "";
  #ambient = false;
  #shutdownPending = false;
  #deciNoticed = false;
  #phases = {
    "input.": phaseTracker(),
    "input.bypass.": phaseTracker(),
    "output.": phaseTracker(),
  } as Record<string, PhaseTracker>;

  constructor(sink: MgeSink, shutdownDuration: number, convertDeci: boolean) {
    this.#sink = sink;
    this.#shutdownDuration = shutdownDuration;
    this.#convertDeci = convertDeci;
  }

  /** Feeds one page; throws XmlError (after applying what came before it). */
  parse(doc: string): void {
    const stack: St[] = [];
    parseXml(doc, {
      start: (name, attrs) => {
        stack.push(this.#start(stack.at(-1) ?? "root", name, attrs));
      },
      text: (data) => {
        const st = stack.at(-1);
        if (data === "\n") return;
        if (st === "SU_OBJECT" || st === "GO_OBJECT") this.#val += data;
      },
      end: () => this.#end(stack.pop()!),
    });
  }

  #start(
    parent: St,
    name: string,
    attrs: ReadonlyArray<[string, string]>,
  ): St {
    const attr = (k: string, fn: (v: string) => void) => {
      for (const [a, v] of attrs) if (eq(a, k)) fn(v);
    };
    const is = (n: string) => eq(name, n);
    switch (parent) {
      case "root":
        if (is("PRODUCT_INFO")) {
          for (const [a, v] of attrs) this.#productAttr(a, v);
          return "PRODUCT_INFO";
        }
        if (is("SUMMARY")) return "SUMMARY";
        if (is("GET_OBJECT")) return "GET_OBJECT";
        if (is("SET_OBJECT")) return "SET_OBJECT";
        if (is("ALARM")) {
          this.#var = this.#val = "";
          for (const [a, v] of attrs) {
            if (eq(a, "object")) this.#var = v;
            if (eq(a, "value")) this.#val = v;
            if (eq(a, "date")) {
              const t = this.#dateTime(v);
              this.#sink.set("ups.time", t ?? "(null)");
            }
          }
          return "ALARM";
        }
        if (is("XML-CLIENT")) return "XML_CLIENT";
        return "unexpected";
      case "PRODUCT_INFO":
        if (is("SUMMARY")) return "PI_SUMMARY";
        if (is("ALARMS")) return "PI_ALARMS";
        if (is("MANAGEMENT")) return "PI_MANAGEMENT";
        if (is("UPS_DATA") || is("DEV_DATA")) return "PI_UPS_DATA";
        return "unexpected";
      case "PI_SUMMARY":
        if (is("XML_SUMMARY_PAGE")) {
          attr("url", (v) => this.pages.summary = urlConvert(v));
        } else if (is("CENTRAL_CFG")) {
          attr("url", (v) => this.pages.configure = urlConvert(v));
        } else if (!is("HTML_PROPERTIES_PAGE") && !is("CSV_LOGS")) {
          return "unexpected";
        }
        return "PI_OTHER";
      case "PI_ALARMS":
        if (is("SUBSCRIPTION")) {
          attr("url", (v) => this.pages.subscribe = urlConvert(v));
        } else if (!is("POLLING")) return "unexpected";
        return "PI_OTHER";
      case "PI_MANAGEMENT":
        return is("MANAGEMENT_PAGE") || is("XML_MANAGEMENT_PAGE")
          ? "PI_OTHER"
          : "unexpected";
      case "PI_UPS_DATA":
        if (is("GET_OBJECT")) {
          attr("url", (v) => this.pages.getobject = urlConvert(v));
          return "PI_GET_OBJECT";
        }
        if (is("SET_OBJECT")) {
          attr("url", (v) => this.pages.setobject = urlConvert(v));
          return "PI_OTHER";
        }
        return "unexpected";
      case "SUMMARY":
      case "GET_OBJECT":
        if (!is("OBJECT")) return "unexpected";
        attr("name", (v) => {
          this.#var = v;
          this.#val = "";
        });
        return parent === "SUMMARY" ? "SU_OBJECT" : "GO_OBJECT";
      case "XML_CLIENT":
        if (is("GENERAL")) return "XC_GENERAL";
      // falls through: NUT checks the GENERAL children here too
      case "XC_GENERAL":
        if (is("SHUTDOWN")) {
          attr(
            "shutdownTimer",
            (v) => this.#sink.set("driver.timer.shutdown", v),
          );
          attr(
            "shutdownDuration",
            (v) => this.#sink.set("driver.delay.shutdown", v),
          );
          return "XC_OTHER";
        }
        return is("STARTUP") || is("BROADCAST") ? "XC_OTHER" : "unexpected";
    }
    return "unexpected";
  }

  /** PRODUCT_INFO's name/type/version/protocol attributes. */
  #productAttr(a: string, v: string): void {
    if (eq(a, "name")) this.#val = v;
    if (eq(a, "type")) {
      this.#val += "/" + v;
      if (eq(v, "Transverse")) this.#ambient = true;
      else if (v.includes("ePDU")) this.#sink.set("device.type", "pdu");
    }
    if (eq(a, "version")) {
      this.#val += "/" + v;
      const at = this.#val.indexOf(" (SN ");
      if (at >= 0) {
        let sn = this.#val.slice(at + 5);
        while (sn.endsWith(")")) sn = sn.slice(0, -1);
        this.#sink.set("ups.serial", sn);
        this.#val = this.#val.slice(0, at);
      }
      this.#sink.set("ups.firmware.aux", this.#val);
    }
    if (eq(a, "protocol") && eq(v, "XML.V4")) {
      throw new DriverFatalError("XML v4 protocol is not supported!");
    }
  }

  #end(state: St): void {
    if (this.#val === "") return;
    if (state === "ALARM" || state === "SU_OBJECT" || state === "GO_OBJECT") {
      this.#apply(this.#var, this.#val);
    } else if (state === "PI_GET_OBJECT" || state === "GET_OBJECT") {
      const s = this.#sink;
      for (const [prefix, t] of Object.entries(this.#phases)) {
        detectPhaseCount(prefix, t, (n) => s.get(n), (n, v) => s.set(n, v));
      }
    }
  }

  #apply(name: string, raw: string): void {
    const row = rowForXml(name);
    if (!row) return;
    if (row.once && row.nut && this.#sink.get(row.nut) !== undefined) return;
    let value: string | undefined = raw;
    if (row.bit) {
      this.#bit(row.bit, row.on!, raw);
      value = undefined;
    } else if (row.hook) value = this.#hook(row.hook, raw);
    if (value !== undefined && row.nut) this.#sink.set(row.nut, value);
  }

  #bit(b: StatusBit, on: "1" | "0" | "yes", v: string): void {
    const set = on === "yes"
      ? v[0] === "1" || v.slice(0, 3).toLowerCase() === "yes"
      : v[0] === on;
    if (set) this.bits.add(b);
    else this.bits.delete(b);
    // NMC bug: charging and discharging both 1; discharging wins
    if (b === "DISCHRG" && set) this.bits.delete("CHRG");
  }

  #hook(h: HookName, v: string): string | undefined {
    const n = atoi(v);
    switch (h) {
      case "deci":
        return this.#deci(v);
      case "nonzero":
        return n === 0 ? undefined : this.#deci(v);
      case "yesno":
        return v[0] === "1" ? "yes" : v[0] === "0" ? "no" : "<unknown>";
      case "onoff":
        return v[0] === "1" ? "on" : v[0] === "0" ? "off" : "<unknown>";
      case "ambient":
        return this.#ambient ? v : undefined;
      case "datetime":
        return this.#dateTime(v);
      case "timerShutdown":
        if (n > -1 && n <= this.#shutdownDuration) {
          this.bits.add("SHUTDOWNIMM");
          this.#shutdownPending = true;
        } else {
          this.bits.delete("SHUTDOWNIMM");
          this.#shutdownPending = false;
        }
        return v;
      case "shutdownImminent":
        if (this.#shutdownPending) return undefined;
        if (v[0] === "0" && n === 0) this.bits.add("SHUTDOWNIMM");
        else this.bits.delete("SHUTDOWNIMM");
        return undefined;
      case "testResult":
        this.bits.delete("CAL");
        if (n === 5) this.bits.add("CAL");
        return TABLES.testResult![n];
      case "powerFactor":
        return (n / 100).toFixed(2);
      case "capacity":
        return (n / 3600).toFixed(2);
      default:
        return TABLES[h]![n];
    }
  }

  /** convert_deci: deprecated; divides by 10 only with do_convert_deci. */
  #deci(v: string): string {
    if (!this.#deciNoticed) {
      this.#deciNoticed = true;
      this.#sink.notice(
        this.#convertDeci
          ? "convert_deci() is now deprecated, so values from XML are normally not decimated. do_convert_deci is set, so old MGE devices keep their conversion."
          : "convert_deci() is now deprecated, so values from XML are not decimated. Try do_convert_deci if measurements are 10x too big.",
      );
    }
    return this.#convertDeci ? (0.1 * atoi(v)).toFixed(1) : v;
  }

  /** split_date_time: ups.date from "YYYY/MM/DD hh:mm:ss"; returns the time. */
  #dateTime(v: string): string | undefined {
    const m = /^[ -]*([^ -]*)[ -]?(.*)$/s.exec(v)!;
    this.#sink.set("ups.date", m[1] || "(null)");
    const time = /^ *([^ ]+)/.exec(m[2]!)?.[1];
    return time;
  }
}
