/**
 * nut-scanner end to end: our CLI as a user runs it (`deno run` with the
 * binaries-table permissions) against NUT 2.8.0's upsd + dummy-ups and a
 * Q1 simulator on a pty; and main() in process with fake USB / upsd back
 * ends for the complete scan, the options and the messages.
 */
import { assertEquals, assertStringIncludes } from "../assert.ts";
import { fakeIo } from "../fake_io.ts";
import { freePort, haveNut } from "../net.ts";
import { QxSim } from "../sim/qx.ts";
import { BINARIES } from "../../scripts/binaries.ts";
import { run, startNutServer } from "./clients_helpers.ts";
import {
  main,
  type ScannerDeps,
  scannerMain,
  shippedUsbIds,
} from "../../cli/nut_scanner.ts";
import type { UsbDeviceInfo } from "../../src/scan/mod.ts";

const nut = haveNut();
const ENTRY = new URL("../../cli/nut_scanner.ts", import.meta.url).pathname;
const PERMS = BINARIES.find((b) => b.name === "nut-scanner")!.permissions;

function scanner(args: string[], env: Record<string, string> = {}) {
  return run(Deno.execPath(), [
    "run",
    "--quiet",
    "--no-prompt",
    ...PERMS,
    ENTRY,
    ...args,
  ], { env: { NUT_CONFPATH: "/nonexistent", ...env }, timeoutMs: 30_000 });
}

Deno.test({
  name: "nut-scanner -O finds the UPSes of NUT 2.8.0's upsd (2.8.0 format)",
  ignore: !nut,
  async fn() {
    const server = await startNutServer("nut");
    try {
      const p = String(server.port);
      const conf = await scanner(["-O", "-s", "127.0.0.1", "-p", p, "-q"]);
      assertEquals(conf.stderr, "");
      assertEquals(conf.code, 0);
      assertEquals(
        conf.stdout,
        '[nutdev1]\n\tdriver = "nutclient"\n\tport = "dummy@127.0.0.1"\n' +
          '[nutdev2]\n\tdriver = "nutclient"\n\tport = "nodriver@127.0.0.1"\n',
      );
      const parsable = await scanner([
        "-O",
        "-m",
        "127.0.0.1/32",
        "-p",
        p,
        "-P",
      ]);
      assertEquals(parsable.code, 0);
      assertEquals(
        parsable.stdout,
        'NUT:driver="nutclient",port="dummy@127.0.0.1"\n' +
          'NUT:driver="nutclient",port="nodriver@127.0.0.1"\n',
      );
      assertEquals(parsable.stderr, "Scanning NUT bus (old connect method).\n");
    } finally {
      await server.stop();
    }
  },
});

Deno.test("nut-scanner -O on a closed port prints nothing and exits 0", async () => {
  const r = await scanner([
    "-O",
    "-s",
    "127.0.0.1",
    "-p",
    String(freePort()),
    "-t",
    "2",
    "-q",
  ]);
  assertEquals([r.code, r.stdout, r.stderr], [0, "", ""]);
});

Deno.test("nut-scanner -E finds a Q1 UPS on a pty (blazer_ser)", async () => {
  const sim = new QxSim();
  try {
    const r = await scanner(["-E", `${sim.path},/dev/ttyS-none`, "-q"]);
    assertEquals(r.code, 0);
    assertEquals(
      r.stdout,
      `[nutdev1]\n\tdriver = "blazer_ser"\n\tport = "${sim.path}"\n`,
    );
    assertEquals(sim.received.includes("Q1"), true);
  } finally {
    await sim.close();
  }
});

Deno.test("nut-scanner -U with the real USB back end does not crash", async () => {
  // this machine has no USB bus: 0 devices, a notice, exit 0
  const r = await scanner(["-U", "-q"]);
  assertEquals(r.code, 0);
  assertEquals(r.stdout, "");
  assertEquals(
    r.stderr === "No USB device found\n" || r.stderr === "",
    true,
    r.stderr,
  );
});

const EATON: UsbDeviceInfo = {
  vendorId: 0x0463,
  productId: 0xffff,
  vendor: "EATON",
  product: "Ellipse ECO",
  serial: "ABC123",
  bus: "001",
  device: "003",
  busport: "1",
};

function fakeDeps(usb: UsbDeviceInfo[] = [EATON]): ScannerDeps {
  return {
    usbIds: shippedUsbIds(),
    usbEnumerate: () => Promise.resolve(usb),
    nutLister: (host, port) =>
      port === 3493 && host === "127.0.0.1"
        ? Promise.resolve(["ups1", "ups2"])
        : Promise.reject(new Error("refused")),
    serialOpen: () => Promise.reject(new Error("no such port")),
    snmpConnect: () => Promise.reject(new Error("no SNMP agent")),
    // one card and one BMC on 127.0.0.1; nothing by broadcast or in-band
    xmlScan: (hosts) =>
      Promise.resolve(
        [...hosts ?? []].filter((h) => h === "127.0.0.1").map((h) => ({
          bus: "xml" as const,
          driver: "netxml-ups",
          port: `http://${h}`,
          options: [["desc", "Transverse"] as const],
        })),
      ),
    ipmiScan: (hosts, o) =>
      Promise.resolve(
        [...hosts ?? []].filter((h) => h === "127.0.0.1" && o.username).map((
          h,
        ) => ({
          bus: "ipmi" as const,
          driver: "nut-ipmipsu",
          port: `id2@${h}`,
          options: [],
        })),
      ),
  };
}

Deno.test("shippedUsbIds: usbhid-ups subdriver IDs (Eaton, APC, CyberPower)", {
  permissions: "none",
}, () => {
  const ids = shippedUsbIds();
  const has = (v: number, p: number) =>
    ids.some((e) => e.vendor === v && e.product === p);
  assertEquals([has(0x0463, 0xffff), has(0x051d, 0x0002)], [true, true]);
  assertEquals(has(0x0764, 0x0501), true);
  assertEquals(ids.every((e) => e.driver === "usbhid-ups"), true);
});

Deno.test("complete scan (no bus flag): USB, NUT and simulation in order", async () => {
  const dir = await Deno.makeTempDir({ prefix: "scan-cli-" });
  try {
    await Deno.writeTextFile(`${dir}/sim.dev`, "ups.status: OL\n");
    const io = fakeIo({ NUT_CONFPATH: dir });
    const code = await scannerMain(["-s", "127.0.0.1"], io, fakeDeps());
    assertEquals(code, 0);
    assertEquals(
      io.stdout,
      '[nutdev1]\n\tdriver = "usbhid-ups"\n\tport = "auto"\n' +
        '\tvendorid = "0463"\n\tproductid = "FFFF"\n\tproduct = "Ellipse ECO"\n' +
        '\tserial = "ABC123"\n\tvendor = "EATON"\n\tbus = "001"\n' +
        '[nutdev2]\n\tdriver = "netxml-ups"\n\tport = "http://127.0.0.1"\n' +
        '\tdesc = "Transverse"\n' +
        '[nutdev3]\n\tdriver = "nutclient"\n\tport = "ups1@127.0.0.1"\n' +
        '[nutdev4]\n\tdriver = "nutclient"\n\tport = "ups2@127.0.0.1"\n' +
        '[nutdev5]\n\tdriver = "dummy-ups"\n\tport = "sim.dev"\n',
    );
    assertEquals(
      io.stderr,
      "Scanning USB bus.\nScanning SNMP bus.\nScanning XML/HTTP bus.\n" +
        "Scanning NUT bus (old connect method).\n" +
        "Scanning NUT simulation devices.\nScanning IPMI bus.\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("-n reads NUT_CONFPATH; a missing dir is reported, not fatal", {
  permissions: { read: true, env: true },
}, async () => {
  const io = fakeIo({ NUT_CONFPATH: "/nonexistent-scan-dir" });
  assertEquals(await scannerMain(["-n", "-P"], io, fakeDeps()), 0);
  assertEquals(io.stdout, "");
  assertEquals(
    io.stderr,
    "Scanning NUT simulation devices.\n" +
      "Failed to scandir: No such file or directory\n",
  );
});

Deno.test("-U: empty bus and a failing USB library are reported", {
  permissions: "none",
}, async () => {
  const empty = fakeIo();
  assertEquals(await scannerMain(["-U", "-q"], empty, fakeDeps([])), 0);
  assertEquals([empty.stdout, empty.stderr], ["", "No USB device found\n"]);
  const broken = fakeIo();
  const deps: ScannerDeps = {
    ...fakeDeps(),
    usbEnumerate: () => Promise.reject(new Error("libusb missing")),
  };
  assertEquals(await scannerMain(["-U", "-q", "-P"], broken, deps), 0);
  assertEquals(
    broken.stderr,
    "Cannot load USB library (libusb-1.0) : libusb missing. USB search disabled.\n",
  );
  const found = fakeIo();
  assertEquals(await scannerMain(["-U", "-P", "-q"], found, fakeDeps()), 0);
  assertEquals(
    found.stdout,
    'USB:driver="usbhid-ups",port="auto",vendorid="0463",productid="FFFF",' +
      'product="Ellipse ECO",serial="ABC123",vendor="EATON",bus="001"\n',
  );
});

Deno.test("-O: ranges, -p, messages of NUT 2.8.0", {
  permissions: "none",
}, async () => {
  const noIp = fakeIo();
  assertEquals(await scannerMain(["-O"], noIp, fakeDeps()), 0);
  assertEquals(
    noIp.stderr,
    "No start IP, skipping NUT bus (old connect method)\n",
  );
  const bad = fakeIo();
  await scannerMain(["-O", "-s", "127.0.0.256"], bad, fakeDeps());
  assertEquals(
    bad.stderr,
    "Scanning NUT bus (old connect method).\nInvalid address : 127.0.0.256\n",
  );
  const mask = fakeIo();
  await scannerMain(["-O", "-m", "foo", "-q"], mask, fakeDeps());
  assertEquals(
    mask.stderr,
    "WARNING: nutscan_cidr_to_ip failed to parse mask from cidr=foo (first_ip=foo)\n",
  );
  const seen: string[] = [];
  const deps: ScannerDeps = {
    ...fakeDeps(),
    nutLister: (host, port, timeoutMs) => {
      seen.push(`${host}:${port}:${timeoutMs}`);
      return Promise.resolve(host === "10.9.0.2" ? ["u"] : []);
    },
  };
  const range = fakeIo();
  const args = ["-O", "-s", "10.9.0.3", "-e", "10.9.0.1", "-p", "3500"];
  await scannerMain([...args, "-t", "2", "-T", "1", "-q", "-P"], range, deps);
  assertEquals(seen, [
    "10.9.0.1:3500:2000",
    "10.9.0.2:3500:2000",
    "10.9.0.3:3500:2000",
  ]);
  assertEquals(range.stdout, 'NUT:driver="nutclient",port="u@10.9.0.2"\n');
  const warn = fakeIo();
  await scannerMain(["-O", "-t", "0", "-T", "0", "-q"], warn, fakeDeps());
  assertEquals(
    warn.stderr,
    "Illegal timeout value, using default 5s\n" +
      "WARNING: Requested max scanning thread count 0 (0) is out of range, using default 512\n",
  );
});

Deno.test("options: -V, -a, -h, long names, unavailable buses, bad options", {
  permissions: "none",
}, async () => {
  const v = fakeIo();
  assertEquals(await scannerMain(["-V"], v, fakeDeps()), 0);
  assertEquals(v.stdout, "Network UPS Tools - 2.8.0\n");
  const a = fakeIo();
  assertEquals(await scannerMain(["--available"], a, fakeDeps()), 0);
  assertEquals(a.stdout, "OLDNUT\nUSB\nSNMP\nXML\nIPMI\nEATON_SERIAL\n");
  const h = fakeIo();
  assertEquals(await scannerMain(["-h"], h, fakeDeps()), 0);
  assertStringIncludes(h.stdout, "  -O, --oldnut_scan: Scan NUT devices");
  assertEquals(h.stderr, "");
  for (const flag of ["-A", "--avahi_scan"]) {
    const io = fakeIo();
    const args = [flag];
    assertEquals(await scannerMain(args, io, fakeDeps()), 0, flag);
    assertStringIncludes(
      io.stdout,
      "* Options for NUT devices (avahi method) scan not enabled: library not detected.",
    );
    assertStringIncludes(io.stderr, "WARNING: Some error has occurred");
  }
  const ipmi = fakeIo();
  const lan = ["-I", "-s", "127.0.0.1", "-b", "admin", "-B", "pw", "-P"];
  assertEquals(await scannerMain([...lan, "-d", "SHA1"], ipmi, fakeDeps()), 0);
  assertEquals(ipmi.stdout, 'IPMI:driver="nut-ipmipsu",port="id2@127.0.0.1"\n');
  assertEquals(
    ipmi.stderr,
    "Unknown authentication type (SHA1). Defaulting to MD5\n" +
      "Scanning IPMI bus.\n",
  );
  const xml = fakeIo();
  assertEquals(await scannerMain(["--xml_scan", "-q"], xml, fakeDeps()), 0);
  assertEquals([xml.stdout, xml.stderr], ["", ""]);
  const bad = fakeIo();
  assertEquals(await scannerMain(["-Z"], bad, fakeDeps()), 255);
  assertStringIncludes(bad.stderr, "nut-scanner: invalid option -- 'Z'\n");
  const badLong = fakeIo();
  assertEquals(await scannerMain(["--nope"], badLong, fakeDeps()), 255);
  assertStringIncludes(
    badLong.stderr,
    "nut-scanner: unrecognized option '--nope'\n",
  );
  const long = fakeIo();
  const args = ["--oldnut_scan", "--start_ip=127.0.0.1", "--disp_parsable"];
  assertEquals(await scannerMain([...args, "--quiet"], long, fakeDeps()), 0);
  assertEquals(
    long.stdout,
    'NUT:driver="nutclient",port="ups1@127.0.0.1"\n' +
      'NUT:driver="nutclient",port="ups2@127.0.0.1"\n',
  );
  const range = fakeIo();
  assertEquals(await scannerMain(["-E", "10-12"], range, fakeDeps()), 0);
  assertStringIncludes(range.stderr, "Serial port range out of bound");
});

Deno.test("main is the real entry (version needs no back end)", {
  permissions: "none",
}, async () => {
  const io = fakeIo();
  assertEquals(await main(["-V"], io), 0);
  assertEquals(io.stdout, "Network UPS Tools - 2.8.0\n");
});
