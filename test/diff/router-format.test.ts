/**
 * `diff` on the fields and layout of the router's registry format (SPEC §2)
 * and on price provenance (SPEC §9), over real git histories.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitAll, diffJson, edit, routerRepo, upstreamRepo } from "./repo.ts";

const DEEPSEEK_PRICES = "https://api-docs.deepseek.com/quick_start/pricing";

describe("diff: price provenance", () => {
  it("holds a sourced price change to the usual checks, and an unsourced one to review", () => {
    const { repo, root } = upstreamRepo();
    const file = "providers/deepseek.yaml";
    // The provider names its price page once; the entries inherit it.
    edit(root, file, "models:\n", `pricing:\n  source: ${DEEPSEEK_PRICES}\nmodels:\n`);
    commitAll(repo, "deepseek: prices sourced");

    edit(root, file, "        cache_read: 0.145\n", "        cache_read: 0.15\n");
    edit(root, file, "        no_cache: 1.74\n", "        no_cache: 0.174\n");
    const pro = { kind: "model-changed", provider: "deepseek", model: "deepseek/deepseek-v4-pro" } as const;
    expect(diffJson(root).changes).toEqual([
      {
        ...pro,
        severity: "review",
        field: "pricing.input_tokens.no_cache",
        before: 1.74,
        after: 0.174,
        delta_pct: -90,
        reason: "price moved −90% (a move of 50% or more: check the unit)",
      },
      { ...pro, severity: "info", field: "pricing.input_tokens.cache_read", before: 0.145, after: 0.15, delta_pct: 3.4 },
    ]);
    commitAll(repo, "deepseek: new prices");

    // Dropping the provider's source makes the next small move an unsourced one.
    edit(root, file, `pricing:\n  source: ${DEEPSEEK_PRICES}\n`, "");
    edit(root, file, "        cache_read: 0.15\n", "        cache_read: 0.16\n");
    // An entry's own source is enough for that entry.
    edit(root, file, "        no_cache: 0.14\n", "        no_cache: 0.15\n");
    edit(
      root,
      file,
      "    provider_model_id: deepseek-v4-flash\n    pricing:\n",
      `    provider_model_id: deepseek-v4-flash\n    pricing:\n      source: ${DEEPSEEK_PRICES}\n`,
    );
    const changes = diffJson(root).changes;
    expect(changes.find((change) => change.field === "pricing")).toMatchObject({
      kind: "provider-changed",
      severity: "info",
      before: { source: DEEPSEEK_PRICES },
    });
    expect(changes.find((change) => change.model === "deepseek/deepseek-v4-pro" && change.field === "pricing.input_tokens.cache_read")).toMatchObject({
      severity: "review",
      reason: "price changed with no `pricing.source` (the entry's or the provider's): check it against the provider's public price page",
    });
    expect(changes.find((change) => change.model === "deepseek/deepseek-v4-flash" && change.field === "pricing.input_tokens.no_cache")).toMatchObject({
      severity: "info",
      before: 0.14,
      after: 0.15,
    });
    expect(changes.find((change) => change.model === "deepseek/deepseek-v4-flash" && change.field === "pricing.source")).toMatchObject({
      severity: "info",
      after: DEEPSEEK_PRICES,
    });
  });
});

describe("diff: the router format's fields", () => {
  it("classifies required_config and compatibility as review, metadata and reasoning_effort as info", () => {
    const { root } = upstreamRepo();
    const file = "providers/deepseek.yaml";
    edit(root, file, "name: deepseek\n", "name: deepseek\nrequired_config: [api_key]\nmetadata:\n  name: DeepSeek\n  slug: deepseek\n  headquarters: CN\n");
    edit(
      root,
      file,
      "    provider_model_id: deepseek-v4-pro\n",
      "    provider_model_id: deepseek-v4-pro\n    reasoning_effort:\n      levels: [low, high]\n      default: high\n    compatibility:\n      chat_completions:\n        token_limit_field: max_tokens\n",
    );
    const report = diffJson(root);
    expect(report.head.errors).toBe(0);
    const pro = { kind: "model-changed", provider: "deepseek", model: "deepseek/deepseek-v4-pro" } as const;
    expect(report.changes).toEqual([
      {
        kind: "provider-changed",
        severity: "review",
        provider: "deepseek",
        field: "required_config",
        after: ["api_key"],
        reason: "`required_config` changed: requests go elsewhere or authenticate differently",
      },
      {
        kind: "provider-changed",
        severity: "info",
        provider: "deepseek",
        field: "metadata",
        after: { name: "DeepSeek", slug: "deepseek", headquarters: "CN" },
      },
      { ...pro, severity: "info", field: "reasoning_effort.levels", after: ["low", "high"] },
      { ...pro, severity: "info", field: "reasoning_effort.default", after: "high" },
      {
        ...pro,
        severity: "review",
        field: "compatibility.chat_completions.token_limit_field",
        after: "max_tokens",
        reason: "`compatibility` changed: requests to this model are shaped differently (a wrong setting makes them fail)",
      },
    ]);
  });

  it("compares models/<org>.yaml files by canonical id, and reorders nothing that is a set", () => {
    const { repo, root } = routerRepo();
    const before = diffJson(root);
    expect(before.base.ok).toBe(true);
    expect(before.changes).toEqual([]);
    const file = join(root, "models/anthropic.yaml");
    const text = readFileSync(file, "utf8");
    writeFileSync(
      file,
      text.replace("  max_input_tokens: 1000000\n  max_output_tokens: 128000\n", "  max_input_tokens: 2000000\n  max_output_tokens: 128000\n"),
    );
    // Reordering reasoning levels changes no meaning.
    edit(root, "providers/anthropic.yaml", "      levels: [low, medium, high, xhigh, max]\n", "      levels: [max, xhigh, high, medium, low]\n");
    const report = diffJson(root);
    expect(report.changes).toEqual([
      { kind: "canonical-changed", severity: "info", model: "anthropic/claude-fable-5", field: "max_input_tokens", before: 1000000, after: 2000000 },
    ]);
    expect(report.summary.not_compared).toEqual([]);
    commitAll(repo, "fable: 2M context");
    // A new org file is a new set of canonical ids.
    writeFileSync(join(root, "models/acme.yaml"), "- id: acme/one\n  name: Acme One\n");
    expect(diffJson(root).changes).toEqual([{ kind: "canonical-added", severity: "info", model: "acme/one", after: { id: "acme/one", name: "Acme One" } }]);
  });

  it("reports canonical benchmarks leaf by leaf, as info", () => {
    const { root } = routerRepo();
    edit(
      root,
      "models/anthropic.yaml",
      "  family: claude-fable\n",
      "  family: claude-fable\n  benchmarks:\n    terminal_bench_2_1:\n      accuracy: 61.5\n      measured_by: bitrouter\n      as_of: 2026-08-01\n",
    );
    const report = diffJson(root);
    expect(report.head.errors).toBe(0);
    expect(report.changes).toEqual([
      { kind: "canonical-changed", severity: "info", model: "anthropic/claude-fable-5", field: "benchmarks.terminal_bench_2_1.accuracy", after: 61.5 },
      {
        kind: "canonical-changed",
        severity: "info",
        model: "anthropic/claude-fable-5",
        field: "benchmarks.terminal_bench_2_1.measured_by",
        after: "bitrouter",
      },
      { kind: "canonical-changed", severity: "info", model: "anthropic/claude-fable-5", field: "benchmarks.terminal_bench_2_1.as_of", after: "2026-08-01" },
    ]);
  });

  it("marks a registry.config.yaml severity change for review, rule by rule", () => {
    const { repo, root } = routerRepo();
    writeFileSync(join(root, "registry.config.yaml"), "rules:\n  unknown-canonical: warning\n  stale-price: off\n");
    expect(diffJson(root).changes).toEqual([
      {
        kind: "config-changed",
        severity: "review",
        field: "rules.stale-price",
        after: "off",
        reason: "a rule's severity changed: a rule lowered to `warning` or `off` no longer fails CI",
      },
    ]);
    commitAll(repo, "config: no stale-price");
    rmSync(join(root, "registry.config.yaml"));
    const report = diffJson(root);
    expect(report.changes.map(({ kind, field, before, after }) => ({ kind, field, before, after }))).toEqual([
      { kind: "config-changed", field: "rules.unknown-canonical", before: "warning", after: undefined },
      { kind: "config-changed", field: "rules.stale-price", before: "off", after: undefined },
    ]);
  });

  it("marks the canonical models moving from canonical.yaml to models/<org>.yaml for review, and compares them by id", () => {
    const { root } = upstreamRepo();
    const canonical = readFileSync(join(root, "canonical.yaml"), "utf8");
    // Split the list by org, entry text unchanged (each entry starts with `  - id: <org>/`).
    const entries = canonical.slice(canonical.indexOf("  - id:")).split(/\n(?= {2}- id: )/);
    const byOrg = new Map<string, string[]>();
    for (const entry of entries) {
      const org = /^ {2}- id: ([^/\s]+)\//.exec(entry)![1]!;
      byOrg.set(org, [...(byOrg.get(org) ?? []), entry.replace(/\n*$/, "\n")]);
    }
    mkdirSync(join(root, "models"));
    for (const [org, list] of byOrg) {
      // One level less indentation: a top-level sequence.
      writeFileSync(join(root, `models/${org}.yaml`), list.map((entry) => entry.replace(/^ {2}/gm, "")).join(""));
    }
    rmSync(join(root, "canonical.yaml"));
    const report = diffJson(root);
    expect(report.head.errors).toBe(0);
    expect(report.changes).toEqual([
      {
        kind: "layout-changed",
        severity: "review",
        before: "canonical-file",
        after: "models-directory",
        reason:
          "the canonical models moved between `canonical.yaml` and `models/<org>.yaml`: compared by id, check that none was dropped or changed on the way",
      },
    ]);
  });
});
