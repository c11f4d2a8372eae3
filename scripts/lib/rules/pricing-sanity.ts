/**
 * Rule `pricing-sanity` (warning): prices that are legal but probably a
 * mistake — usually a unit slip (per 1K or per token instead of per 1M), or
 * two prices swapped. Every bracket is checked: the base, each context tier,
 * each service tier's own prices, and every past and scheduled price.
 */
import type { DataPath } from "../problems.ts";
import { asArray, asRecord } from "../data.ts";
import { defineRule, type Report } from "./types.ts";

const MAX_PLAUSIBLE = 1000;
const OUTPUT_INPUT_RATIO = 100;
/** Service tiers that are a discount (a multiplier below 1) and the one that costs more (above 1). */
const DISCOUNT_TIERS = new Set(["batch", "flex"]);
/** Fees in USD per unit (not per 1M tokens) that are implausible above this. */
const MAX_PLAUSIBLE_FEE = 100;
const DATED_PRICES = ["pricing_history", "pricing_schedule"] as const;
const NO_PRICES: Record<string, unknown> = Object.freeze({});

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** `at` builds the bracket's path only when there is something to report (this runs once per priced entry). */
function checkBracket(bracket: Record<string, unknown>, at: () => DataPath, report: Report): void {
  const input = asRecord(bracket.input_tokens) ?? NO_PRICES;
  const output = asRecord(bracket.output_tokens) ?? NO_PRICES;
  const noCache = num(input.no_cache);
  const cacheRead = num(input.cache_read);
  const cacheWrite = num(input.cache_write);
  const cacheWrite1h = num(input.cache_write_1h);
  const text = num(output.text);
  if (cacheWrite !== undefined && cacheWrite1h !== undefined && cacheWrite1h < cacheWrite) {
    report({
      path: [...at(), "input_tokens", "cache_write_1h"],
      message: `\`cache_write_1h\` (${cacheWrite1h}) is below \`cache_write\` (${cacheWrite}); a longer-lived cache write normally costs more — check the two prices are not swapped`,
    });
  }
  if (noCache !== undefined && cacheRead !== undefined && cacheRead > noCache) {
    report({
      path: [...at(), "input_tokens", "cache_read"],
      message: `\`cache_read\` (${cacheRead}) is above \`no_cache\` (${noCache}); a cache hit is normally cheaper — check the two prices are not swapped`,
    });
  }
  for (const group of ["input_tokens", "output_tokens"] as const) {
    const prices = group === "input_tokens" ? input : output;
    for (const key in prices) {
      const price = num(prices[key]);
      if (price !== undefined && price > MAX_PLAUSIBLE) {
        report({
          path: [...at(), group, key],
          message: `\`${group}.${key}\` is ${price} USD per 1M tokens, above ${MAX_PLAUSIBLE}: prices are USD per 1M tokens — was it entered per 1K tokens, or in cents?`,
        });
      }
    }
  }
  // A zero output price is deliberate (embedding models bill input only), never a unit slip.
  if (noCache !== undefined && text !== undefined && text > 0 && text * OUTPUT_INPUT_RATIO <= noCache) {
    report({
      path: [...at(), "output_tokens", "text"],
      message: `output (${text}) is ${OUTPUT_INPUT_RATIO}× or more cheaper than input (${noCache}); check the two prices are not swapped or in different units`,
    });
  }
}

/** A pricing block's own checks beyond its brackets: service tiers and the fees in USD per unit. */
function checkBlock(pricing: Record<string, unknown>, at: () => DataPath, report: Report): void {
  checkBracket(pricing, at, report);
  const contextTiers = pricing.context_tiers;
  if (Array.isArray(contextTiers)) {
    for (let t = 0; t < contextTiers.length; t++) {
      const bracket = asRecord(contextTiers[t]);
      if (bracket) checkBracket(bracket, () => [...at(), "context_tiers", t], report);
    }
  }
  const tiers = asRecord(pricing.service_tiers);
  if (tiers) checkServiceTiers(tiers, at, report);
  checkFee(pricing.per_request, at, report, "per_request");
  checkFee(pricing.per_image, at, report, "per_image");
  const perCall = asRecord(pricing.per_1k_calls);
  if (perCall) for (const key in perCall) checkFee(perCall[key], at, report, "per_1k_calls", key);
}

/** Each service tier: its multiplier's direction, and its own prices as a bracket. */
function checkServiceTiers(tiers: Record<string, unknown>, at: () => DataPath, report: Report): void {
  for (const name in tiers) {
    const tier = asRecord(tiers[name]);
    if (!tier) continue;
    const multiplier = num(tier.multiplier);
    const discount = DISCOUNT_TIERS.has(name);
    if (multiplier !== undefined && (discount ? multiplier >= 1 : multiplier <= 1)) {
      report({
        path: [...at(), "service_tiers", name, "multiplier"],
        message: `the ${name} multiplier is ${multiplier}: ${name} normally costs ${discount ? "less" : "more"} than the standard rates (a multiplier ${discount ? "below" : "above"} 1) — check it is not the inverse`,
      });
    }
    checkBracket(tier, () => [...at(), "service_tiers", name], report);
  }
}

/** Runs for every priced entry: nothing is allocated unless the fee is reported. */
function checkFee(value: unknown, at: () => DataPath, report: Report, field: string, key?: string): void {
  const fee = num(value);
  if (fee !== undefined && fee > MAX_PLAUSIBLE_FEE) {
    const path = key === undefined ? [field] : [field, key];
    report({
      path: [...at(), ...path],
      message: `\`${path.join(".")}\` is ${fee} USD, above ${MAX_PLAUSIBLE_FEE}: fees are USD per unit (per request, per image, per 1,000 calls) — was it entered in cents?`,
    });
  }
}

export default defineRule({
  id: "pricing-sanity",
  severity: "warning",
  summary:
    "`cache_read` above `no_cache`, `cache_write_1h` below `cache_write`, a price above 1000 USD/1M or a fee above 100 USD (unit mistake?), output cheaper than input by 100× or more, a batch or flex multiplier of 1 or more, a priority one of 1 or less",
  provider({ raw }, _index, report) {
    const models = asArray(raw.models);
    for (let i = 0; i < models.length; i++) {
      const model = asRecord(models[i]);
      if (!model) continue;
      const pricing = asRecord(model.pricing);
      if (pricing) checkBlock(pricing, () => ["models", i, "pricing"], report);
      for (const key of DATED_PRICES) {
        const dated = model[key];
        if (!Array.isArray(dated)) continue;
        for (let d = 0; d < dated.length; d++) {
          const block = asRecord(dated[d]);
          if (block) checkBlock(block, () => ["models", i, key, d], report);
        }
      }
    }
  },
});
