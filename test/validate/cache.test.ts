/**
 * validate's content cache (SPEC §7): a run with the cache reports exactly
 * what a cold run reports, and its text format prints exactly the same
 * excerpts — on the three corpora, warm and cold, and after seeded random
 * edits of every kind of file, with the stat memo trusted (every file long
 * settled) and with every file just written (racy, so read again) — and the
 * CLI uses it by default, bypasses it with --no-cache and survives a corrupt
 * cache file. A warm run reads no unchanged file; an edit that keeps the
 * size and mtime is still seen.
 */
import { readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheLocation } from "../../scripts/lib/cache/index.ts";
import type { SourceLines } from "../../scripts/lib/format/excerpt.ts";
import { formatText } from "../../scripts/lib/format/text.ts";
import { DirectorySource } from "../../scripts/lib/source.ts";
import { validateRegistry, type ValidateOptions } from "../../scripts/lib/validate.ts";
import { copyRegistry, CORPORA, runScript, tempDir, seededRandom } from "../helpers.ts";
import { edit } from "./edits.ts";

/** A run as the CLI makes it: the report, its text format (with excerpts), and the files it read. */
async function validate(root: string, options: ValidateOptions) {
  const sources = new Map<string, string | SourceLines>();
  const reads: string[] = [];
  const report = await validateRegistry(new DirectorySource(root), {
    ...options,
    onRead: (file) => reads.push(file),
    onProblemText: (file, text) => sources.set(file, text),
    onProblemLines: (file, lines) => sources.set(file, lines),
  });
  return { report, text: formatText(report, { color: false, readSource: (file) => sources.get(file) }), reads };
}

/** A run a minute from now, as the stat memo sees it: every file has long settled, so each stat is remembered. */
const settled = (): ValidateOptions => ({ cacheNow: Date.now() + 60_000 });

const CORPUS_CASES = [
  ["upstream", "upstream", {}],
  ["models-dev", "models-dev", {}],
  ["bitrouter", "bitrouter/registry", { severities: { "unknown-canonical": "warning" } }],
] as const;

type Where = ReturnType<typeof cacheLocation>;

/** A quoted source line of the text format: `    > 12 | text`. */
const QUOTED = /^ {4}> +\d+ \| /m;

/**
 * Cold, then twice with each cache — racy: as if the run began when the
 * registry was copied, so every file changed within the window and is read
 * again; settled: the stat memo trusted — all the same.
 */
async function compare(root: string, extra: ValidateOptions, where: { racy: Where; settled: Where; copied: number }, label: string) {
  const cold = await validate(root, extra);
  for (const [kind, cache, clock] of [
    ["racy", where.racy, { cacheNow: where.copied }],
    ["settled", where.settled, settled()],
  ] as const) {
    for (const run of ["cached", "warm"]) {
      const cachedRun = await validate(root, { ...extra, ...clock, cache });
      expect(cachedRun.report, `${label}: ${kind} ${run} run`).toEqual(cold.report);
      expect(cachedRun.text, `${label}: ${kind} ${run} run, text format`).toBe(cold.text);
    }
  }
  return cold;
}

describe("validate's content cache", () => {
  it.each(CORPUS_CASES)(
    "%s: warm, cold and after random edits, the cached run reports exactly what a cold run reports",
    { timeout: 120_000 },
    async (_name, corpus, extra) => {
      const copied = Date.now();
      const root = copyRegistry(join(CORPORA, corpus));
      const where = { racy: cacheLocation(root, "test", tempDir("cache-")), settled: cacheLocation(root, "test", tempDir("cache-")), copied };
      const first = await compare(root, extra, where, "unchanged");
      expect(first.report.summary.errors).toBe(0);
      // Warm, settled and unchanged: not one file is read (but the rule config, which is not cached), excerpts included.
      const warm = await validate(root, { ...extra, ...settled(), cache: where.settled });
      expect(warm.reads.filter((file) => file !== "registry.config.yaml")).toEqual([]);
      // Just written, the files are read again (their stat cannot vouch for them yet), and the result is the same.
      const racy = await validate(root, { ...extra, cacheNow: copied, cache: where.racy });
      expect(racy.reads.length).toBeGreaterThan(readdirSync(join(root, "providers")).length);
      expect(racy.text).toBe(first.text);
      const next = seededRandom(corpus.length * 7919);
      let quoted = QUOTED.test(first.text);
      for (let round = 0; round < 8; round++) {
        const what = edit(root, next);
        quoted ||= QUOTED.test((await compare(root, extra, where, `round ${round}: ${what}`)).text);
      }
      // The text formats compared did quote source lines (else excerpts went untested).
      expect(quoted).toBe(true);
    },
  );

  it("sees an edit that keeps the size and puts the mtime back (touch -d), and a same-size file moved in under the old mtime", async () => {
    const root = copyRegistry("upstream");
    const where = cacheLocation(root, "test", tempDir("cache-"));
    const file = "providers/openai.yaml";
    const path = join(root, file);
    // Whole seconds, so that putting the mtime back restores it exactly.
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    const warmRun = async () => validate(root, { ...settled(), cache: where });
    expect((await warmRun()).report.summary.errors).toBe(0);
    expect((await warmRun()).reads).toEqual([]);

    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace("status: active", "status: xctive"));
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    expect(statSync(path).size).toBe(Buffer.byteLength(text));
    const touched = await warmRun();
    expect(touched.reads).toEqual([file]);
    expect(touched.report).toEqual((await validate(root, {})).report);
    expect(touched.report.problems.map((problem) => [problem.file, problem.rule])).toContainEqual([file, "schema"]);
    expect((await warmRun()).reads).toEqual([]);

    // Another inode, of the same size and mtime, renamed over it.
    const other = join(root, "openai.yaml.new");
    writeFileSync(other, text.replace("status: active", "status: xctivf"));
    utimesSync(other, 1_700_000_000, 1_700_000_000);
    renameSync(other, path);
    const moved = await warmRun();
    expect(moved.reads).toEqual([file]);
    expect(moved.report).toEqual((await validate(root, {})).report);
    expect(moved.report.problems.some((problem) => problem.message.includes("xctivf"))).toBe(true);
  });

  it("after one edit, `validate FILE` and a full run read only the edited file and report what a cold run reports", async () => {
    const root = copyRegistry(join(CORPORA, "bitrouter/registry"));
    const extra: ValidateOptions = { severities: { "unknown-canonical": "warning" } };
    const where = cacheLocation(root, "test", tempDir("cache-"));
    await validate(root, { ...extra, ...settled(), cache: where });
    const file = "providers/openai.yaml";
    const path = join(root, file);
    writeFileSync(path, `${readFileSync(path, "utf8").replace(/provider_model_id: /, "provider_modle_id: ")}\n# edited\n`);
    const only = new Set([file]);
    const cold = await validate(root, extra);
    const named = await validate(root, { ...extra, ...settled(), cache: where, only });
    expect(named.reads).toEqual([file]);
    expect(named.report.problems).toEqual(cold.report.problems.filter((problem) => problem.file === file));
    expect(named.report.problems.length).toBeGreaterThan(0);
    expect(named.text).toBe((await validate(root, { ...extra, only })).text);
    const full = await validate(root, { ...extra, ...settled(), cache: where });
    expect(full.reads).toEqual([]);
    expect(full.report).toEqual(cold.report);
    expect(full.text).toBe(cold.text);
  });

  it("the CLI's text format prints exactly what a cold run prints, from a warm cache that reads no file", { timeout: 60_000 }, async () => {
    const root = copyRegistry(join(CORPORA, "bitrouter/registry"));
    // A CRLF file with tabs in a value, and an error in it: excerpts of every kind of line.
    const crlf = join(root, "providers/anthropic.yaml");
    const text = readFileSync(crlf, "utf8").replace(/status: \w+/, "status: nope\t\tx");
    writeFileSync(crlf, text.replace(/\n/g, "\r\n"));
    // Let every file settle, so that the stat memo vouches for it.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const args = ["--root", root, "--rule", "unknown-canonical=warning"];
    const cold = runScript("validate", [...args, "--no-cache"]);
    expect(cold.code).toBe(1);
    expect(cold.stdout).toMatch(QUOTED);
    expect(cold.stdout).toContain("warning");
    for (const run of ["filling", "warm"]) {
      const cached = runScript("validate", args);
      expect([cached.code, cached.stdout, cached.stderr], `${run} run`).toEqual([cold.code, cold.stdout, cold.stderr]);
    }
    // That warm run could answer from the cache alone: every provider file's stat is remembered (the third field of its line).
    const { file } = cacheLocation(root, "validate");
    const lines = readFileSync(file, "utf8").split("\n").slice(1, -2);
    expect(lines).toHaveLength(readdirSync(join(root, "providers")).length);
    for (const line of lines) expect(line.split("\t")[2], line).toMatch(/^\d+:\d+:\d+:\d+:\d+$/);
    rmSync(file);
  });

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
