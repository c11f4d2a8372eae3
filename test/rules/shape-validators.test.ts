/**
 * The generated shape validators (scripts/lib/generated/) against the JSON
 * Schema `build` publishes, compiled here by ajv as any consumer would: they
 * must accept and refuse the same documents, however the generator lays the
 * schema out for speed; and no function of theirs may grow too large for the
 * engine to optimise.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { SHAPE_VALIDATORS_FILE, verdictOnly } from "../../scripts/lib/shape/generate.ts";
import { conformsFast } from "../../scripts/lib/shape/check.ts";
import { parseFast } from "../../scripts/lib/yaml/index.ts";
import { CORPORA, REPO_ROOT } from "../helpers.ts";

const published = JSON.parse(readFileSync(join(REPO_ROOT, "schemas/provider.schema.json"), "utf8")) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, strictNumbers: true, validateFormats: false, allErrors: false });
const validatePublished = ajv.compile(published);

function providerFiles(root: string): unknown[] {
  const dir = join(root, "providers");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => parseFast(readFileSync(join(dir, name), "utf8")))
    .flatMap((parsed) => (parsed.ok ? [parsed.data] : []));
}

/** Small changes that break one deep part of a valid file each: a dated price, a tier, a limit. */
function broken(provider: Record<string, unknown>): Record<string, unknown>[] {
  const models = (provider.models ?? []) as Record<string, unknown>[];
  const first = models[0];
  if (!first) return [];
  const withEntry = (entry: Record<string, unknown>) => ({ ...provider, models: [entry, ...models.slice(1)] });
  const price = { input_tokens: { no_cache: "1.5" }, output_tokens: { text: 2 } };
  return [
    withEntry({ ...first, pricing: price }),
    withEntry({ ...first, pricing_history: [{ ...price, effective_from: "2026-01-01", effective_until: "2026-02-01" }] }),
    withEntry({ ...first, pricing: { input_tokens: { no_cache: 1 }, context_tiers: [{ above_input_tokens: -1, input_tokens: { no_cache: 1 } }] } }),
    withEntry({ ...first, pricing: { input_tokens: { no_cache: 1 }, service_tiers: { batch: { multiplier: "half" } } } }),
    withEntry({ ...first, rate_limits: { requests_per_minute: 2 ** 40 } }),
    withEntry({ ...first, unknown_field: true }),
  ];
}

describe("generated shape validators", () => {
  it("agree with the published provider schema on every corpus file and on broken variants of them", () => {
    let documents = 0;
    for (const corpus of ["upstream", "bitrouter/registry", "models-dev"]) {
      for (const provider of providerFiles(join(CORPORA, corpus))) {
        for (const document of [provider, ...broken(provider as Record<string, unknown>)]) {
          documents++;
          const fast = conformsFast("provider", document);
          // conformsFast adds refinements JSON Schema cannot say: it may refuse more, never accept more.
          if (fast) expect(validatePublished(document), JSON.stringify(document).slice(0, 200)).toBe(true);
          if (!validatePublished(document)) expect(fast).toBe(false);
        }
      }
    }
    expect(documents).toBeGreaterThan(500);
  });

  it("refuses what the published schema refuses, in each of the deep places the generator shares", () => {
    const [provider] = providerFiles(join(CORPORA, "upstream")) as Record<string, unknown>[];
    const variants = broken(provider!);
    expect(variants.length).toBe(6);
    for (const variant of variants) {
      expect(validatePublished(variant)).toBe(false);
      expect(conformsFast("provider", variant)).toBe(false);
    }
  });

  it("give the published schema's verdict where a value must match one of several forms (anyOf, oneOf)", () => {
    // The generator keeps only the verdict of ajv's code: a later branch that
    // matches must still pass, and a value no branch matches must still fail.
    const [provider] = providerFiles(join(CORPORA, "bitrouter/registry")) as Record<string, unknown>[];
    const models = (provider!.models ?? []) as Record<string, unknown>[];
    const withEntry = (entry: Record<string, unknown>) => ({ ...provider, models: [{ ...models[0], ...entry }, ...models.slice(1)] });
    const documents: Array<[what: string, document: unknown, conforms: boolean]> = [
      ["entry api_protocol as a list (the second anyOf form)", withEntry({ api_protocol: ["openai", "anthropic"] }), true],
      ["entry api_protocol neither a known name nor a list of them", withEntry({ api_protocol: ["openai", 3] }), false],
      ["deprecation_date null (the second anyOf form)", withEntry({ deprecation_date: null }), true],
      ["deprecation_date neither a date nor null", withEntry({ deprecation_date: 20260101 }), false],
      ["auth of the header form (a later oneOf form)", { ...provider, auth: { kind: "header", header: "x-api-key", env: "ACME_KEY" } }, true],
      ["auth of no known form", { ...provider, auth: { kind: "header", env: "ACME_KEY" } }, false],
      ["auth matching no form's kind", { ...provider, auth: { kind: "cookie", env: "ACME_KEY" } }, false],
      ["a provider-level protocol pattern of no known form", { ...provider, api_protocol: [{ "*": 5 }] }, false],
    ];
    for (const [what, document, conforms] of documents) {
      expect(validatePublished(document), what).toBe(conforms);
      expect(conformsFast("provider", document), what).toBe(conforms);
    }
  });

  it("keep ajv's error counter where the error objects are left out, and refuse bookkeeping of a form the generator does not know", () => {
    const branch =
      'if(x){const err0 = {instancePath,params:{pattern: "^[0-9]{4}$"}};if(vErrors === null){vErrors = [err0];}else {vErrors.push(err0);}errors++;}';
    const failure = "if(y){validate7.errors = [{instancePath,params:{limit: 1}}];return false;}";
    const call = "if(!(validate8(d))){vErrors = vErrors === null ? validate8.errors : vErrors.concat(validate8.errors);errors = vErrors.length;}";
    expect(verdictOnly(branch + failure + call)).toBe("if(x){errors++;}if(y){return false;}if(!(validate8(d))){errors++;}");
    // an error object pushed some other way would keep a count the verdict no longer matches
    expect(() => verdictOnly("const err0 = {a: 1};vErrors.push(err0);")).toThrow(/unexpected form/);
    expect(() => verdictOnly("vErrors.push({a: 1});")).toThrow(/unexpected form/);
  });

  it("keep every function small enough for the engine to optimise", () => {
    const code = readFileSync(join(REPO_ROOT, SHAPE_VALIDATORS_FILE), "utf8");
    const starts = [...code.matchAll(/function (validate\d+)\(/g)].map((match) => ({ name: match[1]!, at: match.index! }));
    expect(starts.length).toBeGreaterThan(3);
    const sizes = starts.map((start, i) => ({ name: start.name, size: (starts[i + 1]?.at ?? code.length) - start.at }));
    // One function of ~400 KB (every price bracket inlined in the entry check) ran 2.3x slower than the shared form.
    for (const { name, size } of sizes) expect(size, name).toBeLessThan(150_000);
  });
});
