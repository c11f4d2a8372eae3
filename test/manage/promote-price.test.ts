/**
 * `manage promote-price` on the router's own registry (../shared/corpora/bitrouter),
 * whose anthropic file says of claude-sonnet-5 "Introductory pricing through
 * 2026-08-31; rises to $3/$15 after": written as a scheduled price, it is
 * reported once its day has come, and promoting it makes it `pricing`, keeps
 * the introductory price in `pricing_history`, and validates.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { CORPORA, runScript } from "../helpers.ts";
import { commitAll, diff, manage, numstat, registryRepo } from "./helpers.ts";

const FILE = "providers/anthropic.yaml";
const INTRODUCTORY = `    # Introductory pricing through 2026-08-31; rises to $3/$15 after.
    pricing:
      input_tokens:
        no_cache: 2
        cache_read: 0.2
        cache_write: 2.5
      output_tokens:
        text: 10
`;
const SCHEDULED = `${INTRODUCTORY}    pricing_schedule:
      - effective_from: 2026-09-01
        input_tokens:
          no_cache: 3
        output_tokens:
          text: 15
`;

/** The corpus with the announced price written as a scheduled one, committed. */
function announced(): string {
  const root = registryRepo(join(CORPORA, "bitrouter/registry"));
  const text = readFileSync(join(root, FILE), "utf8");
  expect(text).toContain(INTRODUCTORY);
  writeFileSync(join(root, FILE), text.replace(INTRODUCTORY, SCHEDULED));
  // Committed, so `git diff` shows promote-price's edit alone.
  commitAll(root);
  return root;
}

function problems(root: string): Array<{ rule: string; severity: string; file: string; line: number; message: string }> {
  const result = runScript("validate", ["--root", root, "--format", "json", "--rule", "unknown-canonical=warning"]);
  return JSON.parse(result.stdout).problems;
}

function sonnet5(root: string): Record<string, unknown> {
  const data = parse(readFileSync(join(root, FILE), "utf8")) as { models: Array<Record<string, unknown>> };
  return data.models.find((model) => model.id === "anthropic/claude-sonnet-5")!;
}

describe("promote-price", () => {
  it("validate names the command once the day has come", () => {
    const root = announced();
    const due = problems(root).filter((problem) => problem.rule === "scheduled-price-due");
    expect(due).toMatchObject([{ severity: "warning", file: FILE }]);
    expect(due[0]!.message).toContain("run `manage promote-price anthropic anthropic/claude-sonnet-5`");
  });

  it("makes the scheduled price `pricing` and keeps the one it replaces in pricing_history", () => {
    const root = announced();
    const result = manage(root, "promote-price", "anthropic", "anthropic/claude-sonnet-5", "--as-of", "2026-12-01");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("promoted the price of anthropic/claude-sonnet-5 on anthropic scheduled from 2026-09-01");
    expect(sonnet5(root)).toMatchObject({
      pricing: { input_tokens: { no_cache: 3 }, output_tokens: { text: 15 } },
      pricing_history: [{ effective_until: "2026-09-01", input_tokens: { no_cache: 2, cache_read: 0.2, cache_write: 2.5 }, output_tokens: { text: 10 } }],
      pricing_schedule: [],
    });
    // Only this entry's lines changed; the comment above its price stays.
    expect(Object.keys(numstat(root))).toEqual([FILE]);
    expect(diff(root, FILE)).not.toMatch(/^-.*Introductory/m);
    expect(problems(root).filter((problem) => problem.severity === "error" || problem.rule === "scheduled-price-due")).toEqual([]);
  });

  it("refuses, changing nothing, when no scheduled price is due", () => {
    const root = announced();
    const early = manage(root, "promote-price", "anthropic", "anthropic/claude-sonnet-5", "--as-of", "2026-08-31");
    expect(early.code).toBe(1);
    expect(early.stderr).toContain("no scheduled price due on 2026-08-31 (the next starts 2026-09-01)");
    const none = manage(root, "promote-price", "anthropic", "anthropic/claude-opus-4.7", "--as-of", "2026-12-01");
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("has no scheduled price due");
    const unknown = manage(root, "promote-price", "anthropic", "anthropic/claude-nope", "--as-of", "2026-12-01");
    expect(unknown.code).toBe(1);
    expect(numstat(root)).toEqual({});
    const badDate = manage(root, "promote-price", "anthropic", "anthropic/claude-sonnet-5", "--as-of", "soon");
    expect(badDate.code).toBe(2);
  });
});
