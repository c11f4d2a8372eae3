/**
 * `diff` on the fields of SPEC §9, from a real git history (the upstream
 * corpus committed as `main`, then edited): a scheduled price is shown
 * against the price in force with the day it starts, new units and tiers
 * are prices like the others, a retirement date needs review and a removed
 * alias is breaking.
 */
import { describe, expect, it } from "vitest";
import { commitAll, diffJson, edit, upstreamRepo } from "./repo.ts";

const FILE = "providers/deepseek.yaml";
const V4_PRO_PRICE = "        no_cache: 1.74\n        cache_read: 0.145\n      output_tokens:\n        text: 3.48\n";

describe("diff: dated prices", () => {
  it("shows a scheduled price against the price in force, with its day, for review", () => {
    const { root } = upstreamRepo();
    // The numbers exercise the diff; they are not an announcement of deepseek's.
    edit(
      root,
      FILE,
      V4_PRO_PRICE,
      `${V4_PRO_PRICE}      source: https://api-docs.deepseek.com/quick_start/pricing\n    pricing_schedule:\n      - effective_from: 2027-01-01\n        source: https://api-docs.deepseek.com/news\n        input_tokens:\n          no_cache: 2.61\n        output_tokens:\n          text: 3.48\n`,
    );
    const report = diffJson(root);
    const scheduled = report.changes.filter((change: { field?: string }) => change.field?.startsWith("pricing_schedule"));
    expect(scheduled).toEqual([
      {
        kind: "model-changed",
        severity: "review",
        provider: "deepseek",
        model: "deepseek/deepseek-v4-pro",
        field: "pricing_schedule.0.effective_from",
        after: "2027-01-01",
        reason: "scheduled price now takes effect from 2027-01-01",
      },
      {
        kind: "model-changed",
        severity: "review",
        provider: "deepseek",
        model: "deepseek/deepseek-v4-pro",
        field: "pricing_schedule.0.source",
        after: "https://api-docs.deepseek.com/news",
        reason: "scheduled price from 2027-01-01: `source` changed",
      },
      {
        kind: "model-changed",
        severity: "review",
        provider: "deepseek",
        model: "deepseek/deepseek-v4-pro",
        field: "pricing_schedule.0.input_tokens.no_cache",
        after: 2.61,
        reason: "scheduled price change from 2027-01-01: `input_tokens.no_cache` 1.74 → 2.61 (+50%) against the price in force",
      },
      {
        kind: "model-changed",
        severity: "review",
        provider: "deepseek",
        model: "deepseek/deepseek-v4-pro",
        field: "pricing_schedule.0.output_tokens.text",
        after: 3.48,
        reason: "scheduled price change from 2027-01-01: `output_tokens.text` 3.48 → 3.48 (±0%) against the price in force",
      },
    ]);
    expect(report.summary.review).toBeGreaterThanOrEqual(4);
  });

  it("reviews an unsourced change to a past price, and treats a new unit or tier rate as a price", () => {
    const { root } = upstreamRepo();
    edit(
      root,
      FILE,
      V4_PRO_PRICE,
      `        no_cache: 1.74\n        cache_read: 0.145\n        audio: 3\n      output_tokens:\n        text: 3.48\n      per_1k_calls:\n        web_search: 10\n      service_tiers:\n        batch:\n          multiplier: 0.5\n    pricing_history:\n      - effective_until: 2026-05-01\n        input_tokens:\n          no_cache: 2\n        output_tokens:\n          text: 4\n`,
    );
    const report = diffJson(root);
    const fields = report.changes.map((change: { field?: string; severity: string }) => [change.field, change.severity]);
    expect(fields).toEqual([
      ["pricing.input_tokens.audio", "review"],
      ["pricing.service_tiers.batch.multiplier", "review"],
      ["pricing.per_1k_calls.web_search", "review"],
      ["pricing_history.0.effective_until", "info"],
      ["pricing_history.0.input_tokens.no_cache", "review"],
      ["pricing_history.0.output_tokens.text", "review"],
    ]);
    for (const change of report.changes.filter((change: { severity: string }) => change.severity === "review")) {
      expect(change.reason).toContain("no `pricing.source`");
    }
  });
});

describe("diff: lifecycle and aliases", () => {
  it("reviews a retirement date, lists caps and a replacement as info", () => {
    const { root } = upstreamRepo();
    edit(
      root,
      FILE,
      "    provider_model_id: deepseek-v4-flash\n",
      "    provider_model_id: deepseek-v4-flash\n    retirement_date: 2027-03-01\n    replacement: deepseek/deepseek-v4-pro\n    max_output_tokens: 8192\n",
    );
    const report = diffJson(root);
    expect(report.changes.map((change: { field?: string; severity: string }) => [change.field, change.severity])).toEqual([
      ["retirement_date", "review"],
      ["replacement", "info"],
      ["max_output_tokens", "info"],
    ]);
    expect(report.changes[0]!.reason).toBe("`retirement_date` changed: calls to this model fail from that day");
  });

  it("calls a removed alias breaking and an added one info", () => {
    const { repo, root } = upstreamRepo();
    edit(root, "canonical.yaml", "  - id: deepseek/deepseek-v4-pro\n", "  - id: deepseek/deepseek-v4-pro\n    aliases: [deepseek/deepseek-v4-pro-latest]\n");
    const added = diffJson(root);
    expect(added.changes).toMatchObject([{ kind: "canonical-changed", severity: "info", field: "aliases", after: ["deepseek/deepseek-v4-pro-latest"] }]);
    commitAll(repo, "alias");
    edit(root, "canonical.yaml", "    aliases: [deepseek/deepseek-v4-pro-latest]\n", "");
    const removed = diffJson(root);
    expect(removed.changes).toEqual([
      {
        kind: "canonical-changed",
        severity: "breaking",
        model: "deepseek/deepseek-v4-pro",
        field: "aliases",
        before: ["deepseek/deepseek-v4-pro-latest"],
        reason: "alias removed (`deepseek/deepseek-v4-pro-latest`): lookups by it stop resolving",
      },
    ]);
  });
});
