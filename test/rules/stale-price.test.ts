import { describe, expect, it } from "vitest";
import { todayUtc } from "../../scripts/lib/rules/stale-price.ts";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

/** The fixtures' dates are relative to this day: 2026-06-03 is 181 days before it, 2026-06-04 180. */
const TODAY = "2026-12-01";

describeRuleFixtures("stale-price", { today: TODAY });

const priced = (verifiedAt: string) =>
  `  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing:\n      verified_at: ${verifiedAt}\n      output_tokens: {text: 10}\n`;

describe("stale-price", () => {
  it("ages with the real date when no day is given", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/old.yaml": providerYaml("old", "", priced("2020-01-01")) }));
    expect(report.problems).toMatchObject([{ rule: "stale-price", severity: "warning", path: ["models", 0, "pricing", "verified_at"] }]);
    const fresh = await validateDirectory(writeRegistry({ "providers/fresh.yaml": providerYaml("fresh", "", priced(todayUtc())) }));
    expect(fresh.problems).toEqual([]);
  });

  it("says nothing of an entry with a date but no price", async () => {
    const dated = "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing:\n      verified_at: 2020-01-01\n";
    const report = await validateDirectory(writeRegistry({ "providers/dated.yaml": providerYaml("dated", "", dated) }), { today: TODAY });
    expect(report.problems).toEqual([]);
  });

  it("is a warning, never an error", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/old.yaml": providerYaml("old", "", priced("2026-01-01")) }), { today: TODAY });
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
  });
});
