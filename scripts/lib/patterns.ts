/**
 * Model patterns (SPEC §2): an exact model id, or a prefix followed by `*`.
 * A pattern matches a curated model when it matches its provider_model_id or
 * its canonical id; the most specific match wins.
 */
import type { PatternList } from "./schema.ts";

export interface ModelNames {
  id: string;
  provider_model_id: string;
}

function matchesName(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

export function patternMatches(pattern: string, model: ModelNames): boolean {
  return matchesName(pattern, model.provider_model_id) || matchesName(pattern, model.id);
}

/** Higher is more specific: an exact id beats any glob, a longer prefix beats a shorter one. */
function specificity(pattern: string): number {
  return pattern.endsWith("*") ? pattern.length - 1 : Number.POSITIVE_INFINITY;
}

/** The value of the most specific matching pattern (the first written, on a tie), or undefined. */
export function resolvePattern<T>(list: PatternList<T> | undefined, model: ModelNames): T | undefined {
  if (!list) return undefined;
  let best: T | undefined;
  let bestScore = -1;
  for (const entry of list) {
    for (const pattern in entry) {
      if (!Object.hasOwn(entry, pattern)) continue;
      const score = specificity(pattern);
      if (score > bestScore && patternMatches(pattern, model)) {
        best = entry[pattern];
        bestScore = score;
      }
    }
  }
  return best;
}
