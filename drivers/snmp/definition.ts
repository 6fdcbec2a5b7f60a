/**
 * The snmp-ups driver definition (see drivers/snmp_ups.ts) and a pure entry
 * point, `readMapping`, that runs the driver's start-up and one poll against
 * any SnmpSession (the in-memory agent in tests) and returns what it
 * published.
 *
 * @module
 */
import { defineDriver, type DriverDefinition } from "../../src/driver/types.ts";
import { InstanceStartError } from "../../src/driver/instance.ts";
import { DriverStateImpl } from "../../src/driver/state.ts";
import { Logger, silentLogger } from "../../src/log.ts";
import type {
  SnmpConnector,
  SnmpSession,
} from "../../src/transport/snmp_link.ts";
import { readSnmprec } from "../../src/transport/snmprec.ts";
import { MemoryAgent } from "../../src/transport/snmp_memory.ts";
import { SnmpUpsDriver } from "./driver.ts";
import { MIBS } from "./mibs.ts";
import { SNMP_UPS_VARS } from "./options.ts";
import type { MibMapping } from "./types.ts";

/** `-x mibs=--list`: the mappings in detection order, as NUT prints them. */
export function mibListText(list: readonly MibMapping[] = MIBS): string {
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    "The 'mibs' argument is '--list', so just listing the mappings this driver knows,",
    "and for 'mibs=auto' these mappings will be tried in the following order until",
    "the first one matches your device",
    "",
    `${"NUMBER".padStart(7)}\t${pad("MAPPING NAME", 23)}\t${
      pad("VERSION", 7)
    }\t${pad("ENTRY POINT OID", 31)}\tAUTO CHECK OID`,
  ];
  list.forEach((m, i) => {
    const dot = (o: string | undefined) =>
      o === undefined ? "<NULL>" : o.startsWith(".") ? o : `.${o}`;
    lines.push(
      ` ${String(i + 1).padStart(4)} \t${pad(m.name, 23)}\t${
        m.version.padStart(7)
      }\t${pad(dot(m.sysOid), 31)}\t${dot(m.probeOid)}`,
    );
  });
  lines.push(
    "",
    `Overall this driver has loaded ${list.length} MIB-to-NUT mapping tables`,
  );
  return lines.join("\n") + "\n";
}

/** Real agents through npm:net-snmp, loaded only when used. */
const NET_SNMP: SnmpConnector = async (options) => {
  const { snmpConnector } = await import("../../src/transport/snmp.ts");
  return await snmpConnector()(options);
};

/** snmp-ups: Generic SNMP UPS driver. */
export const snmpUps: DriverDefinition = defineDriver({
  name: "snmp-ups",
  description: "Generic SNMP UPS driver",
  version: "1.21",
  defaultPollInterval: 2,
  vars: SNMP_UPS_VARS,
  create(ctx) {
    if (ctx.config.values.get("mibs") === "--list") {
      return {
        init: () => Promise.reject(new InstanceStartError(mibListText(), 0)),
        update: () => Promise.resolve(),
        shutdown: () => Promise.resolve("failed" as const),
      };
    }
    const rec = ctx.config.values.get("snmprec");
    const connector: SnmpConnector = rec === undefined
      ? NET_SNMP
      : async (o) => new MemoryAgent(await readSnmprec(rec)).connector()(o);
    return new SnmpUpsDriver(ctx, { connector });
  },
});

/** What readMapping saw the driver publish. */
export interface MappingResult {
  /** The mapping chosen (auto-detected or forced). */
  readonly mapping: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly cmds: readonly string[];
  readonly stale: boolean;
  /** The driver instance, for SET/INSTCMD checks. */
  readonly driver: SnmpUpsDriver;
  readonly state: DriverStateImpl;
}

/**
 * Start-up plus one poll of snmp-ups against `session`, as the driver does
 * it (`values` are ups.conf variables: mibs, pollfreq, ...). No I/O beyond
 * the session: usable with the in-memory agent and permissions "none".
 */
export async function readMapping(
  session: SnmpSession,
  values: Record<string, string> = {},
  opts: { mibs?: readonly MibMapping[]; log?: Logger } = {},
): Promise<MappingResult> {
  const state = new DriverStateImpl();
  const driver = new SnmpUpsDriver({
    config: {
      upsName: "ups",
      port: "memory",
      values: new Map(Object.entries(values)),
      flags: new Set(),
    },
    log: opts.log ?? silentLogger(),
    state,
    signal: new AbortController().signal,
  }, {
    connector: () => Promise.resolve(session),
    ...(opts.mibs ? { mibs: opts.mibs } : {}),
  });
  await driver.init();
  await driver.update();
  const vars: Record<string, string> = {};
  for (const v of state.tree.vars()) vars[v.name] = v.value;
  return {
    mapping: driver.engine!.mapping.name,
    vars,
    cmds: [...state.tree.cmds()],
    stale: state.stale,
    driver,
    state,
  };
}
