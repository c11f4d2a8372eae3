import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeRuleFixtures, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("schema");

async function problemsOf(files: Record<string, string>) {
  return (await validateDirectory(writeRegistry(files))).problems;
}

describe("schema messages", () => {
  it("suggests the closest allowed key for a typo, and lists the allowed keys when nothing is close", async () => {
    const problems = await problemsOf({
      "providers/typo.yaml": providerYaml("typo", "api_bse: https://api.typo.example.com\nfrobnicate: true\n").replace(/^api_base:.*\n/m, ""),
    });
    expect(problems.map((problem) => [problem.line, problem.column, problem.message])).toEqual([
      [1, 1, "missing required key `api_base`"],
      [3, 1, "unknown key `api_bse` — did you mean `api_base`?"],
      [4, 1, expect.stringMatching(/^unknown key `frobnicate`; allowed here: name, display_name, status, .*, models$/)],
    ]);
  });

  it("suggests keys of the auth variant that `kind` selects", async () => {
    const problems = await problemsOf({ "providers/auth.yaml": providerYaml("auth", "auth:\n  kind: bearer\n  evn: AUTH_API_KEY\n") });
    expect(problems.map((problem) => problem.message)).toEqual(["missing required key `env` in `auth`", "unknown key `evn` — did you mean `env`?"]);
  });

  it("suggests the closest value of a discriminator", async () => {
    const problems = await problemsOf({ "providers/auth.yaml": providerYaml("auth", "auth:\n  kind: bearr\n  env: AUTH_API_KEY\n") });
    expect(problems).toMatchObject([{ rule: "schema", line: 5, column: 9, path: ["auth", "kind"], message: expect.stringContaining("got `bearr` — did you mean `bearer`?") }]);
  });

  it("names the missing discriminator and its choices", async () => {
    const problems = await problemsOf({ "providers/auth.yaml": providerYaml("auth", "auth:\n  env: AUTH_API_KEY\n") });
    expect(problems).toMatchObject([{ path: ["auth", "kind"], line: 5, column: 3, message: "missing required key `kind` in `auth` (one of bearer, header, oauth, native)" }]);
  });

  it("reports bounds with the value found", async () => {
    const problems = await problemsOf({ "providers/heavy.yaml": providerYaml("heavy", "weight: 2\n") });
    expect(problems).toMatchObject([{ path: ["weight"], line: 4, column: 9, message: "`weight` must be at most 1; got `2`" }]);
  });

  it("never repeats a secret found in a field of the wrong shape", async () => {
    const key = "sk-proj-EXAMPLEexample0123456789EXAMPLEexample";
    const problems = await problemsOf({
      "providers/pasted.yaml": providerYaml("pasted", `auth:\n  kind: bearer\n  env: ${key}\ndoc_url: http://deploy:hunter2-EXAMPLE@docs.pasted.example.com\n`),
    });
    const schema = problems.filter((problem) => problem.rule !== "credential");
    expect(schema.map((problem) => [problem.rule, problem.path])).toEqual([
      ["schema", ["auth", "env"]],
      ["insecure-url", ["doc_url"]],
    ]);
    expect(schema[0]!.message).toContain("must be the name of an environment variable");
    expect(schema[1]!.message).toContain("got `http://deploy:***@docs.pasted.example.com`");
    for (const problem of problems) {
      expect(problem.message).not.toContain(key.slice(4));
      expect(problem.message).not.toContain("hunter2");
    }
  });

  it("reports a missing canonical.yaml", async () => {
    const dir = writeRegistry({ "providers/alone.yaml": providerYaml("alone") });
    rmSync(join(dir, "canonical.yaml"));
    const report = await validateDirectory(dir);
    expect(report.problems).toMatchObject([{ rule: "schema", file: "canonical.yaml", line: 1, column: 1, path: [], message: expect.stringContaining("canonical.yaml is missing") }]);
  });

  it("requires at least one canonical model", async () => {
    const problems = await problemsOf({ "canonical.yaml": "models: []\n" });
    expect(problems).toMatchObject([{ rule: "schema", file: "canonical.yaml", line: 1, column: 9, path: ["models"], message: "`models` must have at least 1 entry" }]);
  });
});

describe("a file that fails its schema hides nothing elsewhere", () => {
  it("reports a schema error in one file and an unknown canonical id in another", async () => {
    const problems = await problemsOf({
      "providers/broken.yaml": providerYaml("broken", "weight: heavy\n"),
      "providers/stale.yaml": providerYaml("stale", "", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n"),
    });
    expect(problems.map((problem) => [problem.rule, problem.file, problem.line, problem.column])).toEqual([
      ["schema", "providers/broken.yaml", 4, 9],
      ["unknown-canonical", "providers/stale.yaml", 5, 9],
    ]);
  });

  it("still runs the cross-file rules on the file that failed", async () => {
    const problems = await problemsOf({
      "providers/both.yaml": providerYaml("both", "weight: heavy\n", "  - id: openai/gpt-4.0\n    provider_model_id: gpt-4o\n"),
    });
    expect(problems.map((problem) => problem.rule)).toEqual(["schema", "unknown-canonical"]);
  });

  it("keeps the canonical ids of a canonical.yaml that failed its schema", async () => {
    const problems = await problemsOf({
      "canonical.yaml": "models:\n  - id: openai/gpt-4o\n    max_input_tokens: lots\n  - id: anthropic/claude-sonnet-4\n",
      "providers/fine.yaml": providerYaml("fine"),
    });
    expect(problems.map((problem) => [problem.rule, problem.file])).toEqual([["schema", "canonical.yaml"]]);
  });
});
