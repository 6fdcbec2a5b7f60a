/**
 * upsmon's webhook channel (our extension, `NOTIFYURL` in upsmon.conf): one
 * JSON POST per notification, in the form ntfy or Gotify accept as is, or a
 * plain JSON object for anything else. The request is built by a pure
 * function; `postWebhook` sends it.
 *
 * @module
 */

/** The body shapes NOTIFYURL can send. */
export type WebhookFormat = "ntfy" | "gotify" | "json";

/** The formats, as written in upsmon.conf. */
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = [
  "ntfy",
  "gotify",
  "json",
];

/** A NOTIFYURL line. */
export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
}

/** One notification as the extra channels see it. */
export interface NotifyEvent {
  /** A notify type (ONBATT, ...) or TEST for `upsmon -c test`. */
  type: string;
  /** The MONITOR system string ("" for SHUTDOWN/NOPARENT). */
  system: string;
  /** The text after NOTIFYMSG. */
  message: string;
  /** This machine's host name. */
  host: string;
  time: Date;
}

/** A ready HTTP request. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

// Urgency on ntfy's 1..5 scale: what needs someone now is 5.
const URGENCY: Readonly<Record<string, number>> = {
  FSD: 5,
  LOWBATT: 5,
  SHUTDOWN: 5,
  NOPARENT: 5,
  ONBATT: 4,
  COMMBAD: 4,
  NOCOMM: 4,
  REPLBATT: 4,
};

// ntfy shows tags that name an emoji as that emoji.
const NTFY_TAGS: Readonly<Record<string, string>> = {
  ONLINE: "electric_plug",
  ONBATT: "battery",
  LOWBATT: "warning",
  FSD: "rotating_light",
  SHUTDOWN: "rotating_light",
  NOPARENT: "skull",
  COMMOK: "white_check_mark",
  COMMBAD: "x",
  NOCOMM: "x",
  REPLBATT: "wrench",
  CAL: "hourglass",
  TEST: "test_tube",
};

/** ntfy priority (1..5) of a notify type; 3 is ntfy's default. */
export function urgencyOf(type: string): number {
  return URGENCY[type] ?? 3;
}

/** Gotify's 0..10 scale: 8 and up alert on Android; 5 is a normal message. */
function gotifyPriority(urgency: number): number {
  return urgency >= 5 ? 10 : urgency === 4 ? 8 : 5;
}

/**
 * Builds the POST for one notification. URL credentials become a Basic
 * Authorization header (fetch refuses them in the URL). ntfy: the last path
 * segment is the topic and the JSON goes to the URL without it, as ntfy's
 * JSON publishing wants. Gotify: the URL is used as written (…/message?token=…).
 */
export function webhookRequest(
  target: WebhookTarget,
  ev: NotifyEvent,
): WebhookRequest {
  const url = new URL(target.url);
  const headers: Record<string, string> = {
    "content-type": "application/json",
  };
  if (url.username !== "" || url.password !== "") {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    headers.authorization = `Basic ${base64(`${user}:${pass}`)}`;
    url.username = "";
    url.password = "";
  }
  const title = ev.system === ""
    ? `upsmon on ${ev.host}: ${ev.type}`
    : `UPS ${ev.system}: ${ev.type}`;
  const urgency = urgencyOf(ev.type);
  let body: unknown;
  if (target.format === "ntfy") {
    const parts = url.pathname.split("/");
    const topic = parts.pop() ?? "";
    url.pathname = parts.join("/") || "/";
    body = {
      topic: decodeURIComponent(topic),
      title,
      message: ev.message,
      priority: urgency,
      tags: [NTFY_TAGS[ev.type] ?? "zap", "nut"],
    };
  } else if (target.format === "gotify") {
    body = {
      title,
      message: ev.message,
      priority: gotifyPriority(urgency),
      extras: { "nut::event": eventFields(ev) },
    };
  } else {
    body = {
      ...eventFields(ev),
      title,
      message: ev.message,
      priority: urgency,
    };
  }
  return { url: url.href, headers, body: JSON.stringify(body) };
}

function eventFields(ev: NotifyEvent): Record<string, string> {
  return {
    type: ev.type,
    ups: ev.system,
    host: ev.host,
    time: ev.time.toISOString(),
  };
}

/** UTF-8 → base64. */
export function base64(text: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(text)) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Sends the webhook; resolves to the HTTP status, throws on network errors. */
export async function postWebhook(
  target: WebhookTarget,
  ev: NotifyEvent,
  timeoutMs = 10_000,
): Promise<number> {
  const req = webhookRequest(target, ev);
  const res = await fetch(req.url, {
    method: "POST",
    headers: req.headers,
    body: req.body,
    redirect: "error",
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${req.url}`);
  return res.status;
}
