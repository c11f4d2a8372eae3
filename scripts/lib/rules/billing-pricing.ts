/**
 * Rule `billing-pricing` (warning): how a provider bills and how its models
 * are priced must agree. A subscription is paid up front, so a per-token
 * price would be billed on top; a per-token provider with an unpriced model
 * would be billed as free. The router's own registry makes both errors
 * (`--rule billing-pricing=error`).
 */
import { asArray, asRecord, hasPrice } from "../data.ts";
import { defineRule } from "./types.ts";

const PER_TOKEN = new Set(["token", "usage_token"]);

export default defineRule({
  id: "billing-pricing",
  severity: "warning",
  summary: "a `subscription` provider prices a model per token, or a `token` provider leaves a model unpriced",
  provider({ raw }, _index, report) {
    const billing = raw.billing;
    if (billing !== "subscription" && !PER_TOKEN.has(billing as string)) return;
    asArray(raw.models).forEach((entry, i) => {
      const model = asRecord(entry);
      if (!model) return;
      const priced = hasPrice(model.pricing);
      if (billing === "subscription" && priced) {
        report({
          path: ["models", i, "pricing"],
          at: "key",
          message: "a `billing: subscription` provider prices this model per token; a subscription is paid up front, so remove `pricing` (or change `billing`)",
        });
      } else if (billing !== "subscription" && !priced) {
        report({
          path: ["models", i, "id"],
          message: `a \`billing: ${String(billing)}\` provider leaves \`${String(model.id)}\` unpriced, so it would be billed as free — add its \`pricing\` (or change \`billing\`)`,
        });
      }
    });
  },
});
