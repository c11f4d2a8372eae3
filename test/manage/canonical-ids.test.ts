/**
 * The cheap read of canonical ids `add-model` relies on: exactly the ids a
 * YAML parser sees on the real files, and no answer (so the caller parses)
 * for any layout it cannot be sure about.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { scanCanonicalIds } from "../../scripts/lib/yaml/canonical-ids.ts";
import { CORPORA, REPO_ROOT } from "../helpers.ts";

const parsedIds = (text: string) =>
  new Set((jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }) as { models: Array<{ id: string }> }).models.map((model) => model.id));

describe("scanCanonicalIds", () => {
  it.each([join(CORPORA, "upstream"), join(CORPORA, "models-dev"), REPO_ROOT])("reads the same ids as a parser in %s/canonical.yaml", (root) => {
    const text = readFileSync(join(root, "canonical.yaml"), "utf8");
    expect(scanCanonicalIds(text)).toEqual(parsedIds(text));
  });

  it("accepts the layouts registries write", () => {
    const text = [
      "# comment",
      "models:",
      "# between",
      "- id: a/one # trailing",
      "  name: One",
      "  input_modalities:",
      "  - text",
      "- name: Two",
      '  id: "b/two"',
      "-",
      "  id: 'c/three'",
      "  description: >",
      "    id: not/this-one",
      "",
    ].join("\n");
    expect(scanCanonicalIds(text)).toEqual(new Set(["a/one", "b/two", "c/three"]));
    expect(scanCanonicalIds(text)).toEqual(parsedIds(text));
  });

  it.each([
    ["flow style", "models: [{id: a/one}]\n"],
    ["a second top-level key", "models:\n  - id: a/one\nextra: 1\n"],
    ["an item without id", "models:\n  - id: a/one\n  - name: Two\n"],
    ["a duplicate id", "models:\n  - id: a/one\n  - id: a/one\n"],
    ["two ids in one item", "models:\n  - id: a/one\n    id: a/two\n"],
    ["an anchor", "models:\n  - id: &x a/one\n"],
    ["an escaped quote", 'models:\n  - id: "a/one\\u0041"\n'],
    ["a quoted key", 'models:\n  - "id": a/one\n'],
    ["a merge key", "models:\n  - <<: {id: a/one}\n"],
    ["odd indentation", "models:\n  - id: a/one\n   name: x\n"],
    ["tabs", "models:\n\t- id: a/one\n"],
    ["a document marker", "---\nmodels:\n  - id: a/one\n"],
    ["a byte-order mark", "\ufeffmodels:\n  - id: a/one\n"],
    ["no models", "models: []\n"],
  ])("gives no answer for %s", (_what, text) => {
    expect(scanCanonicalIds(text)).toBeUndefined();
  });
});
