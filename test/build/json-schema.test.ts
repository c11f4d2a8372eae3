/**
 * The generated JSON Schemas and the Zod schemas they come from must agree:
 * ajv (draft 2020-12) with schemas/*.schema.json accepts every file of both
 * corpora and every file Zod accepts among the rule fixtures, and rejects every
 * file Zod rejects for a shape error — all but the one cross-field rule JSON
 * Schema cannot state (ascending tier thresholds), which the schema names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { derivedFiles } from "../../scripts/lib/build/derived.ts";
import { CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE, schemaFiles } from "../../scripts/lib/build/json-schema.ts";
import { schemaFingerprint } from "../../scripts/lib/shape/fingerprint.ts";
import { canonicalFileSchema, providerSchema } from "../../scripts/lib/schema.ts";
import { CORPORA, REPO_ROOT } from "../helpers.ts";

const FIXTURES = join(REPO_ROOT, "test/fixtures/rules");

const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats(ajv);
const committed = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;
const validators = {
  canonical: { ajv: ajv.compile(committed(CANONICAL_SCHEMA_FILE)), zod: canonicalFileSchema },
  provider: { ajv: ajv.compile(committed(PROVIDER_SCHEMA_FILE)), zod: providerSchema },
};

function yamlFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...yamlFiles(path));
    else if (entry.isFile() && entry.name.endsWith(".yaml")) files.push(path);
  }
  return files.sort();
}

function kindOf(file: string): "canonical" | "provider" {
  return file.endsWith("/canonical.yaml") ? "canonical" : "provider";
}

function load(file: string): unknown {
  try {
    return jsyaml.load(readFileSync(file, "utf8"), { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

/** The one rule the schema's description says JSON Schema cannot express. */
function inexpressible(issue: { code: string; path: PropertyKey[] }): boolean {
  return issue.code === "custom" && issue.path.at(-1) === "above_input_tokens";
}

describe("generated JSON Schemas", () => {
  it("are the ones the repository commits (build --check keeps them current)", () => {
    for (const [file, text] of schemaFiles()) expect(readFileSync(join(REPO_ROOT, file), "utf8"), file).toBe(text);
  });

  it("and every other file `bun run generate` writes are committed as generated (run it after editing schema.ts)", async () => {
    const files = await derivedFiles();
    expect([...files.keys()].sort()).toEqual([
      "dist/npm/index.d.ts",
      "schemas/canonical-models.schema.json",
      "schemas/canonical.schema.json",
      "schemas/provider.schema.json",
      "scripts/lib/generated/shape-validators.js",
    ]);
    for (const [file, text] of files) expect(readFileSync(join(REPO_ROOT, file), "utf8") === text, `${file} is stale: run \`bun run generate\``).toBe(true);
    // The fingerprint validate compares is the one of the sources on disk.
    expect(readFileSync(join(REPO_ROOT, "scripts/lib/generated/shape-validators.js"), "utf8")).toContain(`export const SCHEMA_FINGERPRINT = "${schemaFingerprint()}";`);
  });

  it("are 2020-12 strict objects with a title and a description on every field, prices in USD per 1M tokens", () => {
    const missing: string[] = [];
    const loose: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`));
      if (node === null || typeof node !== "object") return;
      const schema = node as Record<string, unknown>;
      if (schema.properties) {
        if (schema.additionalProperties !== false) loose.push(path);
        for (const [key, property] of Object.entries(schema.properties as Record<string, Record<string, unknown>>)) {
          if (typeof property.title !== "string" || typeof property.description !== "string") missing.push(`${path}/${key}`);
        }
      }
      for (const [key, value] of Object.entries(schema)) walk(value, `${path}/${key}`);
    };
    for (const file of [CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE]) {
      const schema = committed(file);
      expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
      walk(schema, file);
    }
    // Only the branches of conditional rules (the base bracket, api_base, a benchmark's
    // source_url) restate fields, without closing the object.
    const declared = (path: string) => !/\/(?:if|then|else)(\/|$)/.test(path);
    expect(loose.filter(declared)).toEqual([]);
    expect(missing.filter(declared)).toEqual([]);
    const provider = JSON.stringify(committed(PROVIDER_SCHEMA_FILE));
    expect(provider).toContain("Uncached input tokens. USD per 1M tokens.");
    expect(provider).toContain("tier thresholds strictly increase");
  });

  it("accept every file of the upstream and models-dev corpora", () => {
    const rejected: string[] = [];
    let files = 0;
    for (const corpus of ["upstream", "models-dev"]) {
      for (const file of yamlFiles(join(CORPORA, corpus))) {
        const validate = validators[kindOf(file)].ajv;
        files++;
        if (!validate(load(file))) rejected.push(`${relative(CORPORA, file)}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(rejected).toEqual([]);
    expect(files).toBeGreaterThan(170);
  });

  it("agree with Zod on every rule fixture: accept what it accepts, reject every shape error", () => {
    const disagreements: string[] = [];
    let rejectedByBoth = 0;
    const schemaFixtures = new Set<string>();
    for (const file of yamlFiles(FIXTURES)) {
      const data = load(file);
      if (data === null || typeof data !== "object" || Array.isArray(data)) continue; // yaml-syntax fixtures
      const { ajv: validate, zod } = validators[kindOf(file)];
      const parsed = zod.safeParse(data);
      const shapeOk = parsed.success || parsed.error.issues.every(inexpressible);
      const ajvOk = validate(data) as boolean;
      if (ajvOk !== shapeOk) disagreements.push(`${relative(FIXTURES, file)}: zod ${shapeOk ? "accepts" : "rejects"}, ajv ${ajvOk ? "accepts" : "rejects"}`);
      if (!shapeOk && !ajvOk) rejectedByBoth++;
      if (relative(FIXTURES, file).startsWith("schema/invalid/") && !shapeOk) schemaFixtures.add(file);
    }
    expect(disagreements).toEqual([]);
    // The shape-error fixtures of `validate` are all among them.
    expect(schemaFixtures.size).toBeGreaterThanOrEqual(8);
    expect(rejectedByBoth).toBeGreaterThanOrEqual(schemaFixtures.size);
  });

  it("reject a typo, a wrong enum value, a non-finite price and a missing base bracket, and accept a clean provider", () => {
    const validate = validators.provider.ajv;
    const base = { name: "acme", status: "active", api_base: "https://api.acme.example/v1", models: [] as unknown[] };
    const model = { id: "openai/gpt-4o", provider_model_id: "gpt-4o" };
    expect(validate({ ...base, models: [{ ...model, pricing: { input_tokens: { no_cache: 2.5 }, output_tokens: { text: 10 } } }] })).toBe(true);
    expect(validate({ ...base, models: [{ ...model, pricng: {} }] })).toBe(false);
    expect(validate({ ...base, status: "paused" })).toBe(false);
    expect(validate({ ...base, models: [{ ...model, pricing: { input_tokens: { no_cache: Number.POSITIVE_INFINITY } } }] })).toBe(false);
    expect(validate({ ...base, models: [{ ...model, pricing: { output_tokens: { text: 1 }, context_tiers: [{ above_input_tokens: 1, input_tokens: { no_cache: 1 }, output_tokens: { text: 1 } }] } }] })).toBe(false);
    expect(validate({ ...base, api_protocol: [{ "*": "openai", "gpt-*": "responses" }] })).toBe(false);
    expect(validate({ ...base, auth: { kind: "header", env: "ACME_KEY" } })).toBe(false);
  });
});
