/**
 * `release` on real git histories: the upstream corpus committed and tagged
 * as a release, then changed and committed again. The version follows the
 * semantic diff since the tag; a real release writes the version, the
 * rebuilt package and the changelog, commits and tags.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "../helpers.ts";
import { commitAll, edit, git, GIT_ENV, upstreamRepo } from "../diff/repo.ts";

/** The upstream corpus as a registry repository whose last release is v1.4.2. */
function releasedRepo(): string {
  const { repo } = upstreamRepo();
  writeFileSync(join(repo, "package.json"), `${JSON.stringify({ name: "acme-registry", version: "1.4.2", license: "MIT" }, null, 2)}\n`);
  commitAll(repo, "release 1.4.2");
  git(repo, "tag", "-a", "v1.4.2", "-m", "Snapshot 1.4.2");
  return repo;
}

function release(repo: string, ...args: string[]) {
  return runScript("release", ["--root", repo, ...args], {
    env: {
      ...GIT_ENV,
      GIT_AUTHOR_NAME: "Registry Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Registry Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
    },
  });
}

describe("release --dry-run: the next version follows the diff since the last tag", () => {
  it("a removed model is breaking: major", () => {
    const repo = releasedRepo();
    const file = join(repo, "providers/deepseek.yaml");
    const text = readFileSync(file, "utf8");
    const start = text.indexOf("  - id: deepseek/deepseek-v4-flash\n");
    const end = text.indexOf("status: active\n");
    writeFileSync(file, text.slice(0, start) + text.slice(end));
    commitAll(repo, "deepseek stops serving v4-flash");
    const result = release(repo, "--dry-run");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^next version: 2\.0\.0 \(v1\.4\.2 → v2\.0\.0: major, because of 1 breaking change \(first: model-removed deepseek deepseek\/deepseek-v4-flash\)/,
    );
    expect(result.stdout).toContain("## 2.0.0 — ");
    expect(result.stdout).toContain("Changes since v1.4.2.");
    expect(result.stdout).toContain("🛑 1 breaking");
    // A dry run changes nothing: no commit, no tag, no file.
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(git(repo, "tag", "--list").trim()).toBe("v1.4.2");
  });

  it("only a price change: patch", () => {
    const repo = releasedRepo();
    edit(repo, "providers/deepseek.yaml", "        text: 3.48\n", "        text: 3.5\n");
    commitAll(repo, "deepseek v4-pro output price");
    const result = release(repo, "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^next version: 1\.4\.3 \(v1\.4\.2 → v1\.4\.3: patch/);
    expect(result.stdout).toContain("pricing.output_tokens.text");
  });

  it("an added model: minor", () => {
    const repo = releasedRepo();
    const added = runScript("manage", ["--root", repo, "add-model", "deepseek", "deepseek/deepseek-v3.2", "deepseek-chat"], { env: GIT_ENV });
    expect(added.code, added.stderr).toBe(0);
    commitAll(repo, "deepseek serves v3.2");
    const result = release(repo, "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^next version: 1\.5\.0 \(v1\.4\.2 → v1\.5\.0: minor, because of 1 addition \(first: model-added deepseek deepseek\/deepseek-v3\.2\)/,
    );
  });

  it("comments only: nothing to release", () => {
    const repo = releasedRepo();
    edit(repo, "providers/deepseek.yaml", "# Pricing is per 1M tokens.\n", "# Pricing is per 1M tokens (USD).\n");
    commitAll(repo, "comment");
    const result = release(repo, "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("release: nothing in the registry data changed since v1.4.2; nothing to release\n");
  });
});

describe("release", () => {
  it("writes the version, the rebuilt package and the changelog entry, commits and tags", () => {
    const repo = releasedRepo();
    edit(repo, "providers/deepseek.yaml", "        text: 3.48\n", "        text: 3.5\n");
    commitAll(repo, "deepseek v4-pro output price");
    const result = release(repo);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ released v1\.4\.3 /);
    expect(git(repo, "status", "--porcelain")).toBe("");
    expect(git(repo, "describe", "--tags", "--exact-match", "HEAD").trim()).toBe("v1.4.3");
    expect(JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).version).toBe("1.4.3");
    const pkg = JSON.parse(readFileSync(join(repo, "dist/npm/package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "acme-registry-snapshot", version: "1.4.3" });
    const changelog = readFileSync(join(repo, "CHANGELOG.md"), "utf8");
    expect(changelog).toMatch(/^# Changelog\n/);
    expect(changelog).toContain("## 1.4.3 — ");
    expect(changelog).toContain("3.48 → 3.5");

    // The next release goes above it, from the new tag.
    edit(repo, "providers/deepseek.yaml", "        text: 3.5\n", "        text: 3.52\n");
    commitAll(repo, "again");
    expect(release(repo).code).toBe(0);
    const next = readFileSync(join(repo, "CHANGELOG.md"), "utf8");
    expect(next.indexOf("## 1.4.4")).toBeGreaterThan(0);
    expect(next.indexOf("## 1.4.4")).toBeLessThan(next.indexOf("## 1.4.3"));
    expect(next.match(/^# Changelog/gm)).toHaveLength(1);
  });

  it("refuses with uncommitted changes, and changes nothing", () => {
    const repo = releasedRepo();
    edit(repo, "providers/deepseek.yaml", "        text: 3.48\n", "        text: 3.5\n");
    commitAll(repo, "price");
    edit(repo, "providers/deepseek.yaml", "        text: 3.5\n", "        text: 3.6\n");
    const result = release(repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^release: uncommitted changes \(providers\/deepseek\.yaml\)/);
    expect(git(repo, "tag", "--list").trim()).toBe("v1.4.2");
  });

  it("refuses a registry that does not validate", () => {
    const repo = releasedRepo();
    edit(repo, "providers/deepseek.yaml", "status: active\n", "status: activ\n");
    commitAll(repo, "typo");
    const result = release(repo, "--dry-run");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^release: HEAD does not validate \(1 errors?\)/);
  });

  it("refuses when the version's tag already exists elsewhere, and changes nothing", () => {
    const repo = releasedRepo();
    git(repo, "checkout", "-q", "-b", "elsewhere");
    commitAll(repo, "another line of history");
    git(repo, "tag", "v1.4.3");
    git(repo, "checkout", "-q", "main");
    edit(repo, "providers/deepseek.yaml", "        text: 3.48\n", "        text: 3.5\n");
    commitAll(repo, "price");
    const head = git(repo, "rev-parse", "HEAD");
    const result = release(repo);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("release: tag v1.4.3 already exists\n");
    expect(git(repo, "rev-parse", "HEAD")).toBe(head);
    expect(git(repo, "status", "--porcelain")).toBe("");
  });

  it("before any tag, releases the version in package.json", () => {
    const { repo } = upstreamRepo();
    writeFileSync(join(repo, "package.json"), `${JSON.stringify({ name: "acme-registry", version: "0.3.0" }, null, 2)}\n`);
    commitAll(repo, "package.json");
    const result = release(repo, "--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^next version: 0\.3\.0 \(no release tag yet/);
  });
});
