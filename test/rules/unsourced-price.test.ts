import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

// The fixtures turn the rule on in their registry.config.yaml.
describeRuleFixtures("unsourced-price");

const PRICED = "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing:\n      output_tokens: {text: 10}\n";

describe("unsourced-price", () => {
  it("is off by default: a registry without provenance stays quiet", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/bare.yaml": providerYaml("bare", "", PRICED) }));
    expect(report.problems).toEqual([]);
  });

  it("runs when --rule turns it on, at the severity asked for", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/bare.yaml": providerYaml("bare", "", PRICED) }), {
      severities: { "unsourced-price": "warning" },
    });
    expect(report.problems).toMatchObject([{ rule: "unsourced-price", severity: "warning", line: 7, column: 5, path: ["models", 0, "pricing"] }]);
  });

  it("takes the provider-level source and date for every entry that gives none", async () => {
    const provenance = "pricing:\n  source: https://bare.example.com/pricing\n  verified_at: 2026-11-01\n";
    const report = await validateDirectory(writeRegistry({ "providers/bare.yaml": providerYaml("bare", provenance, PRICED) }), {
      severities: { "unsourced-price": "error" },
    });
    expect(report.problems).toEqual([]);
  });
});
