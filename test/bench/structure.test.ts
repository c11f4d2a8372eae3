/**
 * The regression guard for SPEC §7 that does not depend on the machine's
 * speed: instead of timing the commands, count what they do. `validate`
 * reads every registry file exactly once and parses it exactly once (only a
 * file with a problem may be parsed again, to put line and column on the
 * problem); `add-model` reads no provider file but its own.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addModelTarget } from "../../scripts/lib/bench/corpora.ts";
import { MODEL_FIELDS } from "../../scripts/lib/manage/fields.ts";
import { addModel } from "../../scripts/lib/manage/operations.ts";
import { Registry } from "../../scripts/lib/manage/registry.ts";
import { DirectorySource, type RegistrySource } from "../../scripts/lib/source.ts";
import { validateRegistry } from "../../scripts/lib/validate.ts";
import { copyRegistry } from "../helpers.ts";

// The `yaml` package is the slow, precise parser: record every document it parses.
const preciseParses = vi.hoisted(() => [] as string[]);
vi.mock("yaml", async (importOriginal) => {
  const actual = await importOriginal<typeof import("yaml")>();
  const record = (parse: (...args: never[]) => unknown) =>
    function (this: unknown, source: string, ...rest: unknown[]) {
      preciseParses.push(source);
      return (parse as (...args: unknown[]) => unknown).call(this, source, ...rest);
    };
  const recorded = { parseAllDocuments: record(actual.parseAllDocuments), parseDocument: record(actual.parseDocument), parse: record(actual.parse) };
  return { ...actual, ...recorded, default: { ...actual, ...recorded } };
});

interface Counts {
  reads: Map<string, number>;
  onRead: Map<string, number>;
  /** js-yaml loads that build the data (no listener). */
  dataParses: Map<string, number>;
  /** js-yaml loads with a listener (anchor detection, positions of problems). */
  listenerParses: Map<string, number>;
  precise: Map<string, number>;
  /** Parses of text that is no registry file at all. */
  strays: number;
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** A source that counts how often each file is read. */
function countingSource(base: RegistrySource, reads: Map<string, number>): RegistrySource {
  return {
    list: () => base.list(),
    hasProvidersDirectory: () => base.hasProvidersDirectory(),
    read(path, maxBytes) {
      bump(reads, path);
      return base.read(path, maxBytes);
    },
  };
}

function registryTexts(root: string): Map<string, string> {
  const byText = new Map<string, string>();
  const files = ["canonical.yaml", ...readdirSync(join(root, "providers")).map((name) => `providers/${name}`)];
  for (const file of files) byText.set(readFileSync(join(root, file), "utf8").replace(/^\ufeff/, ""), file);
  return byText;
}

async function validateCounting(root: string) {
  const byText = registryTexts(root);
  const counts: Counts = { reads: new Map(), onRead: new Map(), dataParses: new Map(), listenerParses: new Map(), precise: new Map(), strays: 0 };
  const load = jsyaml.load;
  const spy = vi.spyOn(jsyaml, "load").mockImplementation((text: string, options?: jsyaml.LoadOptions) => {
    const file = byText.get(text);
    if (file === undefined) counts.strays++;
    else bump(options?.listener ? counts.listenerParses : counts.dataParses, file);
    return load(text, options);
  });
  preciseParses.length = 0;
  try {
    const report = await validateRegistry(countingSource(new DirectorySource(root), counts.reads), { onRead: (file) => bump(counts.onRead, file) });
    for (const text of preciseParses) {
      const file = byText.get(text);
      if (file === undefined) counts.strays++;
      else bump(counts.precise, file);
    }
    return { report, counts, files: [...byText.values()].sort(), textOf: new Map([...byText].map(([text, file]) => [file, text])) };
  } finally {
    spy.mockRestore();
  }
}

const once = (files: readonly string[]) => new Map(files.map((file) => [file, 1]));

describe("validate does each file's work once", () => {
  beforeEach(() => {
    preciseParses.length = 0;
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("reads and parses every file of a registry without problems exactly once, and never loads the precise parser", async () => {
    // upstream minus the files that carry a warning: a registry with no problem at all.
    const root = copyRegistry("upstream");
    rmSync(join(root, "dist"), { recursive: true, force: true });
    const first = await validateRegistry(new DirectorySource(root));
    for (const file of new Set(first.problems.map((problem) => problem.file))) rmSync(join(root, file));

    const { report, counts, files } = await validateCounting(root);
    expect(report.problems).toEqual([]);
    expect(files.length).toBeGreaterThan(10);
    expect(counts.reads).toEqual(once(files));
    expect(counts.onRead).toEqual(once(files));
    expect(counts.dataParses).toEqual(once(files));
    expect(counts.listenerParses).toEqual(new Map());
    expect(counts.precise).toEqual(new Map());
    expect(counts.strays).toBe(0);
  });

  it("parses a file with an ampersand that cannot be an anchor (Q&A, a URL query) once, and still catches a real anchor's alias bomb", async () => {
    const root = copyRegistry("upstream");
    rmSync(join(root, "dist"), { recursive: true, force: true });
    const first = await validateRegistry(new DirectorySource(root));
    for (const file of new Set(first.problems.map((problem) => problem.file))) rmSync(join(root, file));
    const file = join(root, "providers/openai.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace(/^display_name: .*$/m, "display_name: OpenAI R&D (Q&A)")
        .replace(/^doc_url: .*$/m, "doc_url: https://platform.openai.com/docs?a=1&b=2"),
    );

    const { report, counts, files } = await validateCounting(root);
    expect(report.problems).toEqual([]);
    expect(counts.dataParses).toEqual(once(files));
    expect(counts.listenerParses).toEqual(new Map());

    // Anchors are allowed (SPEC §2), so a real one reaches the precise path, which holds the alias budget.
    const bomb = `x0: &x0 [a, a, a, a, a, a, a, a]\n${[1, 2, 3]
      .map(
        (i) =>
          `x${i}: &x${i} [${Array(8)
            .fill(`*x${i - 1}`)
            .join(", ")}]`,
      )
      .join("\n")}\n`;
    writeFileSync(file, `${readFileSync(file, "utf8").replace("display_name: OpenAI R&D (Q&A)", "display_name: &name OpenAI")}${bomb}`);
    const anchored = await validateRegistry(new DirectorySource(root));
    expect(anchored.problems.map((problem) => [problem.file, problem.rule])).toEqual([["providers/openai.yaml", "yaml-syntax"]]);
  });

  it.each(["upstream", "models-dev"] as const)("on %s, parses again only the files that have a problem, at most once more", async (corpus) => {
    const { report, counts, files, textOf } = await validateCounting(copyRegistry(corpus));
    expect(report.summary.errors).toBe(0);
    expect(report.summary.warnings).toBeGreaterThan(0);
    expect(counts.reads).toEqual(once(files));
    expect(counts.onRead).toEqual(once(files));
    expect(counts.dataParses).toEqual(once(files));
    expect(counts.strays).toBe(0);

    const withProblems = new Set(report.problems.map((problem) => problem.file));
    for (const file of files) {
      // One more pass for the positions of its problems; one for the anchor
      // check of a file that contains `&` at all (scripts/lib/yaml/fast.ts).
      const allowed = (withProblems.has(file) ? 1 : 0) + (textOf.get(file)!.includes("&") ? 1 : 0);
      const extra = (counts.listenerParses.get(file) ?? 0) + (counts.precise.get(file) ?? 0);
      expect(extra, `${file} was parsed ${extra} extra time(s); allowed ${allowed}`).toBeLessThanOrEqual(allowed);
    }
  });
});

describe("add-model does not grow with the registry", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("reads canonical.yaml and its own provider file through the registry source, and nothing else", async () => {
    const root = copyRegistry("models-dev");
    const target = addModelTarget(root);
    const own = `providers/${target.provider}.yaml`;
    const reads: string[] = [];
    const read = DirectorySource.prototype.read;
    vi.spyOn(DirectorySource.prototype, "read").mockImplementation(function (this: DirectorySource, path, maxBytes) {
      reads.push(path);
      return read.call(this, path, maxBytes);
    });
    const outcome = await addModel(Registry.open(root), target.provider, target.canonicalId, target.providerModelId, [
      { field: MODEL_FIELDS.find((field) => field.flag === "--no-cache")!, value: 1 },
      { field: MODEL_FIELDS.find((field) => field.flag === "--output")!, value: 2 },
    ]);
    expect(outcome.summary).toContain(target.canonicalId);
    expect(readFileSync(join(root, own), "utf8")).toContain(target.providerModelId);
    expect(new Set(reads)).toEqual(new Set(["canonical.yaml", own]));
  });
});
