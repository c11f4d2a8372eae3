import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("model-lifecycle");

const entry = (fields: string) => `  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n${fields}`;

describe("model-lifecycle", () => {
  it("is a warning", async () => {
    const report = await validateDirectory(
      writeRegistry({ "providers/acme.yaml": providerYaml("acme", "", entry("    deprecation_date: 2026-02-01\n    retirement_date: 2026-01-01\n")) }),
    );
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it("accepts a retirement with no deprecation date, and a replacement among the canonical models", async () => {
    const report = await validateDirectory(
      writeRegistry({
        "providers/acme.yaml": providerYaml("acme", "", entry("    retirement_date: 2026-01-01\n    replacement: anthropic/claude-sonnet-4\n")),
      }),
    );
    expect(report.problems).toEqual([]);
  });
});
