/**
 * A Modbus device's register map answering request PDUs: the core of the
 * in-memory twin (`src/transport/modbus_memory.ts`) and of the simulators
 * tests run over TCP and a pty. Unset addresses are an "Illegal data
 * address" exception, as real devices answer.
 *
 * @module
 */
import { FC } from "./codec.ts";

/** The four tables. */
export type Table = "coil" | "discrete" | "holding" | "input";

/** A write the device received (for tests that compare command bytes). */
export interface Write {
  fc: number;
  addr: number;
  values: number[];
}

/** Answers a PDU this map does not handle (vendor functions); null: fall through. */
export type RawHandler = (pdu: Uint8Array) => Uint8Array | null;

const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];

/** A register map with optional write hooks. */
export class RegisterMap {
  readonly tables: Record<Table, Map<number, number>> = {
    coil: new Map(),
    discrete: new Map(),
    holding: new Map(),
    input: new Map(),
  };
  /** Every write, in order. */
  readonly writes: Write[] = [];
  /** Every request PDU, in order. */
  readonly requests: Uint8Array[] = [];
  /** Called after a write lands (devices that act on a command register). */
  onWrite?: (w: Write) => void;
  /** Vendor functions. */
  raw?: RawHandler;

  /** Sets `values` from `addr` on in `table`. */
  set(table: Table, addr: number, ...values: number[]): this {
    values.forEach((v, i) => this.tables[table].set(addr + i, v & 0xffff));
    return this;
  }

  /** One value (undefined when unset). */
  get(table: Table, addr: number): number | undefined {
    return this.tables[table].get(addr);
  }

  #range(table: Table, addr: number, count: number): number[] | null {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const v = this.tables[table].get(addr + i);
      if (v === undefined) return null;
      out.push(v);
    }
    return out;
  }

  /** The reply PDU to `pdu`. */
  handle(pdu: Uint8Array): Uint8Array {
    this.requests.push(pdu.slice());
    const fc = pdu[0]!;
    const ex = (code: number) => new Uint8Array([fc | 0x80, code]);
    const custom = this.raw?.(pdu);
    if (custom) return custom;
    if (![1, 2, 3, 4, 5, 6, 15, 16].includes(fc)) return ex(1);
    if (pdu.length < 5) return ex(3);
    const addr = (pdu[1]! << 8) | pdu[2]!;
    const word = (pdu[3]! << 8) | pdu[4]!;
    const tableOf: Record<number, Table> = {
      1: "coil",
      2: "discrete",
      3: "holding",
      4: "input",
    };
    switch (fc) {
      case FC.readCoils:
      case FC.readDiscreteInputs: {
        const vals = this.#range(tableOf[fc]!, addr, word);
        if (!vals || word < 1 || word > 2000) return ex(vals ? 3 : 2);
        const bytes = new Array(Math.ceil(word / 8)).fill(0);
        vals.forEach((v, i) => {
          if (v) bytes[i >> 3] |= 1 << (i & 7);
        });
        return new Uint8Array([fc, bytes.length, ...bytes]);
      }
      case FC.readHoldingRegisters:
      case FC.readInputRegisters: {
        const vals = this.#range(tableOf[fc]!, addr, word);
        if (!vals || word < 1 || word > 125) return ex(vals ? 3 : 2);
        return new Uint8Array([fc, word * 2, ...vals.flatMap(u16)]);
      }
      case FC.writeSingleCoil:
      case FC.writeSingleRegister: {
        const table: Table = fc === FC.writeSingleCoil ? "coil" : "holding";
        if (!this.tables[table].has(addr)) return ex(2);
        if (fc === FC.writeSingleCoil && word !== 0 && word !== 0xff00) {
          return ex(3);
        }
        const v = fc === FC.writeSingleCoil ? (word ? 1 : 0) : word;
        this.#write({ fc, addr, values: [v] }, table);
        return pdu.slice(0, 5);
      }
      case FC.writeMultipleRegisters:
      case FC.writeMultipleCoils: {
        const table: Table = fc === FC.writeMultipleCoils ? "coil" : "holding";
        const values: number[] = [];
        for (let i = 0; i < word; i++) {
          values.push(
            table === "coil"
              ? (pdu[6 + (i >> 3)]! >> (i & 7)) & 1
              : (pdu[6 + 2 * i]! << 8) | pdu[7 + 2 * i]!,
          );
        }
        if (values.some((v) => Number.isNaN(v))) return ex(3);
        if (!this.#range(table, addr, word)) return ex(2);
        this.#write({ fc, addr, values }, table);
        return pdu.slice(0, 5);
      }
      default:
        return ex(1);
    }
  }

  #write(w: Write, table: Table): void {
    w.values.forEach((v, i) => this.tables[table].set(w.addr + i, v));
    this.writes.push(w);
    this.onWrite?.(w);
  }
}
