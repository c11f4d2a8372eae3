/**
 * The text-preserving editor on every real provider file: an append adds
 * lines only, a removal deletes that entry's lines only, a price change
 * changes one line; the data is exactly what the edit meant; and files
 * written in other indentation styles get new content in their own style.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Document, parse } from "yaml";
import { keysAt } from "../../scripts/lib/rules/schema.ts";
import { providerSchema } from "../../scripts/lib/schema.ts";
import { YamlText, type Plain } from "../../scripts/lib/yaml/edit/index.ts";
import { CORPORA, REPO_ROOT } from "../helpers.ts";

const order = (path: Array<string | number>) => keysAt(providerSchema, path, undefined);

function providerFiles(dir: string): Array<[string, string]> {
  return readdirSync(join(dir, "providers"))
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => [`${dir.slice(dir.lastIndexOf("/") + 1)}/${name}`, readFileSync(join(dir, "providers", name), "utf8")]);
}

const FILES = [
  ...providerFiles(join(CORPORA, "upstream")),
  ...providerFiles(REPO_ROOT),
  ...providerFiles(join(CORPORA, "models-dev")).filter((_, i) => i % 10 === 0),
];

/** The one contiguous change between two texts, by lines (edits here are always contiguous). */
function lineChange(before: string, after: string): { deleted: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { deleted: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

const NEW_ENTRY: { [key: string]: Plain } = {
  id: "acme/widget-1",
  provider_model_id: "widget-1",
  pricing: { input_tokens: { no_cache: 0.27, cache_read: 0.054 }, output_tokens: { text: 0.41 } },
  capabilities: ["tools", "reasoning"],
};

describe.each(FILES)("%s", (_name, text) => {
  const data = parse(text) as { models?: Array<{ [key: string]: Plain }> };
  const models = data.models ?? [];

  it("append a model: lines are only added, data is the old data plus the entry", () => {
    const yaml = new YamlText(text, order);
    yaml.appendItem(["models"], NEW_ENTRY);
    const change = lineChange(text, yaml.text);
    if (models.length > 0) expect(change.deleted).toEqual([]);
    expect(parse(yaml.text)).toEqual({ ...data, models: [...models, NEW_ENTRY] });
  });

  it.each(models.map((model, i) => [i, model.id] as const))("remove model %i (%s): only its lines go", (index) => {
    const yaml = new YamlText(text, order);
    yaml.removeItem(["models"], index);
    const expected = models.filter((_, i) => i !== index);
    expect(parse(yaml.text)).toEqual({ ...data, models: expected });
    if (models.length > 1) {
      const change = lineChange(text, yaml.text);
      expect(change.added).toEqual([]);
      // Comments above the entry stay (they may introduce a group of entries).
      expect(change.deleted[0]).toMatch(/^\s*- /);
    }
  });

  // One edit per model of every corpus file: the largest (models-dev/vercel.yaml, ~300 models) takes tens of
  // seconds on a loaded 2-core machine. The assertions are about the text, not the time (the bench times edits).
  it("change every model's output price: one line each when the price exists, added lines otherwise", { timeout: 240_000 }, () => {
    for (const [index, model] of models.entries()) {
      const yaml = new YamlText(text, order);
      const had = (model.pricing as { output_tokens?: { text?: number } } | undefined)?.output_tokens?.text !== undefined;
      expect(yaml.setIn(["models", index, "pricing", "output_tokens", "text"], 123.5)).toBe(true);
      const change = lineChange(text, yaml.text);
      if (had) {
        expect(change.deleted).toHaveLength(1);
        expect(change.added).toEqual([change.deleted[0]!.replace(/text: [^\s#]+/, "text: 123.5")]);
      } else {
        expect(change.deleted).toEqual([]);
      }
      const after = parse(yaml.text) as typeof data;
      expect((after.models![index]!.pricing as { output_tokens: { text: number } }).output_tokens.text).toBe(123.5);
      expect(after.models!.filter((_, i) => i !== index)).toEqual(models.filter((_, i) => i !== index));
    }
  });
});

describe("files in other indentation styles get new content in their own style", () => {
  const source = parse(readFileSync(join(CORPORA, "upstream/providers/redpill.yaml"), "utf8")) as { models: Array<{ [key: string]: Plain }> };
  const styles = [
    { indent: 2, indentSeq: true },
    { indent: 4, indentSeq: true },
    { indent: 2, indentSeq: false },
    { indent: 4, indentSeq: false },
  ];
  const render = (value: unknown, style: (typeof styles)[number]) => new Document(value).toString({ ...style, lineWidth: 0 });
  // Same key order as the file's own entries.
  const entry = { id: "acme/widget-1", provider_model_id: "widget-1", pricing: { input_tokens: { no_cache: 1 } }, capabilities: ["tools"] };

  it.each(styles)("indent $indent, indented sequences $indentSeq", (style) => {
    const text = render(source, style);
    const yaml = new YamlText(text, order);
    yaml.appendItem(["models"], entry);
    expect(yaml.text).toBe(render({ ...source, models: [...source.models, entry] }, style));

    const removed = new YamlText(text, order);
    removed.removeItem(["models"], 0);
    expect(removed.text).toBe(render({ ...source, models: source.models.slice(1) }, style));

    const added = new YamlText(text, order);
    added.setIn(["models", 1, "pricing", "output_tokens", "text"], 15);
    const models = structuredClone(source.models);
    (models[1]!.pricing as Record<string, unknown>).output_tokens = { text: 15 };
    expect(added.text).toBe(render({ ...source, models }, style));
  });

  it("keeps CRLF line endings", () => {
    const text = render(source, styles[0]!).replace(/\n/g, "\r\n");
    const yaml = new YamlText(text, order);
    yaml.appendItem(["models"], entry);
    expect(yaml.text).toBe(render({ ...source, models: [...source.models, entry] }, styles[0]!).replace(/\n/g, "\r\n"));
  });

  it("keeps a byte-order mark and a missing final newline", () => {
    const text = `\ufeff${render(source, styles[0]!).replace(/\n$/, "")}`;
    const yaml = new YamlText(text, order);
    yaml.setIn(["contact"], "ops@example.com");
    yaml.appendItem(["models"], entry);
    expect(yaml.text.startsWith("\ufeffname: redpill\n")).toBe(true);
    expect(yaml.text.endsWith("\n")).toBe(false);
    expect(parse(yaml.text.slice(1))).toEqual({ ...source, contact: "ops@example.com", models: [...source.models, entry] });
  });
});

describe("style of new nodes", () => {
  it("follows a flow-style sibling (claude-code writes capabilities as [a, b])", () => {
    const text = readFileSync(join(CORPORA, "upstream/providers/claude-code.yaml"), "utf8");
    const yaml = new YamlText(text, order);
    yaml.appendItem(["models"], { id: "anthropic/claude-x", provider_model_id: "claude-x", capabilities: ["tools", "reasoning"] });
    expect(lineChange(text, yaml.text).added).toEqual([
      "  - id: anthropic/claude-x",
      "    provider_model_id: claude-x",
      "    capabilities: [tools, reasoning]",
    ]);
  });

  it("turns an empty `models: []` into a block list, changing only that line", () => {
    const text = "# header\nname: acme\nstatus: active\napi_base: https://api.acme.example\nmodels: []\n# trailer\n";
    const yaml = new YamlText(text, order);
    yaml.appendItem(["models"], { id: "acme/widget-1", provider_model_id: "widget-1" });
    expect(yaml.text).toBe(
      "# header\nname: acme\nstatus: active\napi_base: https://api.acme.example\nmodels:\n  - id: acme/widget-1\n    provider_model_id: widget-1\n# trailer\n",
    );
  });

  it("quotes new pattern keys and places new top-level keys after their schema predecessor", () => {
    const text = "name: acme # the id\nstatus: active\napi_base: https://api.acme.example\nmodels: []\n";
    const yaml = new YamlText(text, order);
    yaml.setIn(["api_protocol"], [{ "claude-*": "anthropic" }]);
    yaml.setIn(["display_name"], "Acme");
    expect(yaml.text).toBe(
      'name: acme # the id\ndisplay_name: Acme\nstatus: active\napi_base: https://api.acme.example\napi_protocol:\n  - "claude-*": anthropic\nmodels: []\n',
    );
  });

  it("keeps a value's trailing comment and quoting when it changes", () => {
    const text = 'name: acme\nstatus: "staging" # until launch\napi_base: https://api.acme.example\nmodels: []\n';
    const yaml = new YamlText(text, order);
    yaml.setIn(["status"], "active");
    expect(yaml.text).toBe('name: acme\nstatus: "active" # until launch\napi_base: https://api.acme.example\nmodels: []\n');
  });

  it("refuses to write an empty mapping", () => {
    const yaml = new YamlText("name: acme\nmodels: []\n", order);
    expect(() => yaml.appendItem(["models"], { id: "a/b", provider_model_id: "b", pricing: { output_tokens: {} } })).toThrow(/empty mapping/);
  });
});
