/**
 * build's content cache (scripts/lib/snapshot/cache.ts): a build that reads
 * through it writes exactly the bytes, warnings and problems a build without
 * it does — cold, warm, and warm after a one-file edit — on real corpora
 * copied to a temporary directory and a generated one; it answers for the
 * files it knows (counted), and a corrupt, torn or foreign cache is never
 * trusted.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { removeBuildCache } from "../../scripts/lib/snapshot/cache.ts";
import { buildSnapshot, type BuildOutcome } from "../../scripts/lib/snapshot/index.ts";
import { DirectorySource } from "../../scripts/lib/source.ts";
import { BUN, CORPORA, copyRegistry, plainEnv, REPO_ROOT, runScript, tempDir } from "../helpers.ts";

/** This process's scratch files (builds without a cache) left in the temporary directory. */
function scratchFiles(): string[] {
  const dir = join(tmpdir(), "provider-registry-build");
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.startsWith(`.scratch-${process.pid}.`)) : [];
}

/** Every file under `dir`, path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  const walk = (at: string) => {
    if (!existsSync(at)) return;
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return found;
}

function expectSameFiles(actual: Map<string, Buffer>, expected: Map<string, Buffer>, label: string): void {
  expect([...actual.keys()].sort(), label).toEqual([...expected.keys()].sort());
  for (const [path, bytes] of expected) expect(actual.get(path)!.equals(bytes), `${label}: ${path}`).toBe(true);
}

interface Run {
  outcome: BuildOutcome;
  out: Map<string, Buffer>;
  hits: number;
  misses: number;
  texts: Map<string, string>;
}

async function run(root: string, cacheBase: string, extra: { noCache?: boolean; check?: boolean; out?: string } = {}): Promise<Run> {
  const out = extra.out ?? tempDir("build-out-");
  let hits = -1;
  let misses = -1;
  const texts = new Map<string, string>();
  const outcome = await buildSnapshot(new DirectorySource(root), {
    root,
    out,
    check: extra.check ?? false,
    cacheBase,
    ...(extra.noCache ? { noCache: true } : {}),
    onProblemText: (file, text) => texts.set(file, text),
    onCacheUse: (h, m) => {
      hits = h;
      misses = m;
    },
  });
  return { outcome, out: files(out), hits, misses, texts };
}

/** What a build reports besides its files: validation problems, view warnings, counts and hash. */
function reportOf(outcome: BuildOutcome): unknown {
  if (!outcome.ok) return outcome.report;
  const { results, ...rest } = outcome;
  return { ...rest, results: results.map((result) => result.path) };
}

function providerFiles(root: string): string[] {
  return readdirSync(join(root, "providers")).filter((name) => name.endsWith(".yaml"));
}

/** Raises the first `no_cache` price of the `nth` provider file that has one. */
function editOnePrice(root: string, nth = 0): string {
  let seen = 0;
  for (const name of providerFiles(root).sort()) {
    const path = join(root, "providers", name);
    const text = readFileSync(path, "utf8");
    const changed = text.replace(/(no_cache: )(\d+(?:\.\d+)?)/, (_m, key: string, value: string) => `${key}${Number(value) + 0.125}`);
    if (changed !== text && seen++ === nth) {
      writeFileSync(path, changed);
      return name;
    }
  }
  throw new Error(`no priced provider file in ${root}`);
}

/** cold (no cache) ≡ first cached ≡ warm; then edit one file: cold ≡ warm again, with one file checked afresh. */
async function differential(root: string): Promise<void> {
  const cache = tempDir("build-cache-");
  const cold = await run(root, cache, { noCache: true });
  expect(cold.outcome.ok).toBe(true);
  const first = await run(root, cache);
  const warm = await run(root, cache);
  const providers = providerFiles(root).length;
  expect(first.hits).toBe(0);
  expect(warm.misses).toBe(0);
  expect(warm.hits).toBe(providers);
  expectSameFiles(first.out, cold.out, "first cached build");
  expectSameFiles(warm.out, cold.out, "warm build");
  expect(reportOf(warm.outcome)).toEqual(reportOf(cold.outcome));
  expect(reportOf(first.outcome)).toEqual(reportOf(cold.outcome));

  editOnePrice(root);
  const edited = await run(root, cache, { noCache: true });
  const editedWarm = await run(root, cache);
  expect(editedWarm.misses).toBe(1);
  expect(editedWarm.hits).toBe(providers - 1);
  expectSameFiles(editedWarm.out, edited.out, "one-file-edited warm build");
  expect(reportOf(editedWarm.outcome)).toEqual(reportOf(edited.outcome));
  expect(scratchFiles()).toEqual([]);
  // The edit shows: this is not the old output again.
  expect(edited.out.get("providers.json")!.equals(cold.out.get("providers.json")!)).toBe(false);
}

function makeCorpus(providers: number, models: number): string {
  const root = tempDir("corpus-");
  const result = spawnSync(
    "node",
    [join(CORPORA, "../tools/make-corpus.mjs"), "--providers", String(providers), "--models-per-provider", String(models), "--out", root],
    { encoding: "utf8" },
  );
  expect(result.status, result.stderr).toBe(0);
  writeFileSync(join(root, "registry.config.yaml"), "rules:\n  duplicate-model: warning\n");
  return root;
}

describe("build's content cache gives the bytes of a build without it", () => {
  it("on the upstream corpus", async () => {
    await differential(copyRegistry("upstream"));
  });

  it("on the router's registry (bitrouter), both views and their warnings", async () => {
    const root = copyRegistry(join(CORPORA, "bitrouter/registry"));
    writeFileSync(join(root, "registry.config.yaml"), "rules:\n  unknown-canonical: warning\n");
    await differential(root);
  });

  it("on a generated registry (make-corpus, 60 providers × 12 models)", async () => {
    await differential(makeCorpus(60, 12));
  });
});

describe("build's content cache is never trusted blindly", () => {
  async function primed() {
    const root = copyRegistry("upstream");
    const cache = tempDir("build-cache-");
    const cold = await run(root, cache, { noCache: true });
    await run(root, cache);
    const dir = join(cache, "build");
    const blobs = readdirSync(dir).filter((name) => name.endsWith(".bin"));
    const index = readdirSync(dir).find((name) => name.endsWith(".json"))!;
    expect(blobs.length).toBe(2);
    return { root, cache, cold, dir, blobs, index };
  }

  it("a torn blob (shorter than its index says): those files are built afresh", async () => {
    const { root, cache, cold, dir, blobs } = await primed();
    truncateSync(join(dir, blobs[0]!), statSync(join(dir, blobs[0]!)).size - 10);
    const warm = await run(root, cache);
    expect(warm.hits).toBe(0);
    expectSameFiles(warm.out, cold.out, "after a torn blob");
    // …and the cache is whole again for the next run.
    const again = await run(root, cache);
    expect(again.misses).toBe(0);
    expectSameFiles(again.out, cold.out, "after the repair");
  });

  it("a damaged blob of the right size: the build starts again without the cache", async () => {
    const { root, cache, cold, dir, blobs } = await primed();
    const path = join(dir, blobs[1]!);
    writeFileSync(path, Buffer.alloc(statSync(path).size, 0x20));
    const warm = await run(root, cache);
    expectSameFiles(warm.out, cold.out, "after a damaged blob");
    expect(reportOf(warm.outcome)).toEqual(reportOf(cold.outcome));
    const again = await run(root, cache);
    expect(again.hits).toBe(0);
    expectSameFiles(again.out, cold.out, "after the damaged cache was dropped");
    // The build that started again without the cache removed its scratch file, as every build does.
    expect(scratchFiles()).toEqual([]);
  });

  it("an index that does not parse, or of another salt, is an empty cache", async () => {
    const { root, cache, cold, dir, index } = await primed();
    writeFileSync(join(dir, index), "{not json");
    const garbled = await run(root, cache);
    expect(garbled.hits).toBe(0);
    expectSameFiles(garbled.out, cold.out, "after a garbled index");
    const text = readFileSync(join(dir, index), "utf8");
    writeFileSync(join(dir, index), text.replace(/"salt":"[^"]*"/, '"salt":"another"'));
    const foreign = await run(root, cache);
    expect(foreign.hits).toBe(0);
    expectSameFiles(foreign.out, cold.out, "after a foreign index");
  });

  it("keeps validation problems exactly: warnings from the cache, and an invalid file refuses the build warm as cold", async () => {
    const root = copyRegistry("upstream");
    const cache = tempDir("build-cache-");
    const cold = await run(root, cache, { noCache: true });
    expect(cold.outcome.ok && cold.outcome.report.summary.warnings).toBeGreaterThan(0);
    await run(root, cache);
    const warm = await run(root, cache);
    expect(warm.misses).toBe(0);
    expect(warm.outcome.report).toEqual(cold.outcome.report);
    // A file both runs refuse: the problems, and the text the refusal quotes, are the same.
    const path = join(root, "providers/ai0ms.yaml");
    writeFileSync(path, readFileSync(path, "utf8").replace("    pricing:", "    pricng:"));
    const refusedCold = await run(root, cache, { noCache: true });
    const refusedFirst = await run(root, cache);
    const refusedWarm = await run(root, cache);
    expect(refusedCold.outcome.ok).toBe(false);
    expect(refusedWarm.hits).toBe(providerFiles(root).length);
    for (const refused of [refusedFirst, refusedWarm]) {
      expect(refused.outcome.report).toEqual(refusedCold.outcome.report);
      expect(refused.texts.get("providers/ai0ms.yaml")).toBe(refusedCold.texts.get("providers/ai0ms.yaml"));
    }
  });

  it("--check reads through it too, and finds a one-price edit stale", async () => {
    const root = copyRegistry("upstream");
    const cache = tempDir("build-cache-");
    const out = tempDir("build-out-");
    await run(root, cache, { out });
    const check = await run(root, cache, { out, check: true });
    expect(check.hits).toBe(providerFiles(root).length);
    expect(check.outcome.ok && check.outcome.results.every((result) => result.state === "fresh")).toBe(true);
    editOnePrice(root);
    const stale = await run(root, cache, { out, check: true });
    expect(stale.misses).toBe(1);
    expect(stale.outcome.ok && stale.outcome.results.filter((result) => result.state === "stale").map((result) => result.path)).toContain("providers.json");
  });
});

describe("build's content cache over many builds", () => {
  it("references earlier blobs for unchanged files, and rewrites them into one when generations pile up", async () => {
    const root = copyRegistry("upstream");
    const cache = tempDir("build-cache-");
    await run(root, cache);
    const blobs = () => readdirSync(join(cache, "build")).filter((name) => name.endsWith(".bin"));
    const counts: number[] = [];
    for (let edit = 0; edit < 8; edit++) {
      editOnePrice(root, edit);
      const cold = await run(root, cache, { noCache: true });
      const warm = await run(root, cache);
      expect(warm.misses).toBe(1);
      expectSameFiles(warm.out, cold.out, `after edit ${edit + 1}`);
      counts.push(blobs().length);
    }
    // Each edit (of another file) adds a small blob per view, until a compaction folds them back.
    expect(counts[0]).toBe(4);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2 * 6);
    expect(counts.some((count, i) => i > 0 && count < counts[i - 1]!)).toBe(true);
  });
});

describe("build's content cache cleans up after itself", () => {
  it("removes the files of a root not built for a week, and removeBuildCache removes a root's own", async () => {
    const root = copyRegistry("upstream");
    const cache = tempDir("build-cache-");
    await run(root, cache);
    const dir = join(cache, "build");
    const ownFiles = readdirSync(dir).sort();
    const week = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    for (const name of ["abandonedRootKey0000000.json", "abandonedRootKey0000000.g1.v2.bin", "recentRootKey00000000000.json"])
      writeFileSync(join(dir, name), "x");
    utimesSync(join(dir, "abandonedRootKey0000000.json"), week, week);
    await run(root, cache);
    const after = readdirSync(dir);
    expect(after).not.toContain("abandonedRootKey0000000.json");
    expect(after).not.toContain("abandonedRootKey0000000.g1.v2.bin");
    expect(after).toContain("recentRootKey00000000000.json");
    // The root's own files stay: a warm build of an unchanged registry writes no blob and removes none.
    for (const name of ownFiles) expect(after).toContain(name);
    removeBuildCache(root, cache);
    expect(readdirSync(dir)).toEqual(["recentRootKey00000000000.json"]);
  });
});

describe("build's content cache under concurrent builds", () => {
  function buildProcess(root: string, out: string): Promise<number | null> {
    return new Promise((resolve) => {
      const child = spawn(BUN, [join(REPO_ROOT, "scripts/build.ts"), "--root", root, "--out", out], { cwd: REPO_ROOT, env: plainEnv(), stdio: "ignore" });
      child.on("exit", (code) => resolve(code));
    });
  }

  it("four builds of one root at once, cold then warm after an edit, all write what a build without the cache writes", async () => {
    const root = copyRegistry(join(CORPORA, "bitrouter/registry"));
    writeFileSync(join(root, "registry.config.yaml"), "rules:\n  unknown-canonical: warning\n");
    for (const round of [0, 1]) {
      if (round === 1) editOnePrice(root, 3);
      const reference = tempDir("build-out-");
      expect(runScript("build", ["--root", root, "--out", reference, "--no-cache"]).code).toBe(0);
      const outs = [0, 1, 2, 3].map(() => tempDir("build-out-"));
      expect(await Promise.all(outs.map((out) => buildProcess(root, out)))).toEqual([0, 0, 0, 0]);
      for (const out of outs) expectSameFiles(files(out), files(reference), `round ${round}`);
      // Whichever index won, the next build reads through it and writes the same bytes.
      const after = tempDir("build-out-");
      expect(runScript("build", ["--root", root, "--out", after]).code).toBe(0);
      expectSameFiles(files(after), files(reference), `after round ${round}`);
    }
  });
});

describe("build --no-cache", () => {
  it("is documented and builds the same files", () => {
    const help = runScript("build", ["--help"]);
    expect(help.stdout).toContain("--no-cache");
    const root = copyRegistry("upstream");
    const a = tempDir("build-out-");
    const b = tempDir("build-out-");
    expect(runScript("build", ["--root", root, "--out", a, "--no-cache"]).code).toBe(0);
    expect(runScript("build", ["--root", root, "--out", b]).code).toBe(0);
    expectSameFiles(files(b), files(a), "--no-cache");
  });
});
