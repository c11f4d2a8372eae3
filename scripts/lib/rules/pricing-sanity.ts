/**
 * Rule `pricing-sanity` (warning): prices that are legal but probably a
 * mistake — usually a unit slip (per 1K or per token instead of per 1M).
 */
import type { DataPath } from "../problems.ts";
import { asArray, asRecord } from "../data.ts";
import { defineRule, type Report } from "./types.ts";

const MAX_PLAUSIBLE = 1000;
const OUTPUT_INPUT_RATIO = 100;

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** `at` builds the bracket's path only when there is something to report (this runs once per priced entry). */
function checkBracket(bracket: Record<string, unknown>, at: () => DataPath, report: Report): void {
  const input = asRecord(bracket.input_tokens) ?? {};
  const output = asRecord(bracket.output_tokens) ?? {};
  const noCache = num(input.no_cache);
  const cacheRead = num(input.cache_read);
  const text = num(output.text);
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

export default defineRule({
  id: "pricing-sanity",
  severity: "warning",
  summary: "`cache_read` above `no_cache`, a price above 1000 USD/1M (unit mistake?), output cheaper than input by 100× or more",
  provider({ raw }, _index, report) {
    asArray(raw.models).forEach((entry, i) => {
      const pricing = asRecord(asRecord(entry)?.pricing);
      if (!pricing) return;
      checkBracket(pricing, () => ["models", i, "pricing"], report);
      asArray(pricing.context_tiers).forEach((tier, t) => {
        const bracket = asRecord(tier);
        if (bracket) checkBracket(bracket, () => ["models", i, "pricing", "context_tiers", t], report);
      });
    });
  },
});
