/**
 * upslog's format strings (clients/upslog.c compile_format): `%%`, and
 * `%<CMD>[ <arg>]%` where CMD is matched by case-insensitive prefix in the
 * order HOST, UPSHOST, PID, TIME, VAR, ETIME; anything else, or a `%` with
 * no closing `%`, prints `INVALID`. Master's `%t` (TAB) is not in 2.8.0 and
 * prints INVALID there, so it does here too.
 *
 * @module
 */

/** One compiled piece of a format. */
export type LogPart =
  | { kind: "literal"; text: string }
  | { kind: "host" | "upshost" | "pid" | "etime" }
  | { kind: "time"; format: string }
  | { kind: "var"; name: string | undefined };

/** upslog's default format. */
export const DEFAULT_LOG_FORMAT =
  "%TIME @Y@m@d @H@M@S% %VAR battery.charge% %VAR input.voltage% %VAR ups.load% [%VAR ups.status%] %VAR ups.temperature% %VAR input.frequency%";

const COMMANDS = ["HOST", "UPSHOST", "PID", "TIME", "VAR", "ETIME"] as const;

/** Compiles a format string into parts, as NUT does. */
export function compileFormat(format: string): LogPart[] {
  const parts: LogPart[] = [];
  const literal = (text: string) => {
    const last = parts[parts.length - 1];
    if (last?.kind === "literal") last.text += text;
    else parts.push({ kind: "literal", text });
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%") {
      literal(c);
      continue;
    }
    if (format[i + 1] === "%") {
      literal("%");
      i++;
      continue;
    }
    const close = format.indexOf("%", i + 1);
    if (close < 0) {
      literal("INVALID");
      continue;
    }
    const body = format.slice(i + 1, close);
    const sp = body.indexOf(" ");
    const cmd = (sp < 0 ? body : body.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? undefined : body.slice(sp + 1);
    const found = COMMANDS.find((name) => cmd.startsWith(name));
    switch (found) {
      case "HOST":
        parts.push({ kind: "host" });
        break;
      case "UPSHOST":
        parts.push({ kind: "upshost" });
        break;
      case "PID":
        parts.push({ kind: "pid" });
        break;
      case "ETIME":
        parts.push({ kind: "etime" });
        break;
      case "TIME":
        parts.push({ kind: "time", format: (arg ?? "").replaceAll("@", "%") });
        break;
      case "VAR":
        parts.push({ kind: "var", name: arg });
        break;
      default:
        literal("INVALID");
    }
    i = close;
  }
  return parts;
}

/** The variables a compiled format reads (valid names only). */
export function formatVars(parts: readonly LogPart[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    if (p.kind === "var" && p.name && p.name.includes(".")) out.push(p.name);
  }
  return out;
}

/** What a line is rendered from. */
export interface LogContext {
  now: Date;
  hostname: string;
  upshost: string;
  pid: number;
  /** A variable's value, or undefined when GET failed (prints NA). */
  value(name: string): string | undefined;
}

/** Renders one log line (without the newline). */
export function renderLine(parts: readonly LogPart[], ctx: LogContext): string {
  let out = "";
  for (const p of parts) {
    switch (p.kind) {
      case "literal":
        out += p.text;
        break;
      case "host":
        out += ctx.hostname;
        break;
      case "upshost":
        out += ctx.upshost;
        break;
      case "pid":
        out += String(ctx.pid);
        break;
      case "etime":
        out += String(Math.floor(ctx.now.getTime() / 1000));
        break;
      case "time":
        out += strftime(p.format, ctx.now);
        break;
      case "var":
        if (!p.name || !p.name.includes(".")) out += "INVALID";
        else out += ctx.value(p.name) ?? "NA";
        break;
    }
  }
  return out;
}

const DAYS = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function pad(n: number, width = 2, fill = "0"): string {
  return String(n).padStart(width, fill);
}

/** strftime(3) in the C locale on local time (the common conversions). */
export function strftime(format: string, d: Date): string {
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%" || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const f = format[++i]!;
    const h = d.getHours();
    switch (f) {
      case "Y":
        out += pad(d.getFullYear(), 4);
        break;
      case "y":
        out += pad(d.getFullYear() % 100);
        break;
      case "C":
        out += pad(Math.floor(d.getFullYear() / 100));
        break;
      case "m":
        out += pad(d.getMonth() + 1);
        break;
      case "d":
        out += pad(d.getDate());
        break;
      case "e":
        out += pad(d.getDate(), 2, " ");
        break;
      case "H":
        out += pad(h);
        break;
      case "I":
        out += pad(h % 12 === 0 ? 12 : h % 12);
        break;
      case "k":
        out += pad(h, 2, " ");
        break;
      case "l":
        out += pad(h % 12 === 0 ? 12 : h % 12, 2, " ");
        break;
      case "M":
        out += pad(d.getMinutes());
        break;
      case "S":
        out += pad(d.getSeconds());
        break;
      case "p":
        out += h < 12 ? "AM" : "PM";
        break;
      case "a":
        out += DAYS[d.getDay()]!.slice(0, 3);
        break;
      case "A":
        out += DAYS[d.getDay()]!;
        break;
      case "b":
      case "h":
        out += MONTHS[d.getMonth()]!.slice(0, 3);
        break;
      case "B":
        out += MONTHS[d.getMonth()]!;
        break;
      case "u":
        out += String(d.getDay() === 0 ? 7 : d.getDay());
        break;
      case "w":
        out += String(d.getDay());
        break;
      case "j": {
        const start = new Date(d.getFullYear(), 0, 1);
        const day = Math.round(
          (new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime() -
            start.getTime()) / 86400000,
        ) + 1;
        out += pad(day, 3);
        break;
      }
      case "s":
        out += String(Math.floor(d.getTime() / 1000));
        break;
      case "z": {
        const off = -d.getTimezoneOffset();
        const a = Math.abs(off);
        out += (off < 0 ? "-" : "+") + pad(Math.floor(a / 60)) + pad(a % 60);
        break;
      }
      case "Z": {
        const m = /\(([^)]+)\)/.exec(d.toString());
        const name = m?.[1] ?? "";
        out += /^[A-Z]{2,5}$/.test(name)
          ? name
          : (name.match(/\b[A-Z]/g)?.join("") ?? "");
        break;
      }
      case "T":
        out += strftime("%H:%M:%S", d);
        break;
      case "R":
        out += strftime("%H:%M", d);
        break;
      case "D":
        out += strftime("%m/%d/%y", d);
        break;
      case "F":
        out += strftime("%Y-%m-%d", d);
        break;
      case "r":
        out += strftime("%I:%M:%S %p", d);
        break;
      case "c":
        out += strftime("%a %b %e %H:%M:%S %Y", d);
        break;
      case "x":
        out += strftime("%m/%d/%y", d);
        break;
      case "X":
        out += strftime("%H:%M:%S", d);
        break;
      case "n":
        out += "\n";
        break;
      case "t":
        out += "\t";
        break;
      case "%":
        out += "%";
        break;
      default:
        out += "%" + f;
    }
  }
  return out;
}
