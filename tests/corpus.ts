/**
 * Where the test-data corpus is: `tests/fixtures/corpus/` inside the
 * repository (each folder has a README with the data's provenance), so a
 * fresh clone has everything the tests and benchmarks read.
 *
 * @module
 */

/** Absolute path of a file or folder under tests/fixtures/corpus, ending in "/" for folders. */
export function corpusPath(sub: string): string {
  return new URL(`fixtures/corpus/${sub}`, import.meta.url).pathname;
}
