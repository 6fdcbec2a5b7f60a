/**
 * An Eaton/MGE network management card's XML/HTTP face, written from the
 * protocol's facts (NUT's mge-xml.c and netxml-ups.c comments, the NMC's
 * documented pages): "/" (home page), a product page describing the other
 * pages, the summary page (SUMMARY of OBJECTs), the GET_OBJECT page, and
 * the form POST /Forms/set_obj_2 carrying a SET_OBJECT document. Serves on
 * loopback with Deno.serve; every request is recorded. `mode` makes it go
 * bad: garbage, truncated XML, HTTP 500, or silence. `formAnswer` is how it
 * answers the form (by default 200 and applied; any other status or a
 * failure status in the body leaves the device as it was).
 *
 * @module
 */

/** How the card misbehaves. */
export type NetxmlMode = "ok" | "garbage" | "short" | "http500" | "silent";

/** One recorded request. */
export interface NetxmlRequest {
  method: string;
  path: string;
  type: string | null;
  agent: string | null;
  body: string;
}

/** A device: product page attributes, summary objects, GET_OBJECT objects. */
export interface NetxmlDevice {
  product: { name: string; type: string; version: string };
  /** Where the product page is (the others answer 404). */
  productPath: string;
  summary: Record<string, string>;
  objects: Record<string, string>;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

/** The product page for a device. */
export function productXml(d: NetxmlDevice): string {
  const p = d.product;
  return `<?xml version="1.0" encoding="ISO-8859-1"?>
<PRODUCT_INFO name="${esc(p.name)}" type="${esc(p.type)}" version="${
    esc(p.version)
  }">
  <SUMMARY>
    <HTML_PROPERTIES_PAGE url="mgeups/default.htm"/>
    <XML_SUMMARY_PAGE url="upsprop.xml"/>
    <CENTRAL_CFG url="config.xml"/>
    <CSV_LOGS url="logevent.csv" dateRange="no" eventFiltering="no"/>
  </SUMMARY>
  <ALARMS>
    <SUBSCRIPTION url="subscribe.cgi" security="basic"/>
    <POLLING url="mgeups/lastalarms.cgi" security="none"/>
  </ALARMS>
  <MANAGEMENT>
    <MANAGEMENT_PAGE name="Network settings" id="Network" url="FS/FLASH0/NetworkSettings.cfg" security="none"/>
  </MANAGEMENT>
  <UPS_DATA>
    <GET_OBJECT url="getvalue.cgi" security="none"/>
    <SET_OBJECT url="setvalue.cgi" security="ssl"/>
  </UPS_DATA>
</PRODUCT_INFO>
`;
}

function objectsXml(root: string, objs: Record<string, string>): string {
  const rows = Object.entries(objs).map(([k, v]) =>
    `<OBJECT name="${esc(k)}">${esc(v)}</OBJECT>`
  );
  return `<?xml version="1.0" encoding="ISO-8859-1"?>\n<${root}>\n${
    rows.join("\n")
  }\n</${root}>\n`;
}

/** The simulated card. */
export class NetxmlSim {
  device: NetxmlDevice;
  mode: NetxmlMode = "ok";
  /** The form's answer; the form is applied only on the default one. */
  formAnswer: { status: number; body: string } = {
    status: 200,
    body: "<html><body>OK</body></html>",
  };
  readonly requests: NetxmlRequest[] = [];
  #server: Deno.HttpServer<Deno.NetAddr>;
  #held: Array<() => void> = [];

  constructor(device: NetxmlDevice) {
    this.device = device;
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#handle(req),
    );
  }

  get port(): number {
    return this.#server.addr.port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Requests whose path is `path`. */
  hits(path: string): number {
    return this.requests.filter((r) => r.path === path).length;
  }

  async #handle(req: Request): Promise<Response> {
    const u = new URL(req.url);
    const body = req.method === "POST" ? await req.text() : "";
    this.requests.push({
      method: req.method,
      path: u.pathname + u.search,
      type: req.headers.get("content-type"),
      agent: req.headers.get("user-agent"),
      body,
    });
    const xml = (s: string) =>
      new Response(s, { headers: { "content-type": "text/xml" } });
    if (u.pathname === "/") {
      return new Response("<html><body>NMC</body></html>", {
        headers: { "content-type": "text/html" },
      });
    }
    if (req.method === "POST" && u.pathname === "/Forms/set_obj_2") {
      const a = this.formAnswer;
      if (a.status === 200 && !/status="(?!ok")/i.test(a.body)) {
        this.#applySet(body);
      }
      return new Response(a.body, { status: a.status });
    }
    if (this.mode === "silent") {
      await new Promise<void>((r) => this.#held.push(r));
      return new Response("", { status: 503 });
    }
    if (this.mode === "http500") {
      return new Response("Internal Server Error", { status: 500 });
    }
    let page: string | undefined;
    const d = this.device;
    if (u.pathname === d.productPath) page = productXml(d);
    else if (u.pathname === "/upsprop.xml") {
      page = objectsXml("SUMMARY", d.summary);
    } else if (u.pathname === "/getvalue.cgi") {
      page = objectsXml("GET_OBJECT", d.objects);
    }
    if (page === undefined) return new Response("Not Found", { status: 404 });
    if (this.mode === "garbage") return xml("\x00\x13<<<%%% not <xml");
    if (this.mode === "short") return xml(page.slice(0, page.length / 2));
    return xml(page);
  }

  /** A SET_OBJECT form: each OBJECT's value replaces the device's object. */
  #applySet(body: string): void {
    for (
      const m of body.matchAll(/<OBJECT name="([^"]+)">([^<]*)<\/OBJECT>/g)
    ) {
      this.device.objects[m[1]!] = m[2]!;
    }
  }

  /** Lets held requests go and stops serving. */
  async close(): Promise<void> {
    for (const r of this.#held.splice(0)) r();
    await this.#server.shutdown();
  }

  /** Ends the silence: held requests answer 503. */
  release(): void {
    for (const r of this.#held.splice(0)) r();
  }
}

/** A 1-phase Pulsar behind a Transverse card (ambient sensor reported). */
export function pulsar(): NetxmlDevice {
  return {
    product: {
      name: "Network Management Card",
      type: "Transverse",
      version: "GB (SN 49EH29101)",
    },
    productPath: "/product.xml",
    summary: {
      "UPS.PowerSummary.iProduct": "Pulsar",
      "UPS.PowerSummary.iModel": "Evolution 1500",
      "UPS.PowerSummary.iManufacturer": "MGE UPS SYSTEMS",
      "UPS.PowerSummary.iSerialNumber": "AV4H4601W",
      "UPS.PowerSummary.iVersion": "4.12",
      "UPS.PowerSummary.RemainingCapacity": "100",
      "UPS.PowerSummary.RunTimeToEmpty": "2855",
      "UPS.PowerSummary.PercentLoad": "23",
      "UPS.PowerSummary.PresentStatus.ACPresent": "1",
      "UPS.PowerSummary.PresentStatus.Charging": "1",
      "UPS.PowerSummary.PresentStatus.Discharging": "0",
      "System.Description": "",
      "System.LastAcquisition": "2026/12/07 18:01:02",
      "Environment.Temperature": "24.5",
      "Environment.Humidity": "41",
    },
    objects: {
      "System.Contact": "Computer Room Manager",
      "System.Location": "Computer Room",
      "System.RunTimeToEmptyLimit": "180",
      "System.ShutdownDuration": "120",
      "System.RunTimeToShutdown": "-1",
      "UPS.PowerSummary.DelayBeforeShutdown": "-1",
      "UPS.PowerSummary.DelayBeforeStartup": "-1",
      "UPS.PowerSummary.RemainingCapacityLimit": "30",
      "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit": "0",
      "UPS.PowerSummary.PresentStatus.Overload": "0",
      "UPS.PowerSummary.PresentStatus.NeedReplacement": "0",
      "UPS.PowerSummary.PresentStatus.Good": "1",
      "UPS.PowerSummary.PresentStatus.InternalFailure": "0",
      "UPS.PowerSummary.iDeviceChemistry": "PbAc",
      "UPS.PowerSummary.AudibleAlarmControl": "2",
      "UPS.BatterySystem.Battery.DesignCapacity": "25200",
      "UPS.BatterySystem.Battery.Test": "1",
      "UPS.BatterySystem.Battery.PresentStatus.Present": "1",
      "UPS.BatterySystem.ConfigVoltage": "48",
      "UPS.PowerConverter.ConverterType": "2",
      "UPS.PowerConverter.Input[1].Voltage": "230.5",
      "UPS.PowerConverter.Input[1].Frequency": "50.0",
      "UPS.PowerConverter.Input[1].PresentStatus.Buck": "0",
      "UPS.PowerConverter.Input[1].PresentStatus.Boost": "0",
      "UPS.PowerConverter.Input[1].PresentStatus.VoltageOutOfRange": "0",
      "UPS.PowerConverter.Output.Voltage": "230.1",
      "UPS.PowerConverter.Output.Frequency": "50.0",
      "UPS.PowerConverter.Output.Current": "1.6",
      "UPS.PowerConverter.Output.PowerFactor": "87",
      "UPS.PowerConverter.Output.SensitivityMode": "0",
      "UPS.PowerConverter.Output.ExtendedVoltageMode": "1",
      "UPS.Flow[4].ConfigApparentPower": "1500",
      "UPS.Flow[4].ConfigActivePower": "1050",
      "UPS.Flow[4].ConfigVoltage": "230",
      "UPS.OutletSystem.Outlet[2].PresentStatus.Switchable": "1",
      "UPS.OutletSystem.Outlet[2].PresentStatus.SwitchOnOff": "1",
      "Environment.PresentStatus.HighTemperature": "0",
      "Environment.Input[1].PresentStatus.State": "1",
      "Environment.Temperature.HighThreshold": "40",
    },
  };
}

/** On battery, low, shutdown counting down, several faults. */
export function onBattery(): NetxmlDevice {
  const d = pulsar();
  d.product = {
    name: "Network Management Card",
    type: "Mosaic M",
    version: "BA",
  };
  d.productPath = "/mgeups/product.xml";
  Object.assign(d.summary, {
    "UPS.PowerSummary.PresentStatus.ACPresent": "0",
    "UPS.PowerSummary.PresentStatus.Charging": "1",
    "UPS.PowerSummary.PresentStatus.Discharging": "1",
    "UPS.PowerSummary.RemainingCapacity": "12",
    "UPS.PowerSummary.RunTimeToEmpty": "95",
  });
  Object.assign(d.objects, {
    "UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit": "1",
    "UPS.PowerSummary.PresentStatus.NeedReplacement": "1",
    "UPS.PowerSummary.PresentStatus.FanFailure": "1",
    "UPS.PowerSummary.DelayBeforeShutdown": "60",
    "UPS.BatterySystem.Charger.PresentStatus.InternalFailure": "Yes",
    "UPS.BatterySystem.Battery.Test": "5",
    "UPS.PowerConverter.Input[1].PresentStatus.VoltageOutOfRange": "1",
    "UPS.PowerConverter.Input[1].Voltage": "0",
  });
  return d;
}

/** A 3-phase unit on manual bypass (phase counts, deci rows, ePDU-less). */
export function threePhase(): NetxmlDevice {
  const d = pulsar();
  d.product = {
    name: "Network Management Card",
    type: "Mosaic 4M",
    version: "JA",
  };
  d.productPath = "/ws/product.xml";
  Object.assign(d.objects, {
    "UPS.PowerConverter.Input[1].Phase[1].Voltage": "231",
    "UPS.PowerConverter.Input[1].Phase[2].Voltage": "229",
    "UPS.PowerConverter.Input[1].Phase[3].Voltage": "230",
    "UPS.PowerConverter.Input[1].Phase[1].Current": "52",
    "UPS.PowerConverter.Input[1].Phase[2].Current": "48",
    "UPS.PowerConverter.Input[1].Phase[3].Current": "50",
    "UPS.PowerConverter.Output.Phase[11].Voltage": "0",
    "UPS.PowerConverter.Output.Phase[22].Voltage": "399",
    "UPS.PowerConverter.Output.Phase[1].Current": "41",
    "UPS.PowerConverter.Input[2].Voltage": "230",
    "UPS.PowerConverter.Input[4].PresentStatus.Used": "1",
    "UPS.PowerConverter.Input[1].PresentStatus.FrequencyOutOfRange": "1",
    "UPS.PowerSummary.PresentStatus.Good": "0",
    "UPS.PowerSummary.DelayBeforeShutdown": "400",
    "System.RunTimeToShutdown": "0",
  });
  return d;
}
