import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("duplicate-provider");

describe("duplicate-provider", () => {
  it("between two misnamed files, reports the later one in path order", async () => {
    const report = await validateDirectory(writeRegistry({ "providers/a.yaml": providerYaml("shared"), "providers/b.yaml": providerYaml("shared") }));
    expect(report.problems.filter((problem) => problem.rule === "duplicate-provider")).toMatchObject([
      { file: "providers/b.yaml", line: 1, column: 7, message: expect.stringContaining("provider `shared` is already declared by providers/a.yaml") },
    ]);
  });

  it("counts a file that fails its schema as a declaration", async () => {
    const report = await validateDirectory(
      writeRegistry({ "providers/acme.yaml": providerYaml("acme", "weight: heavy\n"), "providers/acme-copy.yaml": providerYaml("acme") }),
    );
    expect(report.problems.map((problem) => [problem.rule, problem.file])).toEqual([
      ["duplicate-provider", "providers/acme-copy.yaml"],
      ["filename-mismatch", "providers/acme-copy.yaml"],
      ["schema", "providers/acme.yaml"],
    ]);
  });
});
