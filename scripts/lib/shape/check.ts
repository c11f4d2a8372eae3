/**
 * The shape check on the hot path: the generated validators plus the few
 * cross-field checks JSON Schema cannot express. Zod — the source of truth —
 * is loaded only when a file fails, to explain why in words.
 */
// @ts-expect-error generated JavaScript without type declarations
import { validateCanonical, validateProvider } from "../generated/shape-validators.js";
import { pricingRefinementIssues } from "../schema-refinements.ts";

type Validator = (data: unknown) => boolean;

function refinementsHold(provider: { models?: Array<{ pricing?: Parameters<typeof pricingRefinementIssues>[0] }> }): boolean {
  for (const model of provider.models ?? []) {
    if (model.pricing?.context_tiers && pricingRefinementIssues(model.pricing).length > 0) return false;
  }
  return true;
}

/** True when `data` certainly conforms; false means "ask Zod". */
export function conformsFast(kind: "canonical" | "provider", data: unknown): boolean {
  if (kind === "canonical") return (validateCanonical as Validator)(data);
  return (validateProvider as Validator)(data) && refinementsHold(data as Parameters<typeof refinementsHold>[0]);
}
