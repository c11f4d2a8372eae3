/**
 * Rule `duplicate-canonical`: one canonical id, one entry — within one file,
 * and across the `models/<org>.yaml` files of the other layout.
 */
import { asArray, asRecord, asString } from "../data.ts";
import { defineRule } from "./types.ts";

export default defineRule({
  id: "duplicate-canonical",
  severity: "error",
  summary: "the same canonical id twice among the canonical models",
  canonical({ file, org, raw }, report, index) {
    // An entry as its own file spells it: `models[3]` in canonical.yaml, `[3]` in a models/<org>.yaml sequence.
    const at = (i: number) => (org === undefined ? `models[${i}]` : `[${i}]`);
    const firstIndex = new Map<string, number>();
    asArray(raw.models).forEach((entry, i) => {
      const id = asString(asRecord(entry)?.id);
      if (id === undefined) return;
      const first = firstIndex.get(id);
      const elsewhere = index.canonicalOwners?.get(id);
      if (first !== undefined) {
        report({ path: ["models", i, "id"], message: `canonical id \`${id}\` is already declared at ${at(first)}; remove this entry or merge the two` });
      } else if (elsewhere !== undefined && elsewhere.file !== file) {
        report({
          path: ["models", i, "id"],
          message: `canonical id \`${id}\` is already declared in ${elsewhere.file} at [${elsewhere.index}]; remove this entry or merge the two`,
        });
      }
      if (first === undefined) firstIndex.set(id, i);
    });
  },
});
