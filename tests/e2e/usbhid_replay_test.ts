/** Our usbhid-ups on replay recordings -> NUT 2.8.0 upsd -> upsc. */
import { assertEquals } from "../assert.ts";
import { freePort, haveNut, waitFor } from "../net.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const CASES: Array<[string, Record<string, string>]> = [
  ["apc-back-ups-500.json", {
    "ups.model": "Back-UPS 500",
    "battery.voltage": "13.6",
    "ups.status": "OL",
    "battery.mfr.date": "2004/07/03",
    "ups.firmware": " 6.5.I",
  }],
  ["eaton-3s-700.json", {
    // NUT 2.8.0 hides CHRG/DISCHRG while ABM is unknown (no ABMEnable here)
    "ups.status": "OL",
    "ups.model": "Eaton 3S 700",
    "battery.charge": "92",
    "ups.power.nominal": "700",
    "outlet.1.status": "on",
    "driver.version.data": "MGE HID 1.46",
  }],
  ["cyberpower-cp1500avrlcda.json", {
    "ups.model": "CP1500AVRLCDa",
    "battery.type": "PbAcid",
    "battery.voltage.nominal": "24",
    "ups.status": "OL",
  }],
];

Deno.test({
  name: "usbhid-ups replay -> upsd -> upsc",
  ignore: !haveNut(),
  async fn() {
    const dir = await Deno.makeTempDir();
    const port = freePort();
    const conf = CASES.map(([f], i) =>
      `[u${i}]\n driver = usbhid-ups\n port = auto\n replay = ${ROOT}tests/fixtures/hid/${f}\n`
    ).join("");
    await Deno.writeTextFile(`${dir}/ups.conf`, conf);
    await Deno.writeTextFile(`${dir}/upsd.conf`, `LISTEN 127.0.0.1 ${port}\n`);
    await Deno.writeTextFile(`${dir}/upsd.users`, "");
    const env = { NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
    const procs: Deno.ChildProcess[] = [];
    try {
      for (let i = 0; i < CASES.length; i++) {
        procs.push(
          new Deno.Command(Deno.execPath(), {
            args: [
              "run",
              "-A",
              `${ROOT}drivers/usbhid_ups.ts`,
              "-a",
              `u${i}`,
              "-u",
              "root",
              "-F",
            ],
            env,
            stdout: "null",
            stderr: "null",
          }).spawn(),
        );
      }
      await waitFor(
        () =>
          CASES.every((_, i) => {
            try {
              Deno.statSync(`${dir}/usbhid-ups-u${i}`);
              return true;
            } catch {
              return false;
            }
          }),
        20_000,
        100,
        "driver sockets",
      );
      procs.push(
        new Deno.Command("/lib/nut/upsd", {
          args: ["-u", "root", "-F"],
          env,
          stdout: "null",
          stderr: "null",
        }).spawn(),
      );
      for (let i = 0; i < CASES.length; i++) {
        let vars = new Map<string, string>();
        await waitFor(
          async () => {
            const out = await new Deno.Command("/usr/bin/upsc", {
              args: [`u${i}@127.0.0.1:${port}`],
              stdout: "piped",
              stderr: "null",
            }).output();
            vars = new Map(
              new TextDecoder().decode(out.stdout).split("\n").filter((l) =>
                l.includes(": ")
              ).map((
                l,
              ) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]),
            );
            // upsd shows WAIT until the driver's dump is complete
            return Object.keys(CASES[i]![1]).every((k) => vars.has(k));
          },
          15_000,
          200,
          `upsc u${i}`,
        );
        for (const [k, v] of Object.entries(CASES[i]![1])) {
          assertEquals(vars.get(k), v, `${CASES[i]![0]} ${k}`);
        }
      }
    } finally {
      for (const p of procs) {
        try {
          p.kill("SIGTERM");
        } catch {
          /* exited */
        }
        await p.status;
      }
      await Deno.remove(dir, { recursive: true });
    }
  },
});
