/**
 * The error every config parser throws or collects: `file:line: message`.
 *
 * @module
 */

/** A problem in a config file, located by file and line. */
export class ConfigError extends SyntaxError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "ConfigError";
    this.file = file;
    this.line = line;
  }
}
