/**
 * upsmon's notify events (clients/upsmon.h, 2.8.0 set): names, stock
 * messages, default flags, NOTIFYMSG templating and NOTIFYFLAG routing.
 * Pure: delivery is in effects.ts.
 *
 * @module
 */

/** The 11 notify types of NUT 2.8.0, in upsmon.h order, then newer ones. */
export const NOTIFY_TYPES = [
  "ONLINE",
  "ONBATT",
  "LOWBATT",
  "FSD",
  "COMMOK",
  "COMMBAD",
  "SHUTDOWN",
  "REPLBATT",
  "NOCOMM",
  "NOPARENT",
  "CAL",
  // NUT 2.8.1+ (OFF/NOTOFF) and later releases (OVER/NOTOVER)
  "OFF",
  "NOTOFF",
  "OVER",
  "NOTOVER",
] as const;

/** One notify type. */
export type NotifyType = typeof NOTIFY_TYPES[number];

/** Stock message texts; `%s` is the MONITOR system string. */
export const STOCK_MESSAGES: Readonly<Record<NotifyType, string>> = {
  ONLINE: "UPS %s on line power",
  ONBATT: "UPS %s on battery",
  LOWBATT: "UPS %s battery is low",
  FSD: "UPS %s: forced shutdown in progress",
  COMMOK: "Communications with UPS %s established",
  COMMBAD: "Communications with UPS %s lost",
  SHUTDOWN: "Auto logout and shutdown proceeding",
  REPLBATT: "UPS %s battery needs to be replaced",
  NOCOMM: "UPS %s is unavailable",
  NOPARENT: "upsmon parent process died - shutdown impossible",
  CAL: "UPS %s: calibration in progress",
  OFF: "UPS %s: administratively OFF or asleep",
  NOTOFF: "UPS %s: no longer administratively OFF or asleep",
  OVER: "UPS %s: overloaded",
  NOTOVER: "UPS %s: no longer overloaded",
};

/**
 * A delivery channel of NOTIFYFLAG. WEBHOOK (NOTIFYURL) and EMAIL
 * (NOTIFYSMTP + NOTIFYMAIL) are ours; NUT 2.8.0 warns about them and keeps
 * the other flags of the line.
 */
export type NotifyFlag =
  | "SYSLOG"
  | "WALL"
  | "EXEC"
  | "IGNORE"
  | "WEBHOOK"
  | "EMAIL";

/** The flag words NOTIFYFLAG accepts (case-sensitive, as NUT). */
export const NOTIFY_FLAGS: readonly NotifyFlag[] = [
  "SYSLOG",
  "WALL",
  "EXEC",
  "IGNORE",
  "WEBHOOK",
  "EMAIL",
];

/** Per-type message and flags after NOTIFYMSG/NOTIFYFLAG. */
export interface NotifySetting {
  message: string;
  flags: Set<NotifyFlag>;
}

/** The table upsmon starts from: stock texts, SYSLOG+WALL (2.8.0 CAL: SYSLOG). */
export function defaultNotifySettings(): Map<NotifyType, NotifySetting> {
  const table = new Map<NotifyType, NotifySetting>();
  for (const type of NOTIFY_TYPES) {
    const flags = new Set<NotifyFlag>(
      type === "CAL" ? ["SYSLOG"] : ["SYSLOG", "WALL"],
    );
    table.set(type, { message: STOCK_MESSAGES[type], flags });
  }
  return table;
}

/** The canonical type for a name (case-insensitive), or undefined. */
export function notifyTypeOf(name: string): NotifyType | undefined {
  const upper = name.toUpperCase();
  return NOTIFY_TYPES.find((t) => t === upper);
}

/**
 * printf-style formatting as NUT's snprintf(msg, fmt, sys): `%s` takes the
 * system name (later ones get an empty string), `%%` is a percent sign.
 */
export function formatNotifyMessage(template: string, system: string): string {
  let used = false;
  return template.replace(/%(%|s)/g, (_m, c: string) => {
    if (c === "%") return "%";
    if (used) return "";
    used = true;
    return system;
  });
}

/** What one notification turns into: the text and where it goes. */
export interface Delivery {
  type: NotifyType;
  /** The MONITOR system string ("" for SHUTDOWN/NOPARENT). */
  system: string;
  message: string;
  syslog: boolean;
  wall: boolean;
  exec: boolean;
  webhook: boolean;
  email: boolean;
}

/** Routes a notification through the settings; undefined when IGNOREd. */
export function route(
  settings: ReadonlyMap<NotifyType, NotifySetting>,
  type: NotifyType,
  system: string,
): Delivery | undefined {
  const s = settings.get(type) ??
    { message: STOCK_MESSAGES[type], flags: new Set<NotifyFlag>() };
  if (s.flags.has("IGNORE")) return undefined;
  return {
    type,
    system,
    message: formatNotifyMessage(s.message, system),
    syslog: s.flags.has("SYSLOG"),
    wall: s.flags.has("WALL"),
    exec: s.flags.has("EXEC"),
    webhook: s.flags.has("WEBHOOK"),
    email: s.flags.has("EMAIL"),
  };
}
