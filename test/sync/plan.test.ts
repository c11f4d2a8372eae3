/** Mapping feed ids to canonical ids, and what a plan does and does not write. */
import { describe, expect, it } from "vitest";
import type { Provider } from "../../scripts/lib/schema.ts";
import { badId, checkPrice, modelsDevModels } from "../../scripts/lib/sync/feeds.ts";
import { CanonicalIndex } from "../../scripts/lib/sync/mapping.ts";
import { planProvider } from "../../scripts/lib/sync/plan.ts";

const canonical = new CanonicalIndex(["openai/gpt-5.4", "openai/gpt-5.4-mini", "deepseek/deepseek-v3.2", "qwen/qwen3.6-plus", "acme/qwen3.6-plus"]);

describe("CanonicalIndex", () => {
  it("maps a canonical id, then an unambiguous model slug, case-insensitively", () => {
    expect(canonical.map("openai/gpt-5.4")).toBe("openai/gpt-5.4");
    expect(canonical.map("gpt-5.4-mini")).toBe("openai/gpt-5.4-mini");
    expect(canonical.map("deepseek-ai/DeepSeek-V3.2")).toBe("deepseek/deepseek-v3.2");
    // Two orgs share the slug: no guess.
    expect(canonical.map("qwen3.6-plus")).toBeUndefined();
    expect(canonical.map("gpt-5")).toBeUndefined();
  });
});

describe("feed values", () => {
  it("rejects ids and prices that cannot be written", () => {
    expect(badId("gpt\u202e-5")).toBe("holds control, invisible or surrounding space characters");
    expect(badId("x".repeat(201))).toBe("is empty or longer than 200 characters");
    expect(checkPrice(Number.NaN)).toEqual({ ok: false, why: "is not finite" });
    expect(checkPrice(0.1 + 0.2)).toEqual({ ok: true, value: 0.3 });
    const feed = modelsDevModels(
      { p: { models: { "ok-model": { cost: { input: 1, output: 2 } }, "": {}, "bad-model": { cost: { input: Infinity, output: 2 } } } } },
      "p",
    );
    expect(feed).toEqual({
      ok: true,
      value: {
        models: [
          { id: "ok-model", prices: { "input_tokens.no_cache": 1, "output_tokens.text": 2 } },
          { id: "bad-model", prices: { "output_tokens.text": 2 } },
        ],
        rejected: ["a model id is empty or longer than 200 characters", "`bad-model` cost.input is not finite"],
      },
    });
    expect(modelsDevModels({}, "absent")).toEqual({ ok: false, error: "models.dev has no provider `absent`" });
  });
});

function provider(fields: Partial<Provider>): Provider {
  return { name: "p", status: "active", api_base: "https://api.example.com/v1", models: [], ...fields } as Provider;
}

describe("planProvider", () => {
  const declared = provider({
    models: [
      { id: "openai/gpt-5.4", provider_model_id: "gpt-5.4", pricing: { input_tokens: { no_cache: 2.5 }, output_tokens: { text: 15 } } },
      { id: "deepseek/deepseek-v3.2", provider_model_id: "deepseek-v3.2" },
    ],
  });
  const feed = [
    { id: "gpt-5.4", prices: { "input_tokens.no_cache": 2.5, "output_tokens.text": 14, "input_tokens.cache_write": 0 } },
    { id: "gpt-5.4-mini", prices: { "input_tokens.no_cache": 0.75, "output_tokens.text": 4.5 } },
    { id: "openai/gpt-5.4-mini", prices: { "input_tokens.no_cache": 0.75, "output_tokens.text": 4.5 } },
    { id: "mystery-model" },
  ];

  it("updates changed prices, adds mapped models once, reports dropped and unmapped ones", () => {
    expect(planProvider(declared, feed, canonical, new Set(["models", "pricing"]))).toEqual({
      edits: [
        { kind: "update", canonicalId: "openai/gpt-5.4", prices: { "output_tokens.text": 14 } },
        {
          kind: "add",
          canonicalId: "openai/gpt-5.4-mini",
          providerModelId: "gpt-5.4-mini",
          prices: { "input_tokens.no_cache": 0.75, "output_tokens.text": 4.5 },
        },
      ],
      dropped: ["deepseek/deepseek-v3.2"],
      unmapped: ["mystery-model"],
    });
  });

  it("honours writes, and never writes a subscription's per-token prices", () => {
    expect(planProvider(declared, feed, canonical, new Set(["models"])).edits).toEqual([
      { kind: "add", canonicalId: "openai/gpt-5.4-mini", providerModelId: "gpt-5.4-mini" },
    ]);
    expect(planProvider(declared, feed, canonical, new Set(["pricing"])).edits).toEqual([
      { kind: "update", canonicalId: "openai/gpt-5.4", prices: { "output_tokens.text": 14 } },
    ]);
    expect(planProvider(declared, feed, canonical, new Set()).edits).toEqual([]);
    expect(planProvider({ ...declared, billing: "subscription" }, feed, canonical, new Set(["models", "pricing"])).edits).toEqual([
      { kind: "add", canonicalId: "openai/gpt-5.4-mini", providerModelId: "gpt-5.4-mini" },
    ]);
  });
});
