/**
 * The Debian package, built once for this file (uncompressed, to keep CI
 * fast): its control data and file list as dpkg-deb shows them, then the
 * tree unpacked with dpkg-deb -x into a temp dir and run from there as a
 * host would run it: upsdrvctl starts dummy-ups as root (it drops to nut),
 * upsd goes to the background (as nut), `upsc` runs as nobody and prints
 * what NUT's own upsc prints against the same server, upsmon splits into
 * a root parent and a nut child. A driver restarted as another user is
 * picked up by the running upsd. systemd-analyze verifies the units.
 */
import { assert, assertEquals, assertStringIncludes } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";
import { buildPackage } from "../../scripts/package.ts";
import { unitFiles } from "../../scripts/units.ts";
import { repoRoot } from "../../scripts/binaries.ts";

const dec = new TextDecoder();

/** True where a private mount namespace can be made (needs CAP_SYS_ADMIN). */
function canUnshare(): boolean {
  try {
    return new Deno.Command("unshare", {
      args: ["-m", "true"],
      stdout: "null",
      stderr: "null",
    }).outputSync().success;
  } catch {
    return false;
  }
}

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const o = await new Deno.Command(cmd, {
    args,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: o.code, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

/** The real uid of a process (from /proc/<pid>/status). */
function uidOf(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/^Uid:\s+(\d+)/m.exec(status)![1]);
}

function userUid(name: string): number {
  const line = Deno.readTextFileSync("/etc/passwd").split("\n")
    .find((l) => l.startsWith(`${name}:`));
  return Number(line!.split(":")[2]);
}

function groupGid(name: string): number {
  const line = Deno.readTextFileSync("/etc/group").split("\n")
    .find((l) => l.startsWith(`${name}:`));
  return Number(line!.split(":")[2]);
}

function readPidFile(path: string): number {
  return Number(Deno.readTextFileSync(path).trim());
}

function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(Deno.readTextFileSync(`/proc/${pid}/status`));
  } catch {
    return false;
  }
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) walk(p, out);
    else if (e.isFile) out.push(p);
  }
  return out;
}

const LAUNCHERS = [
  "sbin/upsd",
  "sbin/upsmon",
  "sbin/upsdrvctl",
  "sbin/upssched",
  "sbin/upsdrvsvcctl",
  "bin/upsc",
  "bin/upsrw",
  "bin/upscmd",
  "bin/upslog",
  "bin/nut-scanner",
  "lib/nut/dummy-ups",
  "lib/nut/usbhid-ups",
  "lib/nut/upsd",
  "usr/libexec/nut-driver-enumerator.sh",
];
const UNITS = [
  "nut.target",
  "nut-driver.target",
  "nut-driver@.service",
  "nut-driver-enumerator.service",
  "nut-driver-enumerator.path",
  "nut-server.service",
  "nut-monitor.service",
];

Deno.test("deno-nut .deb: contents, and the unpacked tree runs as a host runs it", async (t) => {
  const work = await Deno.makeTempDir({ prefix: "deno-nut-pkg-" });
  const started: number[] = [];
  try {
    const deb = await buildPackage(`${work}/out`, { fast: true });
    assert(/deno-nut_\d+\.\d+\.\d+_[a-z0-9]+\.deb$/.test(deb), deb);

    await t.step("dpkg-deb -I: name, relations, conffiles", async () => {
      const info = await run("dpkg-deb", ["-I", deb]);
      assertEquals(info.code, 0, info.err);
      for (
        const line of [
          "Package: deno-nut",
          "Conflicts: nut-server, nut-client",
          "Replaces: nut-server, nut-client",
          "Provides: nut-server, nut-client",
        ]
      ) assertStringIncludes(info.out, line);
      const conffiles = await run("dpkg-deb", ["-I", deb, "conffiles"]);
      for (const f of ["ups.conf", "upsd.conf", "upsd.users", "upsmon.conf"]) {
        assertStringIncludes(conffiles.out, `/etc/nut/${f}\n`);
      }
      const postinst = await run("dpkg-deb", ["-I", deb, "postinst"]);
      assertStringIncludes(postinst.out, "adduser --quiet --system");
    });

    await t.step("dpkg-deb -c: launchers, runtime, units, hook", async () => {
      const list = await run("dpkg-deb", ["-c", deb]);
      assertEquals(list.code, 0, list.err);
      const paths = new Set(
        list.out.split("\n").map((l) => l.split(/\s+/).pop()),
      );
      for (
        const p of [
          ...LAUNCHERS,
          "lib/deno-nut/deno",
          "lib/systemd/system-shutdown/nutshutdown",
          ...UNITS.map((u) => `lib/systemd/system/${u}`),
        ]
      ) assert(paths.has(`./${p}`), `missing ${p}`);
      // every entry root-owned and world-readable
      for (const l of list.out.trim().split("\n")) {
        assert(/^[-dl]r..r..r/.test(l), l);
        assertStringIncludes(l, "root/root");
      }
    });

    const x = `${work}/root`;
    Deno.mkdirSync(x);
    assertEquals((await run("dpkg-deb", ["-x", deb, x])).code, 0);
    Deno.chmodSync(x, 0o755);
    Deno.chmodSync(work, 0o755);

    await t.step(
      "udev rules: every usbhid-ups id of Debian's NUT is granted to nut",
      () => {
        const ours = Deno.readTextFileSync(
          `${x}/lib/udev/rules.d/62-nut-usbups.rules`,
        );
        const rule =
          /idVendor}=="(\w{4})", ATTR{idProduct}=="(\w{4})", MODE="664", GROUP="nut"/;
        /** vendor:product of the rules under a comment naming `driver`. */
        const ids = (text: string, driver?: string) => {
          const out = new Set<string>();
          let comment = "";
          for (const line of text.split("\n")) {
            if (line.startsWith("#")) comment = line;
            const m = rule.exec(line);
            // sysfs writes ids in lower case (NUT's file has one upper-case line)
            if (m && (!driver || comment.includes(driver))) {
              out.add(`${m[1]}:${m[2]}`.toLowerCase());
            }
          }
          return out;
        };
        const mine = ids(ours);
        assert(mine.has("051d:0002"), "APC Back-UPS missing"); // the commonest UPS
        if (haveNut()) {
          const nutRules = Deno.readTextFileSync(
            "/lib/udev/rules.d/62-nut-usbups.rules",
          );
          const theirs = ids(nutRules, "usbhid-ups");
          assert(theirs.size > 50, `${theirs.size} ids`);
          for (const id of theirs) {
            assert(mine.has(id), `${id} (usbhid-ups) missing`);
          }
        }
      },
    );

    await t.step("every launcher runs as nobody (-V)", async () => {
      const launchers = [
        ...["sbin", "bin", "lib/nut"].flatMap((d) =>
          [...Deno.readDirSync(`${x}/${d}`)].map((e) => `${x}/${d}/${e.name}`)
        ),
        `${x}/usr/libexec/nut-driver-enumerator.sh`,
      ];
      const results = await Promise.all(launchers.map(async (path) => {
        const r = await run("runuser", ["-u", "nobody", "--", path, "-V"]);
        return { path, ...r };
      }));
      for (const r of results) {
        assertEquals(r.code, 0, `${r.path}: ${r.err}`);
        assertStringIncludes(r.out + r.err, "Network UPS Tools");
      }
      assert(results.length >= 19, `${results.length} launchers`);
    });

    await t.step("no file names the build machine", () => {
      const root = repoRoot();
      const home = Deno.env.get("HOME") ?? "/root";
      for (const f of walk(x)) {
        if (f.endsWith("/deno") || f.endsWith(".node")) {
          continue;
        }
        const text = Deno.readTextFileSync(f);
        assert(!text.includes(root), `${f} names ${root}`);
        assert(!text.includes(`${home}/.`), `${f} names ${home}`);
        assert(!text.includes("/node_modules/deno/"), `${f} names npm's deno`);
      }
    });

    await t.step("systemd-analyze verify passes on the units", async () => {
      // the units with this tree's paths, so every ExecStart is checked
      const dir = `${work}/units`;
      Deno.mkdirSync(dir);
      for (const [p, text] of Object.entries(unitFiles(x))) {
        if (p.startsWith("lib/systemd/system/")) {
          Deno.writeTextFileSync(`${dir}/${p.split("/").pop()}`, text);
        }
      }
      Deno.copyFileSync(
        `${dir}/nut-driver@.service`,
        `${dir}/nut-driver@d.service`,
      );
      const v = await run("systemd-analyze", [
        "verify",
        ...[
          ...UNITS.filter((u) => u !== "nut-driver@.service"),
          "nut-driver@d.service",
        ]
          .map((u) => `${dir}/${u}`),
      ]);
      assertEquals(v.code, 0, v.err);
      assertEquals(v.err.trim(), "");
    });

    await t.step({
      name:
        "postinst makes the nut user and group and owns the files as Debian's NUT",
      ignore: !canUnshare(),
      fn: async () => {
        // in a private mount namespace: a copy of /etc without nut, empty
        // /run and /var/lib, so the host is not touched
        const pi = `${work}/postinst`;
        Deno.mkdirSync(`${pi}/var`, { recursive: true });
        assertEquals(
          (await run("dpkg-deb", ["-e", deb, `${pi}/DEBIAN`])).code,
          0,
        );
        const script = `set -e
cp -a /etc ${pi}/etc
sed -i '/^nut:/d' ${pi}/etc/passwd ${pi}/etc/group ${pi}/etc/shadow ${pi}/etc/gshadow
rm -rf ${pi}/etc/nut
cp -a ${x}/etc/nut ${pi}/etc/nut
mount --bind ${pi}/etc /etc
mount -t tmpfs tmpfs /run
mount --bind ${pi}/var /var/lib
getent passwd nut && exit 3
sh ${pi}/DEBIAN/postinst configure ""
getent passwd nut | cut -d: -f1,6,7
getent group nut | cut -d: -f1
stat -c '%n %U:%G %a' /etc/nut /etc/nut/upsd.users /etc/nut/upsmon.conf /run/nut /var/lib/nut
`;
        Deno.writeTextFileSync(`${pi}/run.sh`, script);
        const r = await run("unshare", ["-m", "sh", `${pi}/run.sh`]);
        assertEquals(r.code, 0, r.out + r.err);
        assertEquals(r.out.trim().split("\n"), [
          "nut:/var/lib/nut:/usr/sbin/nologin",
          "nut",
          "/etc/nut root:nut 755",
          "/etc/nut/upsd.users root:nut 640",
          "/etc/nut/upsmon.conf root:nut 640",
          "/run/nut root:nut 770",
          "/var/lib/nut root:nut 770",
        ]);
      },
    });

    // a host's /etc/nut and /run/nut: root:nut, 0750 / 0770
    const conf = `${work}/etc`;
    const state = `${work}/run`;
    const port = freePort();
    Deno.mkdirSync(conf);
    Deno.mkdirSync(state);
    const nutGid = groupGid("nut");
    Deno.writeTextFileSync(
      `${conf}/ups.conf`,
      "[d]\n  driver = dummy-ups\n  port = d.dev\n",
    );
    Deno.writeTextFileSync(
      `${conf}/d.dev`,
      "ups.status: OL\nbattery.charge: 91\n",
    );
    Deno.writeTextFileSync(`${conf}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
    Deno.writeTextFileSync(
      `${conf}/upsd.users`,
      "[mon]\n  password = pw\n  upsmon primary\n",
    );
    Deno.writeTextFileSync(
      `${conf}/upsmon.conf`,
      `MONITOR d@127.0.0.1:${port} 1 mon pw primary\nSHUTDOWNCMD "/bin/true"\n` +
        `POWERDOWNFLAG ${state}/killpower\n`,
    );
    for (const e of Deno.readDirSync(conf)) {
      Deno.chownSync(`${conf}/${e.name}`, 0, nutGid);
      Deno.chmodSync(`${conf}/${e.name}`, 0o640);
    }
    Deno.chownSync(conf, 0, nutGid);
    Deno.chmodSync(conf, 0o750);
    Deno.chownSync(state, 0, nutGid);
    Deno.chmodSync(state, 0o770);
    const env = {
      NUT_CONFPATH: conf,
      NUT_STATEPATH: state,
      NUT_ALTPIDPATH: state,
      NUT_PIDPATH: state,
      PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
    };
    const nut = userUid("nut");
    const upsc = (user: string) =>
      run(
        "runuser",
        ["-u", user, "--", `${x}/bin/upsc`, `d@127.0.0.1:${port}`],
        env,
      );

    await t.step(
      "upsdrvctl starts dummy-ups as root; the driver runs as nut",
      async () => {
        const r = await run(`${x}/sbin/upsdrvctl`, ["start", "d"], env);
        assertEquals(r.code, 0, r.err);
        const pid = readPidFile(`${state}/dummy-ups-d.pid`);
        started.push(pid);
        assertEquals(uidOf(pid), nut);
        assertEquals(Deno.statSync(`${state}/dummy-ups-d`).uid, nut);
      },
    );

    await t.step(
      "upsd goes to the background as nut; upsc as nobody reads it",
      async () => {
        const r = await run(`${x}/sbin/upsd`, [], env);
        assertEquals(r.code, 0, r.err);
        const pid = readPidFile(`${state}/upsd.pid`);
        started.push(pid);
        assertEquals(uidOf(pid), nut);
        let out = "";
        await waitFor(async () => {
          out = (await upsc("nobody")).out;
          return out.includes("ups.status: OL");
        });
        assertStringIncludes(out, "battery.charge: 91");
        if (haveNut()) {
          const theirs = await run("/usr/bin/upsc", [`d@127.0.0.1:${port}`]);
          assertEquals(out, theirs.out);
        }
      },
    );

    await t.step(
      "a driver restarted as root, then as nut, is picked up by upsd",
      async () => {
        // one process per driver, as nut-driver@.service runs them
        const solo = { ...env, DENO_NUT_DRIVER_HOST: "0" };
        for (const [user, uid] of [["root", 0], ["nut", nut]] as const) {
          const stop = await run(`${x}/sbin/upsdrvctl`, ["stop", "d"], solo);
          assertEquals(stop.code, 0, stop.err);
          await waitFor(() => started.every((p, i) => i !== 0 || !alive(p)));
          Deno.writeTextFileSync(
            `${conf}/d.dev`,
            `ups.status: OL\nbattery.charge: ${uid === 0 ? 55 : 66}\n`,
          );
          const r = await run(
            `${x}/sbin/upsdrvctl`,
            ["-u", user, "start", "d"],
            solo,
          );
          assertEquals(r.code, 0, r.err);
          started[0] = readPidFile(`${state}/dummy-ups-d.pid`);
          assertEquals(uidOf(started[0]), uid);
          await waitFor(async () =>
            (await upsc("nobody")).out.includes(
              `battery.charge: ${uid === 0 ? 55 : 66}`,
            )
          );
        }
      },
    );

    await t.step(
      "upsmon: root parent, nut child; SIGTERM ends both",
      async () => {
        const r = await run(`${x}/sbin/upsmon`, [], env);
        assertEquals(r.code, 0, r.err);
        let child = 0;
        await waitFor(
          () => (child = readPidFile(`${state}/upsmon.pid`)) > 0,
          15_000,
        );
        const stat = Deno.readTextFileSync(`/proc/${child}/stat`);
        const parent = Number(
          stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1],
        );
        started.push(parent, child);
        assertEquals(uidOf(parent), 0);
        // the child writes its PID file before it drops root (as NUT's)
        await waitFor(() => uidOf(child) === nut, 10_000);
        assertEquals(uidOf(child), nut);
        Deno.kill(parent, "SIGTERM");
        await waitFor(() => !alive(parent) && !alive(child), 2000);
      },
    );
  } finally {
    for (const pid of started) {
      try {
        Deno.kill(pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    await waitFor(() => started.every((p) => !alive(p)), 5000).catch(() => {});
    await Deno.remove(work, { recursive: true });
  }
});
