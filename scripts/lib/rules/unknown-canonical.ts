import { CANONICAL_ID_PATTERN } from "../schema-constants.ts";
import { didYouMean } from "../suggest.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { defineRule } from "./types.ts";

export default defineRule({
  id: "unknown-canonical",
  severity: "error",
  summary: "a provider model's `id` is not in canonical.yaml",
  provider({ raw }, index, report) {
    const known = index.canonicalIds;
    if (!known) return;
    asArray(raw.models).forEach((entry, i) => {
      const id = asString(asRecord(entry)?.id);
      // A malformed id is the schema rule's to explain.
      if (id === undefined || known.has(id) || !CANONICAL_ID_PATTERN.test(id)) return;
      const hint = didYouMean(id, known);
      const fix = hint ? "" : ` — add it first with \`manage canonical add ${id} …\``;
      report({ path: ["models", i, "id"], message: `unknown canonical id \`${id}\`${hint}${fix}` });
    });
  },
});
