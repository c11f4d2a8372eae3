/**
 * Every change kind and severity of `diff`, each from a real git history:
 * the upstream corpus committed as `main`, then edited in the working tree.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitAll, diffJson, edit, git, runDiff, upstreamRepo } from "./repo.ts";

/** SPEC §9: the upstream corpus names no price sources, so every price change there needs review. */
const UNSOURCED = "price changed with no `pricing.source` (the entry's or the provider's): check it against the provider's public price page";

describe("diff: no change", () => {
  it("reports an unchanged working tree as zero changes, with both sides valid", () => {
    const { repo, root } = upstreamRepo();
    const report = diffJson(root, ["--fail-on", "review"]);
    expect(report).toEqual({
      base: { ref: "main", commit: git(repo, "rev-parse", "main").trim(), ok: true, errors: 0, warnings: 19, unloaded: [] },
      head: { ref: "working tree", ok: true, errors: 0, warnings: 19, unloaded: [] },
      summary: { breaking: 0, review: 0, info: 0, provider_files: [], not_compared: [] },
      changes: [],
    });
  });

  it("ignores edits that change no data: comments, key order, number spelling", () => {
    const { root } = upstreamRepo();
    edit(root, "providers/deepseek.yaml", "# Pricing is per 1M tokens.\n", "# Pricing is per 1M tokens (USD).\n");
    edit(root, "providers/deepseek.yaml", "        text: 3.48\n", "        text: 3.480\n");
    edit(
      root,
      "canonical.yaml",
      "    input_modalities:\n      - text\n      - image\n    output_modalities:\n      - text\n    max_input_tokens: 128000\n    max_output_tokens: 16384\n    release_date: 2026-04-23",
      "    input_modalities: [image, text]\n    output_modalities:\n      - text\n    max_output_tokens: 16384\n    max_input_tokens: 128000\n    release_date: 2026-04-23",
    );
    const report = diffJson(root);
    expect(report.changes).toEqual([]);
    // The bytes did change: the file is still named as touched.
    expect(report.summary).toEqual({ breaking: 0, review: 0, info: 0, provider_files: ["providers/deepseek.yaml"], not_compared: [] });
  });
});

describe("diff: provider-changed", () => {
  it("classifies each top-level field: leaving active is breaking, endpoints and credentials need review, the rest is info", () => {
    const { root } = upstreamRepo();
    const file = "providers/deepseek.yaml";
    edit(root, file, "status: active\n", "status: staging\n");
    edit(root, file, "api_base: https://api.deepseek.com\n", "api_base: https://api.deepseek-mirror.net/v1\n");
    edit(root, file, "weight: 1\n", "weight: 0.5\n");
    edit(
      root,
      file,
      "submitted_at: 2026-05-25\n",
      "submitted_at: 2026-05-25\naccess: private\nprotocol_endpoints:\n  anthropic: https://api.deepseek.com/anthropic\nauth:\n  kind: bearer\n  env: DEEPSEEK_API_KEY\n",
    );
    const report = diffJson(root);
    expect(report.changes).toEqual([
      {
        kind: "provider-changed",
        severity: "breaking",
        provider: "deepseek",
        field: "status",
        before: "active",
        after: "staging",
        reason: "provider leaves `active` (now `staging`): it is no longer routable",
      },
      {
        kind: "provider-changed",
        severity: "review",
        provider: "deepseek",
        field: "access",
        after: "private",
        reason: "`access` changed: requests go elsewhere or authenticate differently",
      },
      {
        kind: "provider-changed",
        severity: "review",
        provider: "deepseek",
        field: "api_base",
        before: "https://api.deepseek.com",
        after: "https://api.deepseek-mirror.net/v1",
        reason: "`api_base` changed: requests go elsewhere or authenticate differently",
      },
      {
        kind: "provider-changed",
        severity: "review",
        provider: "deepseek",
        field: "protocol_endpoints",
        after: { anthropic: "https://api.deepseek.com/anthropic" },
        reason: "`protocol_endpoints` changed: requests go elsewhere or authenticate differently",
      },
      {
        kind: "provider-changed",
        severity: "review",
        provider: "deepseek",
        field: "auth",
        after: { kind: "bearer", env: "DEEPSEEK_API_KEY" },
        reason: "`auth` changed: requests go elsewhere or authenticate differently",
      },
      { kind: "provider-changed", severity: "info", provider: "deepseek", field: "weight", before: 1, after: 0.5 },
    ]);
    expect(report.summary).toEqual({ breaking: 1, review: 4, info: 1, provider_files: ["providers/deepseek.yaml"], not_compared: [] });
  });

  it("treats moving between two non-active states as info, and spelling out the default access as info", () => {
    const { repo, root } = upstreamRepo();
    edit(root, "providers/xai.yaml", "status: active\n", "status: staging\n");
    commitAll(repo, "xai goes to staging");
    edit(root, "providers/xai.yaml", "status: staging\n", "status: suspended\naccess: api_key\n");
    expect(diffJson(root).changes).toEqual([
      { kind: "provider-changed", severity: "info", provider: "xai", field: "status", before: "staging", after: "suspended" },
      { kind: "provider-changed", severity: "info", provider: "xai", field: "access", after: "api_key" },
    ]);
  });
});

describe("diff: provider-added and provider-removed", () => {
  it("lists a new provider and each of its models, holding new prices against the first-party price", () => {
    const { root } = upstreamRepo();
    writeFileSync(
      join(root, "providers/acme.yaml"),
      [
        "name: acme",
        "display_name: Acme Inference",
        "status: staging",
        "kind: third_party",
        "api_base: https://api.acme-inference.net/v1",
        "models:",
        "  - id: openai/gpt-oss-120b",
        "    provider_model_id: gpt-oss-120b",
        "    pricing:",
        "      input_tokens:",
        "        no_cache: 0.1",
        "      output_tokens:",
        "        text: 0.5",
        "  - id: openai/gpt-5.4",
        "    provider_model_id: gpt-5.4",
        "    pricing:",
        "      input_tokens:",
        "        no_cache: 0.25",
        "      output_tokens:",
        "        text: 15",
        "",
      ].join("\n"),
    );
    const ossModel = {
      id: "openai/gpt-oss-120b",
      provider_model_id: "gpt-oss-120b",
      pricing: { input_tokens: { no_cache: 0.1 }, output_tokens: { text: 0.5 } },
    };
    const gptModel = { id: "openai/gpt-5.4", provider_model_id: "gpt-5.4", pricing: { input_tokens: { no_cache: 0.25 }, output_tokens: { text: 15 } } };
    const report = diffJson(root);
    expect(report.changes).toEqual([
      {
        kind: "provider-added",
        severity: "info",
        provider: "acme",
        after: {
          name: "acme",
          display_name: "Acme Inference",
          status: "staging",
          kind: "third_party",
          api_base: "https://api.acme-inference.net/v1",
          models: [ossModel, gptModel],
        },
      },
      // No first-party provider serves gpt-oss-120b: nothing to hold it against.
      { kind: "model-added", severity: "info", provider: "acme", model: "openai/gpt-oss-120b", after: ossModel },
      {
        kind: "model-added",
        severity: "review",
        provider: "acme",
        model: "openai/gpt-5.4",
        after: gptModel,
        reason: "pricing.input_tokens.no_cache 0.25 is below the cheapest first-party price 2.5 (openai)",
      },
    ]);
    expect(report.summary).toEqual({ breaking: 0, review: 1, info: 2, provider_files: ["providers/acme.yaml"], not_compared: [] });
  });

  it("reports a deleted provider file as one breaking removal", () => {
    const { root } = upstreamRepo();
    rmSync(join(root, "providers/xai.yaml"));
    const report = diffJson(root);
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({
      kind: "provider-removed",
      severity: "breaking",
      provider: "xai",
      before: { name: "xai", status: "active", api_base: "https://api.x.ai/v1" },
      reason: "provider removed: every route to it stops resolving",
    });
    expect((report.changes[0]!.before as { models: Array<{ id: string }> }).models.map((model) => model.id)).toEqual(["x-ai/grok-4.3", "x-ai/grok-4.20"]);
    expect(report.summary).toEqual({ breaking: 1, review: 0, info: 0, provider_files: ["providers/xai.yaml"], not_compared: [] });
  });
});

describe("diff: model-added, model-removed, model-changed", () => {
  it("reports a removed model as breaking and a new model at a plausible price as info", () => {
    const { root } = upstreamRepo();
    const file = "providers/deepseek.yaml";
    edit(
      root,
      file,
      "  - id: deepseek/deepseek-v4-flash\n    provider_model_id: deepseek-v4-flash\n    pricing:\n      input_tokens:\n        no_cache: 0.14\n        cache_read: 0.028\n      output_tokens:\n        text: 0.28\n    capabilities:\n      - reasoning\n      - tools\n",
      "  - id: deepseek/deepseek-v3.2\n    provider_model_id: deepseek-chat\n    pricing:\n      input_tokens:\n        no_cache: 0.28\n      output_tokens:\n        text: 0.42\n",
    );
    const report = diffJson(root);
    expect(report.changes).toEqual([
      {
        kind: "model-added",
        severity: "info",
        provider: "deepseek",
        model: "deepseek/deepseek-v3.2",
        after: {
          id: "deepseek/deepseek-v3.2",
          provider_model_id: "deepseek-chat",
          pricing: { input_tokens: { no_cache: 0.28 }, output_tokens: { text: 0.42 } },
        },
      },
      {
        kind: "model-removed",
        severity: "breaking",
        provider: "deepseek",
        model: "deepseek/deepseek-v4-flash",
        before: {
          id: "deepseek/deepseek-v4-flash",
          provider_model_id: "deepseek-v4-flash",
          capabilities: ["reasoning", "tools"],
          pricing: { input_tokens: { no_cache: 0.14, cache_read: 0.028 }, output_tokens: { text: 0.28 } },
        },
        reason: "model removed: routes to it through this provider stop resolving",
      },
    ]);
  });

  it("reports one change per leaf: provider_model_id is breaking, large or zero price moves need review, and so does any unsourced price change", () => {
    const { repo, root } = upstreamRepo();
    const file = "providers/deepseek.yaml";
    // The base carries a free cache read, so the head can price it.
    edit(root, file, "        cache_read: 0.028\n", "        cache_read: 0\n");
    commitAll(repo, "deepseek: cache reads are free for now");

    edit(root, file, "    provider_model_id: deepseek-v4-pro\n", "    provider_model_id: deepseek-v4-pro-0601\n");
    edit(root, file, "        no_cache: 1.74\n", "        no_cache: 0.174\n");
    edit(root, file, "        cache_read: 0.145\n", "        cache_read: 0.15\n");
    edit(root, file, "        text: 3.48\n", "        text: 0\n");
    edit(root, file, "        cache_read: 0\n", "        cache_read: 0.03\n");
    edit(
      root,
      file,
      "        text: 0.28\n    capabilities:\n      - reasoning\n      - tools\n",
      "        text: 0.42\n    capabilities:\n      - tools\n      - reasoning\n      - structured_outputs\n    rate_limits:\n      requests_per_minute: 500\n    deprecation_date: 2026-12-31\n",
    );
    const report = diffJson(root);
    const pro = { kind: "model-changed", provider: "deepseek", model: "deepseek/deepseek-v4-pro" } as const;
    const flash = { kind: "model-changed", provider: "deepseek", model: "deepseek/deepseek-v4-flash" } as const;
    expect(report.changes).toEqual([
      {
        ...pro,
        severity: "breaking",
        field: "provider_model_id",
        before: "deepseek-v4-pro",
        after: "deepseek-v4-pro-0601",
        reason: "provider_model_id changed: requests now reach a different upstream model",
      },
      {
        ...pro,
        severity: "review",
        field: "pricing.input_tokens.no_cache",
        before: 1.74,
        after: 0.174,
        delta_pct: -90,
        reason: `price moved −90% (a move of 50% or more: check the unit); ${UNSOURCED}`,
      },
      { ...pro, severity: "review", field: "pricing.input_tokens.cache_read", before: 0.145, after: 0.15, delta_pct: 3.4, reason: UNSOURCED },
      {
        ...pro,
        severity: "review",
        field: "pricing.output_tokens.text",
        before: 3.48,
        after: 0,
        delta_pct: -100,
        reason: `price dropped to 0 (was 3.48); ${UNSOURCED}`,
      },
      { ...flash, severity: "info", field: "rate_limits.requests_per_minute", after: 500 },
      { ...flash, severity: "info", field: "capabilities", before: ["reasoning", "tools"], after: ["tools", "reasoning", "structured_outputs"] },
      { ...flash, severity: "info", field: "deprecation_date", after: "2026-12-31" },
      { ...flash, severity: "review", field: "pricing.input_tokens.cache_read", before: 0, after: 0.03, reason: `price rose from 0 to 0.03; ${UNSOURCED}` },
      // Exactly +50% is at the threshold.
      {
        ...flash,
        severity: "review",
        field: "pricing.output_tokens.text",
        before: 0.28,
        after: 0.42,
        delta_pct: 50,
        reason: `price moved +50% (a move of 50% or more: check the unit); ${UNSOURCED}`,
      },
    ]);
    expect(report.summary).toEqual({ breaking: 1, review: 5, info: 3, provider_files: ["providers/deepseek.yaml"], not_compared: [] });
  });
});

describe("diff: context tiers", () => {
  it("walks tiers by index: a tier price is a price leaf, a new tier is one leaf per value", () => {
    const { root } = upstreamRepo();
    edit(
      root,
      "providers/tencent.yaml",
      "            cache_read: 0.24\n          output_tokens:\n            text: 4.8\n",
      "            cache_read: 0.24\n          output_tokens:\n            text: 48\n        - above_input_tokens: 1000000\n          input_tokens:\n            no_cache: 2.4\n          output_tokens:\n            text: 9.6\n",
    );
    const at = { kind: "model-changed", provider: "tencent", model: "minimax/minimax-m3" } as const;
    expect(diffJson(root).changes).toEqual([
      {
        ...at,
        severity: "review",
        field: "pricing.context_tiers.0.output_tokens.text",
        before: 4.8,
        after: 48,
        delta_pct: 900,
        reason: `price moved +900% (a move of 50% or more: check the unit); ${UNSOURCED}`,
      },
      { ...at, severity: "info", field: "pricing.context_tiers.1.above_input_tokens", after: 1000000 },
      { ...at, severity: "review", field: "pricing.context_tiers.1.input_tokens.no_cache", after: 2.4, reason: UNSOURCED },
      { ...at, severity: "review", field: "pricing.context_tiers.1.output_tokens.text", after: 9.6, reason: UNSOURCED },
    ]);
  });
});

describe("diff: prices against the first-party price", () => {
  it("flags a reseller's new price below the cheapest first-party price, even a small move", () => {
    const { root } = upstreamRepo();
    const file = "providers/openrouter.yaml";
    edit(
      root,
      file,
      "    provider_model_id: openai/gpt-5.4\n    pricing:\n      input_tokens:\n        no_cache: 2.5\n        cache_read: 0.25\n      output_tokens:\n        text: 15\n",
      "    provider_model_id: openai/gpt-5.4\n    pricing:\n      input_tokens:\n        no_cache: 2.6\n        cache_read: 0.25\n      output_tokens:\n        text: 14\n",
    );
    const at = { kind: "model-changed", provider: "openrouter", model: "openai/gpt-5.4" } as const;
    expect(diffJson(root).changes).toEqual([
      { ...at, severity: "review", field: "pricing.input_tokens.no_cache", before: 2.5, after: 2.6, delta_pct: 4, reason: UNSOURCED },
      {
        ...at,
        severity: "review",
        field: "pricing.output_tokens.text",
        before: 15,
        after: 14,
        delta_pct: -6.7,
        reason: `pricing.output_tokens.text 14 is below the cheapest first-party price 15 (openai); ${UNSOURCED}`,
      },
    ]);
  });

  it("does not hold a first-party provider's own price cut against itself", () => {
    const { root } = upstreamRepo();
    edit(
      root,
      "providers/openai.yaml",
      "    provider_model_id: gpt-5.4\n    pricing:\n      input_tokens:\n        no_cache: 2.5\n",
      "    provider_model_id: gpt-5.4\n    pricing:\n      input_tokens:\n        no_cache: 2\n",
    );
    expect(diffJson(root).changes).toEqual([
      {
        kind: "model-changed",
        severity: "review",
        provider: "openai",
        model: "openai/gpt-5.4",
        field: "pricing.input_tokens.no_cache",
        before: 2.5,
        after: 2,
        delta_pct: -20,
        reason: UNSOURCED,
      },
    ]);
  });
});

describe("diff: canonical-added, canonical-removed, canonical-changed", () => {
  it("reports canonical models by id: a removed id is breaking, new ids and edits are info", () => {
    const { repo, root } = upstreamRepo();
    const extra = "  - id: acme/retired-model\n    name: Retired model\n    input_modalities: [text]\n";
    edit(root, "canonical.yaml", "models:\n", `models:\n${extra}`);
    commitAll(repo, "canonical: an id nobody serves yet");

    edit(root, "canonical.yaml", extra, "  - id: acme/new-model\n    name: New model\n    max_input_tokens: 32768\n");
    edit(
      root,
      "canonical.yaml",
      "    max_input_tokens: 128000\n    max_output_tokens: 16384\n    release_date: 2026-04-23\n",
      "    max_input_tokens: 1050000\n    max_output_tokens: 16384\n    release_date: 2026-04-23\n",
    );
    edit(
      root,
      "canonical.yaml",
      '  - id: openai/gpt-5.4\n    name: "OpenAI: GPT-5.4"\n    input_modalities:\n      - text\n      - image\n',
      '  - id: openai/gpt-5.4\n    name: "OpenAI: GPT-5.4"\n    input_modalities:\n      - text\n      - image\n      - audio\n',
    );
    const report = diffJson(root);
    expect(report.changes).toEqual([
      { kind: "canonical-added", severity: "info", model: "acme/new-model", after: { id: "acme/new-model", name: "New model", max_input_tokens: 32768 } },
      {
        kind: "canonical-removed",
        severity: "breaking",
        model: "acme/retired-model",
        before: { id: "acme/retired-model", name: "Retired model", input_modalities: ["text"] },
        reason: "canonical id removed: routers and clients that name it stop resolving",
      },
      { kind: "canonical-changed", severity: "info", model: "openai/gpt-5.5", field: "max_input_tokens", before: 128000, after: 1050000 },
      {
        kind: "canonical-changed",
        severity: "info",
        model: "openai/gpt-5.4",
        field: "input_modalities",
        before: ["text", "image"],
        after: ["text", "image", "audio"],
      },
    ]);
    expect(report.summary).toEqual({ breaking: 1, review: 0, info: 3, provider_files: [], not_compared: [] });
  });
});

describe("diff: a change set touching several provider files", () => {
  it("adds one review item to the summary and names the files", () => {
    const { root } = upstreamRepo();
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.9\n");
    edit(root, "providers/xai.yaml", "weight: 1\n", "weight: 0.8\n");
    const report = diffJson(root);
    expect(report.changes.map((change) => [change.provider, change.field, change.severity])).toEqual([
      ["deepseek", "weight", "info"],
      ["xai", "weight", "info"],
    ]);
    expect(report.summary).toEqual({ breaking: 0, review: 1, info: 2, provider_files: ["providers/deepseek.yaml", "providers/xai.yaml"], not_compared: [] });
    expect(runDiff(root, ["--fail-on", "review"]).code).toBe(1);
    expect(runDiff(root, ["--fail-on", "breaking"]).code).toBe(0);
  });
});
