/**
 * The file-reading part of config loading: read a file under the config dir
 * and name it in errors as NUT does.
 *
 * @module
 */
import { confFile, type NutPaths } from "./paths.ts";
import { parseUpsConf, type UpsConf } from "./ups_conf.ts";

/** Reads a config file as text (bytes outside ASCII survive as latin1 and are dropped by the tokenizer). */
export async function readConfigText(path: string): Promise<string> {
  const bytes = await Deno.readFile(path);
  return new TextDecoder("latin1").decode(bytes);
}

/** Reads and parses `<confpath>/ups.conf`. */
export async function loadUpsConf(paths: NutPaths): Promise<UpsConf> {
  const file = confFile(paths, "ups.conf");
  return parseUpsConf(await readConfigText(file), file);
}
