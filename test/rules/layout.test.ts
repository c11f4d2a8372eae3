import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectLayout, fileRole, isRegistryRoot } from "../../scripts/lib/registry-layout.ts";
import { describeRuleFixtures, FIXTURES, providerYaml, validateDirectory, writeRegistry } from "./rule-fixture.ts";

describeRuleFixtures("layout");

const OPENAI = "- id: openai/gpt-4o\n  name: GPT-4o\n";

/** A registry in the models/<org>.yaml layout (writeRegistry's canonical.yaml removed). */
function modelsRegistry(files: Record<string, string>): string {
  const dir = writeRegistry(files);
  rmSync(join(dir, "canonical.yaml"));
  return dir;
}

describe("layout", () => {
  it("reports a registry with neither canonical.yaml nor models/ on canonical.yaml", async () => {
    const dir = modelsRegistry({ "providers/alone.yaml": providerYaml("alone") });
    const report = await validateDirectory(dir);
    expect(report.problems).toMatchObject([
      { rule: "layout", file: "canonical.yaml", line: 1, column: 1, path: [], message: expect.stringContaining("canonical.yaml is missing") },
    ]);
  });

  it("reports an empty models/ directory", async () => {
    const dir = modelsRegistry({ "providers/alone.yaml": providerYaml("alone") });
    mkdirSync(join(dir, "models"));
    const report = await validateDirectory(dir);
    expect(report.problems).toMatchObject([{ rule: "layout", file: "models", message: expect.stringContaining("holds no <org>.yaml file") }]);
  });

  it("never follows a symlinked models/ directory or a symlink inside it (unsafe-file)", async () => {
    const target = modelsRegistry({ "models/openai.yaml": OPENAI });
    const dir = modelsRegistry({ "providers/alone.yaml": providerYaml("alone") });
    symlinkSync(join(target, "models"), join(dir, "models"));
    const linked = await validateDirectory(dir);
    expect(linked.problems.map((problem) => [problem.rule, problem.file])).toEqual([["unsafe-file", "models"]]);

    const inner = modelsRegistry({ "models/anthropic.yaml": "- id: anthropic/claude-sonnet-4\n", "providers/alone.yaml": providerYaml("alone") });
    symlinkSync(join(target, "models/openai.yaml"), join(inner, "models/openai.yaml"));
    const read: string[] = [];
    const report = await validateDirectory(inner, { onRead: (file) => read.push(file) });
    expect(report.problems.map((problem) => [problem.rule, problem.file])).toEqual([["unsafe-file", "models/openai.yaml"]]);
    expect(read).not.toContain("models/openai.yaml");
  });

  it("reads a models/<org>.yaml file that is not a sequence as a yaml-syntax problem", async () => {
    const dir = modelsRegistry({ "models/openai.yaml": "models:\n  - id: openai/gpt-4o\n", "providers/alone.yaml": providerYaml("alone") });
    const report = await validateDirectory(dir);
    expect(report.problems.map((problem) => [problem.rule, problem.file])).toEqual([["yaml-syntax", "models/openai.yaml"]]);
  });

  it("reads ids from every models/<org>.yaml file for the provider rules", async () => {
    const dir = modelsRegistry({
      "models/openai.yaml": OPENAI,
      "models/anthropic.yaml": "- id: anthropic/claude-sonnet-4\n",
      "providers/both.yaml": providerYaml(
        "both",
        "",
        "  - id: openai/gpt-4o\n    provider_model_id: gpt-4o\n  - id: anthropic/claude-sonnet-4\n    provider_model_id: claude\n  - id: anthropic/claude-opus-9\n    provider_model_id: opus\n",
      ),
    });
    const report = await validateDirectory(dir);
    expect(report.summary.canonical_models).toBe(2);
    expect(report.problems.map((problem) => [problem.rule, problem.file, problem.line])).toEqual([["unknown-canonical", "providers/both.yaml", 9]]);
  });

  it("hands the canonical models of every file on, in path order, when all of them are valid", async () => {
    const dir = modelsRegistry({ "models/openai.yaml": OPENAI, "models/anthropic.yaml": "- id: anthropic/claude-sonnet-4\n" });
    const seen: string[][] = [];
    await validateDirectory(dir, { onCanonical: (canonical) => seen.push(canonical.models.map((model) => model.id)) });
    expect(seen).toEqual([["anthropic/claude-sonnet-4", "openai/gpt-4o"]]);
  });
});

describe("registry-layout", () => {
  it("tells each path's role", () => {
    expect(fileRole("canonical.yaml")).toEqual({ kind: "canonical", layout: "canonical-file" });
    expect(fileRole("models/x-ai.yaml")).toEqual({ kind: "canonical", layout: "models-directory", org: "x-ai" });
    expect(fileRole("models/OpenAI.yaml")).toEqual({ kind: "models-other" });
    expect(fileRole("models/openai.yml")).toEqual({ kind: "models-other" });
    expect(fileRole("providers/alibaba_cn.yaml")).toEqual({ kind: "provider" });
    expect(fileRole("registry.config.yaml")).toEqual({ kind: "config" });
    expect(fileRole("README.md")).toBeUndefined();
  });

  it("detects the layout of a root, and whether it is a registry at all", () => {
    expect(detectLayout(join(FIXTURES, "layout/valid"))).toEqual({ layout: "models-directory" });
    expect(detectLayout(join(FIXTURES, "schema/valid"))).toEqual({ layout: "canonical-file" });
    expect(detectLayout(join(FIXTURES, "layout/invalid"))).toEqual({ layout: undefined, problem: "both" });
    expect(isRegistryRoot(join(FIXTURES, "layout/valid"))).toBe(true);
    expect(isRegistryRoot(FIXTURES)).toBe(false);
  });
});
