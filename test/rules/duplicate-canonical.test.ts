import { describe, expect, it } from "vitest";
import { describeRuleFixtures, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("duplicate-canonical");

describe("duplicate-canonical", () => {
  it("points every repeat at the first declaration", async () => {
    const canonical = "models:\n  - id: openai/gpt-4o\n  - id: openai/gpt-4o\n  - id: openai/gpt-4o\n";
    const report = await validateDirectory(writeRegistry({ "canonical.yaml": canonical }));
    expect(report.problems.map((problem) => [problem.line, problem.column, problem.message])).toEqual([
      [3, 9, expect.stringContaining("already declared at models[0]")],
      [4, 9, expect.stringContaining("already declared at models[0]")],
    ]);
  });
});
