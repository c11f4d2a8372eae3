/**
 * validate's helper threads (scripts/lib/validate-threads.ts): a run that
 * checks provider files on several threads reports exactly what a run on one
 * thread reports — on the largest real corpus, after seeded edits of every
 * kind (duplicate names, renamed files, broken YAML), with and without the
 * content cache. Helpers start only under Bun, so the real CLI is compared.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { availableParallelism } from "node:os";
import { cacheLocation } from "../../scripts/lib/cache/index.ts";
import { AUTO_THREADED_MIN_FILES, helperCount, THREADED_MIN_FILES } from "../../scripts/lib/validate-threads.ts";
import { copyRegistry, plainEnv, runScript, seededRandom } from "../helpers.ts";
import { edit } from "./edits.ts";

const TRACE = /^validate: helper threads checked (\d+) provider files\n/m;

/** The run's exit code, output and messages, and how many files helper threads checked. */
function validate(root: string, threads: string, ...extra: string[]) {
  const result = runScript("validate", ["--root", root, "--format", "json", "--threads", threads, ...extra], {
    env: plainEnv({ PROVIDER_REGISTRY_TRACE: "threads" }),
  });
  const helped = Number(TRACE.exec(result.stderr)?.[1] ?? Number.NaN);
  return { run: { code: result.code, stdout: result.stdout, stderr: result.stderr.replace(TRACE, "") }, helped };
}

describe("validate on helper threads", () => {
  it("reports what one thread reports, on models-dev and after seeded edits", { timeout: 240_000 }, () => {
    const root = copyRegistry("models-dev");
    expect(readdirSync(join(root, "providers")).length).toBeGreaterThanOrEqual(100);
    const next = seededRandom(20261202);
    let helped = 0;
    for (let round = 0; round < 4; round++) {
      const edits = round === 0 ? [] : Array.from({ length: 6 }, () => edit(root, next));
      const single = validate(root, "0", "--no-cache");
      const threaded = validate(root, "2", "--no-cache");
      expect(threaded.run, `round ${round}: ${edits.join(", ")}`).toEqual(single.run);
      expect(single.helped).toBe(0);
      helped += threaded.helped;
      if (round > 0) expect(single.run.code, "the edits make the registry fail").toBe(1);
    }
    // The helpers did check files (else this compares one thread with itself).
    expect(helped).toBeGreaterThan(0);
  });

  it("fills the content cache as a single thread would: the warm run that follows reports the same", { timeout: 120_000 }, async () => {
    const root = copyRegistry("models-dev");
    const next = seededRandom(7);
    for (let i = 0; i < 4; i++) edit(root, next);
    // Settled files, so that the stats the helpers take are remembered too.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const single = validate(root, "0", "--no-cache");
    const coldThreaded = validate(root, "2");
    // Every cached file has its stat (the third field of its line), whichever thread read it.
    const lines = readFileSync(cacheLocation(root, "validate").file, "utf8").split("\n").slice(1, -2);
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines) expect(line.split("\t")[2], line).toMatch(/^\d+:\d+:\d+:\d+:\d+$/);
    const warm = validate(root, "0");
    expect(coldThreaded.run).toEqual(single.run);
    expect(coldThreaded.helped).toBeGreaterThan(0);
    expect(warm.run).toEqual(single.run);
    expect(warm.helped, "a warm cache needs no helper").toBe(0);
  });

  it("refuses a --threads value that is not a count", () => {
    const root = copyRegistry("upstream");
    const result = runScript("validate", ["--root", root, "--threads", "many"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--threads must be auto or a whole number from 0 to 16, got many");
  });

  it("starts helpers by default only on a registry large enough for them to pay, and as asked otherwise", () => {
    const cores = Math.max(0, Math.min(3, availableParallelism() - 1));
    expect(helperCount("auto", AUTO_THREADED_MIN_FILES - 1)).toBe(0);
    expect(helperCount("auto", AUTO_THREADED_MIN_FILES)).toBe(cores);
    expect(helperCount(2, THREADED_MIN_FILES - 1)).toBe(0);
    expect(helperCount(2, THREADED_MIN_FILES)).toBe(2);
    expect(helperCount(0, 100_000)).toBe(0);
    // models-dev has 148 provider files: the default keeps it on one thread.
    const root = copyRegistry("models-dev");
    const result = runScript("validate", ["--root", root, "--format", "json", "--no-cache"], { env: plainEnv({ PROVIDER_REGISTRY_TRACE: "threads" }) });
    expect(result.stderr).toContain("validate: helper threads checked 0 provider files");
  });
});
