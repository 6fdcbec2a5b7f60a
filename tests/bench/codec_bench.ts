/**
 * Micro-benchmarks of the pure core (`deno bench`): the tokenizer on request
 * lines and the driver socket codec.
 *
 * @module
 */
import { WordParser } from "../../src/words.ts";
import { applyDriverLine, dumpAll } from "../../src/protocol/sock.ts";
import { StateTree } from "../../src/state/tree.ts";

const parser = new WordParser();
const getLine = "GET VAR ups1 battery.charge\n";
const setLine = 'SET VAR ups1 ups.id "a \\"quoted\\" value"\n';

Deno.bench("tokenize a GET VAR line (fast path)", () => {
  parser.push(getLine);
});

Deno.bench("tokenize a quoted SET VAR line (state machine)", () => {
  parser.push(setLine);
});

const tree = new StateTree();
for (let i = 0; i < 51; i++) tree.setInfo(`var.number${i}`, `value ${i}`);

Deno.bench("DUMPALL of 51 variables", () => {
  dumpAll(tree, false);
});

let n = 0;
Deno.bench("apply a driver SETINFO update", () => {
  applyDriverLine(tree, ["SETINFO", "battery.charge", String(n++ % 100)]);
});
