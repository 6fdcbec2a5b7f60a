/**
 * apcmicrolink's instant commands, as NUT writes them: a bit mask into a
 * command value of the descriptor (`2:4.B5` outlets, `2:10` battery test,
 * `2:12` runtime calibration, `2:4.B.3B` user interface, `2:14` UPS),
 * with a "command source" bit (RJ45 port by default, `cmdsrc`) where the
 * value has one. Bits from NUT's apc_common.h. Pure.
 *
 * @module
 */

/** `cmdsrc` values. */
export type CommandSource =
  | "rj45"
  | "usb"
  | "localuser"
  | "smartslot1"
  | "internalnetwork1";

/** Which command value a source bit is for. */
type Domain = "outlet" | "test" | "ups";

const SOURCE_BITS: Record<Domain, Record<CommandSource, number>> = {
  outlet: {
    rj45: 14,
    usb: 12,
    localuser: 13,
    smartslot1: 15,
    internalnetwork1: 17,
  },
  test: {
    rj45: 10,
    usb: 8,
    localuser: 9,
    smartslot1: 11,
    internalnetwork1: 13,
  },
  ups: {
    rj45: 27,
    usb: 28,
    localuser: 29,
    smartslot1: 30,
    internalnetwork1: 31,
  },
};

/** The source bit of `src` for a domain. */
export function sourceBit(domain: Domain, src: CommandSource): bigint {
  return 1n << BigInt(SOURCE_BITS[domain][src]);
}

/** Parses `cmdsrc` (case-insensitive), or undefined. */
export function parseSource(text: string): CommandSource | undefined {
  const t = text.toLowerCase();
  return t in SOURCE_BITS.outlet ? t as CommandSource : undefined;
}

const B = (n: number) => 1n << BigInt(n);
/** Outlet command bits. */
const OUT = {
  on: B(1),
  off: B(2),
  shutdown: B(3),
  reboot: B(4),
  onDelay: B(6),
  offDelay: B(7),
} as const;

/** Target bit of outlet group g (0 = main, then switched groups 0..3). */
export function groupTarget(g: number): bigint {
  return [B(8), B(9), B(10), B(11), B(19)][g] ?? 0n;
}

/** The action bits of each outlet command suffix (apc_build_outlet_command). */
export const OUTLET_ACTIONS: Readonly<Record<string, bigint>> = Object.freeze({
  "load.off": OUT.off,
  "load.on": OUT.on,
  "load.cycle": OUT.reboot,
  "load.off.delay": OUT.off | OUT.offDelay,
  "load.on.delay": OUT.on | OUT.onDelay,
  "shutdown.return": OUT.shutdown | OUT.offDelay,
  "shutdown.stayoff": OUT.off | OUT.offDelay,
  "shutdown.reboot": OUT.reboot,
  "shutdown.reboot.graceful": OUT.reboot | OUT.offDelay,
});

/** The suffixes NUT lists per outlet group (and for the whole UPS). */
export const OUTLET_SUFFIXES: readonly string[] = Object.freeze([
  "load.off",
  "load.on",
  "load.cycle",
  "load.off.delay",
  "load.on.delay",
  "shutdown.default",
  "shutdown.return",
  "shutdown.stayoff",
  "shutdown.reboot",
  "shutdown.reboot.graceful",
]);

/** A simple command: where it is written, its bits, which source bit it takes. */
export interface SimpleCommand {
  path: string;
  bits: bigint;
  domain?: Domain;
}

/** The non-outlet commands, in NUT's dstate_addcmd order. */
export const SIMPLE_COMMANDS: Readonly<Record<string, SimpleCommand>> = Object
  .freeze({
    "test.battery.start": { path: "2:10", bits: B(0), domain: "test" },
    "test.battery.stop": { path: "2:10", bits: B(1), domain: "test" },
    "test.panel.start": { path: "2:4.B.3B", bits: B(0) },
    "beeper.mute": { path: "2:4.B.3B", bits: B(2) },
    "calibrate.start": { path: "2:12", bits: B(0), domain: "test" },
    "calibrate.stop": { path: "2:12", bits: B(1), domain: "test" },
    "bypass.start": { path: "2:14", bits: B(4), domain: "ups" },
    "bypass.stop": { path: "2:14", bits: B(5), domain: "ups" },
  });
