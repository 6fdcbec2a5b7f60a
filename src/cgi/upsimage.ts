/**
 * upsimage.cgi (NUT 2.8.0's clients/upsimage.c): a PNG bar for one UPS
 * variable, `?host=<ups>&display=<variable>[&width=...&bar_col=0x...]`,
 * with a scale whose green/red zones come from the nominal and transfer
 * values upsd reports, or an image carrying the error message.
 *
 * @module
 */
import { CgiFatal, parseQueryString } from "./cgi_args.ts";
import { atoi, strtod } from "./cfmt.ts";
import { type Draw, Drawn, Painter } from "./bars.ts";
import { type Deflate, encodePng } from "./png.ts";
import { findHost } from "./hosts.ts";
import { loadHosts } from "./upsstats.ts";
import { type Connector, UpsLink } from "./link.ts";
import { parseUpsName } from "../client/name.ts";

/** The surroundings of one run. */
export interface ImageEnv {
  query: string | undefined;
  confPath: string;
  readFile(path: string): Uint8Array;
  connector: Connector;
  deflate: Deflate;
  err(text: string): void;
}

/** What the program writes: the exit code and stdout bytes. */
export interface ImageResult {
  code: number;
  stdout: Uint8Array;
}

/** [variable, minimum, nominal, maximum, deviation, unit, drawing]. */
type ImgVar = [
  string,
  string | undefined,
  string | undefined,
  string | undefined,
  number,
  string,
  Draw,
];
const IN: [string, string, string] = [
  "input.transfer.low",
  "input.voltage.nominal",
  "input.transfer.high",
];
const OUT: [string, string, string] = [
  "input.transfer.low",
  "output.voltage.nominal",
  "input.transfer.high",
];
const PHASES = ["L1-N", "L2-N", "L3-N", "L1-L2", "L2-L3", "L3-L1"];
const LOADS = [1, 2, 3].map((n) => `output.L${n}.power.percent`).concat(
  [1, 2, 3].map((n) => `output.L${n}.realpower.percent`),
);
const U = undefined;
function iv(
  name: string,
  lim: [string | undefined, string | undefined, string | undefined],
  dev: number,
  unit: string,
  kind: Draw,
): ImgVar {
  return [name, ...lim, dev, unit, kind];
}
const VARS: ImgVar[] = [
  iv("input.voltage", IN, 0, "VAC", "utility"),
  ...PHASES.map((p) => iv(`input.${p}.voltage`, IN, 0, "VAC", "utility")),
  iv("battery.charge", ["battery.charge.low", U, U], 0, "%", "battpct"),
  iv(
    "battery.voltage",
    [
      "battery.voltage.low",
      "battery.voltage.nominal",
      "battery.voltage.high",
    ],
    0,
    "VDC",
    "battvolt",
  ),
  iv(
    "ups.temperature",
    [
      "ups.temperature.low",
      U,
      "ups.temperature.high",
    ],
    0,
    "\xb0C",
    "temperature",
  ),
  iv(
    "ambient.temperature",
    [
      "ambient.temperature.low",
      U,
      "ambient.temperature.high",
    ],
    0,
    "\xb0C",
    "temperature",
  ),
  iv(
    "ambient.humidity",
    [
      "ambient.humidity.low",
      U,
      "ambient.humidity.high",
    ],
    0,
    "%",
    "humidity",
  ),
  iv("input.frequency", [U, "input.frequency.nominal", U], 2, "Hz", "general"),
  iv("ups.load", [U, U, U], 0, "%", "load"),
  ...LOADS.map((v) => iv(v, [U, U, U], 0, "%", "load")),
  iv("output.voltage", OUT, 0, "VAC", "utility"),
  ...PHASES.map((p) => iv(`output.${p}.voltage`, OUT, 0, "VAC", "utility")),
  iv(
    "output.frequency",
    [U, "output.frequency.nominal", U],
    2,
    "Hz",
    "general",
  ),
];

const HEADER = new TextEncoder().encode(
  "Pragma: no-cache\nContent-type: image/png\n\n",
);

/** Runs upsimage.cgi. */
export async function upsimage(env: ImageEnv): Promise<ImageResult> {
  const painter = new Painter();
  let host: string | undefined, display: string | undefined;
  try {
    for (const [name, value] of parseQueryString(env.query)) {
      if (name.length > 64 || value.length > 64) continue;
      if (name === "host") host = value;
      else if (name === "display") display = value;
      else painter.set(name, value);
    }
  } catch (e) {
    if (!(e instanceof CgiFatal)) throw e;
    env.err(`fatal error: ${e.message}\n`);
    return { code: 1, stdout: new Uint8Array(0) };
  }
  const link = new UpsLink(env.connector);
  try {
    await draw(env, painter, link, host, display);
    throw new Error("unreachable");
  } catch (e) {
    if (!(e instanceof Drawn)) throw e;
    const png = encodePng(e.im, env.deflate);
    const out = new Uint8Array(HEADER.length + png.length);
    out.set(HEADER);
    out.set(png, HEADER.length);
    return { code: 0, stdout: out };
  } finally {
    await link.disconnect();
  }
}

async function draw(
  env: ImageEnv,
  p: Painter,
  link: UpsLink,
  host: string | undefined,
  display: string | undefined,
): Promise<never> {
  if (host === undefined || display === undefined) {
    p.noimage("No host or display");
  }
  const hosts = loadHosts(env);
  if (hosts.error) env.err(`${hosts.error}\n`);
  if (!findHost(hosts.hosts, host)) p.noimage("Access denied");
  let name;
  try {
    name = parseUpsName(host);
  } catch {
    p.noimage("Invalid UPS definition (upsname[@hostname[:port]])\n");
  }
  if (!(await link.connect(name.host, name.port))) {
    p.noimage(`Can't connect to server:\n${link.errorText}\n`);
  }
  const row = VARS.find((v) => v[0] === display);
  if (!row) p.noimage("Unknown display");
  const get = async (n: string) => {
    const w = await link.get(["VAR", name.ups, n]);
    return w && w.length >= 3 ? w[3] ?? "" : undefined;
  };
  const [, minName, nomName, maxName, dev, unit, kind] = row;
  const raw = await get(display);
  if (raw === undefined) p.noimage(`${display} N/A`);
  const limit = async (n: string | undefined) => {
    if (n === undefined) return -1;
    const v = await get(n);
    return v === undefined ? p.get(n) : atoi(v);
  };
  const min = await limit(minName);
  const nom = await limit(nomName);
  const max = await limit(maxName);
  p.draw(kind, strtod(raw), min, nom, max, dev, unit);
}
