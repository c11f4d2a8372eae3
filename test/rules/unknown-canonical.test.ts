import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("unknown-canonical");

describe("unknown-canonical", () => {
  const stale = providerYaml("stale", "", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n");

  it("stays quiet when canonical.yaml cannot be read, instead of calling every id unknown", async () => {
    const report = await validateDirectory(writeRegistry({ "canonical.yaml": "models: [\n", "providers/stale.yaml": stale }));
    expect(report.problems.map((problem) => [problem.rule, problem.file])).toEqual([["yaml-syntax", "canonical.yaml"]]);
  });

  it("leaves a malformed id to the schema rule (one problem, not two)", async () => {
    const report = await validateDirectory(
      writeRegistry({ "providers/upper.yaml": providerYaml("upper", "", "  - id: OpenAI/GPT-5\n    provider_model_id: gpt-5\n") }),
    );
    expect(report.problems.map((problem) => problem.rule)).toEqual(["schema"]);
  });

  it("checks ids against the canonical.yaml of the same registry", async () => {
    const report = await validateDirectory(writeRegistry({ "canonical.yaml": "models:\n  - id: openai/gpt-4.0\n", "providers/stale.yaml": stale }));
    expect(report.problems).toEqual([]);
  });
});
