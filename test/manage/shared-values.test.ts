/**
 * Anchors, aliases and comments under the editor (SPEC §4): editing one
 * entry never changes another entry's value, even when they share a block
 * through an anchor; anchors and aliases of untouched content stay as
 * written; a removed entry takes its own leading comment with it. Checked on
 * the router's anthropic.yaml, which shares `reasoning_effort` blocks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { keysAt } from "../../scripts/lib/rules/schema.ts";
import { providerSchema } from "../../scripts/lib/schema.ts";
import { YamlText } from "../../scripts/lib/yaml/edit/index.ts";
import { CORPORA } from "../helpers.ts";

const order = (path: Array<string | number>) => keysAt(providerSchema, path, undefined);
const TEXT = readFileSync(join(CORPORA, "bitrouter/registry/providers/anthropic.yaml"), "utf8");
type Model = { id: string; reasoning_effort?: { levels: string[]; default: string } };
const models = (text: string) => (parse(text) as { models: Model[] }).models;
const BEFORE = models(TEXT);

/** Lines only in `before`, lines only in `after` (a multiset difference: enough to see what moved). */
function changed(before: string, after: string): { removed: string[]; added: string[] } {
  const count = (lines: string[]) => lines.reduce((map, line) => map.set(line, (map.get(line) ?? 0) + 1), new Map<string, number>());
  const a = count(before.split("\n"));
  const b = count(after.split("\n"));
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([line, n]) => Array<string>(Math.max(0, n - (y.get(line) ?? 0))).fill(line));
  return { removed: only(a, b).sort(), added: only(b, a).sort() };
}

/** Every entry but `index` has exactly its old data. */
function othersUnchanged(after: Model[], index: number): void {
  expect(after.filter((_, i) => i !== index)).toEqual(BEFORE.filter((_, i) => i !== index));
}

describe("an entry that reaches a value through an alias", () => {
  it("gets its own copy with the change; the anchor's other users keep theirs", () => {
    expect(TEXT.split("\n")[34]).toBe("    reasoning_effort: *claude_full_effort");
    const yaml = new YamlText(TEXT, order);
    expect(yaml.setIn(["models", 1, "reasoning_effort", "default"], "max")).toBe(true);
    const after = models(yaml.text);
    expect(after[1]!.reasoning_effort).toEqual({ levels: ["low", "medium", "high", "xhigh", "max"], default: "max" });
    othersUnchanged(after, 1);
    expect(changed(TEXT, yaml.text)).toEqual({
      removed: ["    reasoning_effort: *claude_full_effort"],
      added: ["      default: max", "      levels: [low, medium, high, xhigh, max]", "    reasoning_effort:"],
    });
    // The anchor and every other alias are still written as they were.
    expect(yaml.text.match(/\*claude_full_effort/g)).toHaveLength((TEXT.match(/\*claude_full_effort/g)?.length ?? 0) - 1);
    expect(yaml.text).toContain("reasoning_effort: &claude_full_effort\n");
  });

  it("setting the same value changes nothing", () => {
    const yaml = new YamlText(TEXT, order);
    expect(yaml.setIn(["models", 1, "reasoning_effort", "default"], "high")).toBe(false);
    expect(yaml.text).toBe(TEXT);
  });
});

describe("the anchored original", () => {
  it("changing it hands the anchor to its next user first, so the others keep the shared value", () => {
    const yaml = new YamlText(TEXT, order);
    yaml.setIn(["models", 0, "reasoning_effort", "default"], "max");
    const after = models(yaml.text);
    expect(after[0]!.reasoning_effort!.default).toBe("max");
    othersUnchanged(after, 0);
    const lines = yaml.text.split("\n");
    // models[1] now holds the anchor, written out in full; the later users still alias it.
    expect(lines[18]).toBe("    reasoning_effort:");
    expect(yaml.text).toMatch(/claude-opus-4-7\n {4}reasoning_effort: &claude_full_effort\n {6}levels: \[low, medium, high, xhigh, max\]\n {6}default: high\n/);
    expect(yaml.text.match(/\*claude_full_effort/g)).toHaveLength((TEXT.match(/\*claude_full_effort/g)?.length ?? 0) - 1);
  });

  it("removing the entry that holds it keeps every alias resolvable", () => {
    const yaml = new YamlText(TEXT, order);
    yaml.removeItem(["models"], 0);
    expect(models(yaml.text)).toEqual(BEFORE.slice(1));
    expect(yaml.text).toContain("reasoning_effort: &claude_full_effort");
  });
});

describe("removing an entry takes its leading comment with it", () => {
  const text = [
    "name: acme",
    "models:",
    "  - id: acme/a",
    "    provider_model_id: a",
    "  # b is served from the EU region only.",
    "  # Price from https://acme.example/pricing",
    "  - id: acme/b",
    "    provider_model_id: b",
    "",
    "  # c: the last one",
    "  - id: acme/c",
    "    provider_model_id: c",
    "",
  ].join("\n");

  it("the comment block directly above it goes", () => {
    const yaml = new YamlText(text, order);
    yaml.removeItem(["models"], 1);
    expect(yaml.text).toBe(
      ["name: acme", "models:", "  - id: acme/a", "    provider_model_id: a", "", "  # c: the last one", "  - id: acme/c", "    provider_model_id: c", ""].join(
        "\n",
      ),
    );
  });

  it("a comment separated by a blank line, or over the next entry, stays", () => {
    const yaml = new YamlText(text, order);
    yaml.removeItem(["models"], 0);
    expect(yaml.text).toBe(text.replace("  - id: acme/a\n    provider_model_id: a\n", ""));
  });
});
