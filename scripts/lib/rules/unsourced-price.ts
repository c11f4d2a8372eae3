/**
 * Rule `unsourced-price` (off by default, SPEC §9): a priced entry says where
 * its price comes from and when it was checked — its own `pricing.source` and
 * `pricing.verified_at`, or the provider-level ones. Off unless a registry
 * turns it on, so registries without provenance stay quiet.
 */
import { asArray, asRecord, hasPrice } from "../data.ts";
import { defineRule } from "./types.ts";

export default defineRule({
  id: "unsourced-price",
  severity: "off",
  summary: "a priced entry with no `pricing.source` or no `verified_at`",
  provider({ raw }, _index, report) {
    const provenance = asRecord(raw.pricing);
    asArray(raw.models).forEach((entry, i) => {
      const pricing = asRecord(asRecord(entry)?.pricing);
      if (!pricing || !hasPrice(pricing)) return;
      const missing: string[] = [];
      if ((pricing.source ?? provenance?.source) === undefined) missing.push("`source`");
      if ((pricing.verified_at ?? provenance?.verified_at) === undefined) missing.push("`verified_at`");
      if (missing.length === 0) return;
      report({
        path: ["models", i, "pricing"],
        at: "key",
        message: `this price has no ${missing.join(" and no ")}: add \`pricing.source\` (the public price page, https) and \`pricing.verified_at\` (the date you checked it) to the entry, or once at the provider's top level`,
      });
    });
  },
});
