/**
 * The status page in a real browser: Debian's headless Chromium, driven
 * over the DevTools protocol, loads `/` from our upsd; a .dev edit turns the
 * UPS from OL to OB and a screenshot shows the status bar change colour
 * without a reload; command buttons appear only after an upsd.users login;
 * the page loads nothing from anywhere but upsd.
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { decodePng, pixel } from "../png.ts";
import { startStack } from "./http_helpers.ts";

const DEV = `device.mfr: Acme
device.model: Model 9
ups.status: OL
battery.charge: 100
battery.runtime: 2400
ups.load: 30
input.voltage: 231
`;

/** The colours page.ts gives the status bar. */
const GREEN = "#2e7d32";
const AMBER = "#ef8f00";

function haveChromium(): boolean {
  try {
    Deno.statSync("/usr/bin/chromium");
    return true;
  } catch {
    if (Deno.env.get("CI")) throw new Error("chromium missing in CI");
    return false;
  }
}

/** A minimal DevTools protocol client over the browser's WebSocket. */
class Cdp {
  #ws: WebSocket;
  #id = 0;
  #pending = new Map<number, (m: Record<string, unknown>) => void>();
  readonly events: Array<{ method: string; params: Record<string, unknown> }> =
    [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.id !== undefined) this.#pending.get(m.id)?.(m);
      else this.events.push(m);
    };
  }

  static async open(url: string): Promise<Cdp> {
    const ws = new WebSocket(url);
    await new Promise((ok, bad) => {
      ws.onopen = ok;
      ws.onerror = bad;
    });
    return new Cdp(ws);
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = ++this.#id;
    return new Promise((ok, bad) => {
      this.#pending.set(id, (m) => {
        this.#pending.delete(id);
        if (m.error) bad(new Error(JSON.stringify(m.error)));
        else ok(m.result as Record<string, unknown>);
      });
      this.#ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  }

  close(): Promise<void> {
    return new Promise((ok) => {
      this.#ws.onclose = () => ok();
      this.#ws.close();
    });
  }
}

Deno.test({
  name: "status page in headless Chromium: live status change, login, no CDN",
  ignore: !haveNut() || !haveChromium(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const s = await startStack({ devs: { ups1: DEV } });
    const profile = await Deno.makeTempDir({ prefix: "chromium-" });
    const browser = new Deno.Command("/usr/bin/chromium", {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--remote-debugging-port=0",
        `--user-data-dir=${profile}`,
        "--window-size=900,700",
        "about:blank",
      ],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let cdp: Cdp | undefined;
    try {
      // Chromium prints its DevTools address on stderr.
      const reader = browser.stderr.pipeThrough(new TextDecoderStream())
        .getReader();
      let err = "";
      let wsUrl: string | undefined;
      while (!wsUrl) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`chromium exited: ${err}`);
        err += value;
        wsUrl = /DevTools listening on (ws:\S+)/.exec(err)?.[1];
      }
      void reader.closed.catch(() => {});
      void (async () => {
        while (!(await reader.read().catch(() => ({ done: true }))).done) {
          // drain stderr so chromium never blocks on it
        }
      })();
      cdp = await Cdp.open(wsUrl);
      const { targetId } = await cdp.send("Target.createTarget", {
        url: "about:blank",
      });
      const { sessionId } = await cdp.send("Target.attachToTarget", {
        targetId,
        flatten: true,
      }) as { sessionId: string };
      const c = cdp;
      const send = (m: string, p: Record<string, unknown> = {}) =>
        c.send(m, p, sessionId);
      const evaluate = async (expression: string) =>
        ((await send("Runtime.evaluate", {
          expression,
          returnByValue: true,
          awaitPromise: true,
        })).result as { value: unknown }).value;
      await send("Network.enable");
      await send("Page.navigate", { url: `${s.base}/` });

      const barColour = async (): Promise<string> => {
        const rect = await evaluate(
          `(() => { const r = document.querySelector('[data-ups="ups1"] .bar').getBoundingClientRect(); return [r.x + 8, r.y + 8]; })()`,
        ) as [number, number];
        const shot = await send("Page.captureScreenshot", { format: "png" });
        const img = decodePng(
          Uint8Array.from(atob(shot.data as string), (ch) => ch.charCodeAt(0)),
        );
        return pixel(img, rect[0], rect[1]);
      };
      const status = () =>
        evaluate(
          `document.querySelector('[data-ups="ups1"]')?.dataset.status ?? null`,
        );

      await waitFor(async () => (await status()) === "OL", 15_000, 50, "OL");
      assertEquals(await barColour(), GREEN);
      assertEquals(
        await evaluate(
          `document.querySelector('[data-ups="ups1"] .charge').textContent`,
        ),
        "100 %",
      );
      assertEquals(
        await evaluate(
          `document.querySelector('[data-ups="ups1"] .runtime').textContent`,
        ),
        "40 min",
      );
      const navigations = await evaluate(
        "performance.getEntriesByType('navigation').length",
      );

      s.writeDev(
        "ups1",
        DEV.replace("ups.status: OL", "ups.status: OB DISCHRG").replace(
          "100",
          "64",
        ),
      );
      await waitFor(
        async () => (await status()) === "OB DISCHRG",
        10_000,
        20,
        "OB",
      );
      assertEquals(await barColour(), AMBER);
      assertEquals(
        await evaluate(
          `document.querySelector('[data-ups="ups1"] .charge').textContent`,
        ),
        "64 %",
      );
      // live: the same document, never reloaded
      assertEquals(
        await evaluate("performance.getEntriesByType('navigation').length"),
        navigations,
      );
      assert(
        (await evaluate(
          `document.querySelector('[data-ups="ups1"] .hc').getAttribute('points').split(' ').length`,
        ) as number) >= 2,
      );

      // no command buttons until a login upsd.users allows
      const buttons = () =>
        evaluate(
          `document.querySelectorAll('[data-ups="ups1"] .cmds button').length`,
        );
      assertEquals(await buttons(), 0);
      const login = (u: string, p: string) =>
        evaluate(
          `(async () => { document.querySelector('#user').value = ${
            JSON.stringify(u)
          };
          document.querySelector('#pass').value = ${JSON.stringify(p)};
          document.querySelector('#login').requestSubmit(); })()`,
        );
      await login("admin", "wrong");
      await waitFor(async () =>
        (await evaluate(`document.querySelector('#who').textContent`)) ===
          "login refused"
      );
      assertEquals(await buttons(), 0);
      await login("admin", "adminpw");
      await waitFor(async () => (await buttons()) === 1, 5000, 20, "buttons");
      assertEquals(
        await evaluate(
          `document.querySelector('[data-ups="ups1"] .cmds button').textContent`,
        ),
        "load.off",
      );

      // every request the page made went to upsd itself
      const urls = cdp.events.filter((e) =>
        e.method === "Network.requestWillBeSent"
      )
        .map((e) => (e.params.request as { url: string }).url);
      assert(urls.length >= 3);
      for (const u of urls) assert(u.startsWith(s.base + "/"), u);
    } finally {
      await cdp?.close().catch(() => {});
      try {
        browser.kill("SIGTERM");
      } catch {
        // gone
      }
      await browser.status;
      await Deno.remove(profile, { recursive: true }).catch(() => {});
      await s.stop();
    }
  },
});
