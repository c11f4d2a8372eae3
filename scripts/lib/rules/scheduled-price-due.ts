/**
 * Rule `scheduled-price-due` (warning, SPEC §9): an announced price whose
 * `effective_from` has come is now the price in force, but routers bill with
 * `pricing`, which they read, not with `pricing_schedule`, which they ignore.
 * The message names the command that promotes it.
 */
import { asArray, asRecord, asString, dayNumber } from "../data.ts";
import { defineRule } from "./types.ts";
import { todayUtc } from "./stale-price.ts";

export default defineRule({
  id: "scheduled-price-due",
  severity: "warning",
  summary: "a `pricing_schedule` price whose `effective_from` has come but is not yet `pricing`",
  provider({ raw }, index, report) {
    const models = asArray(raw.models);
    if (models.length === 0) return;
    const today = index.today ?? todayUtc();
    const todayNumber = dayNumber(today)!;
    const provider = asString(raw.name) ?? "<provider>";
    models.forEach((entry, i) => {
      const model = asRecord(entry);
      asArray(model?.pricing_schedule).forEach((scheduled, s) => {
        const from = asRecord(scheduled)?.effective_from;
        const day = dayNumber(from);
        if (day === undefined || day > todayNumber) return;
        report({
          path: ["models", i, "pricing_schedule", s, "effective_from"],
          message: `this scheduled price took effect on ${String(from)} (today is ${today}) but routers still bill \`pricing\`: run \`manage promote-price ${provider} ${asString(model?.id) ?? "<canonical-id>"}\` to make it the price in force`,
        });
      });
    });
  },
});
