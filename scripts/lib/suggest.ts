import { createRequire } from "node:module";

type Levenshtein = typeof import("fastest-levenshtein");
let levenshtein: Levenshtein | undefined;
/** Loaded on the first suggestion: a valid registry never needs one. */
function library(): Levenshtein {
  return (levenshtein ??= createRequire(import.meta.url)("fastest-levenshtein") as Levenshtein);
}

/** The closest candidate when it is plausibly a typo of `input`, else undefined. */
export function suggest(input: string, candidates: Iterable<string>): string | undefined {
  const list = Array.isArray(candidates) ? (candidates as string[]) : [...candidates];
  if (list.length === 0 || input.length === 0) return undefined;
  const { closest, distance } = library();
  const best = closest(input, list);
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 4));
  return distance(input, best) <= limit ? best : undefined;
}

/** " — did you mean `x`?" or "" — appended to messages. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const best = suggest(input, candidates);
  return best === undefined ? "" : ` — did you mean \`${best}\`?`;
}
