import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeRuleFixtures, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("canonical-org");

describe("canonical-org", () => {
  it("says nothing about canonical.yaml, which holds every org", async () => {
    const report = await validateDirectory(writeRegistry({ "canonical.yaml": "models:\n  - id: openai/gpt-4o\n  - id: anthropic/claude-sonnet-4\n" }));
    expect(report.problems).toEqual([]);
  });

  it("leaves a malformed id to the schema rule (one problem, not two)", async () => {
    const dir = writeRegistry({ "models/openai.yaml": "- id: OpenAI/GPT-5\n" });
    rmSync(join(dir, "canonical.yaml"));
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.path])).toEqual([["schema", [0, "id"]]]);
  });
});
