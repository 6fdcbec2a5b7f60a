/**
 * The few C library conversions the CGI programs print through: strtol,
 * strtod, `%02d`, `%.1f` and a C-locale strftime.
 *
 * @module
 */

/** C strtol(s, &end, 10): the value, and whether any digit was read. */
export function strtol(text: string): { value: number; ok: boolean } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (!m) return { value: 0, ok: false };
  const n = Number(m[2]);
  const v = m[1] === "-" ? -n : n;
  // long is 64-bit: clamp like strtol does on overflow
  const max = 9223372036854775807;
  return { value: Math.max(-max - 1, Math.min(max, v)), ok: true };
}

/** C strtod(s, NULL) for decimal input (0 when nothing parses). */
export function strtod(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(text);
  if (m) return Number(m[1]);
  const w = /^[ \t\n\v\f\r]*([+-]?)(inf(inity)?|nan)/i.exec(text);
  if (!w) return 0;
  const v = /^n/i.test(w[2]!) ? NaN : Infinity;
  return w[1] === "-" ? -v : v;
}

/** C atoi: strtol truncated to a 32-bit int. */
export function atoi(text: string): number {
  return strtol(text).value | 0;
}

/** printf("%0<width>d", n) for an int. */
export function zeroPad(n: number, width: number): string {
  const digits = String(Math.abs(n));
  const sign = n < 0 ? "-" : "";
  return sign + digits.padStart(width - sign.length, "0");
}

/**
 * printf("%.<digits>f", x): toFixed rounds exact ties away from zero, glibc
 * rounds them to even; it also keeps the sign of -0.
 */
export function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) {
    if (Number.isNaN(x)) return "nan";
    return x < 0 ? "-inf" : "inf";
  }
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  // toFixed turns to exponent notation from 1e21; such doubles are integers
  if (a >= 1e21) {
    return (neg ? "-" : "") + BigInt(a).toString() +
      (digits > 0 ? "." + "0".repeat(digits) : "");
  }
  let text = a.toFixed(digits);
  const scaled = a * 10 ** digits;
  if (scaled < 2 ** 52 && scaled % 1 === 0.5) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    text = (even / 10 ** digits).toFixed(digits);
  }
  return (neg ? "-" : "") + text;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const DAYS_LONG = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];
const MONTHS_LONG = [
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

/** Broken-down local time, as localtime_r gives it. */
export interface Tm {
  year: number;
  mon: number;
  mday: number;
  hour: number;
  min: number;
  sec: number;
  wday: number;
  yday: number;
  /** Zone abbreviation (%Z). */
  zone: string;
  /** Offset east of UTC in minutes (%z). */
  offset: number;
  /** Seconds since the epoch (%s). */
  epoch: number;
}

/** localtime_r for this process's zone (TZ or the system's). */
export function localTm(date: Date): Tm {
  const start = new Date(date.getFullYear(), 0, 1);
  const yday = Math.round(
    (Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) -
      Date.UTC(start.getFullYear(), 0, 1)) / 86_400_000,
  );
  let zone = "UTC";
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
      .formatToParts(date).find((p) => p.type === "timeZoneName");
    if (part) zone = part.value;
  } catch {
    // no Intl zone data: keep UTC
  }
  return {
    year: date.getFullYear(),
    mon: date.getMonth(),
    mday: date.getDate(),
    hour: date.getHours(),
    min: date.getMinutes(),
    sec: date.getSeconds(),
    wday: date.getDay(),
    yday,
    zone,
    offset: -date.getTimezoneOffset(),
    epoch: Math.floor(date.getTime() / 1000),
  };
}

function isoWeek(tm: Tm): { year: number; week: number } {
  const wday = (tm.wday + 6) % 7; // Monday = 0
  const thursday = tm.yday - wday + 3;
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (thursday < 0) {
    const prev = tm.year - 1;
    const len = leap(prev) ? 366 : 365;
    return { year: prev, week: Math.floor((thursday + len) / 7) + 1 };
  }
  const len = leap(tm.year) ? 366 : 365;
  if (thursday >= len) return { year: tm.year + 1, week: 1 };
  return { year: tm.year, week: Math.floor(thursday / 7) + 1 };
}

/** strftime in the C locale (the CGI programs never call setlocale). */
export function strftime(format: string, tm: Tm): string {
  const p2 = (n: number) => zeroPad(n, 2);
  const h12 = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
  let out = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== "%" || i + 1 >= format.length) {
      out += c;
      continue;
    }
    let f = format[++i]!;
    // E and O modifiers mean nothing in the C locale
    if ((f === "E" || f === "O") && i + 1 < format.length) f = format[++i]!;
    out += conv(f);
  }
  return out;

  function conv(f: string): string {
    switch (f) {
      case "a":
        return DAYS[tm.wday]!;
      case "A":
        return DAYS_LONG[tm.wday]!;
      case "b":
      case "h":
        return MONTHS[tm.mon]!;
      case "B":
        return MONTHS_LONG[tm.mon]!;
      case "c":
        return `${conv("a")} ${conv("b")} ${conv("e")} ${conv("T")} ${tm.year}`;
      case "C":
        return p2(Math.floor(tm.year / 100));
      case "d":
        return p2(tm.mday);
      case "D":
        return `${conv("m")}/${conv("d")}/${conv("y")}`;
      case "e":
        return String(tm.mday).padStart(2, " ");
      case "F":
        return `${tm.year}-${conv("m")}-${conv("d")}`;
      case "g":
        return p2(isoWeek(tm).year % 100);
      case "G":
        return String(isoWeek(tm).year);
      case "H":
        return p2(tm.hour);
      case "I":
        return p2(h12);
      case "j":
        return zeroPad(tm.yday + 1, 3);
      case "k":
        return String(tm.hour).padStart(2, " ");
      case "l":
        return String(h12).padStart(2, " ");
      case "m":
        return p2(tm.mon + 1);
      case "M":
        return p2(tm.min);
      case "n":
        return "\n";
      case "p":
        return tm.hour < 12 ? "AM" : "PM";
      case "P":
        return tm.hour < 12 ? "am" : "pm";
      case "r":
        return `${conv("I")}:${conv("M")}:${conv("S")} ${conv("p")}`;
      case "R":
        return `${conv("H")}:${conv("M")}`;
      case "s":
        return String(tm.epoch);
      case "S":
        return p2(tm.sec);
      case "t":
        return "\t";
      case "T":
      case "X":
        return `${conv("H")}:${conv("M")}:${conv("S")}`;
      case "u":
        return String(tm.wday === 0 ? 7 : tm.wday);
      case "U":
        return p2(Math.floor((tm.yday + 7 - tm.wday) / 7));
      case "V":
        return p2(isoWeek(tm).week);
      case "w":
        return String(tm.wday);
      case "W":
        return p2(Math.floor((tm.yday + 7 - ((tm.wday + 6) % 7)) / 7));
      case "x":
        return conv("D");
      case "y":
        return p2(tm.year % 100);
      case "Y":
        return String(tm.year);
      case "z": {
        const a = Math.abs(tm.offset);
        return (tm.offset < 0 ? "-" : "+") + p2(Math.floor(a / 60)) +
          p2(a % 60);
      }
      case "Z":
        return tm.zone;
      case "%":
        return "%";
      default:
        return "%" + f;
    }
  }
}
