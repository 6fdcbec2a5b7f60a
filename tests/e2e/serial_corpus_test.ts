/**
 * The serial corpus decoded as NUT decodes it: every nutdrv_qx testing
 * table of a protocol we implement (NUT's own fixtures, partly captured
 * from real units) and the binary/ASCII examples of the protocol documents
 * are replayed by a simulator; NUT 2.8.0's nutdrv_qx and ours, with the
 * protocol forced, must publish the same variables.
 */
import { assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { corpusPath } from "../corpus.ts";
import { ReplaySim } from "../sim/qx.ts";
import { ourDump, parseDump, runNutDriver, testCtx } from "../sim/harness.ts";
import { QxDriver } from "../../drivers/qx/driver.ts";
import { SUBDRIVERS } from "../../drivers/qx/subdrivers.ts";

const nut = haveNut();
const DIR = corpusPath("serial/transcripts/");

/** Source file of a testing table → protocol= name. */
const PROTOCOLS: Record<string, string> = {
  "nutdrv_qx_megatec.c": "megatec",
  "nutdrv_qx_megatec-old.c": "megatec/old",
  "nutdrv_qx_mustek.c": "mustek",
  "nutdrv_qx_voltronic.c": "voltronic",
  "nutdrv_qx_voltronic-qs.c": "voltronic-qs",
  "nutdrv_qx_voltronic-qs-hex.c": "voltronic-qs-hex",
  "nutdrv_qx_bestups.c": "bestups",
  "nutdrv_qx_mecer.c": "mecer",
  "nutdrv_qx_zinto.c": "zinto",
  "nutdrv_qx_hunnox.c": "hunnox",
  "nutdrv_qx_q1.c": "q1",
};

/** C string escapes of the table (\r, \n, \xNN, \\, \"). */
function unescapeC(s: string): string {
  return s.replace(
    /\\(x[0-9a-fA-F]{2}|.)/g,
    (_m, e: string) =>
      e[0] === "x"
        ? String.fromCharCode(Number.parseInt(e.slice(1), 16))
        : e === "r"
        ? "\r"
        : e === "n"
        ? "\n"
        : e,
  );
}

function readTsv(name: string): string[][] {
  const rows = Deno.readTextFileSync(DIR + name).split("\n")
    .filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t"));
  return rows.slice(1);
}

/** protocol → (query without CR → answer). */
function testingTables(): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (
    const [file, , query, answer, len] of readTsv(
      "nutdrv_qx-testing-tables.tsv",
    )
  ) {
    const proto = PROTOCOLS[file!];
    if (!proto) continue;
    if (!out.has(proto)) out.set(proto, new Map());
    let a = unescapeC(answer ?? "");
    if (len && len !== "-1") a = a.slice(0, Number(len));
    const q = unescapeC(query!).replace(/\r$/, "");
    // the first answer of a query wins, as NUT's testing lookup does
    if (!out.get(proto)!.has(q)) out.get(proto)!.set(q, a);
  }
  return out;
}

/** Units made of the protocol documents' examples. */
function docTables(): Array<[string, string, Map<string, string>]> {
  const rows = readTsv("protocol-doc-examples.tsv");
  const reply = (r: string[]) =>
    r[4] === "hex"
      ? String.fromCharCode(
        ...r[3]!.split(" ").map((h) => Number.parseInt(h, 16)),
      )
      : r[3] + "\r";
  const pick = (proto: string) =>
    rows.filter((r) => r[0] === proto).map((r) => [r[2]!, reply(r)] as const);
  const out: Array<[string, string, Map<string, string>]> = [];
  for (const [label, m] of [["voltronic-qs P", "P"], ["voltronic-qs T", "T"]]) {
    out.push([
      `doc ${label}`,
      "voltronic-qs-hex",
      new Map([...pick(label!), ["M", `${m}\r`]]),
    ]);
  }
  out.push([
    "doc voltronic-qs V",
    "voltronic-qs",
    new Map([...pick("voltronic-qs V"), ...pick("voltronic-qs"), ["M", "V\r"]]),
  ]);
  const volt = new Map(pick("voltronic"));
  if (!volt.has("QPI")) volt.set("QPI", "(PI01\r");
  out.push(["doc voltronic", "voltronic", volt]);
  // a bare Q1 line: only the status-only q1 protocol claims it
  out.push(["doc megatec", "q1", new Map(pick("megatec"))]);
  return out;
}

async function compare(
  label: string,
  protocol: string,
  table: Map<string, string>,
) {
  const sim = new ReplaySim(table);
  try {
    const conf =
      `[sim]\n driver = nutdrv_qx\n port = ${sim.path}\n protocol = ${protocol}\n`;
    const theirs = await runNutDriver("nutdrv_qx", conf, ["-d", "1"]);
    const nutDump = parseDump(theirs.stdout);
    const t = testCtx(sim.path, { protocol });
    const drv = new QxDriver(t.ctx, SUBDRIVERS);
    let mine: string[] = [];
    try {
      await drv.init();
      await drv.update();
      mine = ourDump(t.state);
    } catch {
      // NUT exits before dumping anything when it cannot start either
      mine = [];
    } finally {
      await drv.close();
    }
    assertEquals(mine, nutDump, label);
    return nutDump.length;
  } finally {
    await sim.close();
  }
}

Deno.test({
  name:
    "corpus: NUT's nutdrv_qx testing tables decode as NUT 2.8.0 decodes them",
  ignore: !nut,
  fn: async () => {
    const tables = testingTables();
    assertEquals(tables.size, Object.keys(PROTOCOLS).length);
    let decoded = 0;
    for (const [proto, table] of tables) {
      if ((await compare(proto, proto, table)) > 0) decoded++;
    }
    // every table is claimed by its protocol and yields variables
    assertEquals(decoded, tables.size);
  },
});

Deno.test({
  name:
    "corpus: protocol document examples (binary QS, QGS...) decode as NUT does",
  ignore: !nut,
  fn: async () => {
    const seen: string[] = [];
    for (const [label, proto, table] of docTables()) {
      if ((await compare(label, proto, table)) > 0) seen.push(label);
    }
    assertEquals(seen.length, 5, seen.join(", "));
  },
});
