/**
 * upsmon facing a garbage-speaking "upsd": a fake TCP server first answers
 * properly with OL, then answers every request with junk (random bytes,
 * mutated replies, ERR with unknown codes, partial lines and closes, very
 * long lines, several lines at once, wrong echoes carrying "OB LB"), then
 * stalls, then drops every connection. Our upsmon (-p -F) must neither
 * crash nor shut down while the last known state was OL, and must log
 * COMMBAD. When the server then answers properly with OB LB, upsmon must
 * shut down (FSD, POWERDOWNFLAG, SHUTDOWNCMD): garbage never hides a real
 * shutdown.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { freePort, waitFor } from "../net.ts";
import {
  bytes,
  closeQuietly,
  concat,
  flip,
  int,
  pick,
  randomLineBytes,
  rng,
  sleep,
  start,
  withNuls,
  writeAll,
} from "./gen.ts";

const UPSMON = new URL("../../cli/upsmon.ts", import.meta.url).pathname;
const MAGIC = "upsmon-shutdown-file";

type Mode = "ol" | "garbage" | "stall" | "drop" | "oblb";

/** True if `b` could be read as a status with OB, LB or FSD in it. */
function dangerous(b: Uint8Array): boolean {
  const text = new TextDecoder("latin1").decode(b)
    .replace(/[^\x20-\x7e]|["\\]/g, "");
  return /O\s*B|L\s*B|F\s*S\s*D/i.test(text);
}

const OK_STATUS = 'VAR fz ups.status "OL"';

/** One junk answer: bytes to send, and whether to close afterwards. */
function junk(r: () => number): { data: Uint8Array; close: boolean } {
  const line = (s: string) => bytes(s + "\n");
  for (;;) {
    let data: Uint8Array;
    let close = false;
    let k = int(r, 13);
    // keep most connections open, so later requests get junk too
    if ((k === 4 || k === 10) && r() < 0.7) k = 12;
    switch (k) {
      case 0:
        data = concat([randomLineBytes(r, int(r, 200)), bytes("\n")]);
        break;
      case 1:
        data = concat([flip(r, OK_STATUS), bytes("\n")]);
        break;
      case 2:
        data = concat([withNuls(r, OK_STATUS), bytes("\n")]);
        break;
      case 3:
        data = line(
          `ERR ${pick(r, ["FOO-BAR", "", "X".repeat(600), "WHAT ever", "-1"])}`,
        );
        break;
      case 4: // a partial line, then the connection ends
        data = bytes(OK_STATUS.slice(0, int(r, OK_STATUS.length)));
        close = true;
        break;
      case 5: // very long line
        data = line(`VAR fz ups.status "${"O".repeat(100_000 + int(r, 1e5))}"`);
        break;
      case 6: { // several lines at once: the client gets out of step
        const parts: Uint8Array[] = [];
        for (let i = 0, n = 2 + int(r, 8); i < n; i++) {
          parts.push(randomLineBytes(r, int(r, 60)), bytes("\n"));
        }
        data = concat(parts);
        break;
      }
      case 7:
        data = line(pick(r, ["OK", "BEGIN LIST VAR fz", "", "\r", "VAR"]));
        break;
      case 8: // wrong echoes: never to be taken as fz's status
        return {
          data: line(pick(r, [
            'VAR other ups.status "OB LB"',
            'VAR fz battery.charge "OB LB"',
            'VAR fz ups.status.x "FSD OB LB"',
            'VAR "fz ups.status" "OB LB"',
          ])),
          close: false,
        };
      case 9:
        data = line('VAR fz ups.status ""');
        break;
      case 10:
        data = new Uint8Array(0);
        close = true;
        break;
      case 11:
        data = line(OK_STATUS + ' "unbalanced');
        break;
      default:
        data = line(OK_STATUS);
    }
    if (!dangerous(data)) return { data, close };
  }
}

/** The proper answer of a NUT 2.8.0 upsd with `status`. */
function proper(req: string[], status: string): string {
  const [verb = "", a = "", b = ""] = req;
  switch (verb.toUpperCase()) {
    case "STARTTLS":
      return "ERR FEATURE-NOT-CONFIGURED\n";
    case "USERNAME":
    case "PASSWORD":
    case "LOGIN":
    case "PRIMARY":
    case "MASTER":
      return "OK\n";
    case "FSD":
      return "OK FSD-SET\n";
    case "LOGOUT":
      return "OK Goodbye\n";
    case "GET":
      if (a === "VAR" && b === "fz" && req[3] === "ups.status") {
        return `VAR fz ups.status "${status}"\n`;
      }
      if (a === "NUMLOGINS" && b === "fz") return "NUMLOGINS fz 1\n";
      return "ERR VAR-NOT-SUPPORTED\n";
  }
  return "ERR UNKNOWN-COMMAND\n";
}

/** The fake upsd: answers by the current mode, counts what it saw. */
class FakeUpsd {
  mode: Mode = "ol";
  requests: string[] = [];
  statusPolls: Record<Mode, number> = {
    ol: 0,
    garbage: 0,
    stall: 0,
    drop: 0,
    oblb: 0,
  };
  junkAnswers = 0;
  junkPieces = 0;
  /** Connections refused in the "drop" phase. */
  refused = 0;
  conns = new Set<Deno.Conn>();
  #listener: Deno.Listener;
  #tasks = new Set<Promise<void>>();
  #loop: Promise<void>;
  #r = rng(0xbad5);

  constructor(port: number) {
    const listener = Deno.listen({ hostname: "127.0.0.1", port });
    this.#listener = listener;
    this.#loop = (async () => {
      for await (const c of listener) {
        if (this.mode === "drop") {
          this.refused++;
          closeQuietly(c);
          continue;
        }
        this.conns.add(c);
        const t = this.#serve(c).finally(() => {
          this.conns.delete(c);
          closeQuietly(c);
          this.#tasks.delete(t);
        });
        this.#tasks.add(t);
      }
    })().catch(() => {});
  }

  async #serve(c: Deno.Conn): Promise<void> {
    const buf = new Uint8Array(4096);
    let text = "";
    try {
      while (true) {
        const n = await c.read(buf);
        if (n === null) return;
        text += new TextDecoder().decode(buf.subarray(0, n));
        let nl: number;
        while ((nl = text.indexOf("\n")) >= 0) {
          const req = text.slice(0, nl);
          text = text.slice(nl + 1);
          this.requests.push(req);
          const words = req.split(" ");
          if (req.startsWith("GET VAR fz ups.status")) {
            this.statusPolls[this.mode]++;
          }
          if (this.mode === "stall" || this.mode === "drop") continue;
          // in the junk phase, logins mostly succeed so that the polls
          // (which decide shutdowns) get junk too
          const auth = !req.startsWith("GET ") && this.#r() < 0.7;
          if (this.mode === "garbage" && !auth) {
            // several junk pieces per answer: the rest waits in the
            // client's buffer and answers its next requests
            this.junkAnswers++;
            for (let i = 0, k = 1 + int(this.#r, 12); i < k; i++) {
              const j = junk(this.#r);
              this.junkPieces++;
              await writeAll(c, j.data);
              if (j.close) return;
            }
            continue;
          }
          const status = this.mode === "oblb" ? "OB LB" : "OL";
          await writeAll(c, proper(words, status));
          if (words[0] === "LOGOUT") return;
        }
      }
    } catch {
      // the client went away
    }
  }

  /** Closes every open connection (the "disconnects" phase). */
  dropAll(): void {
    for (const c of this.conns) closeQuietly(c);
  }

  async close(): Promise<void> {
    closeQuietly(this.#listener);
    this.dropAll();
    await this.#loop;
    await Promise.all([...this.#tasks]);
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

const TYPES = [
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
];

Deno.test({
  name: "upsmon: garbage from upsd never shuts down on OL, never hides OB LB",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "monfuzz_" });
    const port = freePort();
    const flag = `${dir}/killpower`;
    const marker = `${dir}/shutdown.log`;
    await Deno.writeTextFile(
      `${dir}/upsmon.conf`,
      [
        `MONITOR fz@127.0.0.1:${port} 1 mon pw primary`,
        "MINSUPPLIES 1",
        "POLLFREQ 1",
        "POLLFREQALERT 1",
        "HOSTSYNC 2",
        "DEADTIME 3",
        "FINALDELAY 0",
        "NOCOMMWARNTIME 2",
        "RBWARNTIME 43200",
        // SYSLOG only: no wall(1) on this machine's terminals
        ...TYPES.map((t) => `NOTIFYFLAG ${t} SYSLOG`),
        `SHUTDOWNCMD "echo shutdown >> ${marker}"`,
        `POWERDOWNFLAG ${flag}`,
      ].join("\n") + "\n",
    );
    const server = new FakeUpsd(port);
    const mon = start(
      Deno.execPath(),
      ["run", "--allow-all", UPSMON, "-p", "-F", "-f", `${dir}/upsmon.conf`],
      { NUT_CONFPATH: dir, NUT_PIDPATH: dir, NUT_STATEPATH: dir },
    );
    let exited = false;
    mon.proc.status.then(() => exited = true);
    const noShutdownYet = (phase: string) => {
      assert(!exited, `upsmon exited during ${phase}:\n${mon.output()}`);
      assert(!exists(flag), `POWERDOWNFLAG created during ${phase}`);
      assert(!exists(marker), `SHUTDOWNCMD ran during ${phase}`);
    };
    try {
      // 1. proper answers: the last known state is OL
      await waitFor(() => server.statusPolls.ol >= 2, 15_000, 20, "OL polls");
      noShutdownYet("OL");
      // 2. junk for everything, past DEADTIME
      server.mode = "garbage";
      server.dropAll(); // start clean: every request now gets junk
      // upsmon asks about once a second: go on until it took enough junk
      const from = Date.now();
      while (
        Date.now() - from < 5000 ||
        (Date.now() - from < 15_000 &&
          (server.junkAnswers < 12 || server.statusPolls.garbage < 5))
      ) {
        await sleep(200);
        noShutdownYet("garbage");
      }
      console.log(
        `junk: ${server.junkAnswers} answers, ${server.junkPieces} pieces`,
      );
      assert(server.junkAnswers >= 8, `junk answers ${server.junkAnswers}`);
      assert(server.junkPieces >= 30, `junk pieces ${server.junkPieces}`);
      assert(server.statusPolls.garbage >= 4, "polled through the junk");
      // 3. a stall (upsmon waits on a reply that never comes), 4. drops
      server.mode = "stall";
      // the scenario's window, not a wait for an event: upsmon sits on an
      // unanswered poll (its reply deadline is 10 s) for longer than
      // DEADTIME (3 s), and must not call that a power failure
      await sleep(3500);
      noShutdownYet("stall");
      server.mode = "drop";
      server.dropAll();
      // until upsmon has noticed (COMMBAD) and been refused twice more
      const lost = `Communications with UPS fz@127.0.0.1:${port} lost`;
      await waitFor(
        () => mon.output().includes(lost) && server.refused >= 2,
        15_000,
        20,
        "upsmon to lose the UPS and retry",
      );
      noShutdownYet("disconnects");
      const out = mon.output();
      assertStringIncludes(out, lost);
      assert(!out.includes("power-fail shutdown"), out);
      // 5. the truth again: on battery, low battery → shutdown
      server.mode = "oblb";
      const status = await Promise.race([
        mon.proc.status,
        sleep(15_000).then(() => undefined),
      ]);
      assert(status, `upsmon did not shut down on OB LB:\n${mon.output()}`);
      assertEquals(status.code, 0, mon.output());
      assertEquals(Deno.readTextFileSync(flag), MAGIC);
      assertEquals(Deno.readTextFileSync(marker), "shutdown\n");
      assert(server.requests.includes("FSD fz"), "FSD sent as primary");
      assert(server.statusPolls.oblb >= 1);
      assertStringIncludes(
        mon.output(),
        "Executing automatic power-fail shutdown",
      );
    } finally {
      await mon.stop();
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
