import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

/** The fixtures' dates are relative to this day: 2026-12-01 is due, 2026-12-02 is not yet. */
const TODAY = "2026-12-01";

describeRuleFixtures("scheduled-price-due", { today: TODAY });

const scheduled = (from: string) =>
  `  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing: {output_tokens: {text: 10}}\n    pricing_schedule:\n      - effective_from: ${from}\n        output_tokens: {text: 12}\n`;

describe("scheduled-price-due", () => {
  it("is a warning that names the promote-price command for the entry", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/acme.yaml": providerYaml("acme", "", scheduled("2026-11-30")) }), { today: TODAY });
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(report.problems[0]!.message).toContain("`manage promote-price acme openai/gpt-4o`");
  });

  it("ages with the real date when no day is given", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/acme.yaml": providerYaml("acme", "", scheduled("2020-01-01")) }));
    expect(report.problems).toMatchObject([{ rule: "scheduled-price-due" }]);
    const ahead = await validateDirectory(writeRegistry({ "providers/acme.yaml": providerYaml("acme", "", scheduled("2999-01-01")) }));
    expect(ahead.problems).toEqual([]);
  });
});
