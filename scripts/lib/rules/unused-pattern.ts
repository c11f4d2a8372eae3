/**
 * Rule `unused-pattern` (warning): a provider-level `api_protocol` or
 * `rate_limits` pattern that matches none of the curated models is dead
 * configuration, usually a typo. With `auto_sync` the catalogue is only known
 * at run time, so the rule stays quiet.
 */
import { patternMatches, type ModelNames } from "../patterns.ts";
import { asArray, asRecord, asString, defineRule } from "./types.ts";

export default defineRule({
  id: "unused-pattern",
  severity: "warning",
  summary: "a provider-level pattern that matches none of the provider's curated models, on a provider without `auto_sync`",
  provider({ raw }, _index, report) {
    if (raw.auto_sync !== undefined) return;
    const models: ModelNames[] = [];
    for (const entry of asArray(raw.models)) {
      const record = asRecord(entry);
      const id = asString(record?.id);
      const providerModelId = asString(record?.provider_model_id);
      if (id !== undefined) models.push({ id, provider_model_id: providerModelId ?? id });
    }
    for (const field of ["api_protocol", "rate_limits"] as const) {
      asArray(raw[field]).forEach((entry, i) => {
        for (const pattern of Object.keys(asRecord(entry) ?? {})) {
          if (models.some((model) => patternMatches(pattern, model))) continue;
          report({
            path: [field, i, pattern],
            at: "key",
            message: `pattern \`${pattern}\` in \`${field}\` matches none of this provider's models (by provider_model_id or canonical id); fix the pattern or remove the entry`,
          });
        }
      });
    }
  },
});
