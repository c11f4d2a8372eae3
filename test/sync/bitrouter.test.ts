/**
 * The router's own registry (`models/<org>.yaml` layout, YAML anchors) synced
 * from the real models.dev catalogue: the plan prints, --write applies it
 * through manage's editor, and the result validates and builds. Its one
 * `v1_models` feed has no key here and is reported, without any network.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { SyncReport } from "../../scripts/lib/sync/index.ts";
import { BUN, CORPORA, copyRegistry, REPO_ROOT, runScript, type CliResult } from "../helpers.ts";

const API_JSON = resolve(REPO_ROOT, "../shared/fixtures/models-dev/api.json");

function sync(args: string[]): CliResult {
  const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTIONS: "", NO_COLOR: "1" };
  delete env.BITROUTER_API_KEY;
  const result = spawnSync(BUN, [join(REPO_ROOT, "scripts", "sync.ts"), ...args], { cwd: REPO_ROOT, encoding: "utf8", env, timeout: 120_000 });
  return { code: result.status ?? -1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? "") };
}

/** The router's registry treats models outside its curated list as advisories. */
const ROUTER_RULES = ["--rule", "unknown-canonical=warning"];

const git = (cwd: string, args: string[]) => execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd, encoding: "utf8" });

describe("sync on the bitrouter corpus", () => {
  it("plans, writes through the editor (anchors and comments kept), and the result validates and builds", () => {
    const corpus = copyRegistry(join(CORPORA, "bitrouter"));
    const root = join(corpus, "registry");
    git(corpus, ["init", "-q"]);
    git(corpus, ["add", "-A"]);
    git(corpus, ["commit", "-qm", "base"]);

    const dry = sync(["--root", root, "--models-dev", API_JSON, "--format", "json"]);
    const plan = JSON.parse(dry.stdout) as SyncReport;
    // Failures: the router's own /v1/models feed needs a key this test does not have, and manage
    // will not edit a file that already names a model outside the curated list (an error by default).
    const failed = plan.sync.feeds.filter((feed) => feed.status === "failed");
    expect(failed.find((feed) => feed.provider === "bitrouter")?.error).toBe("the key variable BITROUTER_API_KEY is not set");
    for (const feed of failed.filter((feed) => feed.provider !== "bitrouter"))
      expect(feed.error).toMatch(/^manage refused the plan, nothing is written for this provider: .*unknown canonical id/);
    expect(dry.code).toBe(1);
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(git(corpus, ["status", "--porcelain"])).toBe("");

    const written = sync(["--root", root, "--models-dev", API_JSON, "--write", "--format", "json"]);
    const report = JSON.parse(written.stdout) as SyncReport;
    expect(report.sync.written).toEqual(plan.sync.changes_files);
    expect(git(corpus, ["diff", "--name-only"]).trim().split("\n")).toEqual(plan.sync.changes_files.map((file) => `registry/${file}`));
    // The canonical vocabulary is never touched.
    expect(git(corpus, ["diff", "--name-only", "--", "registry/models"])).toBe("");

    for (const feed of failed) expect(git(corpus, ["diff", "--name-only", "--", `registry/providers/${feed.provider}.yaml`])).toBe("");
    const validated = runScript("validate", ["--root", root, ...ROUTER_RULES]);
    expect(validated.code).toBe(0);
    const before = git(corpus, ["show", "HEAD:registry/providers/anthropic.yaml"]);
    const after = readFileSync(join(root, "providers/anthropic.yaml"), "utf8");
    // Anchors and their aliases survive the edit.
    expect((after.match(/&\w+/g) ?? []).length).toBe((before.match(/&\w+/g) ?? []).length);
    const built = runScript("build", ["--root", root, ...ROUTER_RULES]);
    expect(built.code, built.stderr).toBe(0);
  }, 120_000);
});
