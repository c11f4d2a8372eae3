/**
 * The generated JSON Schemas and the Zod schemas they come from must agree:
 * ajv (draft 2020-12) with schemas/*.schema.json accepts every file of the three
 * corpora and every file Zod accepts among the rule fixtures, and rejects every
 * file Zod rejects for a shape error — all but the cross-field rules JSON
 * Schema cannot state (ascending tier thresholds, a reasoning_effort default
 * among its levels), which the schemas name. A second validator
 * (@hyperjump/json-schema) and, where installed, Python's jsonschema judge the
 * same files the same way.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { registerSchema, validate as hyperjumpValidate } from "@hyperjump/json-schema/draft-2020-12";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { derivedFiles } from "../../scripts/lib/snapshot/derived.ts";
import { CANONICAL_MODELS_SCHEMA_FILE, CANONICAL_SCHEMA_FILE, PROVIDER_SCHEMA_FILE, schemaFiles } from "../../scripts/lib/snapshot/json-schema.ts";
import { schemaFingerprint } from "../../scripts/lib/shape/fingerprint.ts";
import { canonicalFileSchema, canonicalModelsFileSchema, providerFileSchema } from "../../scripts/lib/schema.ts";
import { CORPORA, REPO_ROOT, tempDir } from "../helpers.ts";

const FIXTURES = join(REPO_ROOT, "test/fixtures/rules");

const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats(ajv);
const committed = (file: string) => JSON.parse(readFileSync(join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;
const SCHEMA_FILES = { canonical: CANONICAL_SCHEMA_FILE, "canonical-models": CANONICAL_MODELS_SCHEMA_FILE, provider: PROVIDER_SCHEMA_FILE } as const;
type Kind = keyof typeof SCHEMA_FILES;
const validators = {
  canonical: { ajv: ajv.compile(committed(CANONICAL_SCHEMA_FILE)), zod: canonicalFileSchema },
  "canonical-models": { ajv: ajv.compile(committed(CANONICAL_MODELS_SCHEMA_FILE)), zod: canonicalModelsFileSchema },
  provider: { ajv: ajv.compile(committed(PROVIDER_SCHEMA_FILE)), zod: providerFileSchema },
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

/** The schema a registry file is written against; undefined for registry.config.yaml. */
function kindOf(file: string): Kind | undefined {
  if (file.endsWith("/canonical.yaml")) return "canonical";
  if (file.includes("/models/")) return "canonical-models";
  if (file.includes("/providers/")) return "provider";
  return undefined;
}

const CORPUS_ROOTS = ["upstream", "models-dev", "bitrouter/registry"];

function load(file: string): unknown {
  try {
    return jsyaml.load(readFileSync(file, "utf8"), { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
}

/** The rules the schemas' descriptions say JSON Schema cannot express: ascending tier thresholds, a reasoning_effort default among its levels and on a reasoning model. */
function inexpressible(issue: { code: string; path: PropertyKey[] }): boolean {
  if (issue.code !== "custom") return false;
  const last = issue.path.at(-1);
  return last === "above_input_tokens" || (last === "default" && issue.path.at(-2) === "reasoning_effort") || last === "reasoning_effort";
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
    expect(readFileSync(join(REPO_ROOT, "scripts/lib/generated/shape-validators.js"), "utf8")).toContain(
      `export const SCHEMA_FINGERPRINT = "${schemaFingerprint()}";`,
    );
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

  it("accept every file of the three corpora", () => {
    const rejected: string[] = [];
    let files = 0;
    for (const corpus of CORPUS_ROOTS) {
      for (const file of yamlFiles(join(CORPORA, corpus))) {
        const validate = validators[kindOf(file)!].ajv;
        files++;
        if (!validate(load(file))) rejected.push(`${relative(CORPORA, file)}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(rejected).toEqual([]);
    expect(files).toBeGreaterThan(230);
  });

  it("agree with Zod on every rule fixture: accept what it accepts, reject every shape error", () => {
    const disagreements: string[] = [];
    let rejectedByBoth = 0;
    const schemaFixtures = new Set<string>();
    for (const file of yamlFiles(FIXTURES)) {
      const data = load(file);
      const kind = kindOf(file);
      if (kind === undefined || data === null || typeof data !== "object" || Array.isArray(data) !== (kind === "canonical-models")) continue; // yaml-syntax fixtures
      const { ajv: validate, zod } = validators[kind];
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
    expect(
      validate({
        ...base,
        models: [
          {
            ...model,
            pricing: { output_tokens: { text: 1 }, context_tiers: [{ above_input_tokens: 1, input_tokens: { no_cache: 1 }, output_tokens: { text: 1 } }] },
          },
        ],
      }),
    ).toBe(false);
    expect(validate({ ...base, api_protocol: [{ "*": "openai", "gpt-*": "responses" }] })).toBe(false);
    expect(validate({ ...base, auth: { kind: "header", env: "ACME_KEY" } })).toBe(false);
  });
});

/** Every string `pattern` and every number schema in a JSON Schema, with where it is. */
function walkSchema(node: unknown, path: string, visit: (schema: Record<string, unknown>, path: string) => void): void {
  if (Array.isArray(node)) return node.forEach((item, i) => walkSchema(item, `${path}/${i}`, visit));
  if (node === null || typeof node !== "object") return;
  visit(node as Record<string, unknown>, path);
  for (const [key, value] of Object.entries(node)) walkSchema(value, `${path}/${key}`, visit);
}

/** The files a second validator must judge as ajv does: the corpora (all valid) and every rule fixture. */
function judgedFiles(): Array<{ file: string; kind: Kind; data: unknown }> {
  const files: Array<{ file: string; kind: Kind; data: unknown }> = [];
  for (const file of [...CORPUS_ROOTS.flatMap((corpus) => yamlFiles(join(CORPORA, corpus))), ...yamlFiles(FIXTURES)]) {
    const kind = kindOf(file);
    const data = load(file);
    if (kind === undefined || data === undefined || data === null || typeof data !== "object") continue;
    files.push({ file, kind, data });
  }
  return files;
}

describe("the JSON Schemas are portable to the common validators", () => {
  const schemas = Object.values(SCHEMA_FILES).map((file) => [file, committed(file)] as const);

  it("write digits as [0-9] and end every pattern where Python's re ends the text too ($ also matches before a final newline there)", () => {
    const patterns: string[] = [];
    for (const [file, schema] of schemas) {
      walkSchema(schema, file, (node, path) => {
        if (typeof node.pattern === "string") patterns.push(`${path}: ${node.pattern}`);
      });
    }
    expect(patterns.length).toBeGreaterThan(20);
    expect(patterns.filter((entry) => /\\[dDwW]/.test(entry))).toEqual([]);
    expect(patterns.filter((entry) => entry.endsWith("$") && !entry.endsWith("$(?!\\n)"))).toEqual([]);
  });

  it("give every number a finite maximum (validators that read `.inf` as a number must refuse it)", () => {
    const unbounded: string[] = [];
    for (const [file, schema] of schemas) {
      walkSchema(schema, file, (node, path) => {
        if ((node.type === "number" || node.type === "integer") && !(typeof node.maximum === "number" && Number.isFinite(node.maximum))) unbounded.push(path);
      });
    }
    expect(unbounded).toEqual([]);
  });

  it("@hyperjump/json-schema judges every corpus file and every fixture as ajv does", async () => {
    for (const [kind, file] of Object.entries(SCHEMA_FILES)) registerSchema({ ...committed(file), $id: `https://provider-registry.test/${kind}` });
    const disagreements: string[] = [];
    let rejected = 0;
    const files = judgedFiles();
    for (const { file, kind, data } of files) {
      const ajvValid = validators[kind].ajv(data) as boolean;
      const { valid } = await hyperjumpValidate(`https://provider-registry.test/${kind}`, data as never);
      if (valid !== ajvValid) disagreements.push(`${relative(REPO_ROOT, file)}: ajv ${ajvValid}, hyperjump ${valid}`);
      if (!valid) rejected++;
    }
    expect(disagreements).toEqual([]);
    expect(files.length).toBeGreaterThan(300);
    expect(rejected).toBeGreaterThan(15);
  }, 60_000);

  const python = spawnSync("python3", ["-c", "import jsonschema"], { encoding: "utf8" });
  it.skipIf(python.status !== 0)(
    "Python's jsonschema judges them as ajv does, and refuses what its `re` and `\\d` used to let through",
    () => {
      const provider = { name: "acme", status: "active", api_base: "https://api.acme.example/v1", models: [] as unknown[] };
      const cases: Array<{ label: string; kind: Kind; data: unknown; valid: boolean }> = [
        { label: "a clean provider", kind: "provider", data: provider, valid: true },
        { label: "a name with a trailing newline", kind: "provider", data: { ...provider, name: "acme\n" }, valid: false },
        { label: "a date in full-width digits", kind: "provider", data: { ...provider, submitted_at: "２０２５-03-14" }, valid: false },
        { label: "an https URL with a trailing newline", kind: "provider", data: { ...provider, api_base: "https://api.acme.example/v1\n" }, valid: false },
        ...judgedFiles().map(({ file, kind, data }) => ({ label: relative(REPO_ROOT, file), kind, data, valid: validators[kind].ajv(data) as boolean })),
      ];
      const dir = tempDir("jsonschema-");
      const input = join(dir, "cases.json");
      const inf = { label: "an infinite price", kind: "provider" as const, valid: false };
      // JSON cannot spell Infinity, Python's json reads it: the one case written by hand.
      const infinite = `{"label": ${JSON.stringify(inf.label)}, "kind": "provider", "valid": false, "data": {"name": "acme", "status": "active", "api_base": "https://api.acme.example/v1", "models": [{"id": "openai/gpt-4o", "provider_model_id": "gpt-4o", "pricing": {"input_tokens": {"no_cache": Infinity}}}]}}`;
      writeFileSync(
        input,
        `{"schemas": ${JSON.stringify(Object.fromEntries(Object.entries(SCHEMA_FILES).map(([kind, file]) => [kind, committed(file)])))}, "cases": [${[...cases.map((entry) => JSON.stringify(entry)), infinite].join(",")}]}`,
      );
      const script = [
        "import json, sys",
        "from jsonschema import Draft202012Validator",
        "spec = json.load(open(sys.argv[1]))",
        "validators = {kind: Draft202012Validator(schema) for kind, schema in spec['schemas'].items()}",
        "print(json.dumps([c['label'] for c in spec['cases'] if validators[c['kind']].is_valid(c['data']) != c['valid']]))",
      ].join("\n");
      const result = spawnSync("python3", ["-c", script, input], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual([]);
    },
    60_000,
  );
});
