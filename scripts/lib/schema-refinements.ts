/**
 * The schema's cross-field checks, as plain functions with no Zod import:
 * the Zod schema calls them, and so does the fast shape check (which must
 * not load Zod on the happy path). Each returns NO_ISSUES (one shared empty
 * list) when the value is fine, so the happy path allocates nothing.
 */
import { ENDPOINT_WIRE_NAMES } from "./schema-constants.ts";

export interface RefinementIssue {
  path: Array<string | number>;
  message: string;
  /** Point at the key of the last path segment rather than its value. */
  at?: "key";
}

const NO_ISSUES: readonly RefinementIssue[] = Object.freeze([]);

interface PricingLike {
  input_tokens?: { no_cache?: number } | undefined;
  output_tokens?: { text?: number } | undefined;
  context_tiers?: Array<{ above_input_tokens: number }> | undefined;
}

/** A tiered model needs a complete base bracket, and thresholds strictly increase. */
export function pricingRefinementIssues(pricing: PricingLike): readonly RefinementIssue[] {
  const tiers = pricing.context_tiers;
  if (!tiers) return NO_ISSUES;
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
      issues.push({
        path: ["context_tiers", i, "above_input_tokens"],
        message: `context tier thresholds must strictly increase: ${current} follows ${previous}`,
      });
    }
  }
  return issues.length > 0 ? issues : NO_ISSUES;
}

interface ServiceTierLike {
  multiplier?: number | undefined;
  input_tokens?: { no_cache?: number } | undefined;
  output_tokens?: { text?: number } | undefined;
}

/** A service tier is a multiplier or its own complete flat prices, never both. */
export function serviceTierRefinementIssues(tier: ServiceTierLike): readonly RefinementIssue[] {
  const explicit = tier.input_tokens !== undefined || tier.output_tokens !== undefined;
  if (tier.multiplier !== undefined) {
    return explicit
      ? [{ path: ["multiplier"], at: "key", message: "a service tier has a `multiplier` or its own `input_tokens`/`output_tokens`, not both — keep one" }]
      : NO_ISSUES;
  }
  const issues: RefinementIssue[] = [];
  if (tier.input_tokens?.no_cache === undefined) {
    issues.push({ path: ["input_tokens", "no_cache"], message: "a service tier without a `multiplier` needs its own `input_tokens.no_cache` price" });
  }
  if (tier.output_tokens?.text === undefined) {
    issues.push({ path: ["output_tokens", "text"], message: "a service tier without a `multiplier` needs its own `output_tokens.text` price" });
  }
  return issues.length > 0 ? issues : NO_ISSUES;
}

/** Dated prices are listed in date order, one price per date (`effective_until` for past prices, `effective_from` for scheduled ones). */
export function datedPricesRefinementIssues(key: "effective_until" | "effective_from") {
  return (prices: ReadonlyArray<Record<string, unknown>>): readonly RefinementIssue[] => {
    let issues: RefinementIssue[] | undefined;
    for (let i = 1; i < prices.length; i++) {
      const previous = prices[i - 1]![key];
      const current = prices[i]![key];
      if (typeof previous === "string" && typeof current === "string" && current <= previous) {
        (issues ??= []).push({ path: [i, key], message: `\`${key}\` dates must strictly increase: ${current} follows ${previous}` });
      }
    }
    return issues ?? NO_ISSUES;
  };
}

const pastInOrder = datedPricesRefinementIssues("effective_until");
const scheduleInOrder = datedPricesRefinementIssues("effective_from");

interface PricedLike extends PricingLike {
  service_tiers?: Record<string, ServiceTierLike | undefined> | undefined;
}

function pricedHolds(pricing: PricedLike): boolean {
  if (pricing.context_tiers && pricingRefinementIssues(pricing) !== NO_ISSUES) return false;
  if (pricing.service_tiers) for (const key in pricing.service_tiers) if (serviceTierRefinementIssues(pricing.service_tiers[key]!) !== NO_ISSUES) return false;
  return true;
}

interface ModelLike {
  capabilities?: unknown;
  reasoning_effort?: unknown;
}

/**
 * `reasoning_effort`: its default is one of its levels, and the model has the
 * `reasoning` capability. Also run on entries with other problems, so it
 * reads its input defensively.
 */
export function modelRefinementIssues(model: ModelLike): readonly RefinementIssue[] {
  const effort = model.reasoning_effort as { levels?: unknown; default?: unknown } | undefined;
  if (effort === undefined || effort === null || typeof effort !== "object") return NO_ISSUES;
  const issues: RefinementIssue[] = [];
  const levels = effort.levels;
  if (Array.isArray(levels) && typeof effort.default === "string" && !levels.includes(effort.default)) {
    issues.push({
      path: ["reasoning_effort", "default"],
      message: `\`reasoning_effort.default\` is \`${effort.default}\`, which is not among its levels (${levels.map(String).join(", ")}) — add it to \`levels\` or pick one of them`,
    });
  }
  if (!(Array.isArray(model.capabilities) && model.capabilities.includes("reasoning"))) {
    issues.push({
      path: ["reasoning_effort"],
      at: "key",
      message: "`reasoning_effort` is only for a model with the `reasoning` capability — add `reasoning` to `capabilities` or remove `reasoning_effort`",
    });
  }
  return issues.length > 0 ? issues : NO_ISSUES;
}

const ENDPOINT_PAIRS = Object.entries(ENDPOINT_WIRE_NAMES).filter(([source, wire]) => source !== wire);

/** One protocol written both ways (`openai` and `chat_completions`) would leave the router to pick one. */
export function endpointRefinementIssues(endpoints: Record<string, unknown>): readonly RefinementIssue[] {
  let issues: RefinementIssue[] | undefined;
  for (const [source, wire] of ENDPOINT_PAIRS) {
    if (endpoints[source] !== undefined && endpoints[wire] !== undefined) {
      (issues ??= []).push({
        path: [wire],
        message: `\`protocol_endpoints\` names the ${source} protocol twice, as \`${source}\` and as its wire name \`${wire}\` — keep one`,
      });
    }
  }
  return issues ?? NO_ISSUES;
}

interface BenchmarkLike {
  measured_by?: string | undefined;
  source_url?: string | undefined;
}

/** A result the router did not measure itself says where it was published. */
export function benchmarkRefinementIssues(result: BenchmarkLike): readonly RefinementIssue[] {
  if (result.source_url !== undefined || result.measured_by === "bitrouter") return NO_ISSUES;
  return [{ path: ["source_url"], message: "missing required key `source_url`: a result not measured by `bitrouter` links to where it was published" }];
}

interface ProviderLike {
  api_base?: unknown;
  required_config?: unknown;
}

/** `api_base` may be left out only when the user supplies it (`required_config: [base_url]`). Reads its input defensively. */
export function providerRefinementIssues(provider: ProviderLike): readonly RefinementIssue[] {
  if (provider.api_base !== undefined || (Array.isArray(provider.required_config) && provider.required_config.includes("base_url"))) return NO_ISSUES;
  return [{ path: ["api_base"], message: "missing required key `api_base`" }];
}

/**
 * The checks JSON Schema cannot express, for a provider file the generated
 * validator accepted: true when every one holds (no allocation on the way).
 */
export function providerRefinementsHold(provider: {
  models: ReadonlyArray<{
    pricing?: PricedLike | undefined;
    pricing_history?: ReadonlyArray<PricedLike & Record<string, unknown>> | undefined;
    pricing_schedule?: ReadonlyArray<PricedLike & Record<string, unknown>> | undefined;
    reasoning_effort?: unknown;
    capabilities?: unknown;
  }>;
}): boolean {
  for (const model of provider.models) {
    if (model.pricing && !pricedHolds(model.pricing)) return false;
    if (model.reasoning_effort !== undefined && modelRefinementIssues(model) !== NO_ISSUES) return false;
    if (model.pricing_history && (pastInOrder(model.pricing_history) !== NO_ISSUES || !model.pricing_history.every(pricedHolds))) return false;
    if (model.pricing_schedule && (scheduleInOrder(model.pricing_schedule) !== NO_ISSUES || !model.pricing_schedule.every(pricedHolds))) return false;
  }
  return true;
}
