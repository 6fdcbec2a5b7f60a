/**
 * What each long-lived binary costs before main runs (issue 16's memory
 * work). `deno run` fetches and parses a module's static imports and every
 * literal `import("...")`, transitively, before the first line runs, and
 * evaluates the static ones. So:
 * - nothing reachable that way may name an npm package or a driver module
 *   (the driver host loads drivers through src/late_import.ts);
 * - nothing evaluated at start may be a `node:` module: Deno's node layer
 *   costs ~7 MiB RSS and ~20 ms, and upsd, upsmon and the clients load it
 *   only for TLS, hashed passwords or SNMP.
 * The graph comes from `deno info --json`, Deno's own view of it. The
 * bundles the installed tree runs the clients from are held to the same.
 */
import { assert, assertEquals } from "./assert.ts";
import { BINARIES } from "../scripts/binaries.ts";
import {
  BUNDLE_RUN_FLAGS,
  bundleBinaries,
  bundledEntry,
} from "../scripts/bundle.ts";

const ROOT = new URL("../", import.meta.url);

interface InfoModule {
  specifier: string;
  dependencies?: {
    specifier: string;
    code?: { specifier?: string };
    isDynamic?: boolean;
  }[];
}

interface Graph {
  /** Fetched and parsed at start: static and literal dynamic imports. */
  walked: Set<string>;
  /** Evaluated at start: static imports only. */
  evaluated: Set<string>;
}

async function graphOf(entry: string): Promise<Graph> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", new URL(entry, ROOT).pathname],
    cwd: ROOT.pathname,
    stdout: "piped",
    stderr: "null",
  }).output();
  assert(out.success, `deno info ${entry} failed`);
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    roots: string[];
    modules: InfoModule[];
    redirects?: Record<string, string>;
  };
  const mods = new Map(info.modules.map((m) => [m.specifier, m]));
  const redirects = info.redirects ?? {};
  const reach = (followDynamic: boolean) => {
    const seen = new Set<string>();
    const todo = [info.roots[0]!];
    while (todo.length) {
      const s = todo.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      for (const d of mods.get(redirects[s] ?? s)?.dependencies ?? []) {
        if (d.isDynamic && !followDynamic) continue;
        // node: builtins have no code entry, only their specifier
        const next = d.code?.specifier ?? d.specifier;
        if (next.startsWith("node:") || d.code?.specifier) todo.push(next);
      }
    }
    return seen;
  };
  return { walked: reach(true), evaluated: reach(false) };
}

const LONG_LIVED = [
  "cli/upsd.ts",
  "cli/upsmon.ts",
  "cli/nut_driver_host.ts",
  "cli/nut_allinone.ts",
  "cli/upsc.ts",
  "cli/upsrw.ts",
  "cli/upscmd.ts",
];

for (const entry of LONG_LIVED) {
  Deno.test(`${entry}: no npm package or driver parsed, no node: module run at start`, async () => {
    const g = await graphOf(entry);
    const walkedBad = [...g.walked].filter((s) =>
      s.startsWith("npm:") || /\/drivers\/.+\.ts$/.test(s)
    );
    assertEquals(walkedBad, [], `${entry} parses these before main`);
    const evaluatedNode = [...g.evaluated].filter((s) => s.startsWith("node:"));
    assertEquals(evaluatedNode, [], `${entry} runs these before main`);
    // the walk does see the lazily loaded TLS module, so it is checked
    assert(
      entry !== "cli/upsd.ts" ||
        [...g.walked].some((s) => s.endsWith("/src/server/tls_context.ts")),
    );
  });
}

Deno.test("bundled clients (scripts/bundle.ts): no npm, no node: module run at start, and they run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bundles-" });
  try {
    const bins = await bundleBinaries(dir);
    assertEquals(
      bins.map((b) => b.name).sort(),
      BINARIES.filter((b) => b.bundle).map((b) => b.name).sort(),
    );
    for (const bin of bins) {
      const entry = `${dir}/${bundledEntry(bin)}`;
      const g = await graphOf(entry);
      const own = `file://${dir}/${bin.name}/`;
      const foreign = [...g.walked].filter((s) =>
        !s.startsWith(own) && !s.startsWith("node:")
      );
      assertEquals(foreign, [], `${bin.name}'s bundle reaches outside itself`);
      const evaluatedNode = [...g.evaluated].filter((s) =>
        s.startsWith("node:")
      );
      assertEquals(evaluatedNode, [], `${bin.name}'s bundle runs these first`);
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--quiet",
          "--no-prompt",
          ...BUNDLE_RUN_FLAGS,
          ...bin.permissions,
          entry,
          "-V",
        ],
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder().decode(out.stdout) +
        new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 0, text);
      assert(text.includes(`Network UPS Tools ${bin.name} `), text);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
