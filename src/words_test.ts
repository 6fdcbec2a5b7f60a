import { assertEquals, assertThrows } from "../tests/assert.ts";
import {
  encodeWord,
  formatWords,
  HASH_IN_QUOTES,
  parseText,
  quoteWord,
  splitWords,
  WordParser,
} from "./words.ts";

const pure = { permissions: "none" } as const;

Deno.test("splitWords() splits on whitespace and collapses runs", pure, () => {
  assertEquals(splitWords("this is  a\tline"), ["this", "is", "a", "line"]);
  assertEquals(splitWords("   "), []);
});

Deno.test("splitWords() honours quotes, escapes and empty quotes", pure, () => {
  assertEquals(splitWords('this "is also" a line'), [
    "this",
    "is also",
    "a",
    "line",
  ]);
  assertEquals(splitWords("embedded\\ space"), ["embedded space"]);
  assertEquals(splitWords("embedded\\\\backslash"), ["embedded\\backslash"]);
  assertEquals(splitWords('a "" b'), ["a", "", "b"]);
  assertEquals(splitWords('"a"b'), ["a", "b"]);
  assertEquals(splitWords('"say \\"hi\\""'), ['say "hi"']);
});

Deno.test(
  "splitWords() makes '=' a word of its own outside quotes",
  pure,
  () => {
    assertEquals(splitWords("a=b"), ["a", "=", "b"]);
    assertEquals(splitWords("a==b"), ["a", "=", "=", "b"]);
    assertEquals(splitWords("=x"), ["=", "x"]);
    assertEquals(splitWords('"a=b"'), ["a=b"]);
  },
);

Deno.test(
  "splitWords() treats # as comment outside and error inside quotes",
  pure,
  () => {
    assertEquals(splitWords("foo#bar baz"), ["foo"]);
    assertEquals(splitWords("foo # bar"), ["foo"]);
    assertEquals(splitWords('a "\\#b"'), ["a", "#b"]);
    assertThrows(() => splitWords('a "b#c"'), SyntaxError, HASH_IN_QUOTES);
  },
);

Deno.test(
  "splitWords() drops chars outside 0x20-0x7F and tolerates CRLF",
  pure,
  () => {
    assertEquals(splitWords('"a\tb\u00e9c"'), ["abc"]);
    assertEquals(splitWords("GET VAR u v\r"), ["GET", "VAR", "u", "v"]);
    assertEquals(splitWords("x\x00y"), ["xy"]);
  },
);

Deno.test("splitWords() caps words at 32 and word length at 512", pure, () => {
  const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
  assertEquals(splitWords(many).length, 32);
  assertEquals(splitWords("x".repeat(2000))[0]!.length, 512);
  assertEquals(splitWords(`"${"y".repeat(600)}"`)[0]!.length, 512);
});

Deno.test(
  "parseText() joins continued lines and numbers logical lines",
  pure,
  () => {
    const lines = parseText('a b \\\nc\n\n"q\\\nr" s\nlast');
    assertEquals(lines.map((l) => [l.line, l.words]), [
      [1, ["a", "b", "c"]],
      [3, []],
      [4, ["qr", "s"]],
      [6, ["last"]],
    ]);
  },
);

Deno.test("parseText() reports the bad line and goes on", pure, () => {
  const lines = parseText('ok 1\nbad "x#y" z\nok 2\n');
  assertEquals(lines.length, 3);
  assertEquals(lines[1]!.error, HASH_IN_QUOTES);
  assertEquals(lines[2]!.words, ["ok", "2"]);
});

Deno.test("WordParser gives the same lines whatever the chunking", pure, () => {
  const text = 'GET VAR u "a b"\nLIST VAR u\n SET VAR u x "q\\"z"\r\nx=y\n';
  const whole = new WordParser().push(text).map((l) => l.words);
  const parser = new WordParser();
  const pieces: string[][] = [];
  for (const ch of text) pieces.push(...parser.push(ch).map((l) => l.words));
  assertEquals(pieces, whole);
  assertEquals(whole[2], ["SET", "VAR", "u", "x", 'q"z']);
});

Deno.test(
  "WordParser stays bounded on endless input without newline",
  pure,
  () => {
    const parser = new WordParser();
    for (let i = 0; i < 1000; i++) parser.push("word ".repeat(100));
    assertEquals(parser.pendingWords, 32);
  },
);

Deno.test("encodeWord() escapes only #, backslash and quote", pure, () => {
  assertEquals(encodeWord('a "b" \\ #1'), 'a \\"b\\" \\\\ \\#1');
  assertEquals(quoteWord("x y"), '"x y"');
  assertEquals(splitWords(quoteWord('a "b" \\ #1')), ['a "b" \\ #1']);
});

Deno.test("formatWords() round-trips through splitWords()", pure, () => {
  const cases = [["SET", "VAR", "u", "v", "a b"], ["x", "", "=", 'q"#\\']];
  for (const words of cases) {
    assertEquals(splitWords(formatWords(words)), words);
  }
});
