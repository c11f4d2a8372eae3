import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("filename-mismatch");

describe("filename-mismatch", () => {
  it("does not suggest a file name that is not a valid provider name", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/Acme_AI.yaml": providerYaml("acme-ai") }));
    expect(report.problems).toMatchObject([
      { rule: "filename-mismatch", message: "`name` is `acme-ai` but the file is providers/Acme_AI.yaml: rename the file to providers/acme-ai.yaml" },
    ]);
  });

  it("reports a file with no `name` only under schema", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/anonymous.yaml": providerYaml("anonymous").replace(/^name:.*\n/, "") }));
    expect(report.problems.map((problem) => problem.rule)).toEqual(["schema"]);
  });
});
