/**
 * action.yml from another repository's workflow: its `run` steps, with the
 * expressions GitHub would fill in for a pull request into main, against a
 * registry kept in a `registry/` subdirectory of a consumer repository. The
 * action's own checkout is a fresh copy of this repository.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gitIn, NESTED_SUITE, REPO_ROOT, tempDir } from "../helpers.ts";
import { commitAll, edit, upstreamRepo } from "../diff/repo.ts";
import { expand, runSteps, type WorkflowStep } from "../docs/extract.ts";
import { Sandbox } from "../docs/sandbox.ts";

const ACTION = readFileSync(join(REPO_ROOT, "action.yml"), "utf8");

describe.skipIf(NESTED_SUITE)("the GitHub Action", () => {
  let action: Sandbox;
  let workspace: string;
  let summary: string;
  const steps = runSteps(ACTION);

  function context(inputs: Record<string, string> = {}): Record<string, string> {
    return {
      "github.action_path": action.repo,
      "github.base_ref": "main",
      "github.event_name": "pull_request",
      "inputs.root": inputs.root ?? "registry",
      "inputs.base": inputs.base ?? "",
      "inputs.strict": inputs.strict ?? "false",
      "inputs.args": inputs.args ?? "",
    };
  }

  function runStep(step: WorkflowStep, values: Record<string, string>) {
    const env = Object.fromEntries(Object.entries(step.env).map(([key, value]) => [key, expand(value, values)]));
    const cwd = step.workingDirectory ? expand(step.workingDirectory, values) : workspace;
    return action.run(expand(step.run, values), { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary, ...env }, cwd);
  }

  beforeAll(() => {
    action = new Sandbox();
    const { repo, root } = upstreamRepo("registry");
    workspace = repo;
    // A pull request's checkout: origin/main is the base, the branch has the change.
    gitIn(repo, "remote", "add", "origin", repo);
    gitIn(repo, "fetch", "-q", "origin");
    gitIn(repo, "checkout", "-q", "-b", "cheaper-deepseek");
    edit(root, "providers/deepseek.yaml", "        text: 3.48\n", "        text: 3.5\n");
    commitAll(repo, "deepseek price");
    summary = join(tempDir("summary-"), "summary.md");
    writeFileSync(summary, "");
    const install = steps.find((step) => step.name === "Install the toolchain")!;
    const installed = runStep(install, context());
    expect(installed.code, installed.stderr).toBe(0);
  }, 300_000);

  it("appends the semantic diff against the base branch to the job summary", () => {
    const result = runStep(steps.find((step) => step.name.startsWith("Semantic diff"))!, context());
    expect(result.code, result.stderr).toBe(0);
    const text = readFileSync(summary, "utf8");
    expect(text).toContain("**Registry diff** `origin/main`");
    expect(text).toContain("3.48 → 3.5");
  });

  it("validates with annotations, paths relative to the repository, and fails on an error", () => {
    const validate = steps.find((step) => step.name === "Validate")!;
    const clean = runStep(validate, context());
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/^::warning file=registry\/providers\/[\w-]+\.yaml,line=\d+,col=\d+,title=deprecated-field::/m);
    const strict = runStep(validate, context({ strict: "true" }));
    expect(strict.code).toBe(1);
    edit(
      join(workspace, "registry"),
      "providers/deepseek.yaml",
      "    provider_model_id: deepseek-v4-pro\n",
      "    provider_model_id: deepseek-v4-pro\n    pricng: {}\n",
    );
    const broken = runStep(validate, context());
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^::error file=registry\/providers\/deepseek\.yaml,line=\d+,col=\d+,title=schema::.*pricng/m);
  });

  it("on a push (no base branch) writes no diff", () => {
    const result = runStep(steps.find((step) => step.name.startsWith("Semantic diff"))!, { ...context(), "github.base_ref": "" });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("No base ref");
  });
});
