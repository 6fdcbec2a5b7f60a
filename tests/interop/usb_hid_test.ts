/**
 * usbhid-ups side by side with NUT 2.8.0's usbhid-ups on the USB simulator:
 * each recorded HID UPS (tests/fixtures/hid, from the corpus) served as a
 * simulated device; NUT's binary reaches it through the libusb stand-in,
 * ours through the HID adapter on the simulator backend. Same dump, same
 * -k SET_REPORTs, same instant-command SET_REPORTs.
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut, waitFor } from "../net.ts";
import { standinDir } from "../sim/usb/build.ts";
import { UsbSimServer } from "../sim/usb/server.ts";
import { HidRecordingModel } from "../sim/usb/hid_model.ts";
import { withUsbUpsd } from "../sim/usb/upsd.ts";
import { runCmd } from "../sim/apc_smart.ts";
import { parseDump, runNutDriver, runOurDriver } from "../sim/harness.ts";
import { parseRecording } from "../../src/hid/replay.ts";

const FIXTURES = [
  "apc-back-ups-500",
  "cyberpower-cp1500avrlcda",
  "eaton-3s-700",
];
const OURS = new URL("../../drivers/usbhid_ups.ts", import.meta.url).pathname;
const CONF = "[sim]\n driver=usbhid-ups\n port=auto\n";

async function recording(name: string) {
  const url = new URL(`../fixtures/hid/${name}.json`, import.meta.url);
  return parseRecording(await Deno.readTextFile(url));
}

const hex = (w: Uint8Array) => Array.from(w, (b) => b.toString(16)).join(" ");

/** Runs NUT's and our usbhid-ups with `args` on fresh simulated devices. */
async function both(name: string, args: string[]) {
  const lib = await standinDir();
  const rec = await recording(name);
  const out = [];
  for (const who of ["nut", "ours"] as const) {
    const srv = new UsbSimServer();
    try {
      const m = new HidRecordingModel(rec);
      srv.add(m);
      const r = who === "nut"
        ? await runNutDriver("usbhid-ups", CONF, args, 60_000, srv.env(lib))
        : await runOurDriver("usbhid_ups", CONF, args, 60_000, srv.env(lib));
      out.push({ r, writes: m.writes.map(hex) });
    } finally {
      await srv.close();
    }
  }
  return { nut: out[0]!, ours: out[1]! };
}

for (const name of FIXTURES) {
  Deno.test(`usb usbhid-ups ${name}: same dump as NUT 2.8.0`, async () => {
    if (!haveNut()) return;
    const { nut, ours } = await both(name, ["-d", "1"]);
    assertEquals(nut.r.code, 0, nut.r.stderr);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    const dump = parseDump(nut.r.stdout);
    assert(dump.length > 15, dump.join("\n"));
    assertEquals(parseDump(ours.r.stdout), dump);
  });

  Deno.test(`usb usbhid-ups ${name}: same -k SET_REPORTs as NUT 2.8.0`, async () => {
    if (!haveNut()) return;
    const { nut, ours } = await both(name, ["-k"]);
    assertEquals(ours.r.code, nut.r.code, nut.r.stderr + ours.r.stderr);
    assert(nut.writes.length > 0, "NUT wrote nothing");
    assertEquals(ours.writes, nut.writes);
  });

  Deno.test(`usb usbhid-ups ${name}: same instant-command SET_REPORTs as NUT 2.8.0`, async () => {
    if (!haveNut()) return;
    const lib = await standinDir();
    const rec = await recording(name);
    const run = async (argv: string[]) => {
      const srv = new UsbSimServer();
      try {
        const m = new HidRecordingModel(rec);
        srv.add(m);
        return await withUsbUpsd(
          "usbhid-ups",
          argv,
          srv.env(lib),
          async (s) => {
            const list = await runCmd(
              "/usr/bin/upscmd",
              ["-l", s.target],
              s.env,
            );
            const names = list.out.split("\n").map((l) =>
              l.split(" - ")[0]!.trim()
            )
              .filter((n) => /^[a-z]+\.[a-z.]+$/.test(n));
            const seen: Record<string, string[]> = {};
            for (const n of names) {
              const before = m.writes.length;
              await s.cmd(n);
              seen[n] = m.writes.slice(before).map(hex);
            }
            return seen;
          },
        );
      } finally {
        await srv.close();
      }
    };
    const nut = await run(["/lib/nut/usbhid-ups"]);
    const ours = await run([Deno.execPath(), "run", "-A", OURS]);
    assert(Object.values(nut).some((w) => w.length > 0), JSON.stringify(nut));
    assertEquals(ours, nut);
  });
}

Deno.test("usb usbhid-ups: same upsc output as NUT 2.8.0 before and after a power cut", async () => {
  if (!haveNut()) return;
  const lib = await standinDir();
  const rec = await recording("apc-back-ups-500");
  const run = async (argv: string[]) => {
    const srv = new UsbSimServer();
    try {
      const m = new HidRecordingModel(rec);
      srv.add(m);
      return await withUsbUpsd("usbhid-ups", argv, srv.env(lib), async (s) => {
        const upsc = async () =>
          (await runCmd("/usr/bin/upsc", [s.target], s.env)).out.split("\n")
            .filter((l) => l && !l.startsWith("driver.")).sort();
        const before = await upsc();
        // AC lost: ACPresent (report 0x13) 0, Discharging (0x06, byte 2) 1,
        // as Feature contents and as interrupt reports
        m.reports.set(0x13, Uint8Array.of(0x13, 0));
        m.reports.set(0x06, Uint8Array.of(0x06, 0, 1));
        m.pending.push(Uint8Array.of(0x13, 0), Uint8Array.of(0x06, 0, 1));
        let after: string[] = [];
        await waitFor(
          async () => {
            after = await upsc();
            return after.includes("ups.status: OB DISCHRG");
          },
          20_000,
          200,
          "OB DISCHRG",
        );
        return { before, after };
      }, " pollinterval = 1\n");
    } finally {
      await srv.close();
    }
  };
  const nut = await run(["/lib/nut/usbhid-ups"]);
  const ours = await run([Deno.execPath(), "run", "-A", OURS]);
  assert(nut.before.includes("ups.status: OL"), nut.before.join("\n"));
  assertEquals(ours.before, nut.before);
  assertEquals(ours.after, nut.after);
});
