/**
 * Helpers for the `manage` tests: a real registry copy under git (so each
 * edit can be judged by `git diff --numstat`), the real CLI as a process,
 * and `validate` as the referee.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { BUN, copyRegistry, REPO_ROOT, runScript, type CliResult } from "../helpers.ts";

export const MANAGE = join(REPO_ROOT, "scripts/manage.ts");

/** Copies keep the corpus's read-only modes; a maintainer's checkout is writable. */
function makeWritable(path: string): void {
  const stats = statSync(path);
  chmodSync(path, stats.mode | 0o200);
  if (stats.isDirectory()) for (const name of readdirSync(path)) makeWritable(join(path, name));
}

function git(root: string, ...args: string[]): string {
  const result = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "core.autocrlf=false", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** A writable copy of a corpus, committed, so `git diff` shows exactly what `manage` changed. */
export function registryRepo(name: "upstream" | "models-dev" | (string & {}) = "upstream"): string {
  const root = copyRegistry(name);
  makeWritable(root);
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-qm", "corpus");
  return root;
}

/** `git diff --numstat` as file → [added, deleted]. */
export function numstat(root: string): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const line of git(root, "diff", "--numstat").split("\n")) {
    const [added, deleted, file] = line.split("\t");
    if (file) out[file] = [Number(added), Number(deleted)];
  }
  return out;
}

export function diff(root: string, file?: string): string {
  return git(root, "diff", ...(file ? ["--", file] : []));
}

/** Files changed, added or left behind (a stray lock or temporary file shows up here). */
export function status(root: string): string[] {
  return git(root, "status", "--porcelain", "--untracked-files=all").split("\n").filter(Boolean);
}

/** Accept the current state as the new baseline. */
export function commitAll(root: string): void {
  git(root, "add", "-A");
  git(root, "commit", "-qm", "step", "--allow-empty");
}

/** The environment manage runs in: plain output, and started as `bun run manage` (hints name that form). */
export const MANAGE_ENV = { ...process.env, GITHUB_ACTIONS: "", NO_COLOR: "1", FORCE_COLOR: "", npm_config_user_agent: "" };

export function manage(root: string, ...args: string[]): CliResult {
  return runScript("manage", ["--root", root, ...args], { env: MANAGE_ENV });
}

export function validate(root: string): { ok: boolean; errors: string[] } {
  const result = runScript("validate", ["--root", root, "--format", "json"]);
  const report = JSON.parse(result.stdout) as { ok: boolean; problems: Array<{ severity: string; file: string; line: number; message: string }> };
  return { ok: report.ok, errors: report.problems.filter((p) => p.severity === "error").map((p) => `${p.file}:${p.line} ${p.message}`) };
}

/** Run manage without waiting (for concurrency and signal tests). */
export function manageAsync(root: string, ...args: string[]): { child: ReturnType<typeof spawn>; done: Promise<CliResult>; stderr: () => string } {
  const child = spawn(BUN, [MANAGE, "--root", root, ...args], {
    cwd: REPO_ROOT,
    env: MANAGE_ENV,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve) => child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr })));
  return { child, done, stderr: () => stderr };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Canonical ids of `canonical.yaml` that `provider` does not serve yet. */
export function unservedIds(root: string, provider: string, count: number): string[] {
  const canonical = JSON.parse(manage(root, "canonical", "list", "--json").stdout) as Array<{ id: string }>;
  const served = new Set((JSON.parse(manage(root, "show", provider, "--json").stdout) as { models: Array<{ id: string }> }).models.map((m) => m.id));
  return canonical
    .map((model) => model.id)
    .filter((id) => !served.has(id))
    .slice(0, count);
}
