/**
 * The real registries: both corpora validate unchanged with zero errors,
 * each file read once, and a broken copy reports problems in several files
 * in one run.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DirectorySource } from "../../scripts/lib/source.ts";
import { validateRegistry } from "../../scripts/lib/validate.ts";
import { copyRegistry, CORPORA, REPO_ROOT, runScript } from "../helpers.ts";

describe.each([
  // name, canonical models, providers, the warnings the corpus is known to carry
  // upstream: three subscription plans price their models per token (billing-pricing; the router's own registry refuses that).
  ["upstream", 51, 31, { "deprecated-field": 13, "billing-pricing": 6 }],
  ["models-dev", 2908, 147, { "pricing-sanity": 2 }],
] as const)("the %s corpus", (name, canonicalModels, providers, warnings) => {
  const root = join(CORPORA, name);

  it("validates with zero errors, reading every file exactly once", async () => {
    const reads: string[] = [];
    const report = await validateRegistry(new DirectorySource(root), { onRead: (file) => reads.push(file) });
    expect(report.problems.filter((problem) => problem.severity === "error")).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toEqual({ canonical_models: canonicalModels, providers, errors: 0, warnings: Object.values(warnings).reduce((a, b) => a + b, 0) });
    const counts: Record<string, number> = {};
    for (const problem of report.problems) counts[problem.rule] = (counts[problem.rule] ?? 0) + 1;
    expect(counts).toEqual(warnings);
    const files = ["canonical.yaml", ...readdirSync(join(root, "providers")).map((file) => `providers/${file}`)];
    expect(reads.sort()).toEqual(files.sort());
  });

  it("exits 0 through the real CLI (warnings allowed), 1 with --strict", () => {
    const plain = runScript("validate", ["--root", root]);
    expect(plain.stderr).toBe("");
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(new RegExp(`⚠ 0 errors, \\d+ warnings? \\(${providers} providers, ${canonicalModels} canonical models\\)\\n$`));
    expect(runScript("validate", ["--root", root, "--strict"]).code).toBe(1);
  });
});

describe("the bitrouter corpus (the router's own registry, models/<org>.yaml layout)", () => {
  const root = join(CORPORA, "bitrouter/registry");

  it("validates with zero errors given unknown-canonical=warning, reading every file exactly once", async () => {
    const reads: string[] = [];
    const report = await validateRegistry(new DirectorySource(root), { severities: { "unknown-canonical": "warning" }, onRead: (file) => reads.push(file) });
    expect(report.problems.filter((problem) => problem.severity === "error")).toEqual([]);
    const counts: Record<string, number> = {};
    for (const problem of report.problems) counts[problem.rule] = (counts[problem.rule] ?? 0) + 1;
    // Its provider models outside the curated canonical list (11 ids, 28 entries) become warnings.
    expect(counts).toEqual({ "unknown-canonical": 28, "deprecated-field": 24 });
    expect(report.summary).toEqual({ canonical_models: 50, providers: 47, errors: 0, warnings: 52 });
    const files = [
      ...readdirSync(join(root, "models")).map((file) => `models/${file}`),
      ...readdirSync(join(root, "providers")).map((file) => `providers/${file}`),
    ];
    expect(reads.sort()).toEqual(files.sort());
  });

  it('prints "ok": true through the real CLI with --rule unknown-canonical=warning, and fails without it', () => {
    const result = runScript("validate", ["--root", root, "--rule", "unknown-canonical=warning", "--format", "json"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; summary: Record<string, number> };
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({ canonical_models: 50, providers: 47, errors: 0 });
    const strict = runScript("validate", ["--root", root, "--format", "json"]);
    expect(strict.code).toBe(1);
    expect((JSON.parse(strict.stdout) as { summary: { errors: number } }).summary.errors).toBe(28);
  });

  it("passes through registry.config.yaml as well as through --rule", () => {
    const dir = copyRegistry(root);
    writeFileSync(join(dir, "registry.config.yaml"), "rules:\n  unknown-canonical: warning\n");
    const result = runScript("validate", ["--root", dir, "--format", "json"]);
    expect(result.code).toBe(0);
    // ...and the command line wins over the file.
    expect(runScript("validate", ["--root", dir, "--rule", "unknown-canonical=error"]).code).toBe(1);
  });
});

describe("the repository's own registry", () => {
  it("validates with no problem at all", async () => {
    const report = await validateRegistry(new DirectorySource(REPO_ROOT));
    expect(report.problems).toEqual([]);
  });
});

describe("a broken copy of the upstream corpus", () => {
  it("reports a schema error in one file and an unknown canonical id in another, in one run", () => {
    const dir = copyRegistry("upstream");
    const openai = join(dir, "providers/openai.yaml");
    const openaiText = readFileSync(openai, "utf8");
    // Misspell the first `pricing:` key of the file.
    const pricingAt = openaiText.indexOf("    pricing:\n");
    expect(pricingAt).toBeGreaterThan(0);
    writeFileSync(openai, `${openaiText.slice(0, pricingAt)}    pricng:\n${openaiText.slice(pricingAt + "    pricing:\n".length)}`);
    const pricingLine = openaiText.slice(0, pricingAt).split("\n").length;

    const deepseek = join(dir, "providers/deepseek.yaml");
    const deepseekText = readFileSync(deepseek, "utf8");
    const idMatch = /^( {2}- id: )(deepseek\/[a-z0-9.-]+)$/m.exec(deepseekText)!;
    expect(idMatch).not.toBeNull();
    writeFileSync(deepseek, deepseekText.replace(idMatch[0], `${idMatch[1]}${idMatch[2]}-typo`));
    const idLine = deepseekText.slice(0, idMatch.index).split("\n").length;

    const result = runScript("validate", ["--root", dir, "--format", "json"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; problems: Array<Record<string, unknown>> };
    expect(report.ok).toBe(false);
    const errors = report.problems.filter((problem) => problem.severity === "error");
    expect(errors).toEqual([
      {
        severity: "error",
        rule: "unknown-canonical",
        file: "providers/deepseek.yaml",
        line: idLine,
        column: 9,
        path: ["models", expect.any(Number), "id"],
        message: `unknown canonical id \`${idMatch[2]}-typo\` — did you mean \`${idMatch[2]}\`?`,
      },
      {
        severity: "error",
        rule: "schema",
        file: "providers/openai.yaml",
        line: pricingLine,
        column: 5,
        path: ["models", expect.any(Number), "pricng"],
        message: "unknown key `pricng` — did you mean `pricing`?",
      },
    ]);
  });
});
