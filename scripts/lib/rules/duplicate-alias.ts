/**
 * Rule `duplicate-alias` (SPEC §9): an alias names one model, so a lookup by
 * it is never ambiguous — it is not any model's canonical id (an id always
 * wins, so the alias would be dead) and not another model's alias, within a
 * file and across the `models/<org>.yaml` files of the other layout.
 */
import type { RegistryIndex } from "./types.ts";
import { asArray, asRecord, asString } from "../data.ts";
import { defineRule } from "./types.ts";

interface Owner {
  file: string;
  model: string;
}

/** The aliases of the canonical files checked so far in this run, keyed by the run's index. */
const aliasesByRun = new WeakMap<RegistryIndex, Map<string, Owner>>();

export default defineRule({
  id: "duplicate-alias",
  severity: "error",
  summary: "a canonical alias that is a canonical id, or another model's alias",
  canonical({ file, raw }, report, index) {
    let seen = aliasesByRun.get(index);
    if (!seen) aliasesByRun.set(index, (seen = new Map()));
    const models = asArray(raw.models).map((entry) => asRecord(entry));
    // Every id of this file, and of the files before it.
    const idsHere = new Set(models.map((model) => asString(model?.id)).filter((id) => id !== undefined));
    const isId = (name: string) => idsHere.has(name) || index.canonicalOwners?.has(name) === true;
    models.forEach((model, i) => {
      const id = asString(model?.id);
      if (id === undefined) return;
      // An id of this file that an earlier file gave out as an alias.
      const aliased = seen.get(id);
      if (aliased && aliased.model !== id) {
        report({
          path: ["models", i, "id"],
          message: `canonical id \`${id}\` is already an alias of \`${aliased.model}\` in ${aliased.file}; remove that alias or rename this model`,
        });
      }
      asArray(model?.aliases).forEach((value, a) => {
        const alias = asString(value);
        if (alias === undefined) return;
        const path = ["models", i, "aliases", a];
        if (isId(alias)) {
          const whose = alias === id ? "its own id" : "a canonical id";
          report({
            path,
            message: `alias \`${alias}\` is ${whose}: lookups by it already find ${alias === id ? "this model" : "that model"} — remove the alias`,
          });
          return;
        }
        const owner = seen.get(alias);
        if (owner && owner.model !== id) {
          const where = owner.file === file ? "" : ` in ${owner.file}`;
          report({ path, message: `alias \`${alias}\` already names \`${owner.model}\`${where}: an alias names one model — remove one of them` });
          return;
        }
        if (!owner) seen.set(alias, { file, model: id });
      });
    });
  },
});
