import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("duplicate-model");

describe("duplicate-model", () => {
  it("is per provider: two providers may serve the same canonical model", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/one.yaml": providerYaml("one"), "providers/two.yaml": providerYaml("two") }));
    expect(report.problems).toEqual([]);
  });
});
