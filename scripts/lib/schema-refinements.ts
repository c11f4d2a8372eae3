/**
 * The schema's cross-field checks, as plain functions with no Zod import:
 * the Zod schema calls them, and so does the fast shape check (which must
 * not load Zod on the happy path).
 */

export interface RefinementIssue {
  path: Array<string | number>;
  message: string;
}

interface PricingLike {
  input_tokens?: { no_cache?: number } | undefined;
  output_tokens?: { text?: number } | undefined;
  context_tiers?: Array<{ above_input_tokens: number }> | undefined;
}

/** A tiered model needs a complete base bracket, and thresholds strictly increase. */
export function pricingRefinementIssues(pricing: PricingLike): RefinementIssue[] {
  const tiers = pricing.context_tiers;
  if (!tiers) return [];
  const issues: RefinementIssue[] = [];
  if (pricing.input_tokens?.no_cache === undefined) {
    issues.push({ path: ["input_tokens", "no_cache"], message: "a model with context_tiers needs a base `input_tokens.no_cache` price" });
  }
  if (pricing.output_tokens?.text === undefined) {
    issues.push({ path: ["output_tokens", "text"], message: "a model with context_tiers needs a base `output_tokens.text` price" });
  }
  for (let i = 1; i < tiers.length; i++) {
    const previous = tiers[i - 1]!.above_input_tokens;
    const current = tiers[i]!.above_input_tokens;
    if (current <= previous) {
      issues.push({ path: ["context_tiers", i, "above_input_tokens"], message: `context tier thresholds must strictly increase: ${current} follows ${previous}` });
    }
  }
  return issues;
}
