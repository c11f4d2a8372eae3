/**
 * The benchmark harness itself: its measurements come from the OS, its floor
 * counts what it reads, its budgets decide as SPEC §7 says, and `bench` runs
 * end to end without leaving anything behind.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { budgetsPass, evaluateBudgets, type CorpusResult } from "../../scripts/lib/bench/budgets.ts";
import { BUN, runFailure, syncCommand } from "../../scripts/lib/bench/commands.ts";
import { CORPORA } from "../../scripts/lib/bench/corpora.ts";
import { memorySource, median, runProcess, summarise, type ProcessRun } from "../../scripts/lib/bench/measure.ts";
import type { BenchResult } from "../../scripts/lib/bench/run.ts";
import { copyRegistry, CORPORA as SHARED_CORPORA, REPO_ROOT, runScript, tempDir } from "../helpers.ts";

const ALLOCATE_300_MB = "const b = Buffer.alloc(300 * 1000 * 1000, 1); process.stdout.write(String(b[12345]));";

describe("measuring a process", () => {
  it("takes the peak memory of the child from the OS, under Bun", () => {
    const probe = `import { runProcess } from "./scripts/lib/bench/measure.ts";
      const small = runProcess(["node", "-e", "0"], { cwd: process.cwd() });
      const large = runProcess(["node", "-e", ${JSON.stringify(ALLOCATE_300_MB)}], { cwd: process.cwd() });
      console.log(JSON.stringify({ small, large }));`;
    const result = spawnSync(BUN, ["--eval", probe], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const { small, large } = JSON.parse(result.stdout) as { small: ProcessRun; large: ProcessRun };
    expect(large.code).toBe(0);
    expect(large.stdout).toBe("1");
    expect(large.peakRssBytes).toBeGreaterThan(300_000_000);
    expect(small.peakRssBytes).toBeLessThan(large.peakRssBytes! - 250_000_000);
    expect(large.wallMs).toBeGreaterThan(0);
    expect(large.cpuMs).toBeGreaterThan(0);
  });

  it.skipIf(memorySource() !== "gnu-time")("takes the peak memory from GNU time under Node", () => {
    const large = runProcess(["node", "-e", ALLOCATE_300_MB], { cwd: REPO_ROOT });
    expect(large.code).toBe(0);
    expect(large.stdout).toBe("1");
    expect(large.peakRssBytes).toBeGreaterThan(300_000_000);
  });

  it("reports the exit code and output of a failing command", () => {
    const run = runProcess(["node", "-e", "process.stderr.write('boom'); process.exit(3)"], { cwd: REPO_ROOT });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe("boom");
  });

  it("names why a run failed by its error line, without colour codes", () => {
    const crash = [
      "\u001b[1m125 | \u001b[0m  return [error(`${x}`)];",
      "                 ^",
      "\u001b[31merror\u001b[0m: Unexpected token",
      "    at /x/schema.ts:125:10",
      "Bun v1.4.5",
    ].join("\n");
    const run = (code: number, stderr: string): ProcessRun => ({ code, wallMs: 1, peakRssBytes: 1, cpuMs: 1, stdout: "", stderr });
    expect(runFailure(run(1, crash))).toBe("exit 1: error: Unexpected token");
    expect(runFailure(run(2, "manage: add-model needs --output\n"))).toBe("exit 2: manage: add-model needs --output");
    expect(runFailure(run(0, crash))).toBeUndefined();
  });

  it("summarises runs as median, min, max and the highest peak", () => {
    const run = (wallMs: number, peakRssBytes: number): ProcessRun => ({ code: 0, wallMs, peakRssBytes, cpuMs: wallMs, stdout: "", stderr: "" });
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const summary = summarise([run(30, 5), run(10, 9), run(20, 7)]);
    expect(summary).toMatchObject({ runs: 3, medianMs: 20, minMs: 10, maxMs: 30, peakRssBytes: 9, timesMs: [30, 10, 20] });
    expect(summarise([run(1, 5), { ...run(2, 0), peakRssBytes: undefined }]).peakRssBytes).toBeUndefined();
  });
});

describe("the floor", () => {
  it("parses canonical.yaml and every provider file and counts their entries", () => {
    const root = copyRegistry("upstream");
    const providers = readdirSync(join(root, "providers")).filter((name) => name.endsWith(".yaml"));
    let entries = 0;
    for (const name of providers) entries += (parseYaml(readFileSync(join(root, "providers", name), "utf8")) as { models: unknown[] }).models.length;
    const result = spawnSync(BUN, [join(REPO_ROOT, "scripts/lib/bench/floor.ts"), "--root", root], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ files: providers.length + 1, entries });
    expect(entries).toBeGreaterThan(100);
  });
});

describe("budgets", () => {
  const measured = (medianMs: number, peakRssBytes?: number) => ({
    status: "measured" as const,
    summary: { runs: 3, timesMs: [medianMs], medianMs, minMs: medianMs, maxMs: medianMs, peakRssBytes, medianCpuMs: undefined },
  });
  const corpus = (name: string, entries: number, floor: number, validate: number, build: number, addModel: number, peak = 100e6): CorpusResult => ({
    name,
    files: 1,
    entries,
    bytes: 1,
    commands: {
      floor: measured(floor),
      validate: measured(validate, peak),
      "validate-warm": measured(floor / 20),
      "validate-file": measured(floor / 20),
      "validate-edited": measured(floor / 20),
      build: measured(build, peak),
      "build-check": measured(build),
      "add-model": measured(addModel),
      "package-import": { ...measured(1), figures: { importMs: 400, peakRssBytes: 250e6, firstCostMs: 1, firstResolveMs: 2, providersForPerSecond: 1e6 } },
      "package-parse": { ...measured(1), figures: { parseMs: 1_000, viewBytes: 200e6 } },
    },
  });
  const names = CORPORA.map((spec) => spec.name);

  it("passes figures within every limit, limits included", () => {
    const results = [
      corpus("upstream", 260, 100, 160, 250, 100),
      corpus("bitrouter", 484, 100, 160, 250, 100),
      corpus("models-dev", 5_000, 100, 150, 150, 100),
      corpus("1000x50", 50_000, 1_000, 1_000, 2_000, 100),
      corpus("10000x50", 500_000, 10_000, 13_000, 25_000, 150, 1e9),
    ];
    const lines = evaluateBudgets(results, names);
    // Two ratios per corpus (validate, build), then at 10,000 x 50: the three incremental validate
    // runs, memory (2), build --check, add-model growth, validate's linear growth and the package (4).
    expect(lines).toHaveLength(2 * names.length + 12);
    expect(lines.map((line) => line.status)).toEqual(Array(2 * names.length + 12).fill("PASS"));
    expect(lines.find((line) => line.budget.startsWith("validate time per entry"))!.measured).toBeCloseTo(1.3);
    expect(budgetsPass(lines)).toBe(true);
  });

  it("fails each budget a figure exceeds, and only that one", () => {
    const results = [
      corpus("upstream", 260, 100, 161, 250, 100),
      corpus("models-dev", 5_000, 100, 150, 150, 100),
      corpus("1000x50", 50_000, 1_000, 1_000, 2_600, 100),
      corpus("10000x50", 500_000, 10_000, 13_100, 20_000, 151, 1.2e9),
    ];
    const large = results[3]!.commands;
    large["validate-file"] = measured(1_001);
    large["build-check"] = measured(20_001);
    large["package-import"] = {
      ...measured(1),
      figures: { importMs: 2_001, peakRssBytes: 500e6, firstCostMs: 10.5, firstResolveMs: 2, providersForPerSecond: 99_999 },
    };
    const failed = evaluateBudgets(results, names)
      .filter((line) => line.status === "FAIL")
      .map((line) => line.budget);
    expect(failed).toEqual([
      "validate / floor, upstream",
      "validate / floor, 10000x50",
      "build / floor, 1000x50",
      "validate FILE, one edited file / floor, 10000x50",
      "validate peak memory, 10000x50",
      "build peak memory, 10000x50",
      "build --check / build, 10000x50",
      "add-model time, 10000x50 / upstream",
      "validate time per entry, 10000x50 / 1000x50",
      "package import / JSON.parse of its view, 10000x50",
      "package first cost() and resolve(), 10000x50",
      "package providersFor throughput, 10000x50",
    ]);
  });

  it("says N/A for a command that is not available, SKIP for a corpus not run, and never passes an N/A", () => {
    const upstream = corpus("upstream", 260, 100, 150, 200, 100);
    upstream.commands.build = { status: "unavailable", reason: "scripts/build.ts does not exist" };
    upstream.commands["add-model"] = { status: "failed", reason: "exit 2: missing flag" };
    const lines = evaluateBudgets([upstream], names);
    const status = (budget: string) => lines.find((line) => line.budget === budget)!;
    expect(status("validate / floor, upstream").status).toBe("PASS");
    expect(status("build / floor, upstream")).toMatchObject({ status: "N/A", note: expect.stringContaining("scripts/build.ts does not exist") });
    expect(status("validate / floor, 10000x50").status).toBe("SKIP");
    expect(status("add-model time, 10000x50 / upstream").status).toBe("SKIP");
    expect(budgetsPass(lines)).toBe(false);
    expect(budgetsPass(lines.filter((line) => line.status !== "N/A"))).toBe(true);

    const large = corpus("10000x50", 500_000, 10_000, 15_000, 20_000, 100);
    const withLarge = evaluateBudgets([upstream, large], names);
    expect(withLarge.find((line) => line.budget.startsWith("add-model time"))).toMatchObject({
      status: "FAIL",
      note: expect.stringContaining("exit 2: missing flag"),
    });
  });
});

describe("bun run bench", () => {
  it("measures a corpus end to end, prints the budgets and removes its temporary directory", () => {
    const tmp = tempDir("bench-tmp-");
    const result = runScript("bench", ["--only", "upstream", "--runs", "1", "--json"], {
      env: { ...process.env, TMPDIR: tmp, NO_COLOR: "1", GITHUB_ACTIONS: "" },
      timeout: 300_000,
    });
    expect([0, 1], result.stderr).toContain(result.code);
    const report = JSON.parse(result.stdout) as BenchResult;
    expect(result.code).toBe(report.ok ? 0 : 1);
    expect(report.corpora.map((corpus) => corpus.name)).toEqual(["upstream"]);
    const [upstream] = report.corpora;
    expect(upstream).toMatchObject({ files: 32, entries: 260 });
    expect(upstream!.bytes).toBeGreaterThan(50_000);
    expect(upstream!.commands.floor).toMatchObject({ status: "measured", summary: { runs: 1 } });
    expect(upstream!.commands.validate).toMatchObject({ status: "measured", summary: { runs: 1 } });
    for (const [id, script] of [
      ["build", "build"],
      ["add-model", "manage"],
    ] as const) {
      const outcome = upstream!.commands[id]!;
      if (existsSync(join(REPO_ROOT, "scripts", `${script}.ts`))) expect(outcome.status, JSON.stringify(outcome)).not.toBe("unavailable");
      else expect(outcome).toMatchObject({ status: "unavailable", reason: `scripts/${script}.ts does not exist` });
    }
    // Every line of SPEC §7 (12 beyond the two per corpus); upstream alone decides two, the rest are skipped.
    expect(report.budgets).toHaveLength(2 * CORPORA.length + 12);
    expect(report.budgets.filter((line) => line.status === "SKIP")).toHaveLength(2 * CORPORA.length + 10);
    for (const id of ["validate-warm", "validate-file", "validate-edited", "build-cold", "build-check", "package-import", "package-parse", "sync"] as const) {
      expect(upstream!.commands[id], id).toMatchObject({ status: "measured", summary: { runs: 1 } });
    }
    const probe = upstream!.commands["package-import"] as { figures: Record<string, number> };
    expect(probe.figures).toMatchObject({ costed: expect.any(Number) });
    expect(probe.figures.importMs).toBeGreaterThan(0);
    expect(probe.figures.providersForPerSecond).toBeGreaterThan(0);
    // The human table still goes to stderr, one verdict per budget line, and the package's figures.
    expect(result.stderr).toMatch(/validate \/ floor, upstream\s+\d+\.\d\dx\s+≤ 1\.6x\s+(PASS|FAIL)/);
    expect(result.stderr).toMatch(/^package \(node\)\s+import ms/m);
    expect(result.stderr).toMatch(/^upstream(\s+[\d.,]+){7}$/m);
    expect(readdirSync(tmp).filter((name) => name.startsWith("registry-bench-"))).toEqual([]);
  });

  it("times sync only on a corpus where some provider syncs from models.dev, and only those providers", () => {
    const upstream = copyRegistry("upstream");
    expect(syncCommand.notApplicable!(upstream)).toBeUndefined();
    // bitrouter's own provider syncs from its /models endpoint, over the network: the benchmark leaves it out.
    const bitrouter = copyRegistry(join(SHARED_CORPORA, "bitrouter/registry"));
    const argv = syncCommand.prepare(bitrouter).argv;
    const named = argv.slice(argv.indexOf("--provider") + 1);
    expect(named).toContain("alibaba");
    expect(named).not.toContain("bitrouter");
    const generated = tempDir("bench-sync-");
    for (const [path, text] of [
      ["canonical.yaml", "models:\n  - id: openai/gpt-4o\n"],
      ["providers/plain.yaml", "name: plain\nstatus: active\napi_base: https://api.plain.example.com/v1\nmodels: []\n"],
    ] as const) {
      mkdirSync(dirname(join(generated, path)), { recursive: true });
      writeFileSync(join(generated, path), text);
    }
    expect(syncCommand.notApplicable!(generated)).toBe("no provider syncs from models.dev");
  });

  it("rejects an unknown corpus as a usage error", () => {
    const result = runScript("bench", ["--only", "2000x50"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown corpus 2000x50");
  });
});
