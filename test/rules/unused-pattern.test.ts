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

  it("judges many patterns as it judges a few (past the first few, they are looked up in the sorted names)", async () => {
    // The first four are judged one pass each, the rest by lookup: each kind of match appears in both.
    const kinds: Array<[string, boolean]> = [
      ["claude-x-*", true], // a provider_model_id prefix
      ["openai/*", true], // a canonical id prefix
      ["gpt-4o", true], // a provider_model_id
      ["anthropic/claude-x", true], // a canonical id
      ["nomatch-a", false],
      ["nomatch-b*", false],
      ["gpt-4o-mini", false], // longer than the id it starts with
    ];
    const patterns = [...kinds.filter(([, used]) => used), ...kinds.filter(([, used]) => !used), ...kinds];
    const extra = `api_protocol:\n${patterns.map(([pattern]) => `  - "${pattern}": openai\n`).join("")}`;
    const models = "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n  - id: anthropic/claude-x\n    provider_model_id: claude-x-2025\n";
    const canonical = "models:\n  - id: openai/gpt-4o\n  - id: anthropic/claude-x\n";
    const report = await validateDirectory(writeRegistry({ "canonical.yaml": canonical, "providers/many.yaml": providerYaml("many", extra, models) }));
    const unused = patterns.flatMap(([pattern, used], i) => (used ? [] : [["api_protocol", i, pattern]]));
    expect(report.problems.filter((problem) => problem.rule === "unused-pattern").map((problem) => problem.path)).toEqual(unused);
  });
});
