/**
 * The field tables against the Zod schema: every value a file can hold is
 * set by some row (or named as set another way), every row writes where the
 * schema has a field, and no command has two rows with one flag. A field
 * added to the schema without its row fails here.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  CANONICAL_FIELDS,
  CANONICAL_FIELDS_NOT_SET,
  MODEL_FIELDS,
  MODEL_FIELDS_NOT_SET,
  PROVIDER_FIELDS,
  PROVIDER_FIELDS_NOT_SET,
  type Field,
} from "../../scripts/lib/manage/fields.ts";
import { canonicalModelSchema, providerModelSchema, providerSchema } from "../../scripts/lib/schema.ts";

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; shape?: Record<string, z.ZodType>; options?: z.ZodType[]; element?: z.ZodType };
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The settable paths of a schema: every object key, down to values that are
 * not objects (scalars, lists, records), through optional wrappers and the
 * options of a union (auth kinds, sync feeds).
 */
function leafPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  const def = defOf(schema);
  if (["optional", "nullable", "default", "readonly", "nonoptional", "catch"].includes(def.type)) return leafPaths(def.innerType!, prefix);
  if (def.type === "pipe") return leafPaths(def.in!, prefix);
  if (def.type === "union") {
    const seen = new Map<string, string[]>();
    for (const option of def.options!) for (const path of leafPaths(option, prefix)) seen.set(path.join("."), path);
    return [...seen.values()];
  }
  if (def.type === "object") return Object.entries(def.shape!).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
  return [prefix];
}

/** A row covers a leaf at its path or under it (a `key=value` row covers a record, a tiers row the whole list). */
const covers = (field: Field, leaf: string[]) => field.path.every((segment, i) => leaf[i] === segment);

describe.each([
  ["provider", providerSchema, PROVIDER_FIELDS, PROVIDER_FIELDS_NOT_SET],
  ["provider model", providerModelSchema, MODEL_FIELDS, MODEL_FIELDS_NOT_SET],
  ["canonical model", canonicalModelSchema, CANONICAL_FIELDS, CANONICAL_FIELDS_NOT_SET],
] as const)("the %s table", (_name, schema, fields, notSet) => {
  const leaves = leafPaths(schema as unknown as z.ZodType);

  it("has a row for every field of the schema, or says how it is set", () => {
    const uncovered = leaves.filter((leaf) => !Object.hasOwn(notSet, leaf[0]!) && !fields.some((field) => covers(field, leaf)));
    expect(uncovered.map((leaf) => leaf.join("."))).toEqual([]);
  });

  it("writes only where the schema has a field", () => {
    const stray = fields.filter((field) => !leaves.some((leaf) => field.path.every((segment, i) => leaf[i] === segment)));
    expect(stray.map((field) => field.flag)).toEqual([]);
  });

  it("names what it leaves to other commands by schema field", () => {
    for (const key of Object.keys(notSet)) expect(leaves.some((leaf) => leaf[0] === key)).toBe(true);
  });

  it("gives each row its own flag", () => {
    const flags = fields.map((field) => field.flag);
    expect(new Set(flags).size).toBe(flags.length);
  });
});

it("the walk sees the router-parity fields (so the coverage check is not vacuous)", () => {
  const provider = leafPaths(providerSchema as unknown as z.ZodType).map((leaf) => leaf.join("."));
  expect(provider).toEqual(
    expect.arrayContaining(["metadata.headquarters", "required_config", "auth.params", "auth.extra_headers", "auto_sync.urls", "pricing.verified_at"]),
  );
  const model = leafPaths(providerModelSchema as unknown as z.ZodType).map((leaf) => leaf.join("."));
  expect(model).toEqual(expect.arrayContaining(["reasoning_effort.levels", "compatibility.chat_completions.supports_store", "pricing.context_tiers"]));
  expect(leafPaths(canonicalModelSchema as unknown as z.ZodType).map((leaf) => leaf.join("."))).toContain("benchmarks.terminal_bench_2_1.source_url");
});
