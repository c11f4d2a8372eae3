/**
 * Real git repositories for `diff` tests: a temporary copy of a corpus,
 * committed as the base, then edited (by hand or through `manage`).
 * Git runs with no global or system configuration, so the machine's
 * settings (signing, hooks, default branch) cannot change the outcome.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { devNull } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { CORPORA, runScript, tempDir, type CliResult } from "../helpers.ts";
import type { DiffReport } from "../../scripts/lib/diff/types.ts";

export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: devNull,
  GIT_CONFIG_NOSYSTEM: "1",
  GITHUB_ACTIONS: "",
  NO_COLOR: "1",
  FORCE_COLOR: "",
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Registry Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    env: GIT_ENV,
    encoding: "utf8",
  });
}

/** The corpora are read-only; their copies must be editable (and removable). */
function makeWritable(path: string): void {
  const stats = statSync(path);
  chmodSync(path, stats.isDirectory() ? 0o755 : 0o644);
  if (stats.isDirectory()) for (const name of readdirSync(path)) makeWritable(join(path, name));
}

/** An editable copy of the upstream corpus, not under git. */
export function upstreamCopy(): string {
  const dir = tempDir("diff-copy-");
  cpSync(join(CORPORA, "upstream"), dir, { recursive: true });
  makeWritable(dir);
  return dir;
}

/**
 * A git repository whose `main` holds a copy of `../shared/corpora/upstream`
 * (under `subdir` when given). Returns the repository and the registry root.
 */
export function upstreamRepo(subdir?: string): { repo: string; root: string } {
  const repo = tempDir("diff-repo-");
  const root = subdir ? join(repo, subdir) : repo;
  mkdirSync(root, { recursive: true });
  cpSync(join(CORPORA, "upstream"), root, { recursive: true });
  makeWritable(root);
  git(repo, "init", "-q", "-b", "main");
  commitAll(repo, "base");
  return { repo, root };
}

/**
 * A git repository whose `main` holds a copy of the router's own registry
 * (`../shared/corpora/bitrouter/registry`, the models/ layout), with a
 * registry.config.yaml that makes its uncurated provider models advisories
 * as the router's validator does.
 */
export function routerRepo(): { repo: string; root: string } {
  const repo = tempDir("diff-repo-");
  cpSync(join(CORPORA, "bitrouter/registry"), repo, { recursive: true });
  makeWritable(repo);
  writeFileSync(join(repo, "registry.config.yaml"), "rules:\n  unknown-canonical: warning\n");
  git(repo, "init", "-q", "-b", "main");
  commitAll(repo, "base");
  return { repo, root: repo };
}

export function commitAll(repo: string, message: string): string {
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--allow-empty", "-m", message);
  return git(repo, "rev-parse", "HEAD").trim();
}

/** Replaces `from` with `to` in a registry file; `from` must occur exactly once (so an edit cannot silently miss). */
export function edit(root: string, file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  expect(text.split(from).length - 1, `${from} in ${file}`).toBe(1);
  writeFileSync(path, text.replace(from, to));
}

export function runDiff(root: string, args: string[] = [], env: NodeJS.ProcessEnv = GIT_ENV): CliResult {
  return runScript("diff", ["--root", root, ...args], { env });
}

/** Runs `diff --format json`, expecting exit 0 and exactly one JSON object on stdout. */
export function diffJson(root: string, args: string[] = []): DiffReport {
  const result = runDiff(root, ["--format", "json", ...args]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as DiffReport;
}
