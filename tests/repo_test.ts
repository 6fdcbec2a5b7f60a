/**
 * Repository hygiene: the repository stands alone. No code, test, script or
 * document may point at data or notes outside it (the project's old shared
 * folder beside the clone), and the corpus the tests read is inside it,
 * every folder with its provenance README.
 */
import { assert, assertEquals } from "./assert.ts";
import { corpusPath } from "./corpus.ts";

const ROOT = new URL("../", import.meta.url).pathname;
/** Folders and files that must not point outside the repository. */
const SCANNED = [
  "src",
  "cli",
  "drivers",
  "scripts",
  "tests",
  "docs",
  "conf",
  ".ci",
  "deno.json",
  "README.md",
  "CONTRIBUTING.md",
  "BENCHMARKS.md",
];
// Built from parts so this file does not match itself.
const FORBIDDEN = [
  ["..", "shared"].join("/"),
  ["shared", "corpus"].join("/"),
  ["", "work", "shared"].join("/"),
];

function* walk(path: string): Generator<string> {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    return; // an optional folder (docs, conf) may be absent
  }
  if (info.isFile) {
    yield path;
    return;
  }
  for (const e of Deno.readDirSync(path)) {
    if (e.name === "node_modules" || e.name === ".git") continue;
    yield* walk(`${path}/${e.name}`);
  }
}

/** Every `file:line: text` that mentions a forbidden path. */
function outsideReferences(
  files: Iterable<string>,
  read: (path: string) => string,
): string[] {
  const hits: string[] = [];
  for (const f of files) {
    const lines = read(f).split("\n");
    lines.forEach((line, i) => {
      if (FORBIDDEN.some((p) => line.includes(p))) {
        hits.push(`${f.slice(ROOT.length)}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  return hits;
}

Deno.test({
  name: "repo: no file points outside the repository",
  permissions: { read: true },
  fn() {
    const files = SCANNED.flatMap((p) => [...walk(ROOT + p)]);
    assert(files.length > 300, `only ${files.length} files scanned`);
    const hits = outsideReferences(files, (f) => Deno.readTextFileSync(f));
    assertEquals(hits, []);
  },
});

Deno.test({
  name: "repo: the check finds a pointer outside (it is not vacuous)",
  permissions: "none",
  fn() {
    const text: Record<string, string> = {
      [`${ROOT}a.ts`]: `ok\nconst x = "${FORBIDDEN[0]}/corpus/ddl";\n`,
      [`${ROOT}b.md`]: `see \`${FORBIDDEN[1]}/hid\``,
      [`${ROOT}c.md`]: "tests/fixtures/corpus/hid is fine",
    };
    assertEquals(outsideReferences(Object.keys(text), (f) => text[f]!), [
      `a.ts:2: const x = "${FORBIDDEN[0]}/corpus/ddl";`,
      `b.md:1: see \`${FORBIDDEN[1]}/hid\``,
    ]);
  },
});

Deno.test({
  name: "repo: the corpus the tests read is inside, each folder with a README",
  permissions: { read: true },
  fn() {
    const base = corpusPath("");
    assert(base.startsWith(`${ROOT}tests/fixtures/corpus/`), base);
    for (const folder of ["ddl", "hid", "serial", "nut-protocol"]) {
      const readme = Deno.readTextFileSync(`${base}${folder}/README.md`);
      assert(readme.length > 500, `${folder}/README.md is too short`);
      const data = [...walk(`${base}${folder}`)].filter((f) =>
        !f.endsWith("README.md")
      );
      assert(data.length > 0, `${folder}/ has no data`);
    }
  },
});
