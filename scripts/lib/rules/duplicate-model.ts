/**
 * Rule `duplicate-model`: a provider serves each canonical model once, and
 * calls each of its own ids once — two entries with one `provider_model_id`
 * would give one upstream model two prices or two sets of limits.
 */
import { asArray, asRecord, asString } from "../data.ts";
import { defineRule } from "./types.ts";

/** Where `value` first appears as `key` among `models` (only asked once a repeat is found). */
function firstIndex(models: unknown[], key: "id" | "provider_model_id", value: string): number {
  return models.findIndex((entry) => asRecord(entry)?.[key] === value);
}

export default defineRule({
  id: "duplicate-model",
  severity: "error",
  summary: "a provider declares one canonical id twice, or one `provider_model_id` twice",
  provider({ raw }, _index, report) {
    const models = asArray(raw.models);
    // Two sets per file, nothing per entry: the first index is looked up only for a repeat.
    const ids = new Set<string>();
    const providerIds = new Set<string>();
    for (let i = 0; i < models.length; i++) {
      const record = asRecord(models[i]);
      const id = asString(record?.id);
      if (id !== undefined) {
        if (!ids.has(id)) ids.add(id);
        else
          report({
            path: ["models", i, "id"],
            message: `\`${id}\` is already listed at models[${firstIndex(models, "id", id)}]; a provider serves each canonical model once — merge the two entries`,
          });
      }
      const providerModelId = asString(record?.provider_model_id);
      if (providerModelId !== undefined) {
        if (!providerIds.has(providerModelId)) providerIds.add(providerModelId);
        else
          report({
            path: ["models", i, "provider_model_id"],
            message: `provider_model_id \`${providerModelId}\` is already used at models[${firstIndex(models, "provider_model_id", providerModelId)}]; each of the provider's own ids maps to one entry — remove one or correct the id`,
          });
      }
    }
  },
});
