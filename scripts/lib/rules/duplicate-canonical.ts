import { asArray, asRecord, asString, defineRule } from "./types.ts";

export default defineRule({
  id: "duplicate-canonical",
  severity: "error",
  summary: "the same canonical id twice in canonical.yaml",
  canonical({ raw }, report) {
    const firstIndex = new Map<string, number>();
    asArray(raw.models).forEach((entry, index) => {
      const id = asString(asRecord(entry)?.id);
      if (id === undefined) return;
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, index);
      else report({ path: ["models", index, "id"], message: `canonical id \`${id}\` is already declared at models[${first}]; remove this entry or merge the two` });
    });
  },
});
