import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("yaml-syntax");

describe("yaml-syntax", () => {
  it("stops at the syntax error: a file that cannot be parsed gets no schema or cross-file problems", async () => {
    const dir = writeRegistry({ "providers/broken.yaml": "name: other\nstatus: [active\nmodels: []\n" });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => problem.rule)).toEqual(["yaml-syntax"]);
  });

  it("reports a syntax problem js-yaml tolerates but YAML 1.2 forbids, next to the file's other problems", async () => {
    // A plain key longer than 1024 characters: js-yaml reads it, the `yaml` package does not.
    const longKey = "k".repeat(1100);
    const dir = writeRegistry({ "providers/long-key.yaml": `${providerYaml("long-key")}${longKey}: 1\n` });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.line, problem.column])).toEqual([
      ["schema", 7, 1],
      ["yaml-syntax", 7, 1],
    ]);
    const unknown = report.problems.find((problem) => problem.rule === "schema")!;
    // The key is shortened in the message, not repeated in full.
    expect(unknown.message.length).toBeLessThan(400);
  });

  it("reports each alias name once, with how often it is used", async () => {
    const dir = writeRegistry({
      "providers/aliases.yaml": `${providerYaml("aliases", "display_name: &n Aliases\n")}  - id: anthropic/claude-sonnet-4\n    provider_model_id: *n\n    pricing: {input_tokens: {no_cache: 1}, output_tokens: {text: 1}}\ndoc_url: *n\n`,
    });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`)).toEqual([
      expect.stringMatching(/^4:15 anchor `&n` is not allowed/),
      expect.stringMatching(/^9:24 alias `\*n` \(used 2 times\) is not allowed/),
    ]);
  });

  it("accepts the standard core tags such as !!str", async () => {
    const dir = writeRegistry({ "providers/tagged.yaml": providerYaml("tagged", "display_name: !!str 2024\n") });
    expect((await validateDirectory(dir)).problems).toEqual([]);
  });
});
