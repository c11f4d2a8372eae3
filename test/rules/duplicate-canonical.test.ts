import { rmSync } from "node:fs";
import { join } from "node:path";
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

  it("finds a repeat within a models/<org>.yaml file and across the files of that layout", async () => {
    const dir = writeRegistry({
      "models/openai.yaml": "- id: openai/gpt-4o\n- id: openai/gpt-4o\n",
      // A misplaced copy (canonical-org) is a duplicate too.
      "models/x-ai.yaml": "- id: openai/gpt-4o\n- id: x-ai/grok-4\n",
    });
    rmSync(join(dir, "canonical.yaml"));
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.file, problem.line, problem.column, problem.message])).toEqual([
      ["duplicate-canonical", "models/openai.yaml", 2, 7, expect.stringContaining("already declared at [0]")],
      ["canonical-org", "models/x-ai.yaml", 1, 7, expect.stringContaining("move the entry to models/openai.yaml")],
      ["duplicate-canonical", "models/x-ai.yaml", 1, 7, expect.stringContaining("already declared in models/openai.yaml at [0]")],
    ]);
  });
});
