/**
 * Rule `model-lifecycle` (warning, SPEC §9): an entry's lifecycle reads in
 * order — deprecated, then retired, then replaced by a model that exists.
 */
import { asArray, asRecord, asString, dayNumber } from "../data.ts";
import { defineRule } from "./types.ts";

export default defineRule({
  id: "model-lifecycle",
  severity: "warning",
  summary: "a `retirement_date` before the `deprecation_date`, or a `replacement` that is the model itself or not a canonical id",
  provider({ raw }, index, report) {
    asArray(raw.models).forEach((entry, i) => {
      const model = asRecord(entry);
      if (!model) return;
      const deprecated = dayNumber(model.deprecation_date);
      const retired = dayNumber(model.retirement_date);
      if (deprecated !== undefined && retired !== undefined && retired < deprecated) {
        report({
          path: ["models", i, "retirement_date"],
          message: `\`retirement_date\` ${String(model.retirement_date)} is before \`deprecation_date\` ${String(model.deprecation_date)}: a model is deprecated first and retired (calls fail) after — check the two dates`,
        });
      }
      const replacement = asString(model.replacement);
      if (replacement === undefined) return;
      if (replacement === model.id) {
        report({ path: ["models", i, "replacement"], message: `\`replacement\` is the model itself (\`${replacement}\`): name the model that replaces it` });
      } else if (index.canonicalIds !== undefined && !index.canonicalIds.has(replacement)) {
        report({
          path: ["models", i, "replacement"],
          message: `\`replacement\` \`${replacement}\` is not a canonical id: add it to the canonical models or name one that is there`,
        });
      }
    });
  },
});
