/**
 * The pre-commit hooks: the plain git hook installed by `npm run
 * hooks:install`, and the pre-commit framework's `.pre-commit-hooks.yaml`.
 * Both validate the staged registry files only; real commits in a fresh
 * copy of this repository.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { gitIn, NESTED_SUITE, REPO_ROOT } from "../helpers.ts";
import { Sandbox } from "../docs/sandbox.ts";

const BROKEN_STATUS = "status: activ\n";

describe.skipIf(NESTED_SUITE)("npm run hooks:install", () => {
  let sandbox: Sandbox;
  beforeAll(() => {
    sandbox = new Sandbox();
    const installed = sandbox.run("npm run hooks:install");
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain("✔ pre-commit hook installed");
  });
  // Each test starts from the committed state (ignored files, node_modules among them, stay).
  beforeEach(() => {
    expect(sandbox.run("git reset -q --hard && git clean -qfd").code).toBe(0);
  });

  function commit(message: string) {
    return sandbox.run(`git commit -q -m ${JSON.stringify(message)}`);
  }

  function breakFile(file: string): void {
    const path = join(sandbox.repo, file);
    writeFileSync(path, readFileSync(path, "utf8").replace("status: active\n", BROKEN_STATUS));
  }

  it("installs again without complaint, but leaves a hook of another origin alone unless --force", () => {
    expect(sandbox.run("npm run hooks:install").code).toBe(0);
    const hook = join(sandbox.repo, ".git/hooks/pre-commit");
    writeFileSync(hook, "#!/bin/sh\nexit 0\n");
    const refused = sandbox.run("npm run --silent hooks:install");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/pre-commit already exists and was not installed here; nothing was changed/);
    expect(readFileSync(hook, "utf8")).toBe("#!/bin/sh\nexit 0\n");
    expect(sandbox.run("npm run hooks:install -- --force").code).toBe(0);
    expect(readFileSync(hook, "utf8")).toContain("scripts/hooks/pre-commit");
  });

  it("stops a commit that stages an invalid provider file, naming file, line and column", () => {
    breakFile("providers/deepseek.yaml");
    sandbox.run("git add providers/deepseek.yaml");
    const result = commit("break deepseek");
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/providers\/deepseek\.yaml[\s\S]*\d+:\d+\s+error/);
    expect(gitIn(sandbox.repo, "log", "-1", "--format=%s")).toBe("base\n");
  });

  it("checks only the staged files: a broken file left unstaged does not stop a valid commit", () => {
    breakFile("providers/groq.yaml");
    const path = join(sandbox.repo, "providers/deepseek.yaml");
    writeFileSync(path, readFileSync(path, "utf8").replace("# DeepSeek — first-party API", "# DeepSeek: first-party API"));
    sandbox.run("git add providers/deepseek.yaml");
    const result = commit("deepseek comment");
    expect(result.stdout + result.stderr).not.toContain("groq");
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("does not run at all for a commit with no registry file", () => {
    breakFile("providers/groq.yaml");
    writeFileSync(join(sandbox.repo, "NOTES.md"), "notes\n");
    sandbox.run("git add NOTES.md");
    const result = commit("notes");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toBe("");
  });
});

describe(".pre-commit-hooks.yaml", () => {
  const hooks = parse(readFileSync(join(REPO_ROOT, ".pre-commit-hooks.yaml"), "utf8")) as Array<Record<string, unknown>>;
  const hook = hooks.find((entry) => entry.id === "provider-registry-validate")!;

  it("runs the installed command on the files pre-commit passes", () => {
    expect(hook).toMatchObject({ entry: "provider-registry validate", language: "node", pass_filenames: true });
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    expect(Object.keys(manifest.bin)).toContain(String(hook.entry).split(" ")[0]);
  });

  it("selects registry files, at the top or in a subdirectory, and nothing else", () => {
    const files = new RegExp(String(hook.files));
    for (const path of [
      "canonical.yaml",
      "registry.config.yaml",
      "providers/acme.yaml",
      "models/openai.yaml",
      "registry/providers/acme.yaml",
      "registry/models/openai.yaml",
    ]) {
      expect(files.test(path), path).toBe(true);
    }
    for (const path of ["README.md", "dist/providers.json", "schemas/provider.schema.json", "providers/sub/acme.yaml", "package.json"]) {
      expect(files.test(path), path).toBe(false);
    }
  });
});
