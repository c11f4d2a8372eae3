import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("unused-pattern");

describe("unused-pattern", () => {
  it("finds even `*` unused on a provider with no curated models and no auto_sync", async () => {
    const provider = 'name: idle\nstatus: staging\napi_base: https://api.idle.example.com\napi_protocol:\n  - "*": anthropic\nmodels: []\n';
    const report = await validateDirectory(writeRegistry({ "providers/idle.yaml": provider }));
    expect(report.problems).toMatchObject([{ rule: "unused-pattern", severity: "warning", line: 5, column: 5, path: ["api_protocol", 0, "*"] }]);
  });

  it("ignores model-level values, which are not patterns", async () => {
    const report = await validateDirectory(
      writeRegistry({
        "providers/model-level.yaml": providerYaml("model-level", "", "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    api_protocol: responses\n"),
      }),
    );
    expect(report.problems).toEqual([]);
  });
});
