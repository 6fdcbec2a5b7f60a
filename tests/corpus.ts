/**
 * Where the shared corpus is: `../shared/corpus` beside the repository (as on
 * the developers' machines and in CI's fresh clone).
 *
 * @module
 */

/** Absolute path of a file or folder under ../shared/corpus, ending in "/" for folders. */
export function corpusPath(sub: string): string {
  return new URL(`../../shared/corpus/${sub}`, import.meta.url).pathname;
}
