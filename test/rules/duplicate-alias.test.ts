import { describe, expect, it } from "vitest";
import { describeRuleFixtures, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("duplicate-alias");

const canonical = (aliases: string) => `models:\n  - id: openai/gpt-4o\n    aliases: ${aliases}\n  - id: openai/gpt-4o-mini\n`;

describe("duplicate-alias", () => {
  it("is an error: an alias that shadows an id makes lookups ambiguous", async () => {
    const report = await validateDirectory(writeRegistry({ "canonical.yaml": canonical("[openai/gpt-4o-mini]") }));
    expect(report.ok).toBe(false);
    expect(report.problems).toMatchObject([{ rule: "duplicate-alias", severity: "error", path: ["models", 0, "aliases", 0] }]);
  });

  it("finds an alias that shadows an id declared after it in the same file", async () => {
    const report = await validateDirectory(
      writeRegistry({ "canonical.yaml": `models:\n  - id: openai/gpt-4o\n    aliases: [openai/gpt-4o-2024-05-13]\n  - id: openai/gpt-4o-2024-05-13\n` }),
    );
    expect(report.problems.map((problem) => problem.path)).toEqual([["models", 0, "aliases", 0]]);
  });

  it("accepts distinct aliases", async () => {
    const report = await validateDirectory(writeRegistry({ "canonical.yaml": canonical("[openai/gpt-4o-latest, openai/gpt-4o-2024-08-06]") }));
    expect(report.problems).toEqual([]);
  });
});
