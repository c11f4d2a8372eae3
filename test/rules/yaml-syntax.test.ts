import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("yaml-syntax");

describe("yaml-syntax", () => {
  it("stops at the syntax error: a file that cannot be parsed gets no schema or cross-file problems", async () => {
    const dir = writeRegistry({ "providers/broken.yaml": "name: other\nstatus: [active\nmodels: []\n" });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => problem.rule)).toEqual(["yaml-syntax"]);
  });

  it("refuses a key longer than YAML 1.2 allows, as the YAML 1.2 reading does, though js-yaml would read it", async () => {
    // A plain key longer than 1024 characters: js-yaml reads it, YAML 1.2 (the `yaml` package) does not,
    // so the file is unusable on every path and nothing else is reported from it.
    const longKey = "k".repeat(1100);
    const dir = writeRegistry({ "providers/long-key.yaml": `${providerYaml("long-key")}${longKey}: 1\n` });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.line, problem.column])).toEqual([["yaml-syntax", 7, 1]]);
    // The key is not repeated in the message.
    expect(report.problems[0]!.message.length).toBeLessThan(400);
  });

  it("accepts anchors and aliases that share a block, and places a problem inside the shared block at the alias", async () => {
    const dir = writeRegistry({
      "providers/aliases.yaml": providerYaml(
        "aliases",
        "display_name: &n Aliases\n",
        "  - id: anthropic/claude-sonnet-4\n    provider_model_id: *n\n    pricing: &price {input_tokens: {no_cache: 1}, output_tokens: {text: 1, txet: 2}}\n  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n    pricing: *price\n",
      ),
    });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => `${problem.rule} ${problem.line}:${problem.column} ${problem.path.join(".")}`)).toEqual([
      "schema 8:76 models.0.pricing.output_tokens.txet",
      "schema 11:14 models.1.pricing.output_tokens.txet",
    ]);
  });

  it("refuses more aliases than the budget allows, naming the count once", async () => {
    const uses = Array.from({ length: 101 }, (_, i) => `  k${i}: *n`).join("\n");
    const dir = writeRegistry({ "providers/aliases.yaml": `${providerYaml("aliases", "display_name: &n Aliases\n")}extra:\n${uses}\n` });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.message])).toEqual([
      ["yaml-syntax", expect.stringContaining("uses 101 aliases, more than the 100 allowed")],
    ]);
  });

  it("refuses an alias inside its own anchor", async () => {
    const dir = writeRegistry({ "providers/cycle.yaml": `${providerYaml("cycle")}extra: &loop [*loop]\n` });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.message])).toEqual([
      ["yaml-syntax", expect.stringMatching(/^alias `\*loop` refers to the value that contains it/)],
    ]);
  });

  it("accepts the standard core tags such as !!str", async () => {
    const dir = writeRegistry({ "providers/tagged.yaml": providerYaml("tagged", "display_name: !!str 2024\n") });
    expect((await validateDirectory(dir)).problems).toEqual([]);
  });
});
