/**
 * Rule `duplicate-model`: a provider serves each canonical model once, and
 * calls each of its own ids once — two entries with one `provider_model_id`
 * would give one upstream model two prices or two sets of limits.
 */
import { asArray, asRecord, asString, defineRule } from "./types.ts";

export default defineRule({
  id: "duplicate-model",
  severity: "error",
  summary: "a provider declares one canonical id twice, or one `provider_model_id` twice",
  provider({ raw }, _index, report) {
    const firstById = new Map<string, number>();
    const firstByProviderId = new Map<string, number>();
    asArray(raw.models).forEach((entry, i) => {
      const record = asRecord(entry);
      const id = asString(record?.id);
      if (id !== undefined) {
        const first = firstById.get(id);
        if (first === undefined) firstById.set(id, i);
        else report({ path: ["models", i, "id"], message: `\`${id}\` is already listed at models[${first}]; a provider serves each canonical model once — merge the two entries` });
      }
      const providerModelId = asString(record?.provider_model_id);
      if (providerModelId !== undefined) {
        const first = firstByProviderId.get(providerModelId);
        if (first === undefined) firstByProviderId.set(providerModelId, i);
        else report({ path: ["models", i, "provider_model_id"], message: `provider_model_id \`${providerModelId}\` is already used at models[${first}]; each of the provider's own ids maps to one entry — remove one or correct the id` });
      }
    });
  },
});
