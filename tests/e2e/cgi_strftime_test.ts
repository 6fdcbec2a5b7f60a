/**
 * The strftime behind upsstats' @DATE@, against glibc's (through
 * `date +FORMAT` in the C locale) for every conversion over dates chosen
 * around year, ISO-week and 12-hour edges.
 */
import { assertEquals } from "../assert.ts";
import { fixed, localTm, strftime } from "../../src/cgi/cfmt.ts";

const CONVERSIONS = "aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYz%".split("");
const FORMAT = CONVERSIONS.map((c) => `${c}=%${c}`).join("|") +
  "|E=%EY|O=%Od|odd=%Q%";

const DATES = [
  "2026-12-07T15:55:48Z",
  "2024-02-29T00:00:00Z",
  "2021-01-03T12:00:00Z", // ISO week 53 of 2020
  "2024-12-30T23:59:59Z", // ISO week 1 of 2025
  "2000-01-01T11:59:59Z",
  "1999-12-31T12:00:00Z",
  "2027-01-01T00:30:00Z",
];

Deno.test("@DATE@ formats as glibc strftime in the C locale", async () => {
  for (const iso of DATES) {
    const d = new Date(iso);
    const out = await new Deno.Command("date", {
      args: ["-d", `@${d.getTime() / 1000}`, `+${FORMAT}`],
      env: { LC_ALL: "C" },
      stdout: "piped",
    }).output();
    const want = new TextDecoder().decode(out.stdout).replace(/\n$/, "");
    assertEquals(strftime(FORMAT, localTm(d)), want, iso);
  }
});

Deno.test("%.1f rounds exact ties as glibc printf does (to even)", async () => {
  // exact binary values only (printf reads the decimal text back): every
  // .x5 among k/8 is a true tie; 2^70 and 1e22 pass toFixed's range
  const values = Array.from({ length: 81 }, (_, i) => (i - 40) / 8);
  values.push(2 ** 70, -1e22, 123456.75);
  const out = await new Deno.Command("/usr/bin/printf", {
    args: [
      values.map(() => "%.1f\\n").join(""),
      ...values.map((v) =>
        Math.abs(v) >= 1e21 ? BigInt(v).toString() : String(v)
      ),
    ],
    env: { LC_ALL: "C" },
    stdout: "piped",
  }).output();
  const want = new TextDecoder().decode(out.stdout).trimEnd().split("\n");
  assertEquals(values.map((v) => fixed(v, 1)), want);
});
