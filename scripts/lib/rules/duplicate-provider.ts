/**
 * Rule `duplicate-provider`: two files declare the same \`name\`. The file
 * named after the provider owns the name, whatever the path order, so the
 * problem lands on the copy (which also fails \`filename-mismatch\`).
 */
import { asString } from "../data.ts";
import { providerFileFor } from "../registry-layout.ts";
import { defineRule } from "./types.ts";

export default defineRule({
  id: "duplicate-provider",
  severity: "error",
  summary: "two files declare the same `name`",
  provider({ file, raw }, index, report) {
    const name = asString(raw.name);
    if (name === undefined) return;
    const owner = providerFileFor(name);
    if (file === owner) return;
    const first = index.providerPaths?.has(owner) ? owner : index.providerFiles.get(name);
    if (first !== undefined && first !== file) {
      report({
        path: ["name"],
        message: `provider \`${name}\` is already declared by ${first}; each provider has exactly one file — merge the two, or give this one its own \`name\``,
      });
    }
  },
});
