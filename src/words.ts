/**
 * The one tokenizer: NUT's parseconf rules (common/parseconf.c, 2.8.0).
 *
 * Every config file, the network protocol (both sides), the driver socket
 * protocol, the upssched socket and dummy-ups `.dev` files go through it.
 * Rules: words split on whitespace; `"…"` quotes; `\` escapes the next char
 * (and joins lines); `#` starts a comment outside quotes and is a parse error
 * inside quotes (2.8.0); `=` is always a word by itself outside quotes; chars
 * outside 0x20–0x7F are dropped; at most 32 words of at most 512 chars.
 *
 * @module
 */

/** At most this many words per line; the rest are dropped (PCONF_DEFAULT_ARG_LIMIT). */
export const MAX_WORDS = 32;
/** Each word keeps at most this many chars; the rest are dropped. */
export const MAX_WORD_LENGTH = 512;

/** One logical line: its words, or the parse error that abandoned it. */
export interface WordLine {
  words: string[];
  /** Set when the line was abandoned (NUT logs it and skips the line). */
  error?: string;
  /** 1-based number of the physical line the logical line started on. */
  line: number;
}

const enum State {
  FindWordStart,
  FindEol,
  QuoteCollect,
  QuoteLiteral,
  Collect,
  CollectLiteral,
  /** After a parse error: skip to the end of the physical line. */
  SkipLine,
}

const NL = 10;
const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const EQUALS = 61;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Message parseconf gives for `#` inside a quoted word. */
export const HASH_IN_QUOTES = "Unbalanced word due to unescaped # in quotes";
/** Our message for a quote still open at the end of a line (config files). */
export const UNTERMINATED_QUOTE = "Unbalanced word due to unterminated quote";

/** Options of WordParser. */
export interface WordParserOptions {
  maxWords?: number;
  maxWordLength?: number;
  /**
   * Config files: a quote still open at a newline (or at the end) is an
   * error and the line is dropped. Without it, as in NUT's parseconf, the
   * quoted word runs on over the next lines.
   */
  strictQuotes?: boolean;
}

/**
 * Incremental parser: feed text in any chunking, get complete lines back.
 * Memory stays bounded whatever the input (words and word counts are capped),
 * so it is safe on sockets that send endless garbage.
 */
export class WordParser {
  #state: State = State.FindWordStart;
  #word = "";
  #words: string[] = [];
  #lineNo = 1;
  #startLine = 1;
  #error: string | undefined;
  #maxWords: number;
  #maxWordLength: number;

  #strictQuotes: boolean;

  constructor(options: WordParserOptions = {}) {
    this.#maxWords = options.maxWords ?? MAX_WORDS;
    this.#maxWordLength = options.maxWordLength ?? MAX_WORD_LENGTH;
    this.#strictQuotes = options.strictQuotes ?? false;
  }

  /** True when no partial line is pending. */
  get idle(): boolean {
    return this.#state === State.FindWordStart && this.#words.length === 0 &&
      this.#word === "";
  }

  /** Number of chars held for the line under construction (bounded). */
  get pendingWords(): number {
    return this.#words.length;
  }

  /** Feeds text; returns the lines it completed. */
  push(text: string): WordLine[] {
    const out: WordLine[] = [];
    let i = 0;
    const n = text.length;
    // The fast path is tried at most once per line: retrying it after each
    // leading blank would make lines of blanks quadratic (CPU amplification).
    let slowUntil = -1;
    while (i < n) {
      // Fast path: at a line start, a simple line (plain printable ASCII with
      // no quote, escape, comment or '=') splits on spaces.
      if (i > slowUntil && this.idle) {
        const nl = text.indexOf("\n", i);
        const simple = nl >= 0 ? simpleWords(text, i, nl) : undefined;
        if (simple !== undefined) {
          out.push({ words: simple, line: this.#lineNo });
          this.#lineNo++;
          this.#startLine = this.#lineNo;
          i = nl + 1;
          continue;
        }
        slowUntil = nl >= 0 ? nl : n;
      }
      const done = this.#char(text.charCodeAt(i));
      i++;
      if (done) out.push(done);
    }
    return out;
  }

  /** Ends the input: a pending line is completed as at EOF. */
  end(): WordLine[] {
    if (this.#state === State.SkipLine) return [this.#finish()];
    const inQuote = this.#state === State.QuoteCollect ||
      this.#state === State.QuoteLiteral;
    if (this.#strictQuotes && inQuote) {
      this.#endWord();
      this.#error = UNTERMINATED_QUOTE;
      return [this.#finish()];
    }
    if (this.#word !== "" || this.#state === State.Collect) this.#endWord();
    if (this.#words.length === 0) {
      this.#finish();
      return [];
    }
    return [this.#finish()];
  }

  #finish(): WordLine {
    const line: WordLine = { words: this.#words, line: this.#startLine };
    if (this.#error !== undefined) line.error = this.#error;
    this.#words = [];
    this.#word = "";
    this.#error = undefined;
    this.#state = State.FindWordStart;
    this.#startLine = this.#lineNo;
    return line;
  }

  #add(c: number): void {
    if (c < 0x20 || c > 0x7f) return; // CVE-2012-2944 filter
    if (this.#word.length >= this.#maxWordLength) return;
    this.#word += String.fromCharCode(c);
  }

  #endWord(): void {
    if (this.#words.length < this.#maxWords) this.#words.push(this.#word);
    this.#word = "";
  }

  #wordStart(c: number): State {
    if (c === HASH) return State.FindEol;
    if (isSpace(c)) return State.FindWordStart;
    if (c === BACKSLASH) return State.CollectLiteral;
    if (c === QUOTE) return State.QuoteCollect;
    this.#add(c);
    if (c === EQUALS) {
      this.#endWord();
      return State.FindWordStart;
    }
    return State.Collect;
  }

  /** Feeds one char; returns a line when this char completed one. */
  #char(c: number): WordLine | undefined {
    const newline = c === NL;
    if (newline) this.#lineNo++;
    switch (this.#state) {
      case State.FindWordStart:
        if (newline) return this.#finish();
        this.#state = this.#wordStart(c);
        return undefined;
      case State.FindEol:
        if (newline) return this.#finish();
        return undefined;
      case State.SkipLine:
        if (newline) return this.#finish();
        return undefined;
      case State.QuoteCollect:
        if (newline && this.#strictQuotes) {
          this.#endWord();
          this.#error = UNTERMINATED_QUOTE;
          return this.#finish();
        }
        if (c === QUOTE) {
          this.#endWord();
          this.#state = State.FindWordStart;
        } else if (c === BACKSLASH) {
          this.#state = State.QuoteLiteral;
        } else if (c === HASH) {
          this.#endWord();
          this.#error = HASH_IN_QUOTES;
          this.#state = State.SkipLine;
        } else {
          this.#add(c);
        }
        return undefined;
      case State.QuoteLiteral:
        if (!newline) this.#add(c);
        this.#state = State.QuoteCollect;
        return undefined;
      case State.Collect:
        if (c === HASH) {
          this.#endWord();
          this.#state = State.FindEol;
        } else if (newline) {
          this.#endWord();
          return this.#finish();
        } else if (isSpace(c)) {
          this.#endWord();
          this.#state = State.FindWordStart;
        } else if (c === EQUALS) {
          this.#endWord();
          this.#add(c);
          this.#endWord();
          this.#state = State.FindWordStart;
        } else if (c === BACKSLASH) {
          this.#state = State.CollectLiteral;
        } else {
          this.#add(c);
        }
        return undefined;
      case State.CollectLiteral:
        if (!newline) this.#add(c);
        this.#state = State.Collect;
        return undefined;
    }
  }
}

/** Splits text[from, to) on spaces if it needs no state machine, else undefined. */
function simpleWords(
  text: string,
  from: number,
  to: number,
): string[] | undefined {
  if (to - from > MAX_WORD_LENGTH) return undefined;
  let end = to;
  if (end > from && text.charCodeAt(end - 1) === 13) end--; // CRLF
  for (let j = from; j < end; j++) {
    const c = text.charCodeAt(j);
    if (
      c < 0x20 || c > 0x7e || c === QUOTE || c === BACKSLASH || c === HASH ||
      c === EQUALS
    ) return undefined;
  }
  const words: string[] = [];
  let start = -1;
  for (let j = from; j <= end; j++) {
    const space = j === end || text.charCodeAt(j) === 32;
    if (space) {
      if (start >= 0) {
        words.push(text.slice(start, j));
        start = -1;
      }
    } else if (start < 0) start = j;
  }
  return words.length > MAX_WORDS ? undefined : words;
}

/** Parses a whole text (a config file) into logical lines, as pconf_file_next. */
export function parseText(text: string): WordLine[] {
  const parser = new WordParser();
  const lines = parser.push(text);
  lines.push(...parser.end());
  return lines;
}

/**
 * Parses a config file: as parseText, but a quote left open at the end of
 * a line is an error on that line (UNTERMINATED_QUOTE) instead of running
 * on into the following lines.
 */
export function parseConfigText(text: string): WordLine[] {
  const parser = new WordParser({ strictQuotes: true });
  const lines = parser.push(text);
  lines.push(...parser.end());
  return lines;
}

/** Parses one line (pconf_line): the words, or throws SyntaxError on a parse error. */
export function splitWords(line: string): string[] {
  const parser = new WordParser();
  const lines = parser.push(line.endsWith("\n") ? line : line + "\n");
  const first = lines[0];
  if (!first) return [];
  if (first.error !== undefined) throw new SyntaxError(first.error);
  return first.words;
}

const ESCAPE_REGEXP = /[#\\"]/g;

/** pconf_encode(): backslash before `#`, `\` and `"`; nothing else changes. */
export function encodeWord(value: string): string {
  return value.replace(ESCAPE_REGEXP, "\\$&");
}

/** A value as NUT writes it on the wire: `"` + encoded + `"`. */
export function quoteWord(value: string): string {
  return `"${encodeWord(value)}"`;
}

const PLAIN_WORD_REGEXP = /^[\x21-\x7e]+$/;

/**
 * Formats words into one line that parses back to the same words: plain
 * words stay bare, anything else is quoted.
 */
export function formatWords(words: readonly string[]): string {
  return words.map((w) =>
    PLAIN_WORD_REGEXP.test(w) && !/[#\\"=]/.test(w) ? w : quoteWord(w)
  ).join(" ");
}
