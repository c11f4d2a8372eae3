import { asString, defineRule } from "./types.ts";

export default defineRule({
  id: "duplicate-provider",
  severity: "error",
  summary: "two files declare the same `name`",
  provider({ file, raw }, index, report) {
    const name = asString(raw.name);
    if (name === undefined) return;
    const first = index.providerFiles.get(name);
    if (first !== undefined && first !== file) {
      report({ path: ["name"], message: `provider \`${name}\` is already declared by ${first}; each provider has exactly one file` });
    }
  },
});
