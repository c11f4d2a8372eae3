/**
 * `diff` after edits made through `manage` (the way maintainers change the
 * registry): every kind the commands can produce, with its severity.
 */
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers.ts";
import { commitAll, diffJson, GIT_ENV, runDiff, upstreamRepo } from "./repo.ts";

function manage(root: string, ...args: string[]): void {
  const result = runScript("manage", ["--root", root, ...args], { env: GIT_ENV });
  expect(result.stderr, args.join(" ")).toBe("");
  expect(result.code, args.join(" ")).toBe(0);
}

describe("diff after manage", () => {
  it("reports a maintainer's session change by change", () => {
    const { root } = upstreamRepo();
    manage(root, "update-model", "openrouter", "openai/gpt-5.4", "--output", "0.15");
    manage(root, "update-model", "deepseek", "deepseek/deepseek-v4-pro", "--provider-model-id", "deepseek-v4-pro-0601");
    manage(root, "remove-model", "xai", "x-ai/grok-4.20");
    manage(root, "add", "cerebras", "--api-base", "https://api.cerebras.example/v1", "--weight", "0.5");
    manage(root, "delete", "tinfoil", "--yes");
    manage(root, "add", "acme", "--status", "staging", "--api-base", "https://api.acme-inference.net/v1", "--kind", "third_party");
    manage(root, "add-model", "acme", "openai/gpt-5.4", "gpt-5.4", "--no-cache", "2.5", "--output", "1.5");
    manage(
      root,
      "canonical",
      "add",
      "acme/acme-1",
      "--name",
      "Acme 1",
      "--input-modalities",
      "text",
      "--output-modalities",
      "text",
      "--max-input-tokens",
      "32768",
      "--max-output-tokens",
      "4096",
    );

    const report = diffJson(root);
    expect(report.changes.map(({ kind, severity, provider, model, field }) => ({ kind, severity, provider, model, field }))).toEqual([
      { kind: "canonical-added", severity: "info", provider: undefined, model: "acme/acme-1", field: undefined },
      { kind: "provider-added", severity: "info", provider: "acme", model: undefined, field: undefined },
      { kind: "model-added", severity: "review", provider: "acme", model: "openai/gpt-5.4", field: undefined },
      { kind: "provider-changed", severity: "review", provider: "cerebras", model: undefined, field: "api_base" },
      { kind: "provider-changed", severity: "info", provider: "cerebras", model: undefined, field: "weight" },
      { kind: "model-changed", severity: "breaking", provider: "deepseek", model: "deepseek/deepseek-v4-pro", field: "provider_model_id" },
      { kind: "model-changed", severity: "review", provider: "openrouter", model: "openai/gpt-5.4", field: "pricing.output_tokens.text" },
      { kind: "provider-removed", severity: "breaking", provider: "tinfoil", model: undefined, field: undefined },
      { kind: "model-removed", severity: "breaking", provider: "xai", model: "x-ai/grok-4.20", field: undefined },
    ]);
    expect(report.changes.find((change) => change.provider === "openrouter")).toMatchObject({
      before: 15,
      after: 0.15,
      delta_pct: -99,
      reason:
        "price moved −99% (a move of 50% or more: check the unit); pricing.output_tokens.text 0.15 is below the cheapest first-party price 15 (openai); price changed with no `pricing.source` (the entry's or the provider's): check it against the provider's public price page",
    });
    expect(report.changes.find((change) => change.kind === "model-added")?.reason).toBe(
      "pricing.output_tokens.text 1.5 is below the cheapest first-party price 15 (openai)",
    );
    // Six provider files touched: one more review item.
    expect(report.summary).toEqual({
      breaking: 3,
      review: 4,
      info: 3,
      provider_files: [
        "providers/acme.yaml",
        "providers/cerebras.yaml",
        "providers/deepseek.yaml",
        "providers/openrouter.yaml",
        "providers/tinfoil.yaml",
        "providers/xai.yaml",
      ],
      not_compared: [],
    });
    expect(runDiff(root, ["--fail-on", "breaking"]).code).toBe(1);
  });

  it("sees a provider leave active and a removed canonical id", () => {
    const { repo, root } = upstreamRepo();
    manage(
      root,
      "canonical",
      "add",
      "acme/acme-1",
      "--name",
      "Acme 1",
      "--input-modalities",
      "text",
      "--output-modalities",
      "text",
      "--max-input-tokens",
      "32768",
      "--max-output-tokens",
      "4096",
    );
    commitAll(repo, "canonical: acme/acme-1");
    manage(root, "canonical", "remove", "acme/acme-1");
    manage(root, "add", "xai", "--status", "suspended");
    expect(diffJson(root).changes.map(({ kind, severity, model, field, before, after }) => ({ kind, severity, model, field, before, after }))).toEqual([
      {
        kind: "canonical-removed",
        severity: "breaking",
        model: "acme/acme-1",
        field: undefined,
        before: {
          id: "acme/acme-1",
          name: "Acme 1",
          input_modalities: ["text"],
          output_modalities: ["text"],
          max_input_tokens: 32768,
          max_output_tokens: 4096,
        },
        after: undefined,
      },
      { kind: "provider-changed", severity: "breaking", model: undefined, field: "status", before: "active", after: "suspended" },
    ]);
  });
});
