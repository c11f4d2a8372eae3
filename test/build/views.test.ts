/**
 * The view format itself, on the large real corpus: what `build` writes is
 * exactly `JSON.stringify` of the sorted data with two-space indentation, the
 * entries come in the documented order, and the model view says the same as
 * the provider view.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { formatF64, sortKeys } from "../../scripts/lib/snapshot/render.ts";
import { SnapshotCollector, type ViewName } from "../../scripts/lib/snapshot/views.ts";
import { providerModelSchema } from "../../scripts/lib/schema.ts";
import { copyRegistry, CORPORA, runScript } from "../helpers.ts";

type Entry = Record<string, unknown> & { id?: string; provider?: string };
let providersText: string;
let modelsText: string;

beforeAll(() => {
  const root = copyRegistry("models-dev");
  expect(runScript("build", ["--root", root]).code).toBe(0);
  providersText = readFileSync(join(root, "dist/providers.json"), "utf8");
  modelsText = readFileSync(join(root, "dist/models.json"), "utf8");
});

const sorted = (names: string[]) => names.every((name, i) => i === 0 || names[i - 1]! < name);

describe("the views", () => {
  it("are their own data re-serialised with sorted keys, two-space indentation and a final newline", () => {
    for (const text of [providersText, modelsText]) {
      expect(`${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`).toBe(text);
    }
  });

  it("list providers by name, models by id, and each model's providers by name", () => {
    const providers = JSON.parse(providersText).data as Array<{ name: string }>;
    const models = JSON.parse(modelsText).data as Array<{ id: string; providers: Entry[] }>;
    expect(sorted(providers.map((provider) => provider.name))).toBe(true);
    expect(sorted(models.map((model) => model.id))).toBe(true);
    for (const model of models) expect(sorted(model.providers.map((entry) => entry.provider!)), model.id).toBe(true);
  });

  it("agree: each model-view entry is its provider-view entry, keyed by provider instead of id", () => {
    const fromProviders = new Map<string, Entry>();
    for (const provider of JSON.parse(providersText).data as Array<{ name: string; models: Entry[] }>) {
      for (const { id, ...entry } of provider.models) fromProviders.set(`${provider.name} ${id}`, entry);
    }
    let entries = 0;
    for (const model of JSON.parse(modelsText).data as Array<{ id: string; providers: Entry[] }>) {
      for (const { provider, ...entry } of model.providers) {
        expect(entry, `${provider} ${model.id}`).toEqual(fromProviders.get(`${provider} ${model.id}`));
        entries++;
      }
    }
    expect(entries).toBe(fromProviders.size);
  });

  it("have no entry field sorting between `provider` and `provider_model_id` (the model view inserts `provider` there)", () => {
    const keys = [...Object.keys(providerModelSchema.shape), "provider"];
    expect(keys.filter((key) => key > "provider" && key < "provider_model_id")).toEqual([]);
  });
});

/** Writes one view of `collector` to a string, as the build streams it. */
function written(collector: SnapshotCollector, what: "providers" | "models", view: ViewName): string {
  const parts: string[] = [];
  const sink = {
    text: (text: string) => parts.push(text),
    bytes: (bytes: Buffer, start: number, end: number) => parts.push(bytes.toString("utf8", start, end)),
  };
  if (what === "providers") collector.writeProvidersView(sink, view);
  else collector.writeModelsView(sink, view);
  return parts.join("");
}

/**
 * A registry read the way `validate` hands it to the build: each file parsed
 * (the `yaml` package resolves the corpus's anchors), canonical models file
 * by file, providers in path order.
 */
function collect(root: string, views: ViewName[]): SnapshotCollector {
  const collector = new SnapshotCollector(views);
  const modelsDir = join(root, "models");
  if (existsSync(modelsDir)) {
    for (const file of readdirSync(modelsDir).sort()) collector.onCanonical({ models: parse(readFileSync(join(modelsDir, file), "utf8")) as unknown[] });
  } else {
    collector.onCanonical(parse(readFileSync(join(root, "canonical.yaml"), "utf8")) as { models: unknown[] });
  }
  for (const file of readdirSync(join(root, "providers")).sort())
    collector.onProvider(`providers/${file}`, parse(readFileSync(join(root, "providers", file), "utf8")));
  return collector;
}

describe("the router view", () => {
  const BITROUTER = join(CORPORA, "bitrouter");

  it("is byte for byte the dist the router fetches, from the bitrouter corpus", () => {
    const collector = collect(join(BITROUTER, "registry"), ["router"]);
    expect(written(collector, "providers", "router")).toBe(readFileSync(join(BITROUTER, "dist/registry/providers.json"), "utf8"));
    expect(written(collector, "models", "router")).toBe(readFileSync(join(BITROUTER, "dist/registry/models.json"), "utf8"));
    expect(collector.warnings).toEqual([]);
  });

  it("holds the provider models outside the canonical list in the provider view only", () => {
    const collector = collect(join(BITROUTER, "registry"), ["router"]);
    const canonical = new Set((JSON.parse(written(collector, "models", "router")).data as Array<{ id: string }>).map((model) => model.id));
    const uncurated = (JSON.parse(written(collector, "providers", "router")).data as Array<{ models: Entry[] }>).flatMap((provider) =>
      provider.models.filter((entry) => !canonical.has(entry.id!)),
    );
    // 28 entries naming 11 ids the curated list does not hold.
    expect(uncurated).toHaveLength(28);
    expect(new Set(uncurated.map((entry) => entry.id)).size).toBe(11);
  });

  it("is the v2 view on upstream, in the router's spelling", () => {
    const collector = collect(join(CORPORA, "upstream"), ["v2", "router"]);
    expect(written(collector, "providers", "v2")).toBe(readFileSync(join(CORPORA, "upstream/dist/providers.json"), "utf8"));
    expect(written(collector, "models", "v2")).toBe(readFileSync(join(CORPORA, "upstream/dist/models.json"), "utf8"));
    const v2 = JSON.parse(written(collector, "providers", "v2")).data as Array<Record<string, unknown>>;
    const router = JSON.parse(written(collector, "providers", "router")).data as Array<Record<string, unknown>>;
    expect(router.map((provider) => provider.name)).toEqual(v2.map((provider) => provider.name));
    router.forEach((provider, i) => {
      const { billing, required_config, protocol_endpoints, auto_sync: _dropped, ...rest } = v2[i]!;
      expect(provider.billing).toBe(billing === "token" ? "usage_token" : billing);
      expect(provider.required_config).toEqual(
        required_config ??
          ({ api_key: ["api_key"], local_oauth: ["local_oauth"], local_pkce: ["local_pkce"], private: [] } as Record<string, string[]>)[
            provider.access as string
          ],
      );
      expect(
        Object.keys((provider.protocol_endpoints as object | undefined) ?? {}).every((key) =>
          ["chat_completions", "messages", "generate_content", "responses"].includes(key),
        ),
        provider.name as string,
      ).toBe(true);
      expect(Object.values((provider.protocol_endpoints as object | undefined) ?? {})).toEqual(Object.values((protocol_endpoints as object | undefined) ?? {}));
      expect(provider).not.toHaveProperty("auto_sync");
      expect(provider).toMatchObject(rest);
    });
  });
});

describe("formatF64", () => {
  it("writes a number as serde_json writes an f64", () => {
    const cases: Array<[number, string]> = [
      [2, "2.0"],
      [0, "0.0"],
      [-0, "-0.0"],
      [0.125, "0.125"],
      [12.5, "12.5"],
      [100, "100.0"],
      [0.1 + 0.2, "0.30000000000000004"],
      [0.0001, "0.0001"],
      [0.00001, "0.00001"],
      [0.000001, "1e-6"],
      [0.0000015, "1.5e-6"],
      [1e-7, "1e-7"],
      [1e15, "1000000000000000.0"],
      [1e16, "1e16"],
      [1.5e16, "1.5e16"],
      [123456789012345680, "1.2345678901234568e17"],
      [1e21, "1e21"],
      [5e-324, "5e-324"],
      [Number.MAX_VALUE, "1.7976931348623157e308"],
    ];
    for (const [value, text] of cases) expect(formatF64(value), String(value)).toBe(text);
    expect(() => formatF64(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => formatF64(Number.NaN)).toThrow(RangeError);
  });
});

describe("each view holds only what its router generation reads", () => {
  // Data as the router's registry writes it (SOURCE.md), fed as validate hands it on.
  const acme = {
    name: "acme_eu",
    status: "active",
    billing: "usage_token",
    access: "private",
    api_base: "https://api.acme.example/v1",
    metadata: { name: "Acme", slug: "acme", headquarters: "DE", datacenters: ["EU"] },
    protocol_endpoints: {
      chat_completions: "https://api.acme.example/v1",
      messages: "https://api.acme.example/anthropic",
      antigravity: "https://cloudcode.acme.example",
    },
    auto_sync: { feed: "agentic", urls: ["https://acme.example/models"] },
    api_protocol: [{ "*": "openai" }, { "gem-*": "antigravity" }, { "duo-*": ["antigravity", "anthropic"] }],
    weight: 0.5,
    models: [
      {
        id: "acme/alpha",
        provider_model_id: "alpha",
        reasoning_effort: { levels: ["low", "high"], default: "high" },
        compatibility: { chat_completions: { token_limit_field: "max_tokens" } },
        pricing: { input_tokens: { no_cache: 2 }, output_tokens: { text: 8 } },
      },
      { id: "acme/gem", provider_model_id: "gem-1" },
      { id: "acme/duo", provider_model_id: "duo-1" },
    ],
  };
  const discovering = {
    name: "discover",
    status: "active",
    required_config: ["api_key", "base_url"],
    api_protocol: [{ "*": ["antigravity", "openai"] }, { "x-*": "antigravity" }],
    rate_limits: [{ "*": { requests_per_minute: 4294967295 } }],
    models: [],
  };
  const placeholder = {
    name: "azure",
    status: "active",
    api_base: "https://${AZURE_RESOURCE}.openai.azure.com/v1",
    models: [{ id: "acme/alpha", provider_model_id: "alpha" }],
  };
  const canonical = [{ id: "acme/alpha", input_modalities: ["text", "video"] }, { id: "acme/gem" }, { id: "acme/duo" }];

  function build(): SnapshotCollector {
    const collector = new SnapshotCollector(["v2", "router"]);
    collector.onCanonical({ models: canonical });
    for (const provider of [acme, placeholder, discovering]) collector.onProvider(`providers/${provider.name}.yaml`, structuredClone(provider));
    return collector;
  }

  it("v2: aliases where one exists, otherwise left out with a warning naming it", () => {
    const collector = build();
    const providers = JSON.parse(written(collector, "providers", "v2")).data as Array<Record<string, unknown>>;
    const models = JSON.parse(written(collector, "models", "v2")).data as Array<Record<string, unknown>>;
    // azure's placeholders and discover's missing api_base are beyond v2: both left out.
    expect(providers.map((provider) => provider.name)).toEqual(["acme_eu"]);
    const [provider] = providers;
    expect(provider).toMatchObject({ billing: "token", weight: 0.5, byok: false, metadata: acme.metadata });
    expect(provider!.protocol_endpoints).toEqual({ openai: "https://api.acme.example/v1", anthropic: "https://api.acme.example/anthropic" });
    expect(provider).not.toHaveProperty("auto_sync");
    expect(provider).not.toHaveProperty("required_config");
    expect(provider!.models).toEqual([
      {
        api_protocol: "openai",
        compatibility: acme.models[0]!.compatibility,
        id: "acme/alpha",
        pricing: acme.models[0]!.pricing,
        provider_model_id: "alpha",
        reasoning_effort: acme.models[0]!.reasoning_effort,
      },
      { api_protocol: ["anthropic"], id: "acme/duo", provider_model_id: "duo-1" },
    ]);
    expect(models.find((model) => model.id === "acme/alpha")!.input_modalities).toEqual(["text"]);
    expect(collector.warnings.map(({ view, subject, message }) => `${view} ${subject}: ${message}`)).toEqual([
      "v2 providers/acme_eu.yaml: protocol_endpoints.antigravity: v2 routers do not know the protocol: left out",
      "v2 providers/acme_eu.yaml: auto_sync feed `agentic` is unknown to v2 routers: auto_sync left out",
      "v2 providers/acme_eu.yaml: model acme/gem: its protocols (`antigravity`) are unknown to v2 routers: entry left out of the v2 view",
      "v2 providers/acme_eu.yaml: model acme/duo: `antigravity` unknown to v2 routers: left out of its api_protocol",
      "v2 providers/azure.yaml: api_base https://${AZURE_RESOURCE}.openai.azure.com/v1 has placeholders v2 routers do not fill: provider left out of the v2 view",
      "v2 providers/discover.yaml: no api_base (v2 routers require one): provider left out of the v2 view",
      "v2 canonical model acme/alpha: input_modalities `video` unknown to v2 routers: left out",
    ]);
  });

  it("router: every value as written, in the router's spelling, patterns kept for a provider that discovers its models", () => {
    const collector = build();
    const text = written(collector, "providers", "router");
    const providers = JSON.parse(text).data as Array<Record<string, unknown>>;
    expect(providers.map((provider) => provider.name)).toEqual(["acme_eu", "azure", "discover"]);
    const [provider, azure, discover] = providers;
    expect(provider).toMatchObject({ billing: "usage_token", required_config: [], metadata: acme.metadata });
    expect(provider!.protocol_endpoints).toEqual({
      chat_completions: "https://api.acme.example/v1",
      messages: "https://api.acme.example/anthropic",
      antigravity: "https://cloudcode.acme.example",
    });
    expect(provider).not.toHaveProperty("auto_sync");
    expect((provider!.models as Entry[]).map((entry) => entry.api_protocol)).toEqual(["openai", "antigravity", ["antigravity", "anthropic"]]);
    expect(azure).toMatchObject({ api_base: placeholder.api_base, required_config: ["api_key"], billing: "usage_token" });
    expect(discover).toMatchObject({
      required_config: ["api_key", "base_url"],
      api_protocol: discovering.api_protocol,
      rate_limits: discovering.rate_limits,
      models: [],
    });
    expect(discover).not.toHaveProperty("api_base");
    // Prices and weight as f64, integers as integers.
    expect(text).toContain('"weight": 0.5\n');
    expect(text).toContain('"no_cache": 2.0\n');
    expect(text).toContain('"text": 8.0\n');
    expect(text).toContain('"weight": 1.0\n');
    expect(text).toContain('"requests_per_minute": 4294967295\n');
    expect(collector.warnings.filter((warning) => warning.view === "router")).toEqual([]);
    const models = JSON.parse(written(collector, "models", "router")).data as Array<Record<string, unknown>>;
    expect(models.find((model) => model.id === "acme/alpha")!.input_modalities).toEqual(["text", "video"]);
  });

  it("v2 keeps a discovering provider's patterns too, minus the protocols it cannot read", () => {
    const collector = new SnapshotCollector(["v2"]);
    collector.onCanonical({ models: canonical });
    collector.onProvider("providers/discover.yaml", { ...structuredClone(discovering), api_base: "https://discover.example/v1" });
    const [discover] = JSON.parse(written(collector, "providers", "v2")).data as Array<Record<string, unknown>>;
    expect(discover).toMatchObject({
      api_protocol: [{ "*": ["openai"] }],
      rate_limits: discovering.rate_limits,
      required_config: ["api_key", "base_url"],
      models: [],
    });
    expect(collector.warnings.map((warning) => warning.message)).toEqual([
      'api_protocol pattern "*": `antigravity` unknown to v2 routers: left out',
      'api_protocol pattern "x-*": `antigravity` unknown to v2 routers: left out',
    ]);
  });
});

describe("the fields of SPEC §9 in the views", () => {
  // Shapes only: the numbers exercise the rendering and are no provider's published prices.
  const provider = {
    name: "acme",
    status: "active",
    api_base: "https://api.acme.example/v1",
    models: [
      {
        id: "acme/alpha",
        provider_model_id: "alpha",
        max_input_tokens: 100000,
        max_output_tokens: 8192,
        deprecation_date: "2026-10-01",
        retirement_date: "2027-01-01",
        replacement: "acme/beta",
        pricing: {
          input_tokens: { no_cache: 2, cache_write_1h: 4, image: 2, audio: 10, video: 1 },
          output_tokens: { text: 8, image: 40, audio: 20 },
          service_tiers: { batch: { multiplier: 0.5 }, priority: { input_tokens: { no_cache: 3 }, output_tokens: { text: 12 } } },
          per_request: 1,
          per_image: 0.04,
          per_1k_calls: { web_search: 10, file_search: 2.5 },
        },
        pricing_history: [{ effective_until: "2026-06-01", input_tokens: { no_cache: 3 }, output_tokens: { text: 9 } }],
        pricing_schedule: [{ effective_from: "2027-01-01", input_tokens: { no_cache: 1 }, output_tokens: { text: 4 } }],
      },
    ],
  };
  const canonical = [
    { id: "acme/alpha", max_input_tokens: 200000, aliases: ["acme/alpha-latest"] },
    { id: "acme/beta", max_input_tokens: 200000 },
  ];

  function build(): SnapshotCollector {
    const collector = new SnapshotCollector(["v2", "router"]);
    collector.onCanonical({ models: canonical });
    collector.onProvider("providers/acme.yaml", structuredClone(provider));
    return collector;
  }

  it.each(["v2", "router"] as const)("%s carries them as written: the served limit on the entry, the canonical one on the model", (view) => {
    const collector = build();
    const entry = (JSON.parse(written(collector, "providers", view)).data[0].models as Entry[])[0]!;
    expect(entry).toEqual({ ...(sortKeys(provider.models[0]) as Entry), api_protocol: "openai" });
    expect(collector.warnings).toEqual([]);
    const model = JSON.parse(written(collector, "models", view)).data[0];
    expect(model).toMatchObject({ id: "acme/alpha", max_input_tokens: 200000, aliases: ["acme/alpha-latest"] });
    expect(model.providers[0]).toMatchObject({ provider: "acme", max_input_tokens: 100000, max_output_tokens: 8192 });
  });

  it("router: every new price written as an f64, integers and dates untouched", () => {
    const text = written(build(), "providers", "router");
    for (const field of ["no_cache", "cache_write_1h", "image", "audio", "video", "text", "multiplier", "per_request", "web_search"]) {
      expect(text, field).toMatch(new RegExp(`"${field}": \\d+\\.\\d+[,\\n]`));
    }
    expect(text).not.toMatch(/"(?:image|audio|text|no_cache)": \d+[,\n]/);
    expect(text).toContain('"max_input_tokens": 100000,');
    expect(text).toContain('"per_request": 1.0');
    expect(text).toContain('"effective_from": "2027-01-01"');
  });
});
