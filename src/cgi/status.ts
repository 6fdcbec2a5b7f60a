/**
 * The ups.status words the CGI pages spell out, with the severity that
 * picks STATUSCOLOR (NUT's clients/status.h).
 *
 * @module
 */

/** [flag, text, severity 0 ok / 1 warning / 2 error], in NUT's order. */
export const STATUS_TABLE: readonly (readonly [string, string, number])[] = [
  ["OFF", "OFF", 1],
  ["OL", "ONLINE", 0],
  ["OB", "ON BATTERY", 2],
  ["LB", "LOW BATTERY", 2],
  ["RB", "REPLACE BATTERY", 2],
  ["OVER", "OVERLOAD", 2],
  ["TRIM", "VOLTAGE TRIM", 1],
  ["BOOST", "VOLTAGE BOOST", 1],
  ["CAL", "CALIBRATION", 1],
  ["BYPASS", "BYPASS", 2],
];

/** @STATUS@: each known word (any case) as `TEXT<br>`. */
export function statusHtml(status: string): string {
  let out = "";
  for (const word of status.split(/[ \n]+/)) {
    if (word === "") continue;
    for (const [flag, text] of STATUS_TABLE) {
      if (word.toUpperCase() === flag) out += `${text}<br>`;
    }
  }
  return out;
}

/** @STATUSCOLOR@ for a status string (words compared case-sensitively). */
export function statusColor(status: string): string {
  let severity = 0;
  for (const word of status.split(" ")) {
    for (const [flag, , sev] of STATUS_TABLE) {
      if (word === flag && sev > severity) severity = sev;
    }
  }
  return severity === 0 ? "#00FF00" : severity === 1 ? "#FFFF00" : "#FF0000";
}

/** The image arguments an @IMG@ line may pass on (NUT's upsimagearg.h). */
export const IMG_ARG_NAMES: readonly string[] = [
  "width",
  "height",
  "scale_height",
  "back_col",
  "scale_num_col",
  "summary_col",
  "ok_zone_maj_col",
  "ok_zone_min_col",
  "neutral_zone_maj_col",
  "neutral_zone_min_col",
  "warn_zone_maj_col",
  "warn_zone_min_col",
  "bar_col",
  "tempmin",
  "tempmax",
  "nom_in_freq",
  "nom_out_freq",
];
