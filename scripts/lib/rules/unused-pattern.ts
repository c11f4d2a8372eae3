/**
 * Rule `unused-pattern` (warning): a provider-level `api_protocol` or
 * `rate_limits` pattern that matches none of the curated models is dead
 * configuration, usually a typo. With `auto_sync` the catalogue is only known
 * at run time, so the rule stays quiet.
 */
import { MODEL_PATTERN_PATTERN } from "../schema-constants.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { defineRule } from "./types.ts";

/**
 * Whether any of the sorted `names` matches `pattern` (SPEC §2: exact, or a
 * prefix followed by `*`), by binary search: checking every pattern against
 * every model would be quadratic in a provider file of thousands of both.
 */
function anyMatch(pattern: string, names: readonly string[]): boolean {
  const prefix = pattern.endsWith("*") ? pattern.slice(0, -1) : pattern;
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (names[middle]! < prefix) low = middle + 1;
    else high = middle;
  }
  const candidate = names[low];
  if (candidate === undefined) return false;
  return pattern.endsWith("*") ? candidate.startsWith(prefix) : candidate === prefix;
}

/** Patterns checked by a pass over the models before the sorted names pay for themselves. */
const LINEAR_SCANS = 4;

export default defineRule({
  id: "unused-pattern",
  severity: "warning",
  summary: "a provider-level pattern that matches none of the provider's curated models, on a provider without `auto_sync`",
  provider({ raw }, _index, report) {
    // Without a `models` list (missing or misspelt: the schema rule says so) no pattern can be judged.
    if (raw.auto_sync !== undefined || !Array.isArray(raw.models)) return;
    const models = asArray(raw.models);
    // A pattern matches a model by its provider_model_id or its canonical id.
    // `*` needs only one model with an id; a few patterns are checked by one
    // pass over the models each; many are looked up in the sorted names,
    // built once, so the work stays linear in a file of thousands of both.
    let sortedNames: string[] | undefined;
    const sorted = (): string[] => {
      if (sortedNames) return sortedNames;
      const names = new Set<string>();
      for (const entry of models) {
        const record = asRecord(entry);
        const id = asString(record?.id);
        if (id === undefined) continue;
        names.add(id);
        names.add(asString(record?.provider_model_id) ?? id);
      }
      return (sortedNames = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    };
    let scans = 0;
    const scan = (pattern: string): boolean => {
      const prefix = pattern.endsWith("*") ? pattern.slice(0, -1) : undefined;
      for (const entry of models) {
        const record = asRecord(entry);
        const id = asString(record?.id);
        if (id === undefined) continue;
        const own = asString(record?.provider_model_id) ?? id;
        if (prefix === undefined ? id === pattern || own === pattern : id.startsWith(prefix) || own.startsWith(prefix)) return true;
      }
      return false;
    };
    const matchesSomeModel = (pattern: string): boolean => {
      if (pattern === "*") return models.some((entry) => asString(asRecord(entry)?.id) !== undefined);
      if (sortedNames || ++scans > LINEAR_SCANS) return anyMatch(pattern, sorted());
      return scan(pattern);
    };
    for (const field of ["api_protocol", "rate_limits"] as const) {
      asArray(raw[field]).forEach((entry, i) => {
        for (const pattern of Object.keys(asRecord(entry) ?? {})) {
          // A malformed pattern is the schema rule's to explain.
          if (!MODEL_PATTERN_PATTERN.test(pattern) || pattern === "" || matchesSomeModel(pattern)) continue;
          report({
            path: [field, i, pattern],
            at: "key",
            message: `pattern \`${pattern}\` in \`${field}\` matches none of this provider's models (by provider_model_id or canonical id); fix the pattern or remove the entry`,
          });
        }
      });
    }
  },
});
