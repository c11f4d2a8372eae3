import { asArray, asRecord, asString, defineRule } from "./types.ts";

export default defineRule({
  id: "duplicate-model",
  severity: "error",
  summary: "a provider declares one canonical id twice",
  provider({ raw }, _index, report) {
    const firstIndex = new Map<string, number>();
    asArray(raw.models).forEach((entry, i) => {
      const id = asString(asRecord(entry)?.id);
      if (id === undefined) return;
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, i);
      else report({ path: ["models", i, "id"], message: `\`${id}\` is already listed at models[${first}]; a provider serves each canonical model once — merge the two entries` });
    });
  },
});
