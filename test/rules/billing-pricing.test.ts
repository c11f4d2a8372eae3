import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("billing-pricing");

const UNPRICED = "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n";

describe("billing-pricing", () => {
  it("holds `token` to the same rule as its alias `usage_token`", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/metered.yaml": providerYaml("metered", "billing: token\n", UNPRICED) }));
    expect(report.problems).toMatchObject([{ rule: "billing-pricing", severity: "warning", path: ["models", 0, "id"] }]);
  });

  it("counts a tier price or a zero as a per-token price on a subscription", async () => {
    const zero = "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing:\n      output_tokens: {text: 0}\n";
    const report = await validateDirectory(writeRegistry({ "providers/plan.yaml": providerYaml("plan", "billing: subscription\n", zero) }));
    expect(report.problems).toMatchObject([{ rule: "billing-pricing", path: ["models", 0, "pricing"] }]);
  });

  it("can be raised to an error, as the router's own registry has it", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/metered.yaml": providerYaml("metered", "billing: usage_token\n", UNPRICED) }), {
      severities: { "billing-pricing": "error" },
    });
    expect(report.problems).toMatchObject([{ rule: "billing-pricing", severity: "error" }]);
    expect(report.ok).toBe(false);
  });
});
