/**
 * Rule `stale-price` (warning, SPEC §9): a price checked more than 180 days
 * ago may no longer be the price in force. An entry's own
 * `pricing.verified_at` wins; otherwise the provider-level one applies, and a
 * stale provider-level date is reported once, where it is written.
 */
import { asArray, asRecord, dayNumber, hasPrice } from "../data.ts";
import { defineRule } from "./types.ts";

export const STALE_AFTER_DAYS = 180;

/** Today in UTC, `YYYY-MM-DD`. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export default defineRule({
  id: "stale-price",
  severity: "warning",
  summary: "a price whose `verified_at` is more than 180 days old",
  provider({ raw }, index, report) {
    const models = asArray(raw.models);
    if (models.length === 0) return;
    const today = dayNumber(index.today ?? todayUtc())!;
    const providerDate = asRecord(raw.pricing)?.verified_at;
    const providerDay = dayNumber(providerDate);
    let providerDateUsed = false;
    models.forEach((entry, i) => {
      const pricing = asRecord(asRecord(entry)?.pricing);
      if (!pricing || !hasPrice(pricing)) return;
      if (pricing.verified_at === undefined) {
        providerDateUsed = true;
        return;
      }
      const day = dayNumber(pricing.verified_at);
      if (day !== undefined && today - day > STALE_AFTER_DAYS) {
        report({
          path: ["models", i, "pricing", "verified_at"],
          message: `this price was last verified on ${String(pricing.verified_at)}, ${today - day} days ago (more than ${STALE_AFTER_DAYS}): check it against its source and update \`verified_at\``,
        });
      }
    });
    if (providerDateUsed && providerDay !== undefined && today - providerDay > STALE_AFTER_DAYS) {
      report({
        path: ["pricing", "verified_at"],
        message: `this provider's prices were last verified on ${String(providerDate)}, ${today - providerDay} days ago (more than ${STALE_AFTER_DAYS}): check them against their source and update \`verified_at\``,
      });
    }
  },
});
