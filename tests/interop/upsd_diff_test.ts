/**
 * Differential test: the same request scripts go to NUT 2.8.0's upsd and to
 * ours, both fed by the same NUT dummy-ups drivers, and the replies must be
 * identical line by line (tracking ids aside). This is the check of NUT's
 * order of checks and reply formats.
 */
import { assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import {
  CMDVARTAB,
  DUMMY_DEV,
  freePort,
  LineClient,
  makeTree,
  type Proc,
  startDummy,
  startNutUpsd,
  startOurUpsd,
  upsConf,
  UPSD_USERS,
} from "../fixtures/upsd/harness.ts";

const UPS_CONF = upsConf(["dummy", "Dummy2", "ghost"], {
  dummy: 'Test \\"quoted\\" UPS',
}) + "[incomplete]\n  driver = dummy-ups\n";

/** Scripts: each inner list runs on one fresh connection. */
const SCRIPTS: string[][] = [
  [
    "VER",
    "VER x",
    "NETVER",
    "PROTVER",
    "NETVER 1",
    "HELP",
    "HELP me",
    "",
    "   ",
    "# only a comment",
    "bogus",
    "get var dummy ups.status",
    "GET",
    "GET VAR",
    "GET VAR dummy",
    "GET VAR dummy ups.status",
    "GET VAR DUMMY UPS.STATUS",
    "GET VAR dummy ups.status junk extra",
    "GET VAR dummy nonexist",
    "GET VAR nope ups.status",
    "GET VAR nope server.version",
    "GET VAR nope SERVER.INFO",
    "GET VAR dummy server.other",
    "GET VAR ghost ups.status",
    "GET VAR ghost server.version",
    "GET VAR incomplete ups.status",
    "GET VAR dummy2 ups.status",
    "GET TYPE dummy ups.id",
    "GET TYPE dummy battery.charge",
    "GET TYPE dummy nonexist",
    "GET TYPE ghost ups.id",
    "GET TYPE dummy",
    "GET DESC dummy ups.status",
    "GET DESC dummy UPS.STATUS",
    "GET DESC dummy no.such.var",
    "GET DESC nope ups.status",
    "GET DESC ghost ups.status",
    "GET CMDDESC dummy load.off",
    "GET CMDDESC dummy no.such.cmd",
    "GET NUMLOGINS dummy",
    "GET NUMLOGINS ghost",
    "GET NUMLOGINS nope",
    "GET NUMLOGINS",
    "GET UPSDESC dummy",
    "GET UPSDESC dummy2",
    "GET UPSDESC ghost",
    "GET UPSDESC nope",
    "GET TRACKING",
    "GET TRACKING 1234",
    "GET FOO dummy x",
    "GET FOO dummy",
    "GET FOO",
    'GET VAR "dummy" "ups.status"',
    'GET VAR dummy "ups.st#atus"',
    "GET VAR dummy ups.status # trailing comment",
    "GET VAR dum\\my ups.status",
    "GET\tVAR\tdummy\tups.status",
    "GET VAR dummy ups.status\r",
    "GET VAR dummy=x ups.status",
  ],
  [
    "LIST",
    "LIST UPS",
    "LIST UPS extra",
    "LIST VAR dummy",
    "LIST VAR DUMMY",
    "LIST VAR ghost",
    "LIST VAR nope",
    "LIST VAR",
    "LIST RW dummy",
    "LIST CMD dummy",
    "LIST CMD ghost",
    "LIST ENUM dummy ups.status",
    "LIST ENUM dummy nonexist",
    "LIST ENUM dummy",
    "LIST RANGE dummy ups.delay.shutdown",
    "LIST RANGE nope x",
    "LIST CLIENT dummy",
    "LIST CLIENT ghost",
    "LIST CLIENT nope",
    "LIST CLIENTS dummy",
    "LIST FOO dummy x",
    "LIST FOO",
  ],
  [
    "LOGIN dummy",
    "PASSWORD pw1",
    "LOGIN dummy",
    "FSD dummy",
    "SET VAR dummy ups.id x",
    "INSTCMD dummy load.off",
    "PRIMARY dummy",
    "USERNAME",
    "USERNAME a b",
    "USERNAME monp",
    "USERNAME again",
    "PASSWORD again",
    "LOGIN",
    "LOGIN a b",
    "LOGIN nope",
    "LOGIN dummy",
    "LOGIN dummy",
    "GET NUMLOGINS dummy",
    "LIST CLIENT dummy",
    "LIST CLIENT DUMMY",
    "PRIMARY dummy",
    "MASTER dummy",
    "PRIMARY",
    "MASTER nope",
    "PRIMARY nope",
    "SET VAR dummy ups.id x",
    "INSTCMD dummy load.off",
  ],
  [
    "USERNAME admin",
    "PASSWORD secret",
    "LOGIN dummy",
    "PRIMARY dummy",
    "SET",
    "SET VAR",
    "SET VAR dummy ups.id",
    "SET VAR nope ups.id x",
    "SET VAR ghost ups.id x",
    "SET VAR dummy nonexist x",
    "SET VAR dummy ups.id myid",
    "SET VAR dummy ups.id 01234567890123456789012345678901234567890123456789012345678901234567890123456789",
    "SET VAR dummy ups.id myid extra",
    "SET TRACKING",
    "SET TRACKING maybe",
    "SET TRACKING on",
    "GET TRACKING",
    "SET VAR dummy ups.id myid",
    "GET TRACKING 00000000-0000-4000-8000-000000000000",
    "SET TRACKING OFF",
    "GET TRACKING",
    "GET TRACKING abc",
    "SET FOO bar",
    "SET FOO bar baz qux",
    "INSTCMD",
    "INSTCMD dummy",
    "INSTCMD nope load.off",
    "INSTCMD ghost load.off",
    "INSTCMD dummy no.such.cmd",
    "INSTCMD dummy load.off",
    "INSTCMD dummy LOAD.OFF",
    "FSD",
    "FSD nope",
    "FSD dummy",
    "GET VAR dummy ups.status",
    "LIST VAR dummy",
    "LIST RW dummy",
    "STARTTLS",
    "STARTTLS now",
    "LOGOUT now",
    "LOGOUT",
  ],
  [
    "USERNAME limited",
    "PASSWORD lim",
    "LOGIN dummy",
    "FSD dummy2",
    "SET VAR dummy2 ups.id x",
    "INSTCMD dummy2 load.off",
    "INSTCMD dummy2 nope.cmd",
    "PASSWORD x",
    "USERNAME mons",
  ],
  [
    "PASSWORD pw2",
    "USERNAME mons",
    "LOGIN dummy2",
    "MASTER dummy2",
    "FSD dummy2",
    "USERNAME x",
    "LOGIN dummy",
  ],
  [
    "USERNAME admin",
    "PASSWORD wrong",
    "SET VAR dummy ups.id x",
    "INSTCMD dummy load.off",
    "FSD dummy",
    "LOGIN dummy",
    `GET VAR ${"x".repeat(600)} ups.status`,
    `GET VAR ${"y".repeat(500)} server.version`,
    `GET VAR dummy ${"z".repeat(700)}`,
    `LIST VAR ${"w".repeat(505)}`,
    Array.from({ length: 40 }, (_, i) => `w${i}`).join(" "),
  ],
];

function normalize(lines: string[]): string[] {
  return lines.map((l) =>
    l.replace(
      /[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}/g,
      "<ID>",
    )
  );
}

Deno.test({
  name: "upsd replies match NUT 2.8.0 upsd line by line",
  ignore: !haveNut(),
  sanitizeOps: true,
  sanitizeResources: true,
  async fn() {
    const nutPort = freePort();
    const ourPort = freePort();
    const cmdvartab = Deno.readTextFileSync(CMDVARTAB);
    const base = {
      "ups.conf": UPS_CONF,
      "upsd.users": UPSD_USERS,
      "dummy.dev": DUMMY_DEV,
      "cmdvartab": cmdvartab,
    };
    const nut = makeTree({
      ...base,
      "upsd.conf": `LISTEN 127.0.0.1 ${nutPort}\nDATAPATH /usr/share/nut\n`,
    });
    const ours = makeTree({
      ...base,
      "upsd.conf": `LISTEN 127.0.0.1 ${ourPort}\nDATAPATH /usr/share/nut\n`,
    }, nut.state);
    const procs: Proc[] = [];
    try {
      procs.push(await startDummy(nut, "dummy"));
      procs.push(await startDummy(nut, "Dummy2"));
      procs.push(await startNutUpsd(nut, nutPort));
      procs.push(await startOurUpsd(ours, ourPort));
      // Both serve data once the drivers answered DUMPALL (DATA-STALE
      // before): wait until every driven UPS has its status on both.
      for (const port of [nutPort, ourPort]) {
        const c = await LineClient.connect(port);
        try {
          for (const ups of ["dummy", "Dummy2"]) {
            await waitFor(
              async () =>
                (await c.ask(`GET VAR ${ups} ups.status`))?.startsWith(
                  `VAR ${ups} ups.status`,
                ) === true,
              15_000,
              50,
              `${ups} served on port ${port}`,
            );
          }
        } finally {
          c.close();
        }
      }
      const held: LineClient[] = [];
      let compared = 0;
      for (const script of SCRIPTS) {
        const a = await LineClient.connect(nutPort);
        const b = await LineClient.connect(ourPort);
        held.push(a, b);
        for (const req of script) {
          const want = normalize(await a.exchange(req));
          const got = normalize(await b.exchange(req));
          assertEquals(got, want, `request ${JSON.stringify(req)}`);
          compared++;
          if (want.includes("<EOF>")) break;
        }
      }
      for (const c of held) c.close();
      // every request of every script was compared (LOGOUT ends its script)
      assertEquals(compared, SCRIPTS.flat().length);
    } finally {
      for (const p of procs.reverse()) await p.kill();
      nut.remove();
      ours.remove();
    }
  },
});
