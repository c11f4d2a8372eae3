/**
 * The Markdown review comment CI appends to a pull request's job summary:
 * one summary line, notices, then one table per provider, most severe first.
 */
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers.ts";
import { commitAll, edit, git, runDiff, upstreamCopy, upstreamRepo } from "./repo.ts";

describe("diff --format markdown", () => {
  it("prints a summary line, the multi-provider notice, and per-provider tables with breaking and review rows first", () => {
    const { repo, root } = upstreamRepo();
    edit(root, "providers/deepseek.yaml", "weight: 1\n", "weight: 0.5\n");
    edit(root, "providers/deepseek.yaml", "status: active\n", "status: suspended\n");
    edit(root, "providers/deepseek.yaml", "        no_cache: 1.74\n", "        no_cache: 0.174\n");
    edit(root, "providers/xai.yaml", "name: xai\n", "name: xai\ndisplay_name: xAI | Grok\n");
    const sha = git(repo, "rev-parse", "--short=7", "main").trim();
    const result = runDiff(root, ["--format", "markdown"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `**Registry diff** \`main\` (${sha}) → working tree: 🛑 1 breaking · ⚠️ 2 review · 2 info`,
        "",
        "- ⚠️ review — this change set touches 2 provider files (`providers/deepseek.yaml`, `providers/xai.yaml`); a provider's pull request normally edits only its own file.",
        "",
        "#### `deepseek`",
        "",
        "| | change | model | field | before → after | why |",
        "|---|---|---|---|---|---|",
        "| 🛑 breaking | provider changed |  | `status` | `active` → `suspended` | provider leaves `active` (now `suspended`): it is no longer routable |",
        "| ⚠️ review | model changed | `deepseek/deepseek-v4-pro` | `pricing.input_tokens.no_cache` | 1.74 → 0.174 (−90%) | price moved −90% (a move of 50% or more: check the unit); price changed with no `pricing.source` (the entry's or the provider's): check it against the provider's public price page |",
        "| info | provider changed |  | `weight` | 1 → 0.5 |  |",
        "",
        "#### `xai`",
        "",
        "| | change | model | field | before → after | why |",
        "|---|---|---|---|---|---|",
        "| info | provider changed |  | `display_name` | — → `xAI \\| Grok` |  |",
        "",
      ].join("\n"),
    );
    // Markdown is the default format.
    expect(runDiff(root).stdout).toBe(result.stdout);
  });

  it("says so when nothing changed", () => {
    const { repo, root } = upstreamRepo();
    const sha = git(repo, "rev-parse", "--short=7", "main").trim();
    expect(runDiff(root).stdout).toBe(`**Registry diff** \`main\` (${sha}) → working tree: no semantic changes\n`);
  });

  it("describes added and removed things in words and shortens long info tables", () => {
    const repo = tempDir("diff-md-");
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(join(repo, "README.md"), "registry to come\n");
    commitAll(repo, "empty");
    cpSync(upstreamCopy(), repo, { recursive: true });
    const { stdout } = runDiff(repo);
    expect(stdout).toContain("- ⚠️ base `main` (");
    expect(stdout).toContain(") does not validate (1 error, 0 warnings) — `bun run validate` explains.");
    // 51 canonical models: 40 rows, then a count.
    expect(stdout).toContain("… and 11 more info changes (`--format json` lists every change).");
    expect(stdout).toContain("| info | provider added |  |  | `active`, 2 models, `https://api.x.ai/v1` |  |");
    expect(stdout).toContain("| info | model added | `x-ai/grok-4.3` |  | `grok-4.3` (in 1.25 / out 2.5) |  |");
    expect(stdout).toContain("| info | canonical added | `openai/gpt-5.4` |  | `OpenAI: GPT-5.4` |  |");

    commitAll(repo, "registry");
    edit(
      repo,
      "providers/xai.yaml",
      "  - id: x-ai/grok-4.3\n    provider_model_id: grok-4.3\n",
      "  - id: x-ai/grok-4.3\n    provider_model_id: grok-4.3-latest\n",
    );
    edit(repo, "providers/deepseek.yaml", "  - id: deepseek/deepseek-v4-flash\n", "  - id: deepseek/deepseek-v3.2\n");
    const changed = runDiff(repo).stdout;
    expect(changed).toContain(
      "| 🛑 breaking | model removed | `deepseek/deepseek-v4-flash` |  | was `deepseek-v4-flash` | model removed: routes to it through this provider stop resolving |",
    );
    expect(changed).toContain(
      "| 🛑 breaking | model changed | `x-ai/grok-4.3` | `provider_model_id` | `grok-4.3` → `grok-4.3-latest` | provider_model_id changed: requests now reach a different upstream model |",
    );
  });
});
