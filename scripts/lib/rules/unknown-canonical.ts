import { CompactStringSet } from "../compact-string-set.ts";
import { CANONICAL_ID_PATTERN } from "../schema-constants.ts";
import { didYouMean } from "../suggest.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { defineRule } from "./types.ts";

/**
 * The hint for each unknown id, per set of known ids: one uncurated model is
 * usually listed by several providers (the router's registry: 28 unknown
 * entries, 11 ids), and each suggestion measures the id against every
 * canonical id.
 */
const hints = new WeakMap<ReadonlySet<string>, Map<string, string>>();

function hintFor(id: string, known: ReadonlySet<string>): string {
  let forKnown = hints.get(known);
  if (!forKnown) hints.set(known, (forKnown = new Map()));
  let hint = forKnown.get(id);
  if (hint === undefined) forKnown.set(id, (hint = didYouMean(id, known)));
  return hint;
}

/**
 * The known ids laid out for the lookup of every provider model
 * (compact-string-set.ts says why), built once per set and again if the set
 * has grown since (the index only ever adds ids).
 */
const compact = new WeakMap<ReadonlySet<string>, { size: number; lookup: CompactStringSet }>();

function lookupFor(known: ReadonlySet<string>): CompactStringSet {
  let built = compact.get(known);
  if (built?.size !== known.size) compact.set(known, (built = { size: known.size, lookup: new CompactStringSet(known) }));
  return built.lookup;
}

export default defineRule({
  id: "unknown-canonical",
  severity: "error",
  summary: "a provider model's `id` is not in canonical.yaml",
  provider({ raw }, index, report) {
    const known = index.canonicalIds;
    if (!known) return;
    const lookup = lookupFor(known);
    asArray(raw.models).forEach((entry, i) => {
      const id = asString(asRecord(entry)?.id);
      // A malformed id is the schema rule's to explain.
      if (id === undefined || lookup.has(id) || !CANONICAL_ID_PATTERN.test(id)) return;
      const hint = hintFor(id, known);
      const fix = hint ? "" : ` — add it first with \`manage canonical add ${id} …\``;
      report({ path: ["models", i, "id"], message: `unknown canonical id \`${id}\`${hint}${fix}` });
    });
  },
});
