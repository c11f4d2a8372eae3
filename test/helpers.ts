/**
 * Shared test helpers: run the real CLIs as processes, on temporary copies of
 * real registries. Nothing here touches ../shared or the repository's data.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll } from "vitest";

export const REPO_ROOT = resolve(import.meta.dirname, "..");
export const CORPORA = resolve(REPO_ROOT, "../shared/corpora");
export const BUN = join(REPO_ROOT, "node_modules/.bin/bun");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run `scripts/<script>.ts` under Bun, as `bun run <script>` would. */
export function runScript(script: "validate" | "manage" | "build" | "diff" | "bench", args: string[], options: SpawnSyncOptions = {}): CliResult {
  const result = spawnSync(BUN, [join(REPO_ROOT, "scripts", `${script}.ts`), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, GITHUB_ACTIONS: "", NO_COLOR: "1", FORCE_COLOR: "" },
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
