/**
 * The power-off schedule of the Microsol family (ups.conf prgshut,
 * daysweek, daysoff, houron, houroff): the unit counts weekdays from the
 * current one, so day strings (Sunday first, '1' = on) are rotated by the
 * host's weekday; prgshut=2 pushes a 12-byte 0xCF packet with the host
 * clock; prgshut 1 and 2 make the driver raise LB on the day and minute.
 *
 * @module
 */

/** The host clock fields the schedule needs. */
export interface HostTime {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday */
  week: number;
  hour: number;
  minute: number;
  second: number;
}

/** Local time now. */
export function hostTime(d = new Date()): HostTime {
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    week: d.getDay(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
  };
}

/** convert_days: rotate a 7-day string left so today's next day comes first. */
export function convertDays(days: string, week: number): string {
  const ish = week === 6 ? 0 : 1 + week;
  const s = days.padEnd(7, "\0").slice(0, 7);
  return s.slice(ish) + s.slice(0, ish);
}

/** bitstring_to_binary: "1010101" to 7 bits; 0 when any char is not 0/1. */
export function bitsToBinary(bits: string): number {
  let r = 0;
  for (let i = 0; i < 7; i++) {
    const c = bits[i];
    if (c !== "0" && c !== "1") return 0;
    r += (c === "1" ? 1 : 0) << (6 - i);
  }
  return r;
}

/** revert_days: the unit's rotated week back to Sunday-first bits. */
export function revertDays(fw: number, week: number): number {
  const out: number[] = [];
  for (let i = 0; i < 6 - week; i++) out.push((fw >> (5 - week - i)) & 1);
  for (let i = 0; i < week + 1; i++) out.push((fw >> (6 - i)) & 1);
  return bitsToBinary(out.join(""));
}

/** set_schedule_time: "hh:mm" exactly five characters. */
export function parseHour(s: string): [number, number] | null {
  const m = /^\s*([+-]?\d+):\s*([+-]?\d+)/.exec(s);
  if (s.length !== 5 || !m) return null;
  return [parseInt(m[1]!, 10), parseInt(m[2]!, 10)];
}

/** The schedule state of one driver instance. */
export class MicrosolSchedule {
  prgups = 0;
  isProgram = false;
  daysOn = 0;
  daysOff = 0;
  daysToShutdown = 0;
  on: [number, number] = [0, 0];
  off: [number, number] = [0, 0];
  shutAt: [number, number] = [0, 0];
  progShut = false;

  /** setup_poweroff_schedule; returns the 0xCF packet to send, if any. */
  setup(vars: ReadonlyMap<string, string>, t: HostTime): number[] | null {
    const prg = vars.get("prgshut");
    if (prg !== undefined) this.prgups = parseInt(prg, 10) || 0;
    if (!(this.prgups > 0 && this.prgups < 3)) return null;
    const dw = vars.get("daysweek"), doff = vars.get("daysoff");
    if (dw !== undefined) this.daysOn = bitsToBinary(convertDays(dw, t.week));
    if (doff !== undefined) {
      this.daysToShutdown = bitsToBinary(doff);
      this.daysOff = bitsToBinary(convertDays(doff, t.week));
    }
    const on = vars.has("houron") ? parseHour(vars.get("houron")!) : null;
    const off = vars.has("houroff") ? parseHour(vars.get("houroff")!) : null;
    if (on) this.on = on;
    if (off) this.off = off;
    if (on && off && this.daysOn > 0) {
      this.isProgram = true;
      if (this.prgups === 2) return this.configPacket(t);
    } else if (off && this.daysOff > 0) {
      this.isProgram = true;
      this.daysOn = this.daysOff;
    }
    return null;
  }

  /** save_ups_config: 0xCF, clock, on/off times, date, days off, checksum. */
  configPacket(t: HostTime): number[] {
    const p = [
      0xcf,
      t.hour,
      t.minute,
      t.second,
      this.on[0],
      this.on[1],
      this.off[0],
      this.off[1],
      ((t.week << 5) | t.day) & 0xff,
      ((t.month << 4) | (t.year - 1998)) & 0xff,
      this.daysOff & 0x7f,
    ].map((b) => b & 0xff);
    p.push(p.reduce((a, b) => a + b, 0) % 256);
    return p;
  }

  /** The unit's own schedule (prgshut=3), read from each packet. */
  fromPacket(p: ArrayLike<number>, week: number): void {
    if (this.prgups !== 3) return;
    this.daysOn = p[17]!;
    this.daysToShutdown = revertDays(this.daysOn, week);
    this.off = [p[15]!, p[16]!];
    this.on = [p[13]!, p[14]!];
  }

  /** When the hosts go down: at houroff, or five minutes before the UPS. */
  computeShutTime(): void {
    if (this.prgups === 0) return;
    const [h, m] = this.off;
    if (this.prgups === 1) this.shutAt = [h, m];
    else if (m < 5) this.shutAt = [h > 1 ? h - 1 : 23, 60 - (5 - m)];
    else this.shutAt = [h, m - 5];
  }

  /** check_shutdown_schedule: log lines; sets progShut when due. */
  check(t: HostTime): string[] {
    if (!(this.isProgram || this.prgups === 3)) return [];
    if (!((this.daysToShutdown >> (6 - t.week)) & 1)) return [];
    const [h, m] = this.shutAt;
    const logs = [`Shutdown today at ${p2(h)}:${p2(m)}`];
    if (t.hour === h && t.minute >= m) {
      logs.push("Shutdown now!");
      this.progShut = true;
    }
    return logs;
  }
}

const p2 = (n: number) => String(n).padStart(2, "0");
