import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("pricing-sanity");

function priced(pricing: string): string {
  return providerYaml("priced", "", `  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing: ${pricing}\n`);
}

describe("pricing-sanity", () => {
  it("is a warning: the registry stays valid, except under --strict", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/priced.yaml": priced("{input_tokens: {no_cache: 1, cache_read: 2}}") }));
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 1 });
  });

  it.each([
    ["exactly 1000 USD per 1M", "{input_tokens: {no_cache: 1000}, output_tokens: {text: 1000}}"],
    ["output just under 100× cheaper", "{input_tokens: {no_cache: 99}, output_tokens: {text: 1}}"],
    ["cache_read equal to no_cache", "{input_tokens: {no_cache: 3, cache_read: 3}}"],
    ["free output", "{input_tokens: {no_cache: 100}, output_tokens: {text: 0}}"],
  ])("accepts %s", async (_, pricing) => {
    expect((await validateDirectory(writeRegistry({ "providers/priced.yaml": priced(pricing) }))).problems).toEqual([]);
  });

  it("flags output exactly 100× cheaper", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/priced.yaml": priced("{input_tokens: {no_cache: 100}, output_tokens: {text: 1}}") }));
    expect(report.problems.map((problem) => problem.path)).toEqual([["models", 0, "pricing", "output_tokens", "text"]]);
  });
});
