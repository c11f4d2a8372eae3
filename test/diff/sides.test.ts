/**
 * How `diff` reads its two sides: through git without touching the working
 * tree, from a registry nested in a repository, from two refs, and from
 * sides that do not validate.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitAll, diffJson, edit, git, GIT_ENV, runDiff, upstreamCopy, upstreamRepo } from "./repo.ts";
import { BUN, REPO_ROOT, tempDir } from "../helpers.ts";

describe("diff: sides that do not validate", () => {
  it("compares what loaded when the base fails validation, and names what it could not compare", () => {
    const { repo, root } = upstreamRepo();
    edit(
      root,
      "providers/deepseek.yaml",
      "    pricing:\n      input_tokens:\n        no_cache: 1.74\n",
      "    pricng:\n      input_tokens:\n        no_cache: 1.74\n",
    );
    symlinkSync("../canonical.yaml", join(root, "providers/link.yaml"));
    commitAll(repo, "a broken base: a typo and a symlink");

    // The pull request repairs both and changes another provider.
    edit(root, "providers/deepseek.yaml", "    pricng:\n", "    pricing:\n");
    edit(root, "providers/deepseek.yaml", "status: active\n", "status: withdrawn\n");
    rmSync(join(root, "providers/link.yaml"));
    edit(root, "providers/xai.yaml", "weight: 1\n", "weight: 0.5\n");

    const report = diffJson(root);
    expect(report.base).toEqual({
      ref: "main",
      commit: git(repo, "rev-parse", "main").trim(),
      ok: false,
      errors: 2,
      warnings: 19,
      unloaded: ["providers/deepseek.yaml", "providers/link.yaml"],
    });
    expect(report.head).toEqual({ ref: "working tree", ok: true, errors: 0, warnings: 19, unloaded: [] });
    // deepseek did not load on the base: not compared (neither "added" nor its status change).
    expect(report.changes).toEqual([{ kind: "provider-changed", severity: "info", provider: "xai", field: "weight", before: 1, after: 0.5 }]);
    expect(report.summary).toEqual({
      breaking: 0,
      review: 1,
      info: 1,
      provider_files: ["providers/deepseek.yaml", "providers/link.yaml", "providers/xai.yaml"],
      not_compared: ["providers/deepseek.yaml", "providers/link.yaml"],
    });

    // The diff cannot vouch for files it did not compare.
    expect(runDiff(root, ["--fail-on", "breaking"]).code).toBe(1);
    const markdown = runDiff(root);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain(
      "- ⚠️ base `main` (" +
        report.base.commit!.slice(0, 7) +
        ") does not validate (2 errors, 19 warnings); not compared: `providers/deepseek.yaml`, `providers/link.yaml` — `bun run validate` explains.",
    );
  });

  it("does not hold an untouched broken file against the change set", () => {
    const { repo, root } = upstreamRepo();
    writeFileSync(join(root, "providers/broken.yaml"), "name: broken\nstatus: [active\n");
    commitAll(repo, "a base with a file that does not parse");
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    const report = diffJson(root);
    expect(report.base).toMatchObject({ ok: false, errors: 1, unloaded: ["providers/broken.yaml"] });
    expect(report.head).toMatchObject({ ok: false, errors: 1, unloaded: ["providers/broken.yaml"] });
    expect(report.summary).toEqual({ breaking: 0, review: 0, info: 1, provider_files: ["providers/deepseek.yaml"], not_compared: [] });
    expect(runDiff(root, ["--fail-on", "review"]).code).toBe(0);
    // Both sides are still reported as not validating, without a "not compared" list.
    const markdown = runDiff(root).stdout;
    expect(markdown).toMatch(/- ⚠️ base `main` \([0-9a-f]{7}\) does not validate \(1 error, 19 warnings\) — `bun run validate` explains\.\n/);
    expect(markdown).toContain("- ⚠️ head working tree does not validate (1 error, 19 warnings) — `bun run validate` explains.\n");
  });

  it("skips canonical models when canonical.yaml does not load on one side, and still compares providers", () => {
    const { repo, root } = upstreamRepo();
    edit(root, "canonical.yaml", "models:\n", "models:\n  - id: [unterminated\n");
    commitAll(repo, "a base whose canonical.yaml does not parse");
    edit(root, "canonical.yaml", "  - id: [unterminated\n", "");
    edit(
      root,
      "canonical.yaml",
      "    max_input_tokens: 128000\n    max_output_tokens: 16384\n    release_date: 2026-04-23\n",
      "    max_input_tokens: 1050000\n    max_output_tokens: 16384\n    release_date: 2026-04-23\n",
    );
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    const report = diffJson(root);
    expect(report.base.ok).toBe(false);
    expect(report.base.unloaded).toEqual(["canonical.yaml"]);
    expect(report.summary.not_compared).toEqual(["canonical.yaml"]);
    expect(report.changes).toEqual([{ kind: "provider-changed", severity: "info", provider: "deepseek", field: "weight", before: 1, after: 0.5 }]);
  });

  it("reports a head file that does not parse instead of calling it removed", () => {
    const { root } = upstreamRepo();
    writeFileSync(join(root, "providers/xai.yaml"), "name: xai\nstatus: [active\n");
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    const report = diffJson(root);
    expect(report.head).toMatchObject({ ok: false, errors: 1, unloaded: ["providers/xai.yaml"] });
    expect(report.summary.not_compared).toEqual(["providers/xai.yaml"]);
    expect(report.changes).toEqual([{ kind: "provider-changed", severity: "info", provider: "deepseek", field: "weight", before: 1, after: 0.5 }]);
  });

  it("still compares a file that fails only a cross-file rule (it loaded)", () => {
    const { root } = upstreamRepo();
    edit(root, "providers/deepseek.yaml", "  - id: deepseek/deepseek-v4-flash\n", "  - id: deepseek/deepseek-v9\n");
    const report = diffJson(root);
    expect(report.head).toMatchObject({ ok: false, errors: 1, unloaded: [] });
    expect(report.changes.map((change) => [change.kind, change.model, change.severity])).toEqual([
      ["model-added", "deepseek/deepseek-v9", "info"],
      ["model-removed", "deepseek/deepseek-v4-flash", "breaking"],
    ]);
  });

  it("treats a base without a registry as empty: everything is added", () => {
    const repo = tempDir("diff-empty-base-");
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(join(repo, "README.md"), "registry to come\n");
    commitAll(repo, "empty");
    const root = join(repo, "registry");
    cpSync(upstreamCopy(), root, { recursive: true });
    const report = diffJson(root);
    expect(report.base).toMatchObject({ ok: false, errors: 1, unloaded: [] });
    const kinds = new Map<string, number>();
    for (const change of report.changes) kinds.set(change.kind, (kinds.get(change.kind) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ "canonical-added": 51, "provider-added": 31, "model-added": expect.any(Number) });
    expect(report.summary.breaking).toBe(0);
    expect(report.summary.provider_files).toHaveLength(31);

    // That report is large: it must arrive whole through a pipe read slowly.
    const piped = spawnSync("sh", ["-c", '"$BUN" "$SCRIPT" --root "$ROOT" --format json | (sleep 1; cat)'], {
      env: { ...GIT_ENV, BUN, SCRIPT: join(REPO_ROOT, "scripts/diff.ts"), ROOT: root },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(piped.stdout.length).toBeGreaterThan(128 * 1024);
    expect(JSON.parse(piped.stdout)).toEqual(report);
  });
});

describe("diff: reading sides through git", () => {
  it("never touches the working tree, the index or HEAD", () => {
    const { repo, root } = upstreamRepo();
    rmSync(join(root, "providers/xai.yaml"));
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    writeFileSync(join(root, "untracked.txt"), "left alone\n");
    const status = () => git(repo, "status", "--porcelain=v1", "-uall");
    const before = {
      status: status(),
      head: git(repo, "rev-parse", "HEAD"),
      index: statSync(join(repo, ".git/index")).mtimeMs,
      deepseek: readFileSync(join(root, "providers/deepseek.yaml"), "utf8"),
    };

    const report = diffJson(root);
    expect(report.changes.map((change) => change.kind)).toEqual(["provider-changed", "provider-removed"]);

    expect(statSync(join(repo, ".git/index")).mtimeMs).toBe(before.index);
    expect({
      status: status(),
      head: git(repo, "rev-parse", "HEAD"),
      index: before.index,
      deepseek: readFileSync(join(root, "providers/deepseek.yaml"), "utf8"),
    }).toEqual(before);
    expect(before.status).toContain(" D providers/xai.yaml");
  });

  it("compares two refs with --head, whatever the working tree holds", () => {
    const { repo, root } = upstreamRepo();
    git(repo, "checkout", "-q", "-b", "feature");
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    const feature = commitAll(repo, "feature: deepseek weight");
    git(repo, "checkout", "-q", "main");
    edit(root, "providers/xai.yaml", "weight: 1\n", "weight: 0.25\n"); // uncommitted, must not show

    const report = diffJson(root, ["--base", "main", "--head", "feature"]);
    expect(report.head).toEqual({ ref: "feature", commit: feature, ok: true, errors: 0, warnings: 19, unloaded: [] });
    expect(report.changes).toEqual([{ kind: "provider-changed", severity: "info", provider: "deepseek", field: "weight", before: 1, after: 0.5 }]);
    // The working-tree default sees the uncommitted edit instead.
    expect(diffJson(root, ["--base", "feature"]).changes.map((change) => [change.provider, change.field])).toEqual([
      ["deepseek", "weight"],
      ["xai", "weight"],
    ]);
  });

  it("reads a registry nested in a subdirectory of the repository", () => {
    const { repo, root } = upstreamRepo("registry");
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    expect(diffJson(root).changes).toEqual([{ kind: "provider-changed", severity: "info", provider: "deepseek", field: "weight", before: 1, after: 0.5 }]);
    const top = runDiff(repo);
    expect(top.code).toBe(2);
    expect(top.stderr).toBe(`diff: ${repo} is not a registry: it has neither canonical.yaml nor providers/\n`);
  });

  it("accepts any commit-ish: a tag, a commit id, HEAD~1", () => {
    const { repo, root } = upstreamRepo();
    git(repo, "tag", "v1");
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    const second = commitAll(repo, "weight");
    for (const ref of ["v1", "HEAD~1"]) expect(diffJson(root, ["--base", ref, "--head", second]).changes).toHaveLength(1);
    expect(diffJson(root, ["--base", "HEAD"]).changes).toEqual([]);
  });
});

describe("diff: usage errors", () => {
  it("exits 2 with one line for an unknown ref", () => {
    const { root } = upstreamRepo();
    const result = runDiff(root, ["--base", "origin/nope"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "diff: unknown git ref `origin/nope` (no such branch, tag or commit here; in CI, fetch it first — e.g. actions/checkout with fetch-depth: 0)\n",
    });
  });

  it("exits 2 outside a git repository", () => {
    const root = upstreamCopy();
    // Git must not find an enclosing repository, even if the temporary directory sits inside one.
    const result = runDiff(root, [], { ...GIT_ENV, GIT_CEILING_DIRECTORIES: dirname(root) });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`diff: ${root} is not inside a git repository; \`diff\` reads the base revision through git\n`);
  });

  it("exits 2 on an unknown format, an unknown --fail-on, or a missing root", () => {
    const { root } = upstreamRepo();
    for (const args of [["--format", "yaml"], ["--fail-on", "info"], ["--bogus"]]) {
      const result = runDiff(root, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const missing = runDiff(join(root, "nowhere"));
    expect(missing).toEqual({ code: 2, stdout: "", stderr: `diff: registry root ${join(root, "nowhere")} is not a directory\n` });
  });
});
