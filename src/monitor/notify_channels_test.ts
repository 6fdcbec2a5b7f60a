import { assert, assertEquals } from "../../tests/assert.ts";
import { parseUpsmonConf } from "../config/upsmon_conf.ts";
import { route } from "./notify.ts";
import { webhookRequest } from "./notify_webhook.ts";
import { buildMail, dotStuff, mailDate } from "./notify_mail.ts";
import { redact } from "./notify_channels.ts";

const opts = { permissions: "none" } as const;
const ev = {
  type: "ONBATT",
  system: "ups1@localhost",
  message: "UPS ups1@localhost on battery",
  host: "box",
  time: new Date(Date.UTC(2026, 11, 7, 15, 4, 5)),
};

Deno.test(
  "upsmon.conf: NOTIFYURL, NOTIFYSMTP, NOTIFYMAIL and the new flags",
  opts,
  () => {
    const c = parseUpsmonConf(`NOTIFYURL https://u:p@ntfy.example/alerts ntfy
NOTIFYSMTP smtp://me:secret@mail.example:587 /etc/ssl/ca.pem
NOTIFYMAIL ups@example.org root@example.org,ops@example.org
NOTIFYFLAG ONBATT SYSLOG+WEBHOOK+EMAIL
NOTIFYURL ftp://x/y
NOTIFYURL http://x/y carrier-pigeon
NOTIFYMAIL nobody
NOTIFYSMTP http://x
`);
    assertEquals(c.notifyUrl, {
      url: "https://u:p@ntfy.example/alerts",
      format: "ntfy",
    });
    assertEquals(c.notifySmtp, {
      url: "smtp://me:secret@mail.example:587",
      caFile: "/etc/ssl/ca.pem",
    });
    assertEquals(c.notifyMail, {
      from: "ups@example.org",
      to: ["root@example.org", "ops@example.org"],
    });
    assertEquals(c.warnings.map((w) => w.line), [5, 6, 7, 8]);
    const d = route(c.notify, "ONBATT", "u")!;
    assertEquals([d.syslog, d.wall, d.exec, d.webhook, d.email], [
      true,
      false,
      false,
      true,
      true,
    ]);
    assertEquals(route(c.notify, "ONLINE", "u")!.webhook, false);
    assertEquals(
      parseUpsmonConf("NOTIFYURL http://h/p\n").notifyUrl?.format,
      "json",
    );
  },
);

Deno.test(
  "webhookRequest(): ntfy JSON publishing goes to the root with the topic",
  opts,
  () => {
    const r = webhookRequest(
      { url: "https://alice:s%20cret@ntfy.example/nut-alerts", format: "ntfy" },
      ev,
    );
    assertEquals(r.url, "https://ntfy.example/");
    assertEquals(r.headers.authorization, `Basic ${btoa("alice:s cret")}`);
    assertEquals(JSON.parse(r.body), {
      topic: "nut-alerts",
      title: "UPS ups1@localhost: ONBATT",
      message: "UPS ups1@localhost on battery",
      priority: 4,
      tags: ["battery", "nut"],
    });
  },
);

Deno.test("webhookRequest(): gotify and plain json", opts, () => {
  const g = webhookRequest(
    { url: "http://gotify.local/message?token=abc", format: "gotify" },
    { ...ev, type: "LOWBATT" },
  );
  assertEquals(g.url, "http://gotify.local/message?token=abc");
  assertEquals(g.headers.authorization, undefined);
  const body = JSON.parse(g.body);
  assertEquals([body.title, body.priority], [
    "UPS ups1@localhost: LOWBATT",
    10,
  ]);
  assertEquals(body.extras["nut::event"].time, "2026-12-07T15:04:05.000Z");
  const j = JSON.parse(
    webhookRequest({ url: "http://h/hook", format: "json" }, {
      ...ev,
      type: "SHUTDOWN",
      system: "",
    }).body,
  );
  assertEquals(j.title, "upsmon on box: SHUTDOWN");
  assertEquals([j.type, j.ups, j.host, j.priority], ["SHUTDOWN", "", "box", 5]);
});

Deno.test(
  "buildMail(): headers, CRLF, no header injection, dot-stuffing",
  opts,
  () => {
    const m = buildMail(
      { from: "ups@example.org", to: ["a@example.org", "b@example.org"] },
      { ...ev, message: "on battery\r\nBcc: evil@example.org\n.hidden" },
    );
    const cut = m.indexOf("\r\n\r\n");
    const [head, body] = [m.slice(0, cut), m.slice(cut + 4)];
    const headers = head.split("\r\n");
    assert(headers.includes("To: a@example.org, b@example.org"));
    assert(headers.includes("Date: Mon, 07 Dec 2026 15:04:05 +0000"));
    assert(!headers.some((h) => h.startsWith("Bcc:")));
    assert(
      headers.includes(
        "Subject: [upsmon box] ONBATT ups1@localhost: on battery Bcc: evil@example.org .hidden",
      ),
    );
    assert(!/[^\r]\n/.test(m), "every line ends in CRLF");
    assert(
      body.startsWith("on battery\r\nBcc: evil@example.org\r\n.hidden\r\n"),
    );
    assert(dotStuff(m).includes("\r\n..hidden\r\n"));
    assertEquals(dotStuff(".a\r\n.b"), "..a\r\n..b");
    assertEquals(
      mailDate(new Date(Date.UTC(2027, 0, 3, 1, 2, 3))),
      "Sun, 03 Jan 2027 01:02:03 +0000",
    );
    const utf = buildMail({ from: "a@b.c", to: ["d@e.f"] }, {
      ...ev,
      message: "Netz weg – Batterie",
    });
    assert(/^Subject: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/m.test(utf));
  },
);

Deno.test("redact() hides passwords and tokens", opts, () => {
  assertEquals(redact("smtp://u:secret@h:25"), "smtp://u:xxx@h:25");
  assertEquals(
    redact("http://g/message?token=abc"),
    "http://g/message?token=xxx",
  );
});
