/**
 * A provider's first pull request, played on a fresh copy of this
 * repository: CONTRIBUTING's steps exactly as written there, then every
 * command of the pull-request workflow, which must pass although nobody ran
 * `build`; then the merge, and the post-merge workflow's commands, which
 * must leave `main` with a rebuilt, committed snapshot.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gitIn, NESTED_SUITE, REPO_ROOT } from "../helpers.ts";
import { expand, runSteps, section, shellCommands, type WorkflowStep } from "../docs/extract.ts";
import { Sandbox } from "../docs/sandbox.ts";

const CONTRIBUTING = readFileSync(join(REPO_ROOT, "CONTRIBUTING.md"), "utf8");
const CI = readFileSync(join(REPO_ROOT, ".github/workflows/ci.yml"), "utf8");
const SNAPSHOT = readFileSync(join(REPO_ROOT, ".github/workflows/snapshot.yml"), "utf8");

/** The steps a pull request runs, with their expressions filled in as GitHub would for a pull request into main. */
function runStep(sandbox: Sandbox, step: WorkflowStep, context: Record<string, string>) {
  if (step.if !== undefined && expand(`\${{ ${step.if} }}`, context) === "") return undefined;
  const env = Object.fromEntries(Object.entries(step.env).map(([key, value]) => [key, expand(value, context)]));
  return sandbox.run(expand(step.run, context), { GITHUB_ACTIONS: "true", ...env });
}

describe.skipIf(NESTED_SUITE)("a provider's first pull request", () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = new Sandbox();
  });

  it("CONTRIBUTING's steps, as written, add the provider and commit it on a branch", () => {
    const steps = shellCommands(section(CONTRIBUTING, "Adding your provider"), "CONTRIBUTING.md");
    // The steps a provider follows: install, look up ids, create the file, validate, commit and push.
    expect(steps.map((step) => step.command.split(" ").slice(0, 3).join(" "))).toEqual([
      "npm install",
      "npm run hooks:install",
      "npm run manage",
      "git checkout -b",
      "npm run manage",
      "npm run manage",
      "npm run validate",
      "git add providers/acme.yaml",
      "git commit -m",
      "git push origin",
    ]);
    for (const step of steps) {
      const result = sandbox.run(step.command);
      expect(result.code, `${step.where}: ${step.command}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
    const file = readFileSync(join(sandbox.repo, "providers/acme.yaml"), "utf8");
    // A new provider starts as staging, with auth, as steps 4 and 6 say.
    expect(file).toMatch(/^status: staging$/m);
    expect(file).toMatch(/^auth:\n {2}kind: bearer\n {2}env: ACME_API_KEY$/m);
    expect(gitIn(sandbox.repo, "log", "-1", "--format=%s")).toBe("Add acme\n");
    expect(gitIn(sandbox.repo, "status", "--porcelain")).toBe("");
    // Nobody ran build: the committed snapshot does not know acme yet.
    expect(readFileSync(join(sandbox.repo, "dist/providers.json"), "utf8")).not.toContain('"acme"');
  }, 300_000);

  it("the pull-request workflow's commands pass without a rebuilt dist/, and post the semantic diff", () => {
    const steps = runSteps(CI, "check");
    expect(steps.map((step) => step.run).join("\n")).not.toContain("--check");
    const context = { "github.event_name": "pull_request", "github.base_ref": "main" };
    for (const step of steps) {
      const result = runStep(sandbox, step, context);
      if (result) expect(result.code, `ci.yml "${step.name}": ${step.run}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`).toBe(0);
    }
    const summary = readFileSync(sandbox.summary, "utf8");
    expect(summary).toContain("**Registry diff**");
    expect(summary).toContain("`acme`");
    // What the workflow no longer asks for would indeed have failed.
    expect(sandbox.run("npm run build -- --check").code).toBe(1);
  }, 600_000);

  it("after the merge, the post-merge workflow's commands rebuild dist/ and commit it to main", () => {
    expect(sandbox.run("git checkout -q main && git merge -q --no-ff add-acme -m 'Merge add-acme' && git push -q origin main").code).toBe(0);
    const before = gitIn(sandbox.repo, "rev-parse", "origin/main").trim();
    for (const step of runSteps(SNAPSHOT, "rebuild")) {
      const result = runStep(sandbox, step, { "github.event_name": "push", "github.ref": "refs/heads/main" });
      if (result) expect(result.code, `snapshot.yml "${step.name}": ${step.run}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`).toBe(0);
    }
    gitIn(sandbox.repo, "fetch", "-q", "origin");
    expect(gitIn(sandbox.repo, "rev-list", "--count", `${before}..origin/main`).trim()).toBe("1");
    expect(gitIn(sandbox.repo, "log", "-1", "--format=%s", "origin/main")).toMatch(/^Rebuild the snapshot/);
    expect(gitIn(sandbox.repo, "show", "origin/main:dist/providers.json")).toContain('"id": "acme"');
    expect(gitIn(sandbox.repo, "status", "--porcelain")).toBe("");
    // Run again on a fresh main, it has nothing to commit.
    const again = sandbox.run(runSteps(SNAPSHOT, "rebuild").find((step) => step.name.startsWith("Commit"))!.run);
    expect(again.stdout).toContain("The committed snapshot is up to date.");
  }, 600_000);
});
