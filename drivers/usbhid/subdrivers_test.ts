import { assert, assertEquals } from "../../tests/assert.ts";
import type { UsbDeviceInfo } from "../../src/hid/device.ts";
import { fieldValue } from "../../src/hid/decode.ts";
import { parseReportDescriptor } from "../../src/hid/parser.ts";
import { parseRecording } from "../../src/hid/replay.ts";
import { apcFixReportDesc } from "./apc.ts";
import { cpsFixReportDesc } from "./cps.ts";
import { SUBDRIVERS } from "./list.ts";
import { selectSubdriver } from "./match.ts";
import { MGE, mgeModelName, mgeModelType } from "./mge.ts";
import {
  type ClaimContext,
  type Conversion,
  type FormatContext,
  type LookupContext,
  type Subdriver,
  SubdriverMemory,
  type UsbTweaks,
} from "./types.ts";

const PURE = { permissions: "none" } as const;

function device(
  vendorId: number,
  productId: number,
  more: Partial<UsbDeviceInfo> = {},
): UsbDeviceInfo {
  return {
    vendorId,
    productId,
    bus: "001",
    device: "002",
    busport: "",
    ...more,
  };
}

/** Runs NUT's claim loop; returns the winner, its tweaks and messages. */
function claim(info: UsbDeviceInfo, productid = false, explore = false) {
  const tweaks: UsbTweaks = {};
  const logs: string[] = [];
  const ctx: ClaimContext = {
    memory: new SubdriverMemory(),
    productid,
    explore,
    tweak: (t) => Object.assign(tweaks, t),
    log: (m) => logs.push(m),
  };
  const values = new Map(productid ? [["productid", "x"]] : []);
  return { sub: selectSubdriver(info, values, ctx)?.name, tweaks, logs };
}

const CLAIMS: Array<
  [number, number, string | undefined, Partial<UsbDeviceInfo>?]
> = [
  [0x0463, 0xffff, "MGE HID 1.46"],
  [0x0463, 0x0001, "MGE HID 1.46"],
  [0x047c, 0xffff, "MGE HID 1.46"], // Dell
  [0x0592, 0x0004, "MGE HID 1.46"], // Powerware
  [0x03f0, 0x1fe5, "MGE HID 1.46"], // HP
  [0x2b2d, 0xffff, "MGE HID 1.46"], // AEG
  [0x04b3, 0x0001, "MGE HID 1.46"], // IBM
  [0x06da, 0xffff, "Phoenixtec/Liebert HID 0.41"],
  [0x06da, 0xffff, "MGE HID 1.46", { product: "AEG PROTECT NAS" }],
  [0x051d, 0x0000, "APC HID 0.98"],
  [0x051d, 0x0002, "APC HID 0.98"],
  [0x051d, 0x0003, "APC HID 0.98"],
  [0x2341, 0x8036, "Arduino HID 0.2"],
  [0x2a03, 0x0040, "Arduino HID 0.2"],
  [0x050d, 0x0980, "Belkin/Liebert HID 0.18"],
  [0x050d, 0x0f51, "Belkin/Liebert HID 0.18"],
  [0x10af, 0x0001, "Belkin/Liebert HID 0.18"],
  [0x10af, 0x0008, "Belkin/Liebert HID 0.18"],
  [0x0764, 0x0005, "CyberPower HID 0.6"],
  [0x0764, 0x0501, "CyberPower HID 0.6"],
  [0x0764, 0x0601, "CyberPower HID 0.6"],
  [0x05dd, 0x041b, "Delta UPS HID 0.6"],
  [0x2e51, 0xffff, "Ever HID 0.1"],
  [0x2e51, 0x0000, "Ever HID 0.1"],
  [0x0483, 0xa113, "Ever HID 0.1"],
  [0x075d, 0x0300, "iDowell HID 0.2"],
  [0x1cb0, 0x0038, "Legrand HID 0.2"],
  [0x1cb0, 0x0032, "Legrand HID 0.2"],
  [0x04d8, 0xd004, "openUPS HID 0.5"],
  [0x04d8, 0xd005, "openUPS HID 0.5"],
  [0x0d9f, 0x0001, "PowerCOM HID 0.6"],
  [0x0d9f, 0x00a6, "PowerCOM HID 0.6"],
  [0x4234, 0x0002, "Powervar HID 0.20"],
  [0x2e66, 0x0201, "Salicru HID 0.3"],
  [0x2e66, 0x0300, "Salicru HID 0.3"],
  [0x09ae, 0x1330, "TrippLite HID 0.84"],
  [0x09ae, 0x3024, "TrippLite HID 0.84"],
  [0x03f0, 0x1fe0, "TrippLite HID 0.84"], // HP T750 G2
  [0x05dd, 0xa011, "TrippLite HID 0.84"], // Delta-made, Tripp Lite table
  // IDs the old tables invented: nobody claims them in NUT 2.8.0
  [0x0483, 0xa430, undefined],
  [0x1234, 0x5678, undefined],
];

Deno.test("each USB ID is claimed by NUT 2.8.0's subdriver", PURE, () => {
  for (const [v, p, want, more] of CLAIMS) {
    const tag = `${v.toString(16)}:${p.toString(16)} ${more?.product ?? ""}`;
    assertEquals(claim(device(v, p, more)).sub, want, tag);
  }
});

Deno.test("claims: unknown products, rejections and tweaks", PURE, () => {
  // known vendor, unknown product: only with productid, else a hint
  const unknown = claim(device(0x051d, 0x9999));
  assertEquals(unknown.sub, undefined);
  assert(unknown.logs[0]!.includes("This APC device (051d:9999)"));
  assertEquals(claim(device(0x051d, 0x9999), true).sub, "APC HID 0.98");
  // HP makes non-UPS devices: no hint, but productid still claims
  assertEquals(claim(device(0x03f0, 0x9999)).logs, []);
  assertEquals(claim(device(0x03f0, 0x9999), true).sub, "MGE HID 1.46");
  // known non-UPS / non-HID products are refused even with productid
  assertEquals(claim(device(0x050d, 0x0218), true).sub, undefined);
  assertEquals(claim(device(0x0d9f, 0x0002), true).sub, undefined);
  assertEquals(claim(device(0x09ae, 0x0001), true).sub, undefined);
  assert(claim(device(0x09ae, 0x0001)).logs[0]!.includes("tripplite_usb"));
  // explore takes anything
  assertEquals(
    claim(device(0x1234, 0x5678), false, true).sub,
    "EXPLORE HID 0.2",
  );
  // per-device tweaks
  assertEquals(claim(device(0x0d9f, 0x0001)).tweaks, {
    interruptOnly: true,
    interruptSize: 8,
  });
  assertEquals(claim(device(0x051d, 0x0003)).tweaks, { noInterruptPipe: true });
  assertEquals(claim(device(0x1cb0, 0x0038)).tweaks, { noInterruptPipe: true });
  assertEquals(
    claim(device(0x051d, 0x0002, { product: "Back-UPS CS 650" })).tweaks,
    { maxReportSize: true },
  );
  assertEquals(claim(device(0x2341, 0x8036)).tweaks, {
    hidEpIn: 4,
    hidEpOut: 5,
    hidRepIndex: 2,
  });
  assertEquals(claim(device(0x4234, 0x0002)).tweaks, { hidRepIndex: 1 });
});

function sub(name: string): Subdriver {
  const s = SUBDRIVERS.find((x) => x.name.startsWith(name));
  assert(s, name);
  return s;
}

/** [subdriver, NUT name, HID path, flags?, hidflags?] rows from NUT 2.8.0. */
const ROWS: Array<[string, string, string, number?, number?]> = [
  ["APC", "input.sensitivity", "UPS.Input.APCSensitivity", 3, 4],
  ["APC", "battery.date", "UPS.Battery.APCBattReplaceDate", 0, 0],
  ["APC", "BOOL", "UPS.PowerSummary.APCStatusFlag"],
  ["Arduino", "ups.timer.shutdown", "UPS.PowerSummary.DelayBeforeShutdown"],
  ["Belkin", "battery.charge", "UPS.BELKINBatterySystem.BELKINCharge"],
  ["Belkin", "BOOL", "UPS.BELKINStatus.BELKINPowerStatus"],
  ["Belkin", "load.on.delay", "UPS.BELKINControls.BELKINDelayBeforeStartup"],
  ["CyberPower", "battery.voltage", "UPS.PowerSummary.Voltage"],
  ["CyberPower", "ups.realpower.nominal", "UPS.Output.ConfigActivePower"],
  ["Delta", "ups.type", "UPS.DeltaCustom.[1].DeltaUPSType", 0, 2],
  ["Ever", "experimental.id.firmware_version_inverter", "UPS.EVER1.EVER13"],
  ["iDowell", "ups.delay.shutdown", "UPS.PowerSummary.DelayBeforeShutdown"],
  ["Legrand", "input.voltage", "UPS.Input.Voltage"],
  ["Phoenixtec", "input.transfer.low", "UPS.PowerConverter.Output.ffff0057"],
  ["MGE", "ups.load.high", "UPS.Flow.[4].ConfigPercentLoad", 3, 4],
  ["MGE", "battery.charger.status", "UPS.BatterySystem.Charger.Mode"],
  [
    "MGE",
    "outlet.2.switchable",
    "UPS.OutletSystem.Outlet.[3].PresentStatus.Switchable",
    3,
    4,
  ],
  ["MGE", "ups.date", "UPS.PowerSummary.Time", 3, 0],
  ["openUPS", "input.voltage", "UPS.PowerSummary.Input.Voltage"],
  ["PowerCOM", "shutdown.stayoff", "UPS.PowerSummary.DelayBeforeShutdown"],
  ["Powervar", "battery.capacity", "UPS.PowerSummary.FullChargeCapacity"],
  ["Salicru", "ups.beeper.status", "UPS.PowerSummary.AudibleAlarmControl"],
  ["TrippLite", "input.voltage", "UPS.PowerConverter.Input.Voltage"],
  [
    "TrippLite",
    "ups.delay.start",
    "UPS.OutletSystem.Outlet.TLDelayBeforeStartup",
    3,
    8,
  ],
];

Deno.test("tables map representative HID paths as NUT 2.8.0", PURE, () => {
  for (const [name, nut, path, flags, hu] of ROWS) {
    const row = sub(name).table.find((r) => r.nut === nut && r.path === path);
    assert(row, `${name}: ${nut} <- ${path}`);
    if (flags !== undefined) assertEquals(row.flags ?? 0, flags, nut);
    if (hu !== undefined) assertEquals((row.hu ?? 0) & 0xff, hu, nut);
  }
  // every path names only usages the subdriver knows (or hex / [n] nodes);
  // NUT 2.8.0's own dead rows ("0x..." nodes, "RuntimeToEmpty") bind nowhere
  const deadInNut = (part: string) =>
    part === "RuntimeToEmpty" || /^0x[0-9a-f]+$/.test(part);
  for (const s of SUBDRIVERS) {
    const known = new Set(s.usages.flatMap((t) => t.map(([n]) => n)));
    for (const r of s.table) {
      for (const part of r.path.split(".")) {
        assert(
          known.has(part) || /^\[\d+\]$|^[0-9a-f]{8}$/.test(part) ||
            deadInNut(part),
          `${s.name}: ${r.path}`,
        );
      }
    }
  }
});

const LC: LookupContext = {
  memory: new SubdriverMemory(),
  getString: () => Promise.resolve(undefined),
  getVar: (n) => ({ "ups.delay.shutdown": "20", "ups.delay.start": "30" })[n],
  delVar: () => {},
  hasStatus: () => false,
  report: () => undefined,
};

function conv(name: string, nut: string, path?: string): Conversion {
  const row = sub(name).table.find((r) =>
    r.nut === nut && (path === undefined || r.path === path)
  );
  assert(row?.lookup && !Array.isArray(row.lookup), `${name} ${nut}`);
  return row.lookup as Conversion;
}

Deno.test("vendor conversions", PURE, async () => {
  const status = "UPS.BELKINStatus.BELKINPowerStatus";
  const belkin = sub("Belkin").table.filter((r) => r.path === status);
  const flags = await Promise.all(
    belkin.map((r) => (r.lookup as Conversion).fun(0x0011, LC)),
  );
  assertEquals(flags, [
    "overload",
    "!overheat",
    "!commfault",
    "!awaitingpower",
    "!online",
  ]);
  const apcDate = conv("APC", "battery.date");
  assertEquals(await apcDate.fun(0x102202, LC), "2002/10/22");
  assertEquals(apcDate.nuf!("2002/10/22", LC), 0x102202);
  const stayoff = conv("PowerCOM", "shutdown.stayoff");
  assertEquals(stayoff.nuf!(undefined, LC), 0x8000 | (20 << 8));
  const start = conv("PowerCOM", "ups.timer.start");
  assertEquals(await start.fun(0x0100, LC), "60");
  const temp = conv("openUPS", "battery.temperature");
  assertEquals(await temp.fun(0x200 / 100, LC), "25");
  const vtype = conv("Delta", "ups.type");
  assertEquals(await vtype.fun(3, LC), "offline");
});

Deno.test(
  "CyberPower report descriptor fix-up (cps_fix_report_desc)",
  { permissions: { read: true } },
  () => {
    const text = Deno.readTextFileSync(
      new URL(
        "../../tests/fixtures/hid/cyberpower-cp1500avrlcda.json",
        import.meta.url,
      ),
    );
    const rec = parseRecording(text);
    const desc = parseReportDescriptor(rec.descriptor);
    const out = (d: typeof desc) =>
      d.fields.find((f) => f.reportId === 18 && f.path.at(-1) === 0x00840030)!;
    assertEquals([out(desc).logMin, out(desc).logMax], [136, 142]);
    const fixed = cpsFixReportDesc(rec.info, desc);
    assert(fixed, "the buggy range is fixed");
    assertEquals([out(fixed).logMin, out(fixed).logMax], [0, 511]);
    assertEquals(fieldValue(Uint8Array.of(18, 0xe6, 0x00), out(fixed)), 230);
    // input voltage (report 15) untouched, original descriptor untouched
    const inp = (d: typeof desc) =>
      d.fields.find((f) => f.reportId === 15 && f.path.at(-1) === 0x00840030)!;
    assertEquals(inp(fixed), inp(desc));
    assertEquals(out(desc).logMax, 142);
    // other products, or a second pass, leave it alone
    assertEquals(
      cpsFixReportDesc({ ...rec.info, productId: 0x0601 }, desc),
      undefined,
    );
    assertEquals(cpsFixReportDesc(rec.info, fixed), undefined);
    assertEquals(apcFixReportDesc(rec.info, desc), undefined);
  },
);

Deno.test(
  "MGE model name: iProduct + iModel (mge_format_model)",
  PURE,
  async () => {
    const NAMES: Array<[string, string, string]> = [
      ["Eaton 3S", "700", "Eaton 3S 700"],
      ["ELLIPSE", "650", "ellipse 650"],
      ["Evolution", "850", "Evolution 850"],
      ["EX", "1500RT", "Pulsar EX 1500 RT"],
      ["Protection Station", "500", "Protection Station 500"],
    ];
    const memory = new SubdriverMemory();
    for (const [p, m, want] of NAMES) {
      assertEquals(mgeModelName(p, m, memory), want);
    }
    assertEquals(
      mgeModelType(memory),
      0x100,
      "Protection Station is a Pegasus",
    );
    const ctx = (
      strings: Record<string, string>,
      va?: number,
    ): FormatContext => ({
      memory: new SubdriverMemory(),
      set: () => {},
      readValue: (p) =>
        Promise.resolve(
          p === "UPS.Flow.[4].ConfigApparentPower" ? va : undefined,
        ),
      readString: (p) => Promise.resolve(strings[p]),
    });
    const eaton = device(0x0463, 0xffff, { product: "Eaton 3S" });
    const iModel = { "UPS.PowerSummary.iModel": "700" };
    assertEquals(await MGE.formatModel(eaton, ctx(iModel)), "Eaton 3S 700");
    // no iModel: the VA rating stands in
    assertEquals(await MGE.formatModel(eaton, ctx({}, 1150)), "Eaton 3S 1150");
    assertEquals(await MGE.formatModel(eaton, ctx({})), "Eaton 3S");
    // Dell's iProduct is already complete
    const dell = device(0x047c, 0xffff, { product: "Dell UPS Tower" });
    assertEquals(await MGE.formatModel(dell, ctx(iModel)), "Dell UPS Tower");
    assertEquals(await MGE.formatMfr(device(0x0463, 0xffff), ctx({})), "Eaton");
  },
);

Deno.test(
  "subdriver memory: two instances claim different Tripp Lite and openUPS models and keep their own scale",
  PURE,
  async () => {
    const claimed = (vendor: number, product: number) => {
      const memory = new SubdriverMemory();
      const ctx: ClaimContext = {
        memory,
        productid: false,
        explore: false,
        tweak: () => {},
        log: () => {},
      };
      const name = selectSubdriver(device(vendor, product), new Map(), ctx)
        ?.name;
      return { name, lc: { ...LC, memory } };
    };
    // interleaved claims, as two drivers in one process would do them
    const t1 = claimed(0x09ae, 0x1003); // battery scale 0.1
    const t2 = claimed(0x09ae, 0x3016); // SMART1500LCDT: 100000
    const t3 = claimed(0x09ae, 0x3008); // battery scale 1.0
    const o1 = claimed(0x04d8, 0xd004);
    const o2 = claimed(0x04d8, 0xd005);
    assertEquals(
      [t1.name, t2.name, o1.name],
      ["TrippLite HID 0.84", "TrippLite HID 0.84", "openUPS HID 0.5"],
    );
    const batt = conv("TrippLite", "battery.voltage");
    assertEquals(await batt.fun(120, t1.lc), "12.0");
    assertEquals(await batt.fun(1.2e-4, t2.lc), "12.0");
    assertEquals(await batt.fun(12, t3.lc), "12.0");
    assertEquals(await batt.fun(120, t3.lc), "120.0");
    const vin = conv("openUPS", "input.voltage");
    assertEquals(await vin.fun(100, o1.lc), "354.50");
    assertEquals(await vin.fun(100, o2.lc), "10.00");
  },
);
