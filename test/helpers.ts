/**
 * Shared test helpers: run the real CLIs as processes, on temporary copies of
 * real registries. Nothing here changes ../shared or the repository's data.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll } from "vitest";

export const REPO_ROOT = resolve(import.meta.dirname, "..");
export const CORPORA = resolve(REPO_ROOT, "../shared/corpora");
export const BUN = join(REPO_ROOT, "node_modules/.bin/bun");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a command sees when a user types it: not inside npm (so
 * hints read the same whether the suite runs from `npm test` or vitest), nor
 * vitest, not in GitHub Actions, no colour.
 */
export function plainEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // npm's variables say "started by npm"; vitest's would make a nested vitest think it is a worker.
  for (const [key, value] of Object.entries(process.env)) if (!/^(npm_|VITEST)/.test(key) && key !== "INIT_CWD") env[key] = value;
  return { ...env, GITHUB_ACTIONS: "", NO_COLOR: "1", FORCE_COLOR: "", ...extra };
}

/** Run `scripts/<script>.ts` under Bun, as `bun run <script>` would. */
export function runScript(
  script: "validate" | "manage" | "build" | "diff" | "bench" | "release" | "serve" | "sync" | "generate",
  args: string[],
  options: SpawnSyncOptions = {},
): CliResult {
  const result = spawnSync(BUN, [join(REPO_ROOT, "scripts", `${script}.ts`), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: plainEnv(),
    timeout: 120_000,
    ...options,
  });
  return { code: result.status ?? -1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? "") };
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = "registry-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** A temporary copy of `../shared/corpora/<name>` (or of any directory). */
export function copyRegistry(nameOrPath: "upstream" | "models-dev" | (string & {})): string {
  const from = nameOrPath === "upstream" || nameOrPath === "models-dev" ? join(CORPORA, nameOrPath) : nameOrPath;
  const dir = tempDir();
  cpSync(from, dir, { recursive: true });
  makeWritable(dir);
  return dir;
}

/** The shared corpora are read-only; their copies must not be (tests run as any user). */
function makeWritable(path: string): void {
  const stats = statSync(path);
  chmodSync(path, stats.mode | 0o200);
  if (stats.isDirectory()) for (const name of readdirSync(path)) makeWritable(join(path, name));
}

/** Git with no global or system configuration: the machine's settings (signing, hooks, default branch) cannot change a test. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  GIT_CONFIG_GLOBAL: devNull,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "Registry Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Registry Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

export function gitIn(dir: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd: dir, encoding: "utf8", env: plainEnv(GIT_TEST_ENV) });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")} in ${dir}: ${result.stderr}`);
  return result.stdout;
}

/**
 * A copy of this repository as a stranger's fresh clone sees it — the files
 * git tracks plus new ones not ignored, so uncommitted work is included — in
 * `<temp>/repo`, with nothing beside it (no ../shared). It is its own git
 * repository whose `main` is one commit, also pushed to a bare `origin`, so
 * `origin/main` exists as in a CI checkout. node_modules is copied in (as hard
 * links where the file system allows), as `npm install` would leave it.
 */
export function repositoryCopy(): string {
  const parent = tempDir("clone-");
  const repo = join(parent, "repo");
  const listed = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files: ${listed.stderr}`);
  for (const file of new Set(listed.stdout.split("\0").filter(Boolean))) {
    const from = join(REPO_ROOT, file);
    try {
      if (!statSync(from).isFile()) continue;
    } catch {
      continue; // deleted in the working tree
    }
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    cpSync(from, join(repo, file));
  }
  // Hard links are cheap and safe (npm replaces files, it does not write into them); a
  // symbolic link would not be: `npm ci` in the copy would empty the real node_modules.
  const linked = spawnSync("cp", ["-al", join(REPO_ROOT, "node_modules"), join(repo, "node_modules")]);
  if (linked.status !== 0) cpSync(join(REPO_ROOT, "node_modules"), join(repo, "node_modules"), { recursive: true, verbatimSymlinks: true });
  const origin = join(parent, "origin.git");
  gitIn(parent, "init", "-q", "--bare", "-b", "main", origin);
  gitIn(repo, "init", "-q", "-b", "main");
  gitIn(repo, "add", "-A");
  gitIn(repo, "commit", "-q", "-m", "base");
  gitIn(repo, "remote", "add", "origin", origin);
  gitIn(repo, "push", "-q", "origin", "main");
  gitIn(repo, "fetch", "-q", "origin");
  return repo;
}

/**
 * Set inside a test's own run of the suite (the docs say `npm test`): the
 * test files that run the suite themselves skip there, or it never ends.
 */
export const NESTED_SUITE_ENV = "PROVIDER_REGISTRY_NESTED_SUITE";
export const NESTED_SUITE = Boolean(process.env[NESTED_SUITE_ENV]);

/** A small seeded generator (mulberry32), so a randomised test names a case that can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
