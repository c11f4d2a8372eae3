/**
 * validate's content cache (SPEC §7): a run with the cache reports exactly
 * what a cold run reports — on the three corpora, warm and cold, and after
 * seeded random edits of every kind of file — and the CLI uses it by default,
 * bypasses it with --no-cache and survives a corrupt cache file.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheLocation } from "../../scripts/lib/cache/index.ts";
import { DirectorySource } from "../../scripts/lib/source.ts";
import { validateRegistry, type ValidateOptions } from "../../scripts/lib/validate.ts";
import { copyRegistry, CORPORA, runScript, tempDir, seededRandom } from "../helpers.ts";
import { edit } from "./edits.ts";

const CORPUS_CASES = [
  ["upstream", "upstream", {}],
  ["models-dev", "models-dev", {}],
  ["bitrouter", "bitrouter/registry", { severities: { "unknown-canonical": "warning" } }],
] as const;

async function compare(root: string, extra: ValidateOptions, where: ReturnType<typeof cacheLocation>, label: string) {
  const cold = await validateRegistry(new DirectorySource(root), extra);
  const cached = await validateRegistry(new DirectorySource(root), { ...extra, cache: where });
  expect(cached, `${label}: cached run`).toEqual(cold);
  const warm = await validateRegistry(new DirectorySource(root), { ...extra, cache: where });
  expect(warm, `${label}: warm run`).toEqual(cold);
  return cold;
}

describe("validate's content cache", () => {
  it.each(CORPUS_CASES)(
    "%s: warm, cold and after random edits, the cached run reports exactly what a cold run reports",
    { timeout: 120_000 },
    async (_name, corpus, extra) => {
      const root = copyRegistry(join(CORPORA, corpus));
      const where = cacheLocation(root, "test", tempDir("cache-"));
      const first = await compare(root, extra, where, "unchanged");
      expect(first.summary.errors).toBe(0);
      const next = seededRandom(corpus.length * 7919);
      for (let round = 0; round < 8; round++) {
        const what = edit(root, next);
        await compare(root, extra, where, `round ${round}: ${what}`);
      }
    },
  );

  it("the CLI caches by default, --no-cache bypasses it, and a corrupt cache changes nothing", () => {
    const root = copyRegistry("upstream");
    writeFileSync(join(root, "providers/openai.yaml"), readFileSync(join(root, "providers/openai.yaml"), "utf8").replace("status: active", "status: actve"));
    const runs = [
      runScript("validate", ["--root", root, "--format", "json"]),
      runScript("validate", ["--root", root, "--format", "json"]),
      runScript("validate", ["--root", root, "--format", "json", "--no-cache"]),
    ];
    for (const run of runs) expect([run.code, run.stderr]).toEqual([1, ""]);
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    expect(runs[2]!.stdout).toBe(runs[0]!.stdout);
    const { file } = cacheLocation(root, "validate");
    writeFileSync(file, readFileSync(file, "utf8").slice(0, 100));
    expect(runScript("validate", ["--root", root, "--format", "json"]).stdout).toBe(runs[0]!.stdout);
    rmSync(file);
  });
});

describe("validate FILE… reads only what the named files' rules need", () => {
  it("reads the canonical file and the named provider file, and reports what a full run reports for it", async () => {
    const root = copyRegistry("upstream");
    writeFileSync(join(root, "providers/openai.yaml"), readFileSync(join(root, "providers/openai.yaml"), "utf8").replace("status: active", "status: actve"));
    const reads: string[] = [];
    const only = new Set(["providers/openai.yaml"]);
    const report = await validateRegistry(new DirectorySource(root), { only, onRead: (file) => reads.push(file) });
    expect(reads.sort()).toEqual(["canonical.yaml", "providers/openai.yaml"]);
    const full = await validateRegistry(new DirectorySource(root));
    expect(report.problems).toEqual(full.problems.filter((problem) => problem.file === "providers/openai.yaml"));
    expect(report.problems.length).toBeGreaterThan(0);
  });

  it("reads every file when a named file declares another provider's name (duplicate-provider needs them)", async () => {
    const root = copyRegistry("upstream");
    writeFileSync(
      join(root, "providers/zz-copy.yaml"),
      readFileSync(join(root, "providers/openai.yaml"), "utf8").replace(/^name: openai$/m, "name: deepseek-copy"),
    );
    writeFileSync(
      join(root, "providers/aa-first.yaml"),
      readFileSync(join(root, "providers/openai.yaml"), "utf8").replace(/^name: openai$/m, "name: deepseek-copy"),
    );
    const reads: string[] = [];
    const only = new Set(["providers/zz-copy.yaml"]);
    const report = await validateRegistry(new DirectorySource(root), { only, onRead: (file) => reads.push(file) });
    const full = await validateRegistry(new DirectorySource(root));
    expect(report.problems).toEqual(full.problems.filter((problem) => problem.file === "providers/zz-copy.yaml"));
    expect(report.problems.map((problem) => problem.rule)).toContain("duplicate-provider");
    expect(new Set(reads).size).toBe(readdirSync(join(root, "providers")).length + 1);
  });
});
