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
  const { distance } = library();
  // The first candidate at the least distance, as the library's `closest`
  // finds it; a candidate whose length alone puts it no nearer is skipped.
  let best = list[0]!;
  let least = Number.POSITIVE_INFINITY;
  for (const candidate of list) {
    if (Math.abs(candidate.length - input.length) >= least) continue;
    const apart = distance(input, candidate);
    if (apart < least) {
      least = apart;
      best = candidate;
      if (apart === 0) break;
    }
  }
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 4));
  return least <= limit ? best : undefined;
}

/** " — did you mean `x`?" or "" — appended to messages. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const best = suggest(input, candidates);
  return best === undefined ? "" : ` — did you mean \`${best}\`?`;
}
