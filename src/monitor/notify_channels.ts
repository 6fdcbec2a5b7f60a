/**
 * The extra notification channels of upsmon (WEBHOOK, EMAIL) as the daemon
 * and `upsmon -c test` use them: configuration taken from upsmon.conf, one
 * call per channel that reports what happened in one line.
 *
 * @module
 */
import type { UpsmonConf } from "../config/upsmon_conf.ts";
import { type NotifyEvent, postWebhook } from "./notify_webhook.ts";
import { sendMail } from "./notify_mail.ts";

/** The channel settings of one upsmon.conf. */
export type Channels = Pick<
  UpsmonConf,
  "notifyUrl" | "notifySmtp" | "notifyMail"
>;

/** The channel part of a configuration. */
export function channelsOf(conf: UpsmonConf): Channels {
  return {
    notifyUrl: conf.notifyUrl,
    notifySmtp: conf.notifySmtp,
    notifyMail: conf.notifyMail,
  };
}

/** This machine's name, as the messages carry it. */
export function hostName(): string {
  try {
    return Deno.hostname();
  } catch {
    return "localhost";
  }
}

/** A notification for the channels, stamped now. */
export function notifyEvent(
  type: string,
  system: string,
  message: string,
): NotifyEvent {
  return { type, system, message, host: hostName(), time: new Date() };
}

/** POSTs to NOTIFYURL; resolves to a one-line outcome, throws on failure. */
export async function fireWebhook(
  ch: Channels,
  ev: NotifyEvent,
): Promise<string> {
  if (!ch.notifyUrl) throw new Error("no NOTIFYURL configured");
  const status = await postWebhook(ch.notifyUrl, ev);
  return `HTTP ${status} from ${redact(ch.notifyUrl.url)}`;
}

/** Mails through NOTIFYSMTP to NOTIFYMAIL; a one-line outcome, throws on failure. */
export async function fireEmail(
  ch: Channels,
  ev: NotifyEvent,
): Promise<string> {
  if (!ch.notifySmtp) throw new Error("no NOTIFYSMTP configured");
  if (!ch.notifyMail) throw new Error("no NOTIFYMAIL configured");
  const r = await sendMail(ch.notifySmtp, ch.notifyMail, ev);
  const how = r.tls === "none" ? "without TLS" : `over TLS (${r.tls})`;
  return `sent to ${ch.notifyMail.to.join(",")} via ${
    redact(ch.notifySmtp.url)
  } ${how}: ${r.reply}`;
}

/** A URL without its password (and gotify/ntfy tokens), for logs. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "xxx";
    for (const k of ["token", "auth"]) {
      if (u.searchParams.has(k)) u.searchParams.set(k, "xxx");
    }
    return u.href;
  } catch {
    return url;
  }
}
