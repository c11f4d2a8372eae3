/**
 * The real `sync` CLI on temporary copies of the corpora, fed the real
 * models.dev catalogue from a file: the dry run changes nothing and prints
 * diff's change list; --check says whether a write would change a file;
 * --write changes exactly the planned lines, keeps comments, and the result
 * validates.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CHANGE_KINDS, type Change } from "../../scripts/lib/diff/types.ts";
import type { SyncReport } from "../../scripts/lib/sync/index.ts";
import { BUN, copyRegistry, REPO_ROOT, runScript, tempDir, type CliResult } from "../helpers.ts";

const API_JSON = resolve(REPO_ROOT, "../shared/fixtures/models-dev/api.json");

function sync(args: string[]): CliResult {
  const result = spawnSync(BUN, [join(REPO_ROOT, "scripts", "sync.ts"), ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, GITHUB_ACTIONS: "", NO_COLOR: "1" },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? "") };
}

function snapshot(root: string): Map<string, string> {
  return new Map(readdirSync(join(root, "providers")).map((name) => [name, readFileSync(join(root, "providers", name), "utf8")]));
}

function git(root: string, args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { cwd: root, encoding: "utf8" });
}

describe("sync on the upstream corpus", () => {
  it("dry run: prints the plan as diff's change list and changes nothing", () => {
    const root = copyRegistry("upstream");
    const before = snapshot(root);
    const result = sync(["--root", root, "--models-dev", API_JSON]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    // 68 price changes (how many are `review` is diff's call), plus diff's one notice for touching 10 provider files.
    const counts = /^\*\*Registry diff\*\* working tree → `sync plan`: 🛑 0 breaking · ⚠️ (\d+) review · (\d+) info$/.exec(result.stdout.split("\n")[0]!);
    expect(counts && Number(counts[1]) + Number(counts[2])).toBe(69);
    expect(result.stdout).toContain("| ⚠️ review | model changed | `deepseek/deepseek-v4-pro` | `pricing.input_tokens.no_cache` | 1.74 → 0.435 (−75%) |");
    expect(result.stdout).toContain("**Sync** 23 feeds, 0 failed; dry run: `--write` would change 10 files");
    expect(result.stdout).toContain("| `openai-codex` | v1_models (`https://chatgpt.com/backend-api/codex/models`) | not synced |");
    expect(result.stdout).toMatch(
      /\| `ionet` \| models_dev \(`models.dev:io-net`\) \| synced \| 0 \| 0 \| no longer in the feed \(kept; remove by hand if retired\): `deepseek\/deepseek-v3.2`/,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it("--write applies exactly the plan: only the planned lines change, comments stay, and the result validates", () => {
    const root = copyRegistry("upstream");
    git(root, ["init", "-q"]);
    git(root, ["add", "-A"]);
    git(root, ["commit", "-qm", "base"]);

    const planned = sync(["--root", root, "--models-dev", API_JSON, "--format", "json"]);
    const plan = JSON.parse(planned.stdout) as SyncReport;
    expect(plan.changes.length).toBe(68);
    for (const change of plan.changes) expect(CHANGE_KINDS).toContain(change.kind);
    expect(sync(["--root", root, "--models-dev", API_JSON, "--check"]).code).toBe(1);

    const written = sync(["--root", root, "--models-dev", API_JSON, "--write"]);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain("wrote `providers/alibaba.yaml`, `providers/ambient.yaml`");
    expect(runScript("validate", ["--root", root]).code).toBe(0);

    // Every added line is one planned price, every removed line the price it replaced.
    const diff = git(root, ["diff", "-U0"]);
    const added = diff
      .split("\n")
      .filter((line) => line.startsWith("+ "))
      .map((line) => line.slice(1).trim())
      .sort();
    const removed = diff
      .split("\n")
      .filter((line) => line.startsWith("- "))
      .map((line) => line.slice(1).trim())
      .sort();
    const leaf = (change: Change) => change.field!.slice(change.field!.lastIndexOf(".") + 1);
    expect(added).toEqual(plan.changes.map((change) => `${leaf(change)}: ${String(change.after)}`).sort());
    expect(removed).toEqual(
      plan.changes
        .filter((change) => "before" in change)
        .map((change) => `${leaf(change)}: ${String(change.before)}`)
        .sort(),
    );
    expect(git(root, ["diff", "--name-only"]).trim().split("\n")).toEqual(plan.sync.changes_files);
    expect(readFileSync(join(root, "providers", "ambient.yaml"), "utf8")).toContain("# Catalog source: models.dev (provider key `ambient`).");

    // Nothing is left to do: --check passes and a second write changes nothing.
    expect(sync(["--root", root, "--models-dev", API_JSON, "--check"]).code).toBe(0);
    expect(sync(["--root", root, "--models-dev", API_JSON, "--write"]).stdout).toContain("wrote nothing");
    expect(git(root, ["diff", "--name-only"]).trim().split("\n")).toEqual(plan.sync.changes_files);
  });

  it("a catalogue that is not JSON fails every models.dev feed, writes nothing and exits 1", () => {
    const root = copyRegistry("upstream");
    const before = snapshot(root);
    const garbage = join(tempDir("sync-feed-"), "api.json");
    writeFileSync(garbage, '{"openai": {"models": {"gpt-5.4": ');
    const result = sync(["--root", root, "--models-dev", garbage, "--write", "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as SyncReport;
    const modelsDev = report.sync.feeds.filter((feed) => feed.feed === "models_dev");
    expect(modelsDev.length).toBe(22);
    for (const feed of modelsDev) expect(feed).toMatchObject({ status: "failed", error: expect.stringMatching(/^models\.dev catalogue: not JSON/) });
    expect(report.sync.written).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it("a feed price that is negative, non-finite or absurd is reported and never written", () => {
    const root = copyRegistry("upstream");
    const catalogue = JSON.parse(readFileSync(API_JSON, "utf8")) as Record<string, { models: Record<string, { cost?: Record<string, unknown> }> }>;
    const deepseek = catalogue.deepseek!.models;
    deepseek["deepseek-v4-pro"]!.cost!.input = -0.435;
    deepseek["deepseek-v4-pro"]!.cost!.output = 1e9;
    deepseek["deepseek-v4-flash"]!.cost!.cache_read = "0.0028";
    const edited = join(tempDir("sync-feed-"), "api.json");
    writeFileSync(edited, JSON.stringify(catalogue));
    const result = sync(["--root", root, "--models-dev", edited, "--provider", "deepseek", "--write", "--format", "json"]);
    const report = JSON.parse(result.stdout) as SyncReport;
    expect(report.sync.feeds[0]!.rejected).toEqual([
      "`deepseek-v4-pro` cost.input is negative (-0.435)",
      "`deepseek-v4-pro` cost.output is 1000000000 USD per 1M tokens, above 10000: a unit error, not a price",
      '`deepseek-v4-flash` cost.cache_read is "0.0028", not a number',
    ]);
    const text = readFileSync(join(root, "providers", "deepseek.yaml"), "utf8");
    expect(text).not.toMatch(/-0\.435|1000000000|1e\+?9/);
    // The valid value beside them is still applied.
    expect(text).toContain("cache_read: 0.003625");
  });

  it("refuses an unknown provider and incompatible flags as usage errors", () => {
    const root = copyRegistry("upstream");
    expect(sync(["--root", root, "--models-dev", API_JSON, "--provider", "no-such-provider"])).toMatchObject({
      code: 2,
      stderr: "sync: no such provider: no-such-provider (no providers/<name>.yaml)\n",
    });
    expect(sync(["--root", root, "--write", "--check"]).code).toBe(2);
    expect(sync(["--root", root, "--prices", "--write"]).code).toBe(2);
  });

  it("two writes at once both land and leave no lock or temporary file behind", async () => {
    const root = copyRegistry("upstream");
    const run = (provider: string) =>
      new Promise<number>((done) => {
        const child = spawn(BUN, [join(REPO_ROOT, "scripts", "sync.ts"), "--root", root, "--models-dev", API_JSON, "--provider", provider, "--write"], {
          cwd: REPO_ROOT,
          stdio: "ignore",
        });
        child.on("close", (code) => done(code ?? -1));
      });
    expect(await Promise.all([run("deepseek"), run("chutes")])).toEqual([0, 0]);
    expect(readFileSync(join(root, "providers", "deepseek.yaml"), "utf8")).toContain("cache_read: 0.003625");
    expect(readFileSync(join(root, "providers", "chutes.yaml"), "utf8")).toContain("text: 3.08");
    expect(readdirSync(root).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("names a provider asked for that declares no auto_sync", () => {
    const result = sync(["--root", copyRegistry("upstream"), "--models-dev", API_JSON, "--provider", "tencent", "--check"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("| `tencent` | none | not synced | 0 | 0 | the file declares no `auto_sync` |");
  });
});
