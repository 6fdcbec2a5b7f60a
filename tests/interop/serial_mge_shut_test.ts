/**
 * mge-shut (HID over SHUT on a serial line). NUT 2.8.0's mge-shut cannot
 * read any unit: it mis-assembles the report descriptor length from the
 * HID descriptor (NUT issue #2022, fixed in 2.8.1), so it stops after its
 * fifth request; ours ships the fix. The proof is therefore twofold, on
 * the same recorded Eaton 3S (tests/fixtures/hid/eaton-3s-700.json):
 * - on the SHUT simulator (tests/sim/shut.ts) NUT 2.8.0's mge-shut and
 *   ours send the same first five requests, then NUT gives up;
 * - ours over SHUT gives the same `-d 1` dump and the same `-k` reports as
 *   NUT 2.8.0's usbhid-ups reading the same recording over the USB
 *   simulator (2.8.0's mge-shut is usbhid-ups with the MGE subdriver).
 *
 * @module
 */
import { assert, assertEquals } from "../assert.ts";
import { haveNut } from "../net.ts";
import { ShutSim } from "../sim/shut.ts";
import { parseRecording, type Recording } from "../../src/hid/replay.ts";
import { parseDump, runNutDriver, runOurDriver } from "../sim/harness.ts";
import { standinDir } from "../sim/usb/build.ts";
import { UsbSimServer } from "../sim/usb/server.ts";
import { HidRecordingModel } from "../sim/usb/hid_model.ts";

const nut = haveNut();
const opts = { sanitizeOps: false, sanitizeResources: false };
const FIXTURE = new URL("../fixtures/hid/eaton-3s-700.json", import.meta.url);

async function recording(): Promise<Recording> {
  return parseRecording(await Deno.readTextFile(FIXTURE));
}

const shutConf = (path: string) =>
  `[sim]\n driver = mge-shut\n port = ${path}\n`;

/** Ours over SHUT; the unit's SET_REPORTs as hex. */
async function oursOverShut(rec: Recording, args: string[]) {
  const sim = new ShutSim(rec);
  try {
    const r = await runOurDriver("mge_shut", shutConf(sim.path), args);
    return { r, writes: [...sim.writes], requests: [...sim.requests] };
  } finally {
    await sim.close();
  }
}

/** NUT 2.8.0's usbhid-ups over the USB simulator; its SET_REPORTs as hex. */
async function nutOverUsb(rec: Recording, args: string[]) {
  const lib = await standinDir();
  const srv = new UsbSimServer();
  const m = new HidRecordingModel(rec);
  srv.add(m);
  try {
    const r = await runNutDriver(
      "usbhid-ups",
      "[sim]\n driver = usbhid-ups\n port = auto\n",
      args,
      60_000,
      srv.env(lib),
    );
    const hex = (w: Uint8Array) =>
      Array.from(w, (b) => b.toString(16).padStart(2, "0")).join(" ");
    return { r, writes: m.writes.map(hex) };
  } finally {
    await srv.close();
  }
}

Deno.test({
  name:
    "mge-shut: NUT 2.8.0 stops at the HID descriptor (#2022); same first requests as ours",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const rec = await recording();
    const sim = new ShutSim(rec);
    let theirs;
    try {
      theirs = await runNutDriver("mge-shut", shutConf(sim.path), ["-d", "1"]);
      assert(theirs.code !== 0, theirs.stdout);
      assert(
        theirs.stderr.includes("No matching HID UPS found"),
        theirs.stderr,
      );
    } finally {
      await sim.close();
    }
    const ours = await oursOverShut(rec, ["-d", "1"]);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    // device descriptor, three strings, HID descriptor
    assertEquals(sim.requests.length, 5);
    assertEquals(ours.requests.slice(0, 5), sim.requests);
    assertEquals(sim.requests[4], "81 06 00 21 00 00 09 00");
  },
});

Deno.test({
  name:
    "mge-shut over SHUT: same dump as NUT 2.8.0's usbhid-ups over USB (same unit)",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const rec = await recording();
    const [theirs, ours] = await Promise.all([
      nutOverUsb(rec, ["-d", "1"]),
      oursOverShut(rec, ["-d", "1"]),
    ]);
    assertEquals(theirs.r.code, 0, theirs.r.stderr);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    const dump = parseDump(theirs.r.stdout);
    assert(dump.includes("ups.model: Eaton 3S 700"), dump.join("\n"));
    assert(dump.includes("ups.status: OL"), dump.join("\n"));
    assertEquals(parseDump(ours.r.stdout), dump);
  },
});

Deno.test({
  name: "mge-shut -k: the same reports as NUT 2.8.0's usbhid-ups -k",
  ignore: !nut,
  ...opts,
  fn: async () => {
    const rec = await recording();
    const [theirs, ours] = await Promise.all([
      nutOverUsb(rec, ["-k"]),
      oursOverShut(rec, ["-k"]),
    ]);
    assertEquals(theirs.r.code, 0, theirs.r.stderr);
    assertEquals(ours.r.code, 0, ours.r.stderr);
    assertEquals(ours.writes, theirs.writes);
    // ups.delay.start 30 s, then ups.delay.shutdown 20 s
    assertEquals(theirs.writes, ["0a 1e 00 00 00", "09 14 00 00 00"]);
  },
});

Deno.test({
  name: "mge-shut: a silent port fails start-up plainly, no crash",
  ...opts,
  fn: async () => {
    const rec = await recording();
    const sim = new ShutSim(rec);
    sim.silent = true;
    try {
      const r = await runOurDriver("mge_shut", shutConf(sim.path), ["-d", "1"]);
      assertEquals(r.code, 1, r.stderr);
      assert(!r.stderr.includes("Uncaught"), r.stderr);
      assert(sim.requests.length === 0);
    } finally {
      await sim.close();
    }
  },
});
