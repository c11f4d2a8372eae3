/**
 * `manage` on the router's own registry (../shared/corpora/bitrouter): the
 * `models/<org>.yaml` layout and files that share blocks through anchors.
 * Each edit is judged by `git diff` on a committed copy: only the lines the
 * change needs, every anchor and alias of untouched content as written, and
 * the result as valid as before.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CORPORA, runScript } from "../helpers.ts";
import { diff, manage, numstat, registryRepo, status } from "./helpers.ts";

const CORPUS = join(CORPORA, "bitrouter/registry");

/**
 * Errors of validate in the files given; the corpus's uncurated provider
 * models (`unknown-canonical`, a warning for this registry) are not errors here.
 */
function errorsIn(root: string, ...files: string[]): string[] {
  const result = runScript("validate", ["--root", root, "--format", "json"]);
  const report = JSON.parse(result.stdout) as { problems: Array<{ severity: string; rule: string; file: string; line: number; message: string }> };
  return report.problems
    .filter((p) => p.severity === "error" && p.rule !== "unknown-canonical" && files.includes(p.file))
    .map((p) => `${p.file}:${p.line} ${p.message} (${p.rule})`);
}

describe("the models/ layout", () => {
  it("canonical add <org>/<model> appends to models/<org>.yaml, in the file's own style", () => {
    const root = registryRepo(CORPUS);
    const result = manage(
      root,
      "canonical",
      "add",
      "moonshotai/kimi-k9",
      "--name",
      "Kimi: K9",
      "--input-modalities",
      "text",
      "--output-modalities",
      "text",
      "--max-input-tokens",
      "256000",
    );
    expect(result).toMatchObject({ code: 0, stdout: "added moonshotai/kimi-k9 to models/moonshotai.yaml\n" });
    expect(numstat(root)).toEqual({ "models/moonshotai.yaml": [7, 0] });
    expect(diff(root)).toContain(["+- id: moonshotai/kimi-k9", "+  name: 'Kimi: K9'", "+  input_modalities:", "+  - text"].join("\n"));
    expect(errorsIn(root, "models/moonshotai.yaml")).toEqual([]);
  });

  it("a new org gets a new models/<org>.yaml, written as a sequence", () => {
    const root = registryRepo(CORPUS);
    const result = manage(root, "canonical", "add", "acme/widget-1", "--name", "Acme: Widget 1", "--open-weights", "false");
    expect(result).toMatchObject({ code: 0, stdout: "added acme/widget-1 to models/acme.yaml (a new file)\n" });
    expect(readFileSync(join(root, "models/acme.yaml"), "utf8")).toBe(
      [
        "# yaml-language-server: $schema=../schemas/canonical-models.schema.json",
        "- id: acme/widget-1",
        '  name: "Acme: Widget 1"',
        "  open_weights: false",
        "",
      ].join("\n"),
    );
    expect(status(root)).toEqual(["?? models/acme.yaml"]);
    expect(errorsIn(root, "models/acme.yaml")).toEqual([]);
  });

  it("every command finds canonical ids in models/", () => {
    const root = registryRepo(CORPUS);
    expect(manage(root, "canonical", "add", "acme/widget-1", "--name", "Widget").code).toBe(0);
    // add-model checks its id against every models/<org>.yaml.
    const added = manage(root, "add-model", "deepseek", "acme/widget-1", "widget-1", "--no-cache", "1", "--output", "2");
    expect(added).toMatchObject({ code: 0, stdout: "added acme/widget-1 to deepseek as widget-1 (providers/deepseek.yaml)\n" });
    expect(manage(root, "add-model", "deepseek", "acme/widget-2", "widget-2", "--no-cache", "1", "--output", "2").stderr).toMatch(
      /unknown canonical id `acme\/widget-2` — did you mean `acme\/widget-1`\?/,
    );
    // canonical remove is refused while served, then empties and removes the org's file.
    expect(manage(root, "canonical", "remove", "acme/widget-1").stderr).toMatch(/is still served by 1 provider: deepseek/);
    expect(manage(root, "remove-model", "deepseek", "acme/widget-1").code).toBe(0);
    expect(manage(root, "canonical", "remove", "acme/widget-1")).toMatchObject({
      code: 0,
      stdout: "removed acme/widget-1: it was the last model of models/acme.yaml, so the file is gone\n",
    });
    expect(existsSync(join(root, "models/acme.yaml"))).toBe(false);
    expect(status(root)).toEqual([]);
    const listed = JSON.parse(manage(root, "canonical", "list", "--json").stdout) as Array<{ id: string }>;
    expect(listed).toHaveLength(50);
  });

  it("an existing id is refused wherever it is", () => {
    const root = registryRepo(CORPUS);
    expect(manage(root, "canonical", "add", "moonshotai/kimi-k2.6")).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^manage: `moonshotai\/kimi-k2\.6` is already in models\/moonshotai\.yaml \(models\/moonshotai\.yaml:\d+:\d+\); nothing was changed\n$/,
      ),
    });
  });
});

describe("a file that shares blocks through anchors", () => {
  const FILE = "providers/anthropic.yaml";
  const models = (root: string) => (parse(readFileSync(join(root, FILE), "utf8")) as { models: Array<{ id: string; reasoning_effort?: unknown }> }).models;

  it("an entry reaching reasoning_effort through an alias gets its own copy; every other entry keeps its value", () => {
    const root = registryRepo(CORPUS);
    const before = models(root);
    const result = manage(root, "update-model", "anthropic", "anthropic/claude-opus-4.7", "--reasoning-default", "max");
    expect(result).toMatchObject({ code: 0, stdout: `updated anthropic/claude-opus-4.7 on anthropic (${FILE})\n` });
    expect(numstat(root)).toEqual({ [FILE]: [3, 1] });
    expect(diff(root)).toMatch(
      /^- {4}reasoning_effort: \*claude_full_effort\n\+ {4}reasoning_effort:\n\+ {6}levels: \[low, medium, high, xhigh, max\]\n\+ {6}default: max$/m,
    );
    const after = models(root);
    const index = before.findIndex((model) => model.id === "anthropic/claude-opus-4.7");
    expect(after.filter((_, i) => i !== index)).toEqual(before.filter((_, i) => i !== index));
    expect(after[index]!.reasoning_effort).toEqual({ levels: ["low", "medium", "high", "xhigh", "max"], default: "max" });
    expect(errorsIn(root, FILE)).toEqual([]);
  });

  it("editing the anchored original hands the anchor on first", () => {
    const root = registryRepo(CORPUS);
    const before = models(root);
    expect(manage(root, "update-model", "anthropic", "anthropic/claude-opus-4.8", "--reasoning-levels", "low,medium,high").code).toBe(0);
    const after = models(root);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(after[0]!.reasoning_effort).toEqual({ levels: ["low", "medium", "high"], default: "high" });
    expect(readFileSync(join(root, FILE), "utf8")).toContain("reasoning_effort: &claude_full_effort\n");
    expect(errorsIn(root, FILE)).toEqual([]);
  });

  it("adding a model keeps every anchor and alias as written: lines are only added", () => {
    const root = registryRepo(CORPUS);
    expect(manage(root, "add-model", "anthropic", "moonshotai/kimi-k2.6", "kimi-k2.6", "--no-cache", "0.95", "--output", "4").code).toBe(0);
    expect(diff(root)).not.toMatch(/^-[^-]/m);
    expect(errorsIn(root, FILE)).toEqual([]);
  });
});
