/**
 * Rule `canonical-org`: in the `models/<org>.yaml` layout each file holds one
 * org's models, so a reader (and `manage canonical add`) finds an id by its
 * org alone. An id of another org is in the wrong file.
 */
import { CANONICAL_ID_PATTERN } from "../schema-constants.ts";
import { canonicalFileFor } from "../registry-layout.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { defineRule } from "./types.ts";

export default defineRule({
  id: "canonical-org",
  severity: "error",
  summary: "a canonical id in `models/<org>.yaml` whose org is not `<org>`",
  canonical({ file, org, raw }, report) {
    if (org === undefined) return;
    const prefix = `${org}/`;
    asArray(raw.models).forEach((entry, i) => {
      const id = asString(asRecord(entry)?.id);
      // A malformed id is the schema rule's to explain.
      if (id === undefined || id.startsWith(prefix) || !CANONICAL_ID_PATTERN.test(id)) return;
      report({
        path: ["models", i, "id"],
        message: `\`${id}\` is in ${file}, which holds only \`${prefix}…\` ids — move the entry to ${canonicalFileFor(id, "models-directory")}`,
      });
    });
  },
});
