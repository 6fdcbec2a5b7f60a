/**
 * The UPS state tree (common/state.c): variables with flags, aux length,
 * enums and ranges, plus the instant command list. Both a driver and upsd
 * keep one; names compare case-insensitively and list in strcasecmp order.
 *
 * @module
 */

/** Variable flags as NUT numbers them (include/state.h). */
export const FLAG = {
  RW: 1,
  STRING: 2,
  NUMBER: 4,
  /** Driver-side only (override.*): readings never replace the value. */
  IMMUTABLE: 8,
} as const;

/** One variable of the tree. */
export interface VarEntry {
  /** Spelling used when the variable was first created. */
  readonly name: string;
  value: string;
  flags: number;
  aux: number;
  enums: string[];
  ranges: Array<[number, number]>;
}

/** C's atoi(): leading whitespace, optional sign, digits; else 0. */
export function atoi(text: string): number {
  const m = /^[\t\n\v\f\r ]*([+-]?\d+)/.exec(text);
  if (!m) return 0;
  const n = Number.parseInt(m[1]!, 10);
  return Math.max(-2147483648, Math.min(2147483647, n));
}

/** strcasecmp-style order: compare lowercased strings code unit by unit. */
export function compareNoCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Flag names for SETFLAGS and TYPE, in NUT's order. */
export function flagWords(flags: number): string[] {
  const words: string[] = [];
  if (flags & FLAG.RW) words.push("RW");
  if (flags & FLAG.STRING) words.push("STRING");
  if (flags & FLAG.NUMBER) words.push("NUMBER");
  return words;
}

/** Parses SETFLAGS words (case-insensitive; unknown words ignored). */
export function parseFlagWords(words: readonly string[]): number {
  let flags = 0;
  for (const w of words) {
    const u = w.toUpperCase();
    if (u === "RW") flags |= FLAG.RW;
    else if (u === "STRING") flags |= FLAG.STRING;
    else if (u === "NUMBER") flags |= FLAG.NUMBER;
  }
  return flags;
}

/** A UPS's variables and commands. Mutators return whether anything changed. */
export class StateTree {
  #vars = new Map<string, VarEntry>();
  #cmds = new Map<string, string>();
  #sortedVars: VarEntry[] | undefined;
  #sortedCmds: string[] | undefined;

  /** Number of variables. */
  get size(): number {
    return this.#vars.size;
  }

  /** The variable, looked up case-insensitively. */
  getVar(name: string): VarEntry | undefined {
    return this.#vars.get(name.toLowerCase());
  }

  /** The value of a variable, or undefined. */
  get(name: string): string | undefined {
    return this.#vars.get(name.toLowerCase())?.value;
  }

  /**
   * Creates or updates a variable. A value equal ignoring case is a no-op, as
   * in NUT; an IMMUTABLE variable only changes when `force` is set.
   */
  setInfo(name: string, value: string, force = false): boolean {
    const key = name.toLowerCase();
    const entry = this.#vars.get(key);
    if (entry) {
      if ((entry.flags & FLAG.IMMUTABLE) && !force) return false;
      if (entry.value.toLowerCase() === value.toLowerCase()) return false;
      entry.value = value;
      return true;
    }
    this.#vars.set(key, {
      name,
      value,
      flags: 0,
      aux: 0,
      enums: [],
      ranges: [],
    });
    this.#sortedVars = undefined;
    return true;
  }

  /** Removes a variable. */
  delInfo(name: string): boolean {
    const deleted = this.#vars.delete(name.toLowerCase());
    if (deleted) this.#sortedVars = undefined;
    return deleted;
  }

  /** Replaces a variable's flags. */
  setFlags(name: string, flags: number): boolean {
    const entry = this.getVar(name);
    if (!entry || entry.flags === flags) return false;
    entry.flags = flags;
    return true;
  }

  /** Sets the aux value (max length of a STRING variable). */
  setAux(name: string, aux: number): boolean {
    const entry = this.getVar(name);
    if (!entry || entry.aux === aux) return false;
    entry.aux = aux;
    return true;
  }

  /** Appends an enum value (duplicates ignored). */
  addEnum(name: string, value: string): boolean {
    const entry = this.getVar(name);
    if (!entry || entry.enums.includes(value)) return false;
    entry.enums.push(value);
    return true;
  }

  /** Removes an enum value (case-insensitive match). */
  delEnum(name: string, value: string): boolean {
    const entry = this.getVar(name);
    if (!entry) return false;
    const low = value.toLowerCase();
    const i = entry.enums.findIndex((e) => e.toLowerCase() === low);
    if (i < 0) return false;
    entry.enums.splice(i, 1);
    return true;
  }

  /** Appends a range; as NUT, one sharing either bound counts as present. */
  addRange(name: string, min: number, max: number): boolean {
    const entry = this.getVar(name);
    if (!entry || min > max) return false;
    if (entry.ranges.some(([a, b]) => a === min || b === max)) return false;
    entry.ranges.push([min, max]);
    return true;
  }

  /** Removes the first range sharing either bound. */
  delRange(name: string, min: number, max: number): boolean {
    const entry = this.getVar(name);
    if (!entry) return false;
    const i = entry.ranges.findIndex(([a, b]) => a === min || b === max);
    if (i < 0) return false;
    entry.ranges.splice(i, 1);
    return true;
  }

  /** Adds an instant command (no duplicates). */
  addCmd(cmd: string): boolean {
    const key = cmd.toLowerCase();
    if (this.#cmds.has(key)) return false;
    this.#cmds.set(key, cmd);
    this.#sortedCmds = undefined;
    return true;
  }

  /** Removes an instant command. */
  delCmd(cmd: string): boolean {
    const deleted = this.#cmds.delete(cmd.toLowerCase());
    if (deleted) this.#sortedCmds = undefined;
    return deleted;
  }

  /** True if the command exists (case-insensitive). */
  hasCmd(cmd: string): boolean {
    return this.#cmds.has(cmd.toLowerCase());
  }

  /** Variables in strcasecmp order (cached until a variable is added or removed). */
  vars(): readonly VarEntry[] {
    this.#sortedVars ??= [...this.#vars.values()].sort((a, b) =>
      compareNoCase(a.name, b.name)
    );
    return this.#sortedVars;
  }

  /** Commands in strcasecmp order. */
  cmds(): readonly string[] {
    this.#sortedCmds ??= [...this.#cmds.values()].sort(compareNoCase);
    return this.#sortedCmds;
  }

  /** Empties the tree (upsd does this when a driver reconnects). */
  clear(): void {
    this.#vars.clear();
    this.#cmds.clear();
    this.#sortedVars = undefined;
    this.#sortedCmds = undefined;
  }
}
