/**
 * apcsmart-old's `-k`: smart mode, the `Q` status (unread: on battery and
 * low), then by `sdtype` (0-6) or `advorder` the soft hibernate `S`, hard
 * hibernate `@nnn`/`@nn` (wugrace), delayed `K K`, instant `Z Z` or the
 * CS 350 hack (`U` then `S`); each wants `OK` or `*`.
 *
 * @module
 */
import { sleep } from "../apcsmart/link.ts";
import type { ApcSmartOldDriver } from "./driver.ts";
import { hexStatus } from "./driver.ts";
import { OLD_SETS } from "./tables.ts";

const OL = 0x08, OB = 0x10, LB = 0x40;

async function sdok(d: ApcSmartOldDriver): Promise<boolean> {
  const r = await d.readLine({ ignore: OLD_SETS.ign.ignore, alert: "" });
  return r.text === "*" || r.text === "OK";
}

async function cmdS(d: ApcSmartOldDriver): Promise<boolean> {
  await d.link.flush(0);
  await d.send("S");
  return await sdok(d);
}

async function cmdCS(d: ApcSmartOldDriver, status: number): Promise<boolean> {
  if (status & OL) {
    await d.send("U");
    await sleep(50);
  }
  return await cmdS(d);
}

/** Hard hibernate with `cnt` digits of wugrace (0 when unset or out of range). */
async function cmdAT(d: ApcSmartOldDriver, cnt: 2 | 3): Promise<boolean> {
  const max = cnt === 2 ? 99 : 999;
  const s = d.ctx.config.values.get("wugrace");
  let n = s !== undefined ? parseInt(s, 10) : 0;
  if (!Number.isFinite(n) || n < 0 || n > max) n = 0;
  const timer = String(n).padStart(cnt, "0").slice(0, 3);
  await d.link.flush(0);
  await d.send("@");
  await sleep(1500);
  for (const ch of timer) {
    await d.send(ch);
    await sleep(50);
  }
  const ok = await sdok(d);
  if (ok || cnt === 3) return ok;
  // @nn refused: abort the sequence with a second '@'
  await d.send("@");
  await sleep(50);
  await d.link.flush(0);
  return false;
}

async function cmdTwice(d: ApcSmartOldDriver, ch: string): Promise<boolean> {
  await d.link.flush(0);
  await d.send(ch);
  await sleep(1500);
  await d.send(ch);
  return await sdok(d);
}

/** upsdrv_shutdown. */
export async function oldShutdown(d: ApcSmartOldDriver): Promise<void> {
  if (!await d.smartmode()) {
    d.ctx.log.debug(1, "SM detection failed. Trying a shutdown command anyway");
  }
  let status = OB | LB;
  if (await d.send("Q") === 1) {
    const r = await d.readLine();
    if (r.n >= 1) status = hexStatus(r.text);
  }
  const vals = d.ctx.config.values;
  const adv = vals.get("advorder");
  if (adv !== undefined && adv.toLowerCase() !== "no") {
    let order = adv;
    if (!order || order.length > 6 || /[^0-5]/.test(order)) order = "0123";
    for (const c of order) {
      const ok = c === "0"
        ? await cmdS(d)
        : c === "1"
        ? await cmdAT(d, 3)
        : c === "2"
        ? await cmdTwice(d, "K")
        : c === "3"
        ? await cmdTwice(d, "Z")
        : c === "4"
        ? await cmdCS(d, status)
        : await cmdAT(d, 2);
      if (ok) break;
    }
    return;
  }
  let sdtype = parseInt(vals.get("sdtype") ?? "0", 10);
  if (!Number.isFinite(sdtype) || sdtype < 0 || sdtype > 6) sdtype = 0;
  switch (sdtype) {
    case 6:
      await cmdAT(d, 3);
      break;
    case 5:
      await cmdAT(d, 2);
      break;
    case 4:
      await cmdCS(d, status);
      break;
    case 3:
      await cmdTwice(d, "K");
      break;
    case 2:
      await cmdTwice(d, "Z");
      break;
    case 1:
      if ((status & OB) && await cmdS(d)) break;
      await cmdAT(d, 3);
      break;
    default:
      if (status & OL) await cmdAT(d, 3);
      else await cmdS(d);
  }
}
